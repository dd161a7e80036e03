/**
 * Worlds for the Cloudflare adapter's tests, in the case world format, and the few steps
 * every such test repeats: start the simulators, make a run context, count requests.
 */
import { createHash } from 'node:crypto';
import { createContext, type RunContext } from '../../src/core/context.js';
import { memorySink } from '../../src/core/log.js';
import type { CloudflareVerifyConfig } from '../../src/core/manifest/schema.js';
import { SecretValue } from '../../src/core/secret.js';
import { CloudflareApi } from '../../src/providers/cloudflare/api.js';
import { startSimulators, type Simulators } from '../../src/sim/index.js';
import type {
  CfRecordWorld,
  CfTokenWorld,
  CfZoneWorld,
  FaultWorld,
  World,
} from '../../src/sim/world.js';

/** A stable 32-hex id for a label. */
export function hex(label: string): string {
  return createHash('md5').update(label).digest('hex');
}

export const ACCOUNT = hex('account acme');
export const OTHER_ACCOUNT = hex('account other');
export const ZONE = hex('zone example.com');
export const ZONE_NAME = 'example.com';

/** A token value in the `cfut_` shape, distinct per label. */
export function userValue(label: string): string {
  return `cfut_${createHash('sha256').update(label).digest('base64url').slice(0, 40)}`;
}

export function accountValue(label: string): string {
  return `cfat_${createHash('sha256').update(label).digest('base64url').slice(0, 40)}`;
}

export function token(value: string, overrides: Partial<CfTokenWorld> = {}): CfTokenWorld {
  return {
    value,
    id: hex(`token ${value}`),
    owner: 'user',
    status: 'active',
    zones: { [ZONE_NAME]: ['zone:read', 'dns:read', 'dns:edit'] },
    accounts: {},
    ...overrides,
  };
}

export function record(index: number, overrides: Partial<CfRecordWorld> = {}): CfRecordWorld {
  return {
    id: hex(`record ${index}`),
    type: 'A',
    name: `ws-${index}.${ZONE_NAME}`,
    content: `192.0.2.${index % 250}`,
    ttl: 1,
    proxied: true,
    comment: null,
    tags: [],
    created_on: '2026-01-01T00:00:00Z',
    modified_on: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

export function zone(recordCount: number, overrides: Partial<CfZoneWorld> = {}): CfZoneWorld {
  return {
    id: ZONE,
    name: ZONE_NAME,
    account: ACCOUNT,
    plan: 'free',
    quota: 200,
    records: Array.from({ length: recordCount }, (_unused, index) => record(index)),
    ...overrides,
  };
}

export function world(
  tokens: CfTokenWorld[],
  options: { zone?: CfZoneWorld; faults?: FaultWorld[] } = {},
): World {
  return {
    cloudflare: {
      accounts: [
        { id: ACCOUNT, name: 'Acme Platform' },
        { id: OTHER_ACCOUNT, name: 'Other' },
      ],
      tokens,
      globalKeys: [],
      zones: [
        options.zone ?? zone(3),
        { id: hex('zone example.net'), name: 'example.net', account: ACCOUNT, records: [] },
      ],
      tunnels: [],
    },
    faults: options.faults ?? [],
  };
}

export function verifyConfig(
  overrides: Partial<CloudflareVerifyConfig> = {},
): CloudflareVerifyConfig {
  return { type: 'cloudflare-token', owner: 'user', needs: [], ...overrides };
}

/** A run context whose Cloudflare base is the simulator, with quick retries. */
export function testContext(sims: Simulators, env: Record<string, string> = {}): RunContext {
  return createContext({
    env: {
      TEND_CLOUDFLARE_API_URL: sims.urls.cloudflare,
      TEND_HTTP_BACKOFF_MS: '1',
      ...env,
    },
    stdout: memorySink(),
    stderr: memorySink(),
  });
}

export function apiFor(sims: Simulators, ctx: RunContext, value: string): CloudflareApi {
  const secret = SecretValue.load(value, ctx.redactor);
  const auth = { kind: 'token' as const, token: secret };
  return new CloudflareApi({ baseUrl: sims.urls.cloudflare, auth, ctx });
}

/** Requests the simulated Cloudflare received, as `METHOD /path?query`. */
export function cloudflareRequests(sims: Simulators): string[] {
  return sims.requests
    .filter((request) => request.vendor === 'cloudflare')
    .map((request) => `${request.method} ${request.path}${request.query}`);
}

export function countRequests(sims: Simulators, method: string, path: RegExp): number {
  return sims.requests.filter(
    (request) =>
      request.vendor === 'cloudflare' && request.method === method && path.test(request.path),
  ).length;
}

export async function withSimulators<T>(
  world: World,
  run: (sims: Simulators) => Promise<T>,
): Promise<T> {
  const sims = await startSimulators(world);
  try {
    return await run(sims);
  } finally {
    await sims.stop();
  }
}
