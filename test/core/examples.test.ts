/**
 * The shipped examples work as shipped: their manifests are valid, and the hourly
 * janitor's two steps (the --env pre-check, then the sweep) pass on a healthy world
 * with exactly the environment the example workflow gives the job.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadManifest } from '../../src/core/manifest/load.js';
import { openScenario } from '../helpers/scenario.js';
import { repoRoot } from '../helpers/paths.js';
import { SECRETS, standardWorld } from '../helpers/worlds.js';

const examples = join(repoRoot(), 'examples');

test('every example manifest is valid', () => {
  for (const name of ['tend.yaml', 'janitor.gitea.yaml', 'janitor.github.yaml']) {
    const manifest = loadManifest(join(examples, name));
    assert.deepEqual(Object.keys(manifest.data.sweeps), ['dns-orphans'], name);
  }
});

test('the Gitea janitor example: pre-check and sweep pass with the workflow env', async () => {
  const zoneId = '1f2e3d4c5b6a79881726354453627181';
  const world = standardWorld();
  world.infisical!.projects![0]!.id = '6630ab12cd';
  world.infisical!.projects![0]!.environments.prod!['/shared/cloudflare'] = {
    CF_API_TOKEN: SECRETS.goodToken,
    CF_ZONE_ID: zoneId,
  };
  world.gitea!.repos![0]!.secrets = [
    { name: 'CF_API_TOKEN', value: SECRETS.goodToken, created_at: '2026-01-01T00:00:00Z' },
    { name: 'CF_ZONE_ID', value: zoneId, created_at: '2026-01-01T00:00:00Z' },
  ];
  world.cloudflare!.zones![0]!.records = ['1', '2'].map((owner) => ({
    id: `${'a'.repeat(31)}${owner}`,
    type: 'A',
    name: `ws-${owner}.example.com`,
    content: `192.0.2.${owner}`,
    created_on: '2026-01-01T00:00:00Z',
  }));
  world.live = { '/api/workspaces': { status: 200, body: ['1'] } };
  const manifest = readFileSync(join(examples, 'janitor.gitea.yaml'), 'utf8')
    .replace('https://infisical.example.com', '${INFISICAL_URL}')
    .replace('https://git.example.com', '${GITEA_URL}')
    .replace('https://provisioner.internal', '${LIVE_URL}');
  const s = await openScenario({
    world,
    manifest,
    env: {
      TEND_LEDGER_URL: '${DIR}/ledger.db',
      CF_API_TOKEN: SECRETS.goodToken,
      CF_ZONE_ID: zoneId,
      INFISICAL_CLIENT_ID: SECRETS.clientId,
      INFISICAL_CLIENT_SECRET: SECRETS.clientSecret,
      GITEA_TOKEN: SECRETS.giteaToken,
    },
  });
  try {
    const precheck = await s.tend([
      'check',
      '--env',
      'CF_API_TOKEN,CF_ZONE_ID',
      '--from',
      'core-ci',
      '--format',
      'github',
    ]);
    assert.equal(precheck.exit, 0, precheck.stdout + precheck.stderr);
    assert.doesNotMatch(precheck.stdout, /^::error/m);
    const sweep = await s.tend(['sweep', 'dns-orphans', '--apply', '--json', '--force']);
    assert.equal(sweep.exit, 0, sweep.stdout + sweep.stderr);
    assert.equal((JSON.parse(sweep.stdout) as { counts: { deleted: number } }).counts.deleted, 1);
  } finally {
    await s.close();
  }
});
