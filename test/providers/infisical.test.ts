/**
 * tend's Infisical store against the simulated Infisical over real sockets: one login per
 * run, one listing per folder, writes, and each failure translated for the user.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { createContext, type RunContext } from '../../src/core/context.js';
import { memorySink } from '../../src/core/log.js';
import { SecretValue } from '../../src/core/secret.js';
import { StoreError } from '../../src/core/store.js';
import { createInfisicalStore } from '../../src/providers/infisical/store.js';
import { startSimulators, type Simulators } from '../../src/sim/index.js';
import type { FaultWorld, World } from '../../src/sim/world.js';

const PROJECT = 'b7b3564e-642a-41fe-8585-d5ed1e354de0';
const CLIENT_ID = '39ac3c51-c114-4b0f-81a1-95366a099b51';
const CLIENT_SECRET = 'be2813d4bbd0da3141d4ae204a09a146';
const TOKEN_VALUE = 'cfut_M85r7bc9ynGejWEiCZZLzkdQYs243Lie';
const OTHER_VALUE = 'second-secret-value-8d1f';

function world(faults: FaultWorld[] = []): World {
  return {
    infisical: {
      identities: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }],
      projects: [
        {
          id: PROJECT,
          environments: {
            prod: {
              '/shared/cloudflare': {
                CF_API_TOKEN: {
                  value: TOKEN_VALUE,
                  createdAt: '2026-01-01T00:00:00Z',
                  updatedAt: '2026-03-01T00:00:00Z',
                },
                LOG_LEVEL: 'info',
              },
              '/other': { OTHER: OTHER_VALUE },
            },
          },
        },
      ],
    },
    faults,
  };
}

let sims: Simulators | undefined;
let lastOutput: (() => string) | undefined;
afterEach(async () => {
  await sims?.stop();
  sims = undefined;
  // Every test ran with --debug traces on: none of them may show a secret.
  if (lastOutput) assertNoSecrets(lastOutput());
  lastOutput = undefined;
});

interface Setup {
  sims: Simulators;
  ctx: RunContext;
  output: () => string;
  store: ReturnType<typeof createInfisicalStore>;
}

async function setup(
  options: { faults?: FaultWorld[]; env?: Record<string, string>; projectId?: string } = {},
): Promise<Setup> {
  sims = await startSimulators(world(options.faults));
  const sink = memorySink();
  const ctx = createContext({
    env: {
      INFISICAL_CLIENT_ID: CLIENT_ID,
      INFISICAL_CLIENT_SECRET: CLIENT_SECRET,
      TEND_HTTP_BACKOFF_MS: '1',
      ...options.env,
    },
    stdout: sink,
    stderr: sink,
    debug: true,
  });
  const store = createInfisicalStore(
    'vault',
    {
      type: 'infisical',
      url: sims.urls.infisical,
      projectId: options.projectId ?? PROJECT,
      environment: 'prod',
      auth: { clientId: 'env:INFISICAL_CLIENT_ID', clientSecret: 'env:INFISICAL_CLIENT_SECRET' },
    },
    ctx,
    '/tmp',
  );
  lastOutput = sink.text;
  return { sims, ctx, output: sink.text, store };
}

function requests(s: Simulators): string[] {
  return s.requests
    .filter((r) => r.vendor === 'infisical')
    .map((r) => `${r.method} ${r.path} ${r.status}`);
}

function assertNoSecrets(text: string): void {
  for (const value of [TOKEN_VALUE, OTHER_VALUE, CLIENT_SECRET]) {
    assert.ok(!text.includes(value), 'a secret value reached the output');
    assert.ok(!text.includes(Buffer.from(value).toString('base64').slice(0, 20)));
  }
  assert.ok(!/bearer\s+ey/i.test(text), 'an access token reached the output');
}

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

test('lists a folder once, with values and dates, after one login', async () => {
  const { sims: s, store } = await setup();
  const first = await store.list('/shared/cloudflare/');
  const again = await store.list('shared/cloudflare');
  assert.equal(first, again);
  const token = first.entries.get('CF_API_TOKEN');
  assert.equal(token?.value?.reveal(), TOKEN_VALUE);
  assert.equal(token?.createdAt, '2026-01-01T00:00:00Z');
  assert.equal(token?.updatedAt, '2026-03-01T00:00:00Z');
  const other = await store.list('/other');
  assert.equal(other.entries.get('OTHER')?.value?.reveal(), OTHER_VALUE);
  assert.deepEqual(requests(s), [
    'POST /v1/auth/universal-auth/login 200',
    'GET /v4/secrets 200',
    'GET /v4/secrets 200',
  ]);
  assert.deepEqual((await store.list('/missing/folder')).entries.size, 0);
});

test('a value is registered for redaction when read, not when listed', async () => {
  const { store, ctx } = await setup();
  const listing = await store.list('/shared/cloudflare');
  assert.equal(ctx.redactor.redact('level info'), 'level info');
  assert.equal(listing.entries.get('LOG_LEVEL')?.value?.reveal(), 'info');
  assert.equal(ctx.redactor.redact('level info'), 'level [redacted]');
});

test('put updates in place and creates what is missing', async () => {
  const { sims: s, store, ctx } = await setup();
  await store.list('/shared/cloudflare');
  const rotated = SecretValue.load('cfut_rotated_value_123', ctx.redactor);
  assert.equal(await store.put('CF_API_TOKEN', rotated, '/shared/cloudflare'), 'updated');
  assert.equal(await store.put('CF_NEW', rotated, '/shared/cloudflare'), 'created');
  const listing = await store.list('/shared/cloudflare');
  assert.equal(listing.entries.get('CF_API_TOKEN')?.value?.reveal(), 'cfut_rotated_value_123');
  assert.equal(listing.entries.get('CF_NEW')?.value?.reveal(), 'cfut_rotated_value_123');
  assert.deepEqual(requests(s).slice(2), [
    'PATCH /v4/secrets/CF_API_TOKEN 200',
    'PATCH /v4/secrets/CF_NEW 404',
    'POST /v4/secrets/CF_NEW 200',
    'GET /v4/secrets 200',
  ]);
});

test('put refuses a value Infisical would trim, before sending anything', async () => {
  const { sims: s, store, ctx } = await setup();
  const padded = SecretValue.load(' padded-value ', ctx.redactor);
  const error = await rejection(store.put('CF_API_TOKEN', padded, '/shared/cloudflare'));
  assert.equal(error.kind, 'refused');
  assert.deepEqual(requests(s), []);
});

test('an approval answer means nothing was written', async () => {
  const approval: FaultWorld = {
    vendor: 'infisical',
    method: 'PATCH',
    path: '/v4/secrets/{name}',
    status: 200,
    body: { approval: { id: 'f1d3', status: 'open' } },
  };
  const { sims: s, store, ctx } = await setup({ faults: [approval] });
  const value = SecretValue.load('cfut_value_under_policy', ctx.redactor);
  const error = await rejection(store.put('CF_API_TOKEN', value, '/shared/cloudflare'));
  assert.equal(error.kind, 'refused');
  assert.match(error.message, /an approval policy holds the change/);
  const snapshot = JSON.stringify(s.snapshot().infisical);
  assert.ok(snapshot.includes(TOKEN_VALUE) && !snapshot.includes('cfut_value_under_policy'));
});

test('writing into a missing folder is a config error', async () => {
  const { store, ctx } = await setup();
  const value = SecretValue.load('some-value-1234', ctx.redactor);
  const error = await rejection(store.put('KEY', value, '/no/such/folder'));
  assert.equal(error.kind, 'config');
});

test('a refused login is an auth error naming the variable, never the secret', async () => {
  const {
    sims: s,
    store,
    output,
  } = await setup({
    env: { INFISICAL_CLIENT_SECRET: 'wrong-client-secret-value' },
  });
  const error = await rejection(store.list('/shared/cloudflare'));
  assert.equal(error.kind, 'auth');
  assert.equal(error.store, 'vault');
  assert.match(error.message, /INFISICAL_CLIENT_SECRET/);
  assert.ok(!error.message.includes('wrong-client-secret-value'));
  // A failed login is not repeated for the next folder.
  await rejection(store.list('/other'));
  assert.deepEqual(requests(s), ['POST /v1/auth/universal-auth/login 401']);
  assert.ok(!output().includes('wrong-client-secret-value'));
});

test('a missing client secret variable is an auth error', async () => {
  const { store } = await setup({ env: { INFISICAL_CLIENT_SECRET: '' } });
  const error = await rejection(store.list('/'));
  assert.equal(error.kind, 'auth');
  assert.match(error.message, /INFISICAL_CLIENT_SECRET is not set/);
});

test('an unknown project is a config error', async () => {
  const { store } = await setup({ projectId: 'no-such-project' });
  const error = await rejection(store.list('/'));
  assert.equal(error.kind, 'config');
  assert.match(error.message, /projectId/);
});

test('5xx answers after the retries make the store unreachable', async () => {
  const outage: FaultWorld = {
    vendor: 'infisical',
    method: 'GET',
    path: '/v4/secrets',
    status: 503,
  };
  const { sims: s, store } = await setup({ faults: [outage] });
  const error = await rejection(store.list('/shared/cloudflare'));
  assert.equal(error.kind, 'unreachable');
  assert.equal(requests(s).filter((line) => line.startsWith('GET')).length, 3);
});

test('a closed port makes the store unreachable', async () => {
  const { store, sims: s } = await setup();
  await s.stop();
  sims = undefined;
  const error = await rejection(store.list('/'));
  assert.equal(error.kind, 'unreachable');
});

test('an expired token (403 TokenError) gets one fresh login', async () => {
  const expired: FaultWorld = {
    vendor: 'infisical',
    method: 'GET',
    path: '/v4/secrets',
    times: 1,
    status: 403,
    body: { reqId: 'r', statusCode: 403, message: 'Your token has expired.', error: 'TokenError' },
  };
  const { sims: s, store } = await setup({ faults: [expired] });
  const listing = await store.list('/shared/cloudflare');
  assert.ok(listing.entries.has('CF_API_TOKEN'));
  assert.deepEqual(requests(s), [
    'POST /v1/auth/universal-auth/login 200',
    'GET /v4/secrets 403',
    'POST /v1/auth/universal-auth/login 200',
    'GET /v4/secrets 200',
  ]);
});

test('a token refused again after the fresh login is an auth error', async () => {
  const refused: FaultWorld = {
    vendor: 'infisical',
    method: 'GET',
    path: '/v4/secrets',
    status: 401,
    body: { reqId: 'r', statusCode: 401, message: 'Invalid token', error: 'UnauthorizedError' },
  };
  const { sims: s, store } = await setup({ faults: [refused] });
  const error = await rejection(store.list('/'));
  assert.equal(error.kind, 'auth');
  assert.equal(requests(s).length, 4);
});
