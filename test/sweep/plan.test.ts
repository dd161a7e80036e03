/**
 * The pure parts of a sweep: ownership rules, the orphan plan and its rails, the limits,
 * the tunnel plan, the saved-plan checksum and the quota thresholds.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { OwnsRule } from '../../src/core/manifest/schema.js';
import { limitExcesses, limitFinding } from '../../src/sweep/limits.js';
import {
  isManagedElsewhere,
  planDnsSweep,
  tunnelTarget,
  type ZoneRecord,
} from '../../src/sweep/plan.js';
import { quotaFinding } from '../../src/sweep/quota.js';
import { OwnershipRules } from '../../src/sweep/rules.js';
import { comparePlans, loadPlan, savePlan } from '../../src/sweep/saved-plan.js';
import { planTunnelSweep } from '../../src/sweep/tunnel-plan.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const OWNS: OwnsRule[] = [
  { name: 'ws-{owner}.example.com', types: ['A', 'CNAME'] },
  { comment: 'tend owner={owner}' },
];

function record(id: string, fields: Partial<ZoneRecord> & { name: string }): ZoneRecord {
  return {
    id,
    type: 'A',
    created_on: new Date(NOW.getTime() - 10 * DAY).toISOString(),
    ...fields,
  };
}

test('a name rule: {owner} is one label, case and a trailing dot do not matter', () => {
  const rules = new OwnershipRules(OWNS);
  assert.equal(rules.match({ name: 'WS-17.Example.COM.', type: 'a' })?.owner, '17');
  assert.equal(rules.match({ name: 'ws-a.b.example.com', type: 'A' }), undefined);
  assert.equal(rules.match({ name: 'ws-17.example.com', type: 'TXT' }), undefined);
  assert.equal(rules.match({ name: 'ws-.example.com', type: 'A' }), undefined);
  assert.equal(rules.match({ name: 'xws-17.example.com', type: 'A' }), undefined);
});

test('a comment rule: the text anywhere in the comment, {owner} a run without spaces', () => {
  const rules = new OwnershipRules(OWNS);
  const comment = 'made by tend owner=ab-9 ok';
  const owned = rules.match({ name: 'x.example.com', type: 'TXT', comment });
  assert.deepEqual(owned, { owner: 'ab-9', rule: 'comment "tend owner={owner}"' });
  assert.equal(rules.match({ name: 'x.example.com', comment: 'tend owner= 9' }), undefined);
  assert.equal(rules.match({ name: 'x.example.com', comment: null }), undefined);
});

test('the plan: only owned, not live, older than grace, not kept, not managed', () => {
  const records = [
    record('orphan', { name: 'ws-1.example.com' }),
    record('live', { name: 'ws-2.example.com' }),
    record('young', { name: 'ws-3.example.com', created_on: NOW.toISOString() }),
    record('keep', { name: 'ws-demo.example.com' }),
    record('managed', { name: 'ws-4.example.com', meta: { auto_added: true } }),
    record('no age', { name: 'ws-5.example.com', created_on: undefined }),
    record('unowned', { name: 'www.example.com' }),
    record('comment', { name: 'a.example.com', type: 'TXT', comment: 'tend owner=9' }),
  ];
  const plan = planDnsSweep({
    records,
    live: new Set(['2', '3']),
    owns: OWNS,
    keep: ['WS-DEMO.example.com.'],
    graceMs: 2 * 3_600_000,
    now: NOW,
  });
  assert.deepEqual(
    plan.orphans.map((item) => item.id),
    ['orphan', 'comment'],
  );
  assert.equal(plan.owned, 7);
  assert.equal(plan.records, 8);
  const reasons = Object.fromEntries(plan.protected.map((item) => [item.id, item.reason]));
  assert.deepEqual(reasons, {
    live: 'live',
    young: 'live',
    keep: 'keep',
    managed: 'managed',
    'no age': 'age-unknown',
  });
});

test('managed records: any meta flag but source: primary protects', () => {
  assert.equal(isManagedElsewhere({ meta: {} }), false);
  assert.equal(isManagedElsewhere({ meta: { source: 'primary', auto_added: false } }), false);
  assert.equal(isManagedElsewhere({ meta: { managed_by_apps: true } }), true);
  assert.equal(isManagedElsewhere({ meta: { source: 'secondary' } }), true);
});

test('tunnelTargets: a live owner’s CNAME to a gone tunnel is an orphan', () => {
  const gone = '11111111-2222-4333-8444-555555555555';
  const alive = '66666666-7777-4888-8999-000000000000';
  assert.equal(tunnelTarget({ type: 'CNAME', content: `${gone}.cfargotunnel.com.` }), gone);
  assert.equal(tunnelTarget({ type: 'A', content: `${gone}.cfargotunnel.com` }), undefined);
  const cname = (name: string, id: string) => ({
    name,
    type: 'CNAME',
    content: `${id}.cfargotunnel.com`,
  });
  const records = [
    record('to gone', cname('ws-2.example.com', gone)),
    record('to alive', cname('ws-3.example.com', alive)),
  ];
  const input = { records, live: new Set(['2', '3']), owns: OWNS, keep: [], graceMs: 0, now: NOW };
  assert.equal(planDnsSweep(input).orphans.length, 0, 'without tunnelTargets both are live');
  const plan = planDnsSweep({ ...input, liveTunnels: new Set([alive]) });
  assert.deepEqual(
    plan.orphans.map((item) => item.id),
    ['to gone'],
  );
  assert.match(plan.orphans[0]?.rule ?? '', /tunnel .* gone/);
});

test('limits name the limit and the excess; --force and room leave no finding', () => {
  const limits = { maxDeletes: 25, maxFraction: 0.1 };
  assert.deepEqual(limitExcesses(93, 150, limits), [
    '93 deletions exceed maxDeletes 25 by 68',
    '93 deletions (62% of 150 owned) exceed maxFraction 0.1 (15 deletions) by 78',
  ]);
  assert.deepEqual(limitExcesses(10, 150, limits), []);
  const base = { sweep: 's', store: 'z', deletions: 93, owned: 150, limits };
  assert.equal(limitFinding({ ...base, apply: true, force: true }), undefined);
  assert.equal(limitFinding({ ...base, apply: true, force: false })?.severity, 'error');
  assert.equal(limitFinding({ ...base, apply: false, force: false })?.severity, 'warning');
});

test('quota: near from 80%, full from 95%, nothing below or without a limit', () => {
  const at = (used: number, limit: number | null) =>
    quotaFinding({ zone: 'example.com', used, limit, when: 'now' })?.class;
  assert.equal(at(159, 200), undefined);
  assert.equal(at(160, 200), 'zone-quota-near');
  assert.equal(at(189, 200), 'zone-quota-near');
  assert.equal(at(190, 200), 'zone-quota-full');
  assert.equal(at(200, 200), 'zone-quota-full');
  assert.equal(at(5000, null), undefined);
});

test('the tunnel plan: name rules whatever their types; references and connections kept', () => {
  const tunnel = (id: string, name: string, days: number, connections = 0) => ({
    id,
    name,
    created_at: new Date(NOW.getTime() - days * DAY).toISOString(),
    connections: Array.from({ length: connections }, () => ({})),
  });
  const plan = planTunnelSweep({
    tunnels: [
      tunnel('a', 'ws-1', 5),
      tunnel('b', 'ws-2', 5),
      tunnel('c', 'ws-3', 0),
      tunnel('d', 'ci', 5),
      tunnel('e', 'ws-4', 5, 2),
    ],
    live: new Set(['2']),
    owns: [{ name: 'ws-{owner}.example.com' }, { name: 'ws-{owner}', types: ['A'] }],
    keep: [],
    graceMs: 3_600_000,
    now: NOW,
    references: new Map([['a', ['ws-1.example.com']]]),
  });
  assert.equal(plan.owned, 4);
  assert.deepEqual(
    plan.orphans.map((item) => [item.id, item.connections, item.pointedAtBy]),
    [
      ['a', 0, ['ws-1.example.com']],
      ['e', 2, []],
    ],
  );
});

test('a saved plan: checksum, mode 0600, comparison with the plan made now', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tend-plan-'));
  try {
    const path = join(dir, 'plan.json');
    const line = { id: 'r1', name: 'ws-1.example.com', type: 'A', owner: '1', ageMs: DAY };
    const lines = [{ ...line, rule: 'x', status: 'planned' as const }];
    savePlan(path, { sweep: 's', scope: 'zone1', lines, now: NOW });
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const saved = loadPlan(path, 's');
    assert.match(readFileSync(path, 'utf8'), /"checksum": "[0-9a-f]{64}"/);
    assert.equal(comparePlans({ saved, path, scope: 'zone1', lines, store: 'z' }), undefined);
    const changed = comparePlans({ saved, path, scope: 'zone1', lines: [], store: 'z' });
    assert.equal(changed?.class, 'plan-changed');
    assert.match(changed?.message ?? '', /0 deletion\(s\) are new and 1 are no longer orphans/);
    assert.throws(() => loadPlan(path, 'other'), /plan of sweep s/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a comment rule never deletes a live owner whose id is followed by punctuation', () => {
  const comments = ['tend owner=3, team=core', 'tend owner=4; by provisioner', 'tend owner="6"'];
  const records = [
    ...comments.map((comment, i) => record(`c${i}`, { name: `x${i}.example.com`, comment })),
    record('gone', { name: 'y.example.com', comment: 'tend owner=99, team=core' }),
  ];
  const plan = planDnsSweep({
    records,
    live: new Set(['3', '4', '6']),
    owns: OWNS,
    keep: [],
    graceMs: DAY,
    now: NOW,
  });
  assert.deepEqual(
    plan.orphans.map((orphan) => orphan.id),
    ['gone'],
  );
  assert.deepEqual(
    plan.protected.map((item) => item.reason),
    ['live', 'live', 'live'],
  );
});

test('a record is kept when any owner any rule names for it is live', () => {
  const records = [
    record('semi', { name: 'a.example.com', comment: 'tend owner=11;env=prod' }),
    record('stop', { name: 'c.example.com', comment: 'tend owner=11.' }),
    record('two', { name: 'b.example.com', comment: 'tend owner=21 tend owner=11' }),
    record('both', { name: 'ws-21.example.com', comment: 'tend owner=11' }),
    record('gone', { name: 'ws-21.example.com', comment: 'tend owner=21' }),
  ];
  const plan = planDnsSweep({
    records,
    live: new Set(['11']),
    owns: OWNS,
    keep: [],
    graceMs: DAY,
    now: NOW,
  });
  assert.deepEqual(
    plan.orphans.map((orphan) => orphan.id),
    ['gone'],
  );
});
