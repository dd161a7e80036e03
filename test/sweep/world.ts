/**
 * Small worlds for the sweep tests, in the case world format, and the manifest they run
 * with. Times are placeholders (`${NOW-10d}`) rendered from the real clock, since tend
 * judges age by its own clock.
 */
import { createHash } from 'node:crypto';
import type {
  CfRecordWorld,
  CfTokenWorld,
  CfTunnelWorld,
  CfZoneWorld,
  FaultWorld,
  World,
} from '../../src/sim/world.js';

export function hex(label: string): string {
  return createHash('md5').update(label).digest('hex');
}

export function uuid(label: string): string {
  const h = hex(`uuid ${label}`);
  const parts = [h.slice(0, 8), h.slice(8, 12), `4${h.slice(13, 16)}`, `8${h.slice(17, 20)}`];
  return [...parts, h.slice(20)].join('-');
}

export const ACCOUNT = hex('account acme');
export const ZONE = hex('zone example.com');
export const ZONE_NAME = 'example.com';
const SWEEPER = createHash('sha256').update('sweeper').digest('base64url');
export const TOKEN = `cfut_${SWEEPER.slice(0, 40)}`;

export function dnsToken(
  rights: string[] = ['zone:read', 'dns:read', 'dns:edit'],
  overrides: Partial<CfTokenWorld> = {},
): CfTokenWorld {
  return {
    value: TOKEN,
    id: hex('token sweeper'),
    owner: 'user',
    status: 'active',
    zones: { [ZONE_NAME]: rights },
    accounts: {},
    ...overrides,
  };
}

export function rec(
  label: string,
  fields: Partial<CfRecordWorld> & { name: string },
  age = '10d',
): CfRecordWorld {
  return {
    id: hex(`record ${label}`),
    type: 'A',
    content: '192.0.2.10',
    ttl: 1,
    proxied: false,
    comment: null,
    tags: [],
    created_on: `\${NOW-${age}}`,
    modified_on: `\${NOW-${age}}`,
    ...fields,
  };
}

/** The small zone most tests use; `ids` names what each record stands for. */
export const SMALL = {
  orphanA: rec('orphan a', { name: 'ws-1.example.com', proxied: true }),
  orphanTxt: rec('orphan txt', {
    name: '_acme-challenge.ws-1.example.com',
    type: 'TXT',
    content: '"token-1"',
  }),
  byComment: rec('by comment', {
    name: 'shop.example.com',
    type: 'CNAME',
    content: 'edge.example.net',
    comment: 'tend owner=6 (shop)',
    ttl: 300,
  }),
  live: rec('live', { name: 'ws-2.example.com' }),
  young: rec('young', { name: 'ws-3.example.com' }, '30m'),
  kept: rec('kept', { name: 'ws-demo.example.com' }),
  managed: rec('managed', { name: 'ws-4.example.com', meta: { managed_by_apps: true } }),
  unownedName: rec('unowned name', { name: 'api.example.com' }, '400d'),
  unownedType: rec('unowned type', { name: 'ws-5.example.com', type: 'TXT', content: '"x"' }),
  unownedMx: rec('unowned mx', {
    name: 'example.com',
    type: 'MX',
    content: 'mail.example.com',
    priority: 10,
  }),
};

export const SMALL_ORPHANS = [SMALL.orphanA.id, SMALL.orphanTxt.id, SMALL.byComment.id];

export function zone(records: CfRecordWorld[], overrides: Partial<CfZoneWorld> = {}): CfZoneWorld {
  return {
    id: ZONE,
    name: ZONE_NAME,
    account: ACCOUNT,
    plan: 'free',
    quota: 200,
    records,
    ...overrides,
  };
}

export interface WorldInput {
  records?: CfRecordWorld[];
  zone?: Partial<CfZoneWorld>;
  tokens?: CfTokenWorld[];
  tunnels?: CfTunnelWorld[];
  live?: unknown;
  liveStatus?: number;
  faults?: FaultWorld[];
}

export function world(input: WorldInput = {}): World {
  return {
    cloudflare: {
      accounts: [{ id: ACCOUNT, name: 'Acme' }],
      tokens: input.tokens ?? [dnsToken()],
      zones: [zone(input.records ?? Object.values(SMALL), input.zone)],
      tunnels: input.tunnels ?? [],
    },
    live: {
      '/api/workspaces': { status: input.liveStatus ?? 200, body: input.live ?? ['2'] },
    },
    faults: input.faults ?? [],
  };
}

export interface ManifestInput {
  limits?: string;
  keep?: string[];
  /** Extra lines inside the sweep. */
  extra?: string[];
  owner?: 'user' | 'account' | 'auto';
}

export function dnsManifest(input: ManifestInput = {}): string {
  const keep = input.keep ?? ['ws-demo.example.com'];
  return [
    'version: 1',
    'sources:',
    '  local:',
    '    type: envfile',
    '    path: ${DIR}/secrets.env',
    'credentials:',
    '  CF_API_TOKEN:',
    '    source: local',
    '    verify:',
    '      type: cloudflare-token',
    `      owner: ${input.owner ?? 'user'}`,
    '      zone: example.com',
    'sweeps:',
    '  dns-orphans:',
    '    type: cloudflare-dns',
    '    credential: CF_API_TOKEN',
    '    zone: example.com',
    '    owns:',
    '      - name: "ws-{owner}.example.com"',
    '        types: [A, AAAA, CNAME]',
    '      - name: "_acme-challenge.ws-{owner}.example.com"',
    '        types: [TXT]',
    '      - comment: "tend owner={owner}"',
    '    live:',
    '      url: ${LIVE_URL}/api/workspaces',
    '      minimum: 1',
    '    grace: 2h',
    `    limits: ${input.limits ?? '{ maxDeletes: 100, maxFraction: 0.9 }'}`,
    `    keep: [${keep.join(', ')}]`,
    ...(input.extra ?? []).map((line) => `    ${line}`),
    '',
  ].join('\n');
}

/** The job's environment that hands the sweep its token. */
export const TOKEN_ENV = { CF_API_TOKEN: TOKEN };

export const SECRETS = { 'secrets.env': `CF_API_TOKEN=${TOKEN}\n` };

export function ids(records: { id: string }[]): Set<string> {
  return new Set(records.map((item) => item.id));
}
