/**
 * `tend check` as a user runs it, one finding class at a time, over real loopback HTTP
 * against the simulated vendors.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findingsOf, withScenario } from '../helpers/scenario.js';
import { SECRETS, STANDARD_ENV, STANDARD_MANIFEST, standardWorld } from '../helpers/worlds.js';

const HOST_FILE = { 'host.env': `# host\nCF_API_TOKEN=${SECRETS.goodToken}\n` };

function worldWithGiteaCopy(value = SECRETS.goodToken) {
  const world = standardWorld();
  world.gitea!.repos![0]!.secrets = [
    { name: 'CF_API_TOKEN', value, created_at: '2026-01-01T00:00:00Z' },
  ];
  return world;
}

test('a healthy credential passes: exit 0, only warnings allowed', async () => {
  await withScenario(
    {
      world: worldWithGiteaCopy(),
      manifest: STANDARD_MANIFEST,
      files: HOST_FILE,
      env: STANDARD_ENV,
    },
    async (s) => {
      const run = await s.tend(['check', '--json']);
      assert.equal(run.exit, 0, run.stderr);
      const body = JSON.parse(run.stdout) as { ok: boolean; counts: { error: number } };
      assert.equal(body.ok, true);
      assert.equal(body.counts.error, 0);
      const classes = findingsOf(run).map((item) => item.class);
      assert.deepEqual(classes, ['unknown-provenance']);
    },
  );
});

test('a refused store token is store-auth-failed, naming the store', async () => {
  await withScenario(
    {
      world: worldWithGiteaCopy(),
      manifest: STANDARD_MANIFEST,
      files: HOST_FILE,
      env: { ...STANDARD_ENV, GITEA_TOKEN: 'ffffffffffffffffffffffffffffffffffffffff' },
    },
    async (s) => {
      const run = await s.tend(['check', '--json']);
      assert.equal(run.exit, 1);
      const hit = findingsOf(run).find((item) => item.class === 'store-auth-failed');
      assert.equal(hit?.store, 'core-ci');
      assert.equal(hit?.credential, 'CF_API_TOKEN');
    },
  );
});

test('a store secret missing from the environment is store-auth-failed, not a crash', async () => {
  await withScenario(
    {
      world: worldWithGiteaCopy(),
      manifest: STANDARD_MANIFEST,
      files: HOST_FILE,
      env: { GITEA_TOKEN: SECRETS.giteaToken, INFISICAL_CLIENT_ID: SECRETS.clientId },
    },
    async (s) => {
      const run = await s.tend(['check', '--json']);
      assert.equal(run.exit, 1);
      const hit = findingsOf(run).find((item) => item.class === 'store-auth-failed');
      assert.equal(hit?.store, 'vault');
      assert.match(hit?.message ?? '', /INFISICAL_CLIENT_SECRET/);
      assert.ok(!findingsOf(run).some((item) => item.class === 'missing-in-source'));
    },
  );
});

test('a store answering 503 after retries is store-unreachable', async () => {
  const world = worldWithGiteaCopy();
  world.faults = [{ vendor: 'gitea', path: '/repos/{owner}/{repo}/actions/secrets', status: 503 }];
  await withScenario(
    {
      world,
      manifest: STANDARD_MANIFEST,
      files: HOST_FILE,
      env: STANDARD_ENV,
    },
    async (s) => {
      const run = await s.tend(['check', '--json']);
      assert.equal(run.exit, 1);
      const hit = findingsOf(run).find((item) => item.class === 'store-unreachable');
      assert.equal(hit?.store, 'core-ci');
      const listings = s.sims.requests.filter((r) => r.vendor === 'gitea').length;
      assert.equal(listings, 3, 'one request and two retries');
    },
  );
});

test('Cloudflare not answering: vendor-unreachable, never healthy', async () => {
  const world = worldWithGiteaCopy();
  world.faults = [{ vendor: 'cloudflare', path: '*', status: 502 }];
  await withScenario(
    {
      world,
      manifest: STANDARD_MANIFEST,
      files: HOST_FILE,
      env: STANDARD_ENV,
    },
    async (s) => {
      const run = await s.tend(['check', '--json']);
      assert.equal(run.exit, 1);
      const body = JSON.parse(run.stdout) as { credentials: { name: string; healthy: boolean }[] };
      assert.ok(findingsOf(run).some((item) => item.class === 'vendor-unreachable'));
      assert.equal(body.credentials[0]?.healthy, false);
    },
  );
});

test('a value held only in a write-only mirror is unverified, and --env verifies it', async () => {
  const world = worldWithGiteaCopy('cfut_RevokedRevokedRevokedRevokedRevoked0123456789ab');
  world.infisical!.projects![0]!.environments.prod!['/shared/cloudflare'] = {};
  await withScenario({ world, manifest: STANDARD_MANIFEST, env: STANDARD_ENV }, async (s) => {
    const plain = await s.tend(['check', '--json']);
    assert.equal(plain.exit, 1);
    const classes = findingsOf(plain).map((item) => item.class);
    assert.ok(classes.includes('unverified'));
    assert.ok(classes.includes('missing-in-source'));
    assert.ok(!classes.includes('token-invalid'));
    const job = await s.tend(['check', '--env', 'CF_API_TOKEN', '--json'], {
      CF_API_TOKEN: 'cfut_RevokedRevokedRevokedRevokedRevoked0123456789ab',
    });
    assert.equal(job.exit, 1);
    const jobFindings = findingsOf(job);
    const invalid = jobFindings.find((item) => item.class === 'token-invalid');
    assert.equal(invalid?.store, 'cloudflare');
    assert.ok(!jobFindings.some((item) => item.class === 'unverified'));
  });
});

test('--env names a variable the job lacks: missing in the environment, exit 1', async () => {
  await withScenario(
    {
      world: worldWithGiteaCopy(),
      manifest: STANDARD_MANIFEST,
      files: HOST_FILE,
      env: STANDARD_ENV,
    },
    async (s) => {
      const run = await s.tend(['check', '--env', 'CF_API_TOKEN', '--json']);
      assert.equal(run.exit, 1);
      const hit = findingsOf(run).find((item) => item.store === 'env');
      assert.equal(hit?.class, 'missing-in-mirror');
    },
  );
});

test('listing a Gitea repository of 120 secrets takes 3 requests', async () => {
  const world = worldWithGiteaCopy();
  const secrets = world.gitea!.repos![0]!.secrets!;
  for (let i = 0; i < 119; i += 1) {
    secrets.push({ name: `OTHER_${i}`, value: `value-${i}`, created_at: '2026-01-01T00:00:00Z' });
  }
  await withScenario(
    {
      world,
      manifest: STANDARD_MANIFEST,
      files: HOST_FILE,
      env: STANDARD_ENV,
    },
    async (s) => {
      const run = await s.tend(['check', '--json']);
      assert.equal(run.exit, 0, run.stderr);
      const gitea = s.sims.requests.filter((r) => r.vendor === 'gitea');
      assert.equal(gitea.length, 3);
      assert.equal(findingsOf(run).filter((item) => item.class === 'stray-in-mirror').length, 119);
    },
  );
});

test('--format github prints annotations and the step summary gets a Markdown table', async () => {
  const world = worldWithGiteaCopy();
  world.infisical!.projects![0]!.environments.prod!['/shared/cloudflare'] = {};
  await withScenario({ world, manifest: STANDARD_MANIFEST, env: STANDARD_ENV }, async (s) => {
    const summary = join(s.dir, 'summary.md');
    const run = await s.tend(['check', '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    assert.equal(run.exit, 1);
    assert.match(run.stdout, /^::error title=tend missing-in-source%3A CF_API_TOKEN \[vault\]::/m);
    const markdown = readFileSync(summary, 'utf8');
    assert.match(markdown, /\| ❌ \| missing-in-source \| CF_API_TOKEN \| vault \|/);
  });
});

test('three failing runs in a row raise failing-streak with the date it began', async () => {
  const world = worldWithGiteaCopy();
  world.infisical!.projects![0]!.environments.prod!['/shared/cloudflare'] = {};
  await withScenario({ world, manifest: STANDARD_MANIFEST, env: STANDARD_ENV }, async (s) => {
    for (let i = 0; i < 2; i += 1) {
      const early = await s.tend(['check', '--json']);
      assert.ok(!findingsOf(early).some((item) => item.class === 'failing-streak'));
    }
    const third = await s.tend(['check', '--json']);
    const streak = findingsOf(third).find(
      (item) => item.class === 'failing-streak' && /missing-in-source/.test(item.message),
    );
    assert.ok(streak, third.stdout);
    assert.match(streak.message, /in 3 runs in a row, since \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  });
});

test('check reports the record quota of every zone a sweep names', async () => {
  const world = worldWithGiteaCopy();
  const zone = world.cloudflare!.zones![0]!;
  zone.quota = 10;
  zone.records = Array.from({ length: 9 }, (_, i) => ({
    id: `${'e'.repeat(31)}${i}`,
    type: 'A',
    name: `ws-${i}.example.com`,
    content: `192.0.2.${i}`,
  }));
  const manifest = `${STANDARD_MANIFEST}sweeps:
  dns-orphans:
    type: cloudflare-dns
    credential: CF_API_TOKEN
    zone: example.com
    owns: [ { name: "ws-{owner}.example.com" } ]
    live: { url: "http://127.0.0.1:9/never-fetched-by-check" }
`;
  await withScenario({ world, manifest, files: HOST_FILE, env: STANDARD_ENV }, async (s) => {
    const run = await s.tend(['check', '--json']);
    assert.equal(run.exit, 0, run.stdout);
    const near = findingsOf(run).find((item) => item.class === 'zone-quota-near');
    assert.match(near?.message ?? '', /holds 9 of 10 records \(90%\)/);
    const body = JSON.parse(run.stdout) as {
      zones: { zone: string; used: number; limit: number }[];
    };
    assert.deepEqual(body.zones, [
      { sweep: 'dns-orphans', zone: 'example.com', used: 9, limit: 10 },
    ]);
  });
});
