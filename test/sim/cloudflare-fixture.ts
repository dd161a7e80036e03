/**
 * A Cloudflare world that exercises every simulated endpoint, and a small client for the
 * tests: JSON over real loopback sockets, answers kept whole (status, headers, body).
 */
import { join } from 'node:path';
import { startSimulators, type Simulators } from '../../src/sim/index.js';
import type { CfRecordWorld, World } from '../../src/sim/world.js';
import { repoRoot } from '../helpers/paths.js';
import { ApiDescription } from './openapi.js';

export const NOW = '2026-06-01T12:00:00Z';
export const ACCOUNT = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
export const OTHER_ACCOUNT = 'f9e8d7c6b5a4938271605f4e3d2c1b0a';
export const ZONE_COM = '11111111111111111111111111111111';
export const ZONE_NET = '22222222222222222222222222222222';
export const ZONE_ORG = '33333333333333333333333333333333';
export const TUNNEL_LIVE = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
export const TUNNEL_IDLE = '7a2b3c4d-5e6f-4071-8b2c-3d4e5f607182';
export const TUNNEL_GONE = '8b3c4d5e-6f70-4182-9c3d-4e5f60718293';

/** Token values by role; synthetic, never real credentials. */
export const TOKENS = {
  full: 'cfut_full000000000000000000000000000000000000000001',
  readOnly: 'cfut_read000000000000000000000000000000000000000002',
  dnsOnly: 'cfut_dnsx000000000000000000000000000000000000000003',
  otherZone: 'cfut_othr000000000000000000000000000000000000000004',
  account: 'cfat_acct000000000000000000000000000000000000000005',
  expired: 'cfut_expd000000000000000000000000000000000000000006',
  disabled: 'cfut_disa000000000000000000000000000000000000000007',
  early: 'cfut_erly000000000000000000000000000000000000000008',
} as const;
export const GLOBAL_KEY = {
  email: 'ops@example.com',
  key: '0123456789abcdef0123456789abcdef01234',
};

const ALL_DNS = ['zone:read', 'dns:read', 'dns:edit'];

export function sampleRecords(zone: string, count: number, prefix = 'ws'): CfRecordWorld[] {
  const fixed: CfRecordWorld[] = [
    record(zone, 0, { type: 'A', name: zone, content: '203.0.113.10', proxied: true }),
    record(zone, 1, { type: 'AAAA', name: zone, content: '2001:db8::10' }),
    record(zone, 2, { type: 'CNAME', name: `www.${zone}`, content: zone, proxied: true }),
    record(zone, 3, { type: 'MX', name: zone, content: `mail.${zone}`, priority: 10 }),
    record(zone, 4, {
      type: 'TXT',
      name: zone,
      content: '"v=spf1 mx -all"',
      meta: { auto_added: true },
    }),
  ];
  const extra = Array.from({ length: Math.max(0, count - fixed.length) }, (_unused, index) =>
    record(zone, index + fixed.length, {
      type: 'A',
      name: `${prefix}-${index}.${zone}`,
      content: `192.0.2.${(index % 250) + 1}`,
      comment: `tend owner=${index}`,
    }),
  );
  return [...fixed, ...extra].slice(0, count);
}

/** The id of the sample record at `index` in `zone`: readable, 32 characters. */
export function recordId(zone: string, index: number): string {
  return `${zone.replace(/\W/g, '').slice(0, 8)}${String(index).padStart(24, '0')}`;
}

function record(zone: string, index: number, fields: Partial<CfRecordWorld>): CfRecordWorld {
  return {
    id: recordId(zone, index),
    type: 'A',
    name: zone,
    content: '192.0.2.1',
    ttl: 1,
    proxied: false,
    comment: `record ${index}`,
    tags: [],
    created_on: '2026-01-01T00:00:00Z',
    modified_on: '2026-01-01T00:00:00Z',
    ...fields,
  };
}

export function sampleWorld(): World {
  return {
    now: NOW,
    cloudflare: {
      accounts: [
        { id: ACCOUNT, name: 'Acme Platform' },
        { id: OTHER_ACCOUNT, name: 'Other' },
      ],
      tokens: [
        token('full', {
          zones: { 'example.com': ALL_DNS, [ZONE_NET]: ALL_DNS, 'example.org': ALL_DNS },
          accounts: { [ACCOUNT]: ['tunnel:read', 'tunnel:edit'] },
          user: ['api_tokens:read'],
          expires_on: '2027-01-01T00:00:00Z',
          not_before: '2026-01-01T00:00:00Z',
        }),
        token('readOnly', {
          zones: { 'example.com': ['zone:read', 'dns:read'] },
          accounts: { [ACCOUNT]: ['tunnel:read'] },
        }),
        token('dnsOnly', { zones: { 'example.com': ['dns:read'] } }),
        token('otherZone', { zones: { 'example.net': ALL_DNS } }),
        token('account', { owner: { account: ACCOUNT }, zones: { 'example.com': ALL_DNS } }),
        token('expired', { zones: { 'example.com': ALL_DNS }, expires_on: '2026-05-01T00:00:00Z' }),
        token('disabled', { status: 'disabled', zones: { 'example.com': ALL_DNS } }),
        token('early', { zones: { 'example.com': ALL_DNS }, not_before: '2026-07-01T00:00:00Z' }),
      ],
      globalKeys: [GLOBAL_KEY],
      zones: [
        {
          id: ZONE_COM,
          name: 'example.com',
          account: ACCOUNT,
          plan: 'free',
          quota: 20,
          records: sampleRecords('example.com', 12),
        },
        {
          id: ZONE_NET,
          name: 'example.net',
          account: ACCOUNT,
          plan: 'paid',
          quota: null,
          maxPerPage: 3,
          records: sampleRecords('example.net', 8),
        },
        {
          id: ZONE_ORG,
          name: 'example.org',
          account: OTHER_ACCOUNT,
          plan: 'free',
          batchLimit: 2,
          records: sampleRecords('example.org', 6),
        },
      ],
      tunnels: [
        {
          id: TUNNEL_LIVE,
          account: ACCOUNT,
          name: 'ws-17',
          status: 'healthy',
          created_at: '2026-02-01T00:00:00Z',
          deleted_at: null,
          connections: 2,
        },
        {
          id: TUNNEL_IDLE,
          account: ACCOUNT,
          name: 'ws-42',
          status: 'inactive',
          created_at: '2026-03-01T00:00:00Z',
          deleted_at: null,
          connections: 0,
        },
        {
          id: TUNNEL_GONE,
          account: ACCOUNT,
          name: 'ws-9',
          status: 'down',
          created_at: '2026-01-01T00:00:00Z',
          deleted_at: '2026-04-01T00:00:00Z',
          connections: 0,
        },
      ],
    },
  };
}

type TokenRole = keyof typeof TOKENS;
type TokenWorld = NonNullable<NonNullable<World['cloudflare']>['tokens']>[number];

function token(role: TokenRole, fields: Partial<TokenWorld>): TokenWorld {
  return { value: TOKENS[role], id: tokenId(role), owner: 'user', status: 'active', ...fields };
}

/** The token's id: its role's position, padded to 32 characters. */
export function tokenId(role: TokenRole): string {
  const index = Object.keys(TOKENS).indexOf(role) + 1;
  return String(index).padStart(32, 'a');
}

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON (the export's text stays a string); tests read into it freely. */
  body: any;
  text: string;
}

export interface CallOptions {
  method?: string;
  token?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One request to the simulated API; `path` is relative to the v4 base. */
export async function call(
  sims: Simulators,
  path: string,
  options: CallOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${sims.urls.cloudflare}${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // The BIND export is text.
  }
  return { status: response.status, headers: response.headers, body, text };
}

export async function withSims<T>(world: World, run: (sims: Simulators) => Promise<T>): Promise<T> {
  const sims = await startSimulators(world);
  try {
    return await run(sims);
  } finally {
    await sims.stop();
  }
}

export function loadCloudflareDescription(): ApiDescription {
  return ApiDescription.load(join(repoRoot(), 'specs', 'cloudflare.openapi.json'));
}

/** Error codes of an envelope, for short assertions. */
export function codes(answer: Answer): number[] {
  return ((answer.body?.errors ?? []) as { code: number }[]).map((error) => error.code);
}
