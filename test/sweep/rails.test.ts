/**
 * The safety rails of issue 4, each on its own: a refused or broken precondition ends
 * the run with a clear finding, exit 1, and nothing deleted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classesOf, explain, withSweepWorld, type SweepRun } from './harness.js';
import {
  ACCOUNT,
  dnsManifest,
  dnsToken,
  hex,
  ids,
  SECRETS,
  SMALL,
  SMALL_ORPHANS,
  TOKEN,
  TOKEN_ENV,
  world,
} from './world.js';

const SWEEP = ['sweep', 'dns-orphans', '--apply', '--json'];
const LISTING = 'GET /zones/{id}/dns_records';
const WRITES = ['POST /zones/{id}/dns_records/batch', 'DELETE /zones/{id}/dns_records/{id}'];
const options = { env: TOKEN_ENV, files: SECRETS };

function expectRefusal(run: SweepRun, cls: string): void {
  assert.equal(run.exit, 1, explain(run));
  assert.ok(classesOf(run).includes(cls), `expected ${cls}\n${explain(run)}`);
  assert.equal(run.json?.counts.deleted ?? 0, 0);
}

test('a revoked token stops the sweep before listing: token-invalid', async () => {
  const revoked = world({ tokens: [] });
  await withSweepWorld(revoked, dnsManifest(), options, async (w) => {
    const before = w.records();
    const run = await w.run(SWEEP);
    expectRefusal(run, 'token-invalid');
    assert.deepEqual(w.records(), before);
    assert.equal(w.count(LISTING), 0);
  });
});

test('an account token where the manifest says user: token-wrong-owner', async () => {
  const value = `cfat_${hex('account token').slice(0, 40)}`;
  const accountToken = dnsToken(undefined, { value, owner: { account: ACCOUNT } });
  await withSweepWorld(world({ tokens: [accountToken] }), dnsManifest(), options, async (w) => {
    const run = await w.run(SWEEP, { CF_API_TOKEN: value });
    expectRefusal(run, 'token-wrong-owner');
    assert.equal(w.count(LISTING), 0);
    assert.equal(w.records().length, Object.keys(SMALL).length);
  });
});

test('a token without DNS edit: permission-missing before any listing or delete', async () => {
  const readOnly = world({ tokens: [dnsToken(['zone:read', 'dns:read'])] });
  await withSweepWorld(readOnly, dnsManifest(), options, async (w) => {
    const run = await w.run(SWEEP);
    expectRefusal(run, 'permission-missing');
    assert.match(run.json?.findings[0]?.message ?? '', /dns:edit/);
    assert.equal(w.count(LISTING), 0);
    assert.equal(w.count('DELETE /zones/{id}/dns_records/{id}'), 0);
  });
});

test('a listing refused for DNS Read: permission-missing dns:read, nothing deleted', async () => {
  // The preflight leaves dns:read to the listing; a 403 10000 there is the missing right.
  const refused = world({
    faults: [
      {
        vendor: 'cloudflare',
        method: 'GET',
        path: '/zones/{id}/dns_records',
        status: 403,
        body: { success: false, errors: [{ code: 10000, message: 'Authentication error' }] },
      },
    ],
  });
  await withSweepWorld(refused, dnsManifest(), options, async (w) => {
    const run = await w.run(SWEEP);
    expectRefusal(run, 'permission-missing');
    assert.match(run.json?.findings[0]?.message ?? '', /dns:read/);
    assert.equal(w.count(LISTING), 1);
    assert.equal(w.records().length, Object.keys(SMALL).length);
  });
});

test('the live set URL answering 500: live-set-unavailable, nothing deleted', async () => {
  await withSweepWorld(world({ liveStatus: 500, live: [] }), dnsManifest(), options, async (w) => {
    const run = await w.run(SWEEP);
    expectRefusal(run, 'live-set-unavailable');
    assert.equal(w.records().length, Object.keys(SMALL).length);
    for (const key of WRITES.slice(1)) assert.equal(w.count(key), 0);
  });
});

test('an empty live set is not "everything is orphaned": live-set-too-small', async () => {
  await withSweepWorld(world({ live: [] }), dnsManifest(), options, async (w) => {
    const run = await w.run(SWEEP);
    expectRefusal(run, 'live-set-too-small');
    assert.equal(w.records().length, Object.keys(SMALL).length);
  });
});

test('a live set that is not a JSON array of ids: live-set-unavailable', async () => {
  const odd = world({ live: { workspaces: ['2'] } });
  await withSweepWorld(odd, dnsManifest(), options, async (w) => {
    expectRefusal(await w.run(SWEEP), 'live-set-unavailable');
  });
});

test('a listing truncated at page 2: listing-incomplete, nothing deleted', async () => {
  const truncated = world({
    zone: { maxPerPage: 4 },
    faults: [
      {
        vendor: 'cloudflare',
        method: 'GET',
        path: '/zones/{id}/dns_records',
        query: { page: '2' },
        status: 200,
        body: {
          success: true,
          errors: [],
          messages: [],
          result: [],
          result_info: { page: 2, per_page: 4, count: 0, total_count: 10, total_pages: 3 },
        },
      },
    ],
  });
  await withSweepWorld(truncated, dnsManifest(), options, async (w) => {
    const run = await w.run(SWEEP);
    expectRefusal(run, 'listing-incomplete');
    assert.equal(w.records().length, Object.keys(SMALL).length);
    assert.equal(w.count('POST /zones/{id}/dns_records/batch'), 1, 'only the preflight probe');
  });
});

test('a listing failing at page 2 with 5xx: listing-incomplete, nothing deleted', async () => {
  const failing = world({
    zone: { maxPerPage: 4 },
    faults: [
      {
        vendor: 'cloudflare',
        method: 'GET',
        path: '/zones/{id}/dns_records',
        query: { page: '2' },
        status: 502,
        body: { success: false, errors: [{ code: 10000, message: 'bad gateway' }] },
      },
    ],
  });
  await withSweepWorld(failing, dnsManifest(), options, async (w) => {
    expectRefusal(await w.run(SWEEP), 'listing-incomplete');
    assert.equal(w.records().length, Object.keys(SMALL).length);
  });
});

test('a complete paged listing (page size 4) still sweeps exactly the orphans', async () => {
  await withSweepWorld(world({ zone: { maxPerPage: 4 } }), dnsManifest(), options, async (w) => {
    const run = await w.run(SWEEP);
    assert.equal(run.exit, 0, explain(run));
    assert.equal(w.count('GET /zones/{id}/dns_records'), 3);
    const left = ids(w.records());
    for (const id of SMALL_ORPHANS) assert.ok(!left.has(id));
    assert.equal(left.size, Object.keys(SMALL).length - SMALL_ORPHANS.length);
  });
});

test('records another product manages and records no rule owns are never deleted', async () => {
  // Every owner is gone (the live set names someone else) and the limits allow anything.
  const everyoneGone = world({ live: ['999'] });
  const manifest = dnsManifest({ keep: [], limits: '{ maxDeletes: 1000, maxFraction: 1 }' });
  await withSweepWorld(everyoneGone, manifest, options, async (w) => {
    const run = await w.run(SWEEP);
    assert.equal(run.exit, 0, explain(run));
    const left = ids(w.records());
    for (const record of [SMALL.managed, SMALL.unownedName, SMALL.unownedType, SMALL.unownedMx]) {
      assert.ok(left.has(record.id), `${record.name} ${record.type} must stay`);
    }
    assert.ok(left.has(SMALL.young.id), 'younger than the grace');
    assert.ok(!left.has(SMALL.kept.id), 'keep was emptied, so ws-demo is an orphan');
    assert.ok(!left.has(SMALL.live.id));
  });
});

test('the credential comes from the source when the job environment lacks it', async () => {
  await withSweepWorld(world(), dnsManifest(), { files: SECRETS }, async (w) => {
    const run = await w.run(['sweep', 'dns-orphans', '--json']);
    assert.equal(run.exit, 0, explain(run));
    assert.match(run.stderr, /using CF_API_TOKEN from the source local/);
    assert.ok(!run.stdout.includes(TOKEN) && !run.stderr.includes(TOKEN));
  });
});

test('the environment wins over the source, and says so', async () => {
  await withSweepWorld(world(), dnsManifest(), options, async (w) => {
    const run = await w.run(['sweep', 'dns-orphans', '--json']);
    assert.equal(run.exit, 0, explain(run));
    assert.match(run.stderr, /using CF_API_TOKEN from the environment/);
  });
});

test('no credential anywhere: missing-in-source and unverified, exit 1', async () => {
  await withSweepWorld(world(), dnsManifest(), { files: { 'secrets.env': '' } }, async (w) => {
    const run = await w.run(SWEEP);
    expectRefusal(run, 'missing-in-source');
    assert.ok(classesOf(run).includes('unverified'));
    assert.equal(w.count('GET /user/tokens/verify'), 0);
  });
});

test('--format github: a refused preflight is an error annotation', async () => {
  await withSweepWorld(world({ tokens: [] }), dnsManifest(), options, async (w) => {
    const summary = `${w.dir}/summary.md`;
    const run = await w.run(['sweep', 'dns-orphans', '--apply', '--format', 'github'], {
      GITHUB_STEP_SUMMARY: summary,
    });
    assert.equal(run.exit, 1);
    assert.match(run.stdout, /^::error title=tend token-invalid%3A CF_API_TOKEN/m);
    const { readFileSync } = await import('node:fs');
    assert.match(readFileSync(summary, 'utf8'), /tend sweep dns-orphans: stopped at the/);
  });
});

test('a failing sweep names its streak after failingStreak runs', async () => {
  await withSweepWorld(world({ tokens: [] }), dnsManifest(), options, async (w) => {
    for (let run = 0; run < 2; run += 1) await w.run(SWEEP);
    const third = await w.run(['sweep', 'dns-orphans', '--apply']);
    assert.equal(third.exit, 1);
    assert.match(third.stdout, /failing for 3 runs/);
    assert.match(third.stdout, /failing-streak/);
  });
});

test('an unknown sweep name is a usage error naming the sweeps there are', async () => {
  await withSweepWorld(world(), dnsManifest(), options, async (w) => {
    const run = await w.run(['sweep', 'nope']);
    assert.equal(run.exit, 2);
    assert.match(run.stderr, /dns-orphans/);
  });
});
