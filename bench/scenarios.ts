/**
 * Benchmark scenarios: each a world, a manifest, a command, and the fewest requests per
 * vendor that the command could possibly make. The benchmark's main measure is requests
 * made against that minimum; wall time and memory come second.
 */
import type { World } from '../src/sim/world.js';

export interface BenchScenario {
  name: string;
  world: World;
  manifest: string;
  files: Record<string, string>;
  env: Record<string, string>;
  /** Commands run once before the measured one (e.g. `init`). */
  setup: string[][];
  command: string[];
  /** The fewest requests per vendor this command needs, with the reason. */
  minimum: Record<string, number>;
  why: string;
}

const ACCOUNT = 'ab'.repeat(16);
const ZONE = 'cd'.repeat(16);
const PROJECT = '7d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
const GITEA = 'e1'.repeat(20);
const CLIENT = { clientId: 'c0ffee00-1111-4222-8333-444455556666', clientSecret: 'f0'.repeat(32) };

const tokenValue = (i: number): string =>
  `cfut_BenchToken${String(i).padStart(4, '0')}${'x'.repeat(30)}`;

function baseWorld(tokens: number, records: number): World {
  return {
    cloudflare: {
      accounts: [{ id: ACCOUNT, name: 'Bench' }],
      tokens: Array.from({ length: tokens }, (_, i) => ({
        value: tokenValue(i),
        id: i.toString(16).padStart(32, '0'),
        owner: 'user' as const,
        status: 'active' as const,
        zones: { 'example.com': ['zone:read', 'dns:read', 'dns:edit'] },
      })),
      zones: [
        {
          id: ZONE,
          name: 'example.com',
          account: ACCOUNT,
          plan: 'free',
          quota: 1000,
          records: Array.from({ length: records }, (_, i) => ({
            id: (i + 1).toString(16).padStart(32, '0'),
            type: 'A',
            name: `ws-${i}.example.com`,
            content: `192.0.2.${i % 250}`,
            ttl: 1,
            proxied: false,
            comment: null,
            created_on: '2026-01-01T00:00:00Z',
            modified_on: '2026-01-01T00:00:00Z',
          })),
        },
      ],
    },
    gitea: {
      tokens: [{ value: GITEA, user: 'bench' }],
      repos: [{ owner: 'acme', name: 'core', secrets: [] }],
    },
    infisical: { identities: [CLIENT], projects: [{ id: PROJECT, environments: { prod: {} } }] },
  };
}

function manifest(credentials: number, verified: number, extra = ''): string {
  const lines = [
    'version: 1',
    'sources:',
    '  vault:',
    '    type: infisical',
    '    url: ${INFISICAL_URL}',
    `    projectId: ${PROJECT}`,
    '    environment: prod',
    '    auth: { clientId: env:INFISICAL_CLIENT_ID, clientSecret: env:INFISICAL_CLIENT_SECRET }',
    'mirrors:',
    '  core-ci: { type: gitea, url: "${GITEA_URL}", repo: acme/core, token: env:GITEA_TOKEN }',
    '  host: { type: envfile, path: ./host.env }',
    'credentials:',
  ];
  for (let i = 0; i < credentials; i += 1) {
    lines.push(`  SECRET_${i}:`, '    source: vault:/app', '    mirrors: [core-ci, host]');
    if (i < verified) {
      lines.push(
        '    verify: { type: cloudflare-token, owner: user, zone: example.com,',
        '              needs: [zone:read, dns:read, dns:edit] }',
      );
    }
  }
  return `${lines.join('\n')}\n${extra}`;
}

function sourceValues(credentials: number, verified: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: credentials }, (_, i) => [
      `SECRET_${i}`,
      i < verified ? tokenValue(i) : `plain-value-${i}-${'v'.repeat(16)}`,
    ]),
  );
}

const ENV = {
  GITEA_TOKEN: GITEA,
  INFISICAL_CLIENT_ID: CLIENT.clientId,
  INFISICAL_CLIENT_SECRET: CLIENT.clientSecret,
};

export function scenarios(): BenchScenario[] {
  const checkWorld = baseWorld(5, 0);
  checkWorld.infisical!.projects![0]!.environments.prod = { '/app': sourceValues(40, 5) };
  checkWorld.gitea!.repos![0]!.secrets = Array.from({ length: 120 }, (_, i) => ({
    name: i < 40 ? `SECRET_${i}` : `OTHER_${i}`,
    value: 'x',
    created_at: '2026-01-01T00:00:00Z',
  }));
  const hostFile = Object.entries(sourceValues(40, 5))
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');

  const syncWorld = baseWorld(5, 0);
  syncWorld.infisical!.projects![0]!.environments.prod = { '/app': sourceValues(40, 5) };

  const sweepWorld = baseWorld(1, 500);
  sweepWorld.live = {
    '/live': { status: 200, body: Array.from({ length: 300 }, (_, i) => String(i)) },
  };
  sweepWorld.cloudflare!.tokens![0]!.value = tokenValue(0);
  const sweepManifest = manifest(
    1,
    1,
    [
      'sweeps:',
      '  orphans:',
      '    type: cloudflare-dns',
      '    credential: SECRET_0',
      '    zone: example.com',
      '    owns: [ { name: "ws-{owner}.example.com" } ]',
      '    live: { url: "${LIVE_URL}/live", minimum: 1 }',
      '    grace: 1h',
      '    limits: { maxDeletes: 500, maxFraction: 1 }',
      '',
    ].join('\n'),
  );
  sweepWorld.infisical!.projects![0]!.environments.prod = { '/app': sourceValues(1, 1) };

  return [
    {
      name: 'check: 40 credentials, 5 tokens, Gitea repo of 120 secrets, env file',
      world: checkWorld,
      manifest: manifest(40, 5),
      files: { 'host.env': `${hostFile}\n` },
      env: ENV,
      setup: [],
      command: ['check', '--json'],
      minimum: { infisical: 2, gitea: 3, cloudflare: 25 },
      why: 'login + folder; 3 pages of 50; per token: verify, zone find + read, dns:read, dns:edit',
    },
    {
      name: 'sync --apply: 40 credentials into an empty Gitea repo and env file',
      world: syncWorld,
      manifest: manifest(40, 5),
      files: {},
      env: ENV,
      setup: [['init']],
      command: ['sync', '--apply', '--json'],
      minimum: { infisical: 2, gitea: 41, cloudflare: 25 },
      why: 'login + 1 folder; 1 listing + 40 PUTs; 5 source tokens verified before pushing',
    },
    {
      name: 'sweep --apply: 500 records, 200 orphans',
      world: sweepWorld,
      manifest: sweepManifest,
      files: {},
      env: { ...ENV, SECRET_0: tokenValue(0) },
      setup: [],
      command: ['sweep', 'orphans', '--apply', '--json'],
      minimum: { cloudflare: 7, live: 1 },
      why: 'verify, find zone, zone:read, dns:edit probe, 1 listing, usage, 1 batch; live set',
    },
  ];
}
