/**
 * Issue 4's acceptance on the 200-record zone of the handed case: exactly the 93 right
 * records go with one listing and one batch, the quota goes from 200/200 to 107/200; the
 * default limits refuse naming the limit; `restore` brings the 93 back as they were.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CfRecordWorld, World } from '../../src/sim/world.js';
import { readCase } from '../helpers/cases.js';
import { repoRoot } from '../helpers/paths.js';
import { explain, withSweepWorld, type SweepWorld } from './harness.js';

const CASE = readCase(join(repoRoot(), 'test', 'cases', 'sweep-200-records'));
const ORPHANS = new Set(CASE.expect.deleted ?? []);
const DEFAULT_LIMITS = CASE.manifest.replace(/ {4}limits: .*\n/, '');

/** The case's world, with a few orphans given a comment, a TTL and tags to restore. */
function caseWorld(): World {
  const world = structuredClone(CASE.world);
  const records = world.cloudflare?.zones?.[0]?.records ?? [];
  let marked = 0;
  for (const record of records) {
    if (!ORPHANS.has(record.id) || marked >= 10) continue;
    record.comment = `tenant ${record.name} (billing #${marked})`;
    record.ttl = 300 + marked;
    marked += 1;
  }
  return world;
}

function options() {
  return { env: CASE.env ?? {}, files: CASE.files ?? {} };
}

/** What restore must bring back: type, name, content, TTL, proxied, comment. */
function essence(record: CfRecordWorld): string {
  const { type, name, content, ttl, proxied, comment } = record;
  return JSON.stringify([type, name, content, ttl ?? 1, proxied ?? false, comment ?? null]);
}

async function sweepApplied(w: SweepWorld) {
  const run = await w.run(['sweep', 'dns-orphans', '--apply', '--json']);
  assert.equal(run.exit, 0, explain(run));
  return run;
}

test('200 records: exactly the 93 orphans go, with one listing and one batch', async () => {
  await withSweepWorld(caseWorld(), CASE.manifest, options(), async (w) => {
    const before = w.records();
    const run = await sweepApplied(w);
    const after = new Set(w.records().map((record) => record.id));
    const gone = before.filter((record) => !after.has(record.id)).map((record) => record.id);
    assert.deepEqual(new Set(gone), ORPHANS);
    assert.deepEqual(run.json?.counts, { records: 200, owned: 150, orphans: 93, deleted: 93 });
    assert.deepEqual(run.json?.quota, { used: 200, limit: 200, after: 107 });
    assert.equal(run.json?.applied, true);
    assert.equal(run.json?.plan?.length, 93);
    assert.deepEqual(run.json?.findings, []);
    assert.equal(w.count('GET /zones/{id}/dns_records'), 1, 'one listing request');
    // The preflight's empty probe and the one batch that deletes the 93.
    assert.equal(w.count('POST /zones/{id}/dns_records/batch'), 2);
    assert.equal(w.count('DELETE /zones/{id}/dns_records/{id}'), 0);
  });
});

test('default limits refuse the 93 deletions, naming the limit and the excess', async () => {
  await withSweepWorld(caseWorld(), DEFAULT_LIMITS, options(), async (w) => {
    const before = w.records();
    const run = await w.run(['sweep', 'dns-orphans', '--apply', '--json']);
    assert.equal(run.exit, 1, explain(run));
    const limit = run.json?.findings.find((item) => item.class === 'limit-exceeded');
    assert.ok(limit, explain(run));
    assert.match(limit.message, /93 deletions exceed maxDeletes 25 by 68/);
    assert.match(limit.message, /exceed maxFraction 0\.1 \(15 deletions\) by 78/);
    assert.equal(run.json?.applied, false);
    assert.deepEqual(w.records(), before);
    assert.equal(w.count('POST /zones/{id}/dns_records/batch'), 1, 'only the preflight probe');
    const full = run.json?.findings.find((item) => item.class === 'zone-quota-full');
    assert.ok(full, 'nothing changed, so the zone is still full');
  });
});

test('without --apply the plan is shown, nothing is deleted, the limit is a warning', async () => {
  await withSweepWorld(caseWorld(), DEFAULT_LIMITS, options(), async (w) => {
    const before = w.records();
    const run = await w.run(['sweep', 'dns-orphans']);
    assert.deepEqual(w.records(), before);
    assert.match(run.stdout, /Sweep dns-orphans · zone example\.com · plan only/);
    assert.match(run.stdout, /would delete {2}ws-\d+\.example\.com +A +owner \d+ +age \d+d/);
    assert.match(run.stdout, /records 200 · owned 150 · orphans 93 · deleted 0/);
    assert.match(run.stdout, /live owners 28 · protected 57 \(live 50, young 5, keep 2\)/);
    assert.match(run.stdout, /quota 200\/200 now, 107\/200 if applied/);
    assert.match(run.stdout, /! warning limit-exceeded/);
  });
});

test('--force applies above the default limits', async () => {
  await withSweepWorld(caseWorld(), DEFAULT_LIMITS, options(), async (w) => {
    const run = await w.run(['sweep', 'dns-orphans', '--apply', '--force', '--json']);
    assert.equal(run.exit, 0, explain(run));
    assert.equal(run.json?.counts.deleted, 93);
  });
});

test('restore of that run recreates the 93 with content, TTL, proxied and comment', async () => {
  await withSweepWorld(caseWorld(), CASE.manifest, options(), async (w) => {
    const before = w.records();
    const sweep = await sweepApplied(w);
    const runId = sweep.json?.runId ?? '';
    const restore = await w.run(['restore', runId, '--json']);
    assert.equal(restore.exit, 0, explain(restore));
    const counts = { restored: 93, skipped: 0, failed: 0, unrestorable: 0 };
    assert.deepEqual(restore.json?.counts, counts);
    const now = new Set(w.records().map(essence));
    const missing = before.map(essence).filter((item) => !now.has(item));
    assert.deepEqual(missing, []);
    assert.equal(w.records().length, 200);
    const commented = w.records().filter((record) => record.comment?.startsWith('tenant '));
    assert.equal(commented.length, 10);
  });
});

test('restore skips what exists again and reports it', async () => {
  await withSweepWorld(caseWorld(), CASE.manifest, options(), async (w) => {
    const sweep = await sweepApplied(w);
    const runId = sweep.json?.runId ?? '';
    const first = await w.run(['restore', runId, '--json']);
    assert.equal(first.exit, 0, explain(first));
    const second = await w.run(['restore', runId]);
    assert.equal(second.exit, 0, explain(second));
    assert.match(second.stdout, /restored 0, skipped 93 \(exist again\), failed 0/);
    assert.equal(w.records().length, 200);
  });
});
