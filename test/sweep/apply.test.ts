/**
 * Applying: a refused batch is isolated with single deletes, a 429 storm ends cleanly
 * with a partial report, backups go to `--backup-dir`, and a saved plan binds `--apply`.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FaultWorld } from '../../src/sim/world.js';
import { classesOf, explain, withSweepWorld } from './harness.js';
import {
  dnsManifest,
  ids,
  rec,
  SECRETS,
  SMALL,
  SMALL_ORPHANS,
  TOKEN_ENV,
  uuid,
  world,
} from './world.js';

const SWEEP = ['sweep', 'dns-orphans', '--apply', '--json'];
const options = { env: TOKEN_ENV, files: SECRETS };
/** Bulk worlds are all orphans: limits that allow that. */
const ALL = dnsManifest({ limits: '{ maxDeletes: 100, maxFraction: 1 }' });

/** Orphans ws-100 … ws-(100+n-1), a year old. */
function orphans(count: number) {
  return Array.from({ length: count }, (_unused, index) =>
    rec(`bulk ${index}`, { name: `ws-${100 + index}.example.com` }, '365d'),
  );
}

/** Faults on the real batch only: the preflight's probe has no `deletes`. */
function onBatch(fault: Omit<FaultWorld, 'vendor' | 'method' | 'path'>): FaultWorld {
  return {
    vendor: 'cloudflare',
    method: 'POST',
    path: '/zones/{id}/dns_records/batch',
    bodyContains: 'deletes',
    ...fault,
  };
}

test('a refused batch falls back to single deletes, which isolate the bad record', async () => {
  const bulk = orphans(6);
  const bad = bulk[2]?.id ?? '';
  const faults: FaultWorld[] = [
    onBatch({ status: 400, body: { success: false, errors: [{ code: 1004, message: 'no' }] } }),
    {
      vendor: 'cloudflare',
      method: 'DELETE',
      path: `/zones/{id}/dns_records/${bad}`,
      status: 400,
      body: { success: false, errors: [{ code: 1004, message: 'DNS Validation Error' }] },
    },
  ];
  await withSweepWorld(world({ records: bulk, faults }), ALL, options, async (w) => {
    const run = await w.run(SWEEP);
    assert.equal(run.exit, 1, explain(run));
    assert.deepEqual([...ids(w.records())], [bad]);
    const failed = run.json?.findings.filter((item) => item.class === 'delete-failed') ?? [];
    assert.equal(failed.length, 1, explain(run));
    const isolated = new RegExp(`1 record\\(s\\) could not be deleted.*${bad}`);
    assert.match(failed[0]?.message ?? '', isolated);
    assert.equal(run.json?.counts.deleted, 5);
    assert.equal(w.count('DELETE /zones/{id}/dns_records/{id}'), 6);
  });
});

test('a record already gone when the batch runs counts as done', async () => {
  const bulk = orphans(4);
  const vanishing = bulk[1]?.id ?? '';
  const faults = [onBatch({ deleteRecords: [vanishing], times: 1 })];
  await withSweepWorld(world({ records: bulk, faults }), ALL, options, async (w) => {
    const run = await w.run(SWEEP);
    assert.equal(run.exit, 0, explain(run));
    assert.equal(w.records().length, 0);
    assert.equal(run.json?.counts.deleted, 4);
  });
});

test('a 429 storm stops cleanly: what was done is reported, the rest is left', async () => {
  const bulk = orphans(12);
  // The second batch meets a storm far longer than the wait budget.
  const faults = [
    onBatch({
      nth: 2,
      status: 429,
      blockAll: 60,
      body: { success: false, errors: [{ code: 971, message: 'Please wait' }] },
    }),
  ];
  const manifest = dnsManifest({
    limits: '{ maxDeletes: 100, maxFraction: 1 }',
    extra: ['batchSize: 5'],
  });
  await withSweepWorld(world({ records: bulk, faults }), manifest, options, async (w) => {
    const run = await w.run(SWEEP, { TEND_HTTP_WAIT_BUDGET_MS: '200' });
    assert.equal(run.exit, 1, explain(run));
    assert.equal(run.json?.counts.deleted, 5);
    assert.equal(w.records().length, 7);
    const stop = run.json?.findings.find((item) => /stopped early/.test(item.message));
    assert.ok(stop, explain(run));
    assert.match(stop.message, /5 record\(s\) are gone, 7 were not deleted/);
    assert.match(stop.message, /429/);
  });
});

test('--backup-dir gets the records as JSON and the zone as BIND, before deletion', async () => {
  await withSweepWorld(world(), dnsManifest(), options, async (w) => {
    const run = await w.run([...SWEEP, '--backup-dir', 'backups']);
    assert.equal(run.exit, 0, explain(run));
    const stem = join(w.dir, 'backups', `dns-orphans-${run.json?.runId ?? ''}`);
    const saved = JSON.parse(readFileSync(`${stem}.json`, 'utf8')) as { id: string }[];
    assert.deepEqual(new Set(saved.map((item) => item.id)), new Set(SMALL_ORPHANS));
    const zoneFile = readFileSync(`${stem}.zone`, 'utf8');
    // The export was taken before the deletions: it still holds the orphans.
    assert.match(zoneFile, /^ws-1\.example\.com\.\t1\tIN\tA\t192\.0\.2\.10/m);
    assert.equal(statSync(`${stem}.json`).mode & 0o777, 0o600);
  });
});

test('--save-plan then --apply --plan deletes exactly the saved plan', async () => {
  await withSweepWorld(world(), dnsManifest(), options, async (w) => {
    const saved = await w.run(['sweep', 'dns-orphans', '--save-plan', 'plan.json', '--json']);
    assert.equal(saved.exit, 0, explain(saved));
    const file = join(w.dir, 'plan.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const plan = JSON.parse(readFileSync(file, 'utf8')) as { items: { id: string }[] };
    assert.match((plan as unknown as { checksum: string }).checksum, /^[0-9a-f]{64}$/);
    assert.deepEqual(new Set(plan.items.map((item) => item.id)), new Set(SMALL_ORPHANS));
    assert.equal(w.records().length, Object.keys(SMALL).length, 'saving deletes nothing');
    const applied = await w.run([...SWEEP, '--plan', 'plan.json']);
    assert.equal(applied.exit, 0, explain(applied));
    const left = ids(w.records());
    for (const id of SMALL_ORPHANS) assert.ok(!left.has(id));
    assert.equal(left.size, Object.keys(SMALL).length - SMALL_ORPHANS.length);
  });
});

test('--apply --plan refuses with plan-changed when the plan no longer holds', async () => {
  await withSweepWorld(world(), dnsManifest(), options, async (w) => {
    await w.run(['sweep', 'dns-orphans', '--save-plan', 'plan.json']);
    // The live set is the same, but ws-1 is now kept: the plan made now differs.
    w.writeManifest(dnsManifest({ keep: ['ws-demo.example.com', 'ws-1.example.com'] }));
    const before = w.records();
    const run = await w.run([...SWEEP, '--plan', 'plan.json']);
    assert.equal(run.exit, 1, explain(run));
    assert.ok(classesOf(run).includes('plan-changed'), explain(run));
    assert.deepEqual(w.records(), before);
  });
});

test('a saved plan whose items were edited is refused as altered', async () => {
  await withSweepWorld(world(), dnsManifest(), options, async (w) => {
    await w.run(['sweep', 'dns-orphans', '--save-plan', 'plan.json']);
    const file = join(w.dir, 'plan.json');
    const plan = JSON.parse(readFileSync(file, 'utf8')) as { items: { id: string }[] };
    plan.items.push({ id: SMALL.live.id });
    writeFileSync(file, JSON.stringify(plan));
    const run = await w.run([...SWEEP, '--plan', 'plan.json']);
    assert.equal(run.exit, 2);
    assert.match(run.stderr, /altered/);
    assert.equal(w.records().length, Object.keys(SMALL).length);
  });
});

test('tunnelTargets: an owned CNAME to a deleted tunnel is an orphan, even if live', async () => {
  const goneTunnel = uuid('gone');
  const liveTunnel = uuid('live');
  const cname = (name: string, id: string) => ({
    name,
    type: 'CNAME',
    content: `${id}.cfargotunnel.com`,
  });
  const records = [
    rec('to gone', cname('ws-2.example.com', goneTunnel)),
    rec('to live', cname('ws-7.example.com', liveTunnel)),
    rec('unowned to gone', {
      name: 'app.example.com',
      type: 'CNAME',
      content: `${goneTunnel}.cfargotunnel.com`,
    }),
  ];
  const tunnels = [
    { id: goneTunnel, account: '', name: 'ws-2', deleted_at: '${NOW-1d}', connections: 0 },
    { id: liveTunnel, account: '', name: 'ws-7', connections: 1 },
  ];
  const base = world({ records, live: ['2', '7'] });
  const cloudflare = base.cloudflare ?? {};
  const account = cloudflare.accounts?.[0]?.id ?? '';
  cloudflare.tunnels = tunnels.map((tunnel) => ({ ...tunnel, account }));
  cloudflare.tokens = [
    {
      ...(cloudflare.tokens?.[0] ?? { value: '', id: '', owner: 'user' }),
      accounts: { [account]: ['tunnel:read'] },
    },
  ];
  const manifest = dnsManifest({ extra: ['tunnelTargets: true'] });
  await withSweepWorld(base, manifest, options, async (w) => {
    const run = await w.run(SWEEP);
    assert.equal(run.exit, 0, explain(run));
    assert.deepEqual([...ids(w.records())].sort(), [records[1]?.id, records[2]?.id].sort());
    assert.equal(w.count('GET /accounts/{id}/cfd_tunnel'), 1);
  });
});

test('a backup that cannot be written stops the sweep before any deletion', async () => {
  await withSweepWorld(world(), dnsManifest(), options, async (w) => {
    writeFileSync(join(w.dir, 'not-a-dir'), 'a file where the backup folder should be');
    const run = await w.run([...SWEEP, '--backup-dir', 'not-a-dir/backups']);
    assert.equal(run.exit, 1, explain(run));
    const failed = run.json?.findings.find((item) => item.class === 'delete-failed');
    assert.match(failed?.message ?? '', /backup before deletion failed, so nothing was deleted/);
    assert.equal(w.records().length, Object.keys(SMALL).length);
    assert.equal(w.count('POST /zones/{id}/dns_records/batch'), 1, 'only the preflight probe');
  });
});
