import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { createContext, type RunContext } from '../../src/core/context.js';
import { memorySink } from '../../src/core/log.js';
import { Redactor } from '../../src/core/redact.js';
import { SecretValue } from '../../src/core/secret.js';
import { StoreError, type SecretStore } from '../../src/core/store.js';
import { createGiteaStore } from '../../src/providers/gitea/store.js';
import type { GiteaConfig } from '../../src/providers/gitea/target.js';
import { startSimulators, type Simulators } from '../../src/sim/index.js';
import type { FaultWorld, StoredSecretWorld } from '../../src/sim/world.js';

const TOKEN = '1a0593a5dec67f37f04cab005d3ee3c7d1ad3b30';
const SEEDED = 'seeded-core-value';
const SECRET_VALUES = ['pushed-value-one-1234', 'pushed-value-two-5678', SEEDED];

const secrets = (count: number, prefix = 'SECRET'): StoredSecretWorld[] =>
  Array.from({ length: count }, (_, i) => ({
    name: `${prefix}_${String(i).padStart(3, '0')}`,
    value: `seeded-${prefix}-${i}`,
    created_at: '2026-02-03T04:05:06Z',
  }));

interface Setup {
  sims: Simulators;
  ctx: RunContext;
  /** Everything the run wrote to stdout and stderr. */
  written(): string;
  store(config?: Partial<GiteaConfig>): SecretStore;
  /** Gitea requests so far, as `METHOD /path?query`. */
  requests(): string[];
}

let running: Simulators | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function setup(options: { faults?: FaultWorld[]; env?: Record<string, string> } = {}) {
  const sims = await startSimulators({
    gitea: {
      tokens: [{ value: TOKEN, user: 'ci-bot' }],
      repos: [
        { owner: 'acme', name: 'big', secrets: secrets(120) },
        { owner: 'acme', name: 'hundred', secrets: secrets(100) },
        { owner: 'acme', name: 'core', secrets: [{ name: 'EXISTING', value: SEEDED }] },
      ],
      orgs: [{ name: 'acme', secrets: secrets(7, 'ORG') }],
    },
    faults: options.faults ?? [],
  });
  running = sims;
  const stdout = memorySink();
  const stderr = memorySink();
  const ctx = createContext({
    env: { GITEA_TOKEN: TOKEN, TEND_HTTP_BACKOFF_MS: '1', ...options.env },
    debug: true,
    stdout,
    stderr,
  });
  const baseDir = mkdtempSync(join(tmpdir(), 'tend-gitea-'));
  const setup: Setup = {
    sims,
    ctx,
    written: () => stdout.text() + stderr.text(),
    store: (config = {}) => {
      const base = { url: sims.urls.gitea, token: 'env:GITEA_TOKEN', repo: 'acme/core' };
      return createGiteaStore('core-ci', { type: 'gitea', ...base, ...config }, ctx, baseDir);
    },
    requests: () =>
      sims.requests
        .filter((r) => r.vendor === 'gitea')
        .map((r) => `${r.method} ${r.path}${r.query}`),
  };
  return setup;
}

function assertNothingLeaked(run: Setup): void {
  const text = run.written();
  for (const value of [TOKEN, ...SECRET_VALUES]) {
    assert.ok(!text.includes(value), 'a secret value was written');
    assert.ok(!text.includes(Buffer.from(value).toString('base64').replace(/=+$/, '')));
  }
}

async function storeError(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

test('lists 120 secrets in exactly 3 requests, names and dates only', async () => {
  const run = await setup();
  const store = run.store({ repo: 'acme/big' });
  const listing = await store.list(undefined);
  assert.equal(store.readable, false);
  assert.equal(listing.entries.size, 120);
  assert.deepEqual(run.requests(), [
    'GET /repos/acme/big/actions/secrets?page=1&limit=50',
    'GET /repos/acme/big/actions/secrets?page=2&limit=50',
    'GET /repos/acme/big/actions/secrets?page=3&limit=50',
  ]);
  const entry = listing.entries.get('SECRET_119');
  assert.deepEqual(entry, { name: 'SECRET_119', createdAt: '2026-02-03T04:05:06Z' });
  assert.ok([...listing.entries.values()].every((e) => e.value === undefined));
  assertNothingLeaked(run);
});

test('stops at X-Total-Count: 100 secrets take 2 requests', async () => {
  const run = await setup();
  const listing = await run.store({ repo: 'acme/hundred' }).list(undefined);
  assert.equal(listing.entries.size, 100);
  assert.equal(run.requests().length, 2);
});

test('lists an organisation, with a trailing slash or /api/v1 in the URL', async () => {
  const run = await setup();
  const slash = run.store({ repo: undefined, org: 'acme', url: `${run.sims.urls.gitea}/` });
  const api = run.store({ repo: undefined, org: 'acme', url: `${run.sims.urls.gitea}/api/v1/` });
  assert.equal((await slash.list(undefined)).entries.size, 7);
  assert.equal((await api.list(undefined)).entries.size, 7);
  assert.deepEqual(run.requests(), [
    'GET /orgs/acme/actions/secrets?page=1&limit=50',
    'GET /orgs/acme/actions/secrets?page=1&limit=50',
  ]);
});

test('put creates, then updates, and Gitea holds the value', async () => {
  const run = await setup();
  const store = run.store();
  const first = SecretValue.load(SECRET_VALUES[0]!, run.ctx.redactor);
  const second = SecretValue.load(SECRET_VALUES[1]!, run.ctx.redactor);
  assert.equal(await store.put?.('cf_api_token', first, undefined), 'created');
  assert.equal(await store.put?.('CF_API_TOKEN', second, undefined), 'updated');
  assert.equal(await store.put?.('EXISTING', first, undefined), 'updated');
  const state = run.sims.snapshot().gitea as {
    repos: { name: string; secrets: { name: string; value: string }[] }[];
  };
  const core = state.repos.find((r) => r.name === 'core')?.secrets ?? [];
  assert.deepEqual(
    core.map((s) => [s.name, s.value]),
    [
      ['CF_API_TOKEN', SECRET_VALUES[1]],
      ['EXISTING', SECRET_VALUES[0]],
    ],
  );
  assert.deepEqual(run.requests(), [
    'PUT /repos/acme/core/actions/secrets/CF_API_TOKEN',
    'PUT /repos/acme/core/actions/secrets/CF_API_TOKEN',
    'PUT /repos/acme/core/actions/secrets/EXISTING',
  ]);
  assertNothingLeaked(run);
});

test('put refuses what Gitea would refuse, naming the rule, and sends nothing', async () => {
  const run = await setup();
  const store = run.store();
  const value = SecretValue.load(SECRET_VALUES[0]!, run.ctx.redactor);
  const cases: [string, SecretValue, RegExp][] = [
    ['GITEA_TOKEN', value, /must not start with GITEA_/],
    ['github_sha', value, /must not start with GITHUB_/],
    ['2FA_SEED', value, /must not start with a digit/],
    ['CF-TOKEN', value, /only letters, digits and _/],
    ['BIG', unregistered('x'.repeat(64 * 1024 + 1)), /65537 bytes/],
    ['EMPTY', SecretValue.load('', run.ctx.redactor), /empty/],
  ];
  for (const [name, secret, rule] of cases) {
    const error = await storeError(store.put!(name, secret, undefined));
    assert.equal(error.kind, 'refused', name);
    assert.match(error.message, rule);
    assert.match(error.message, /repository acme\/core/);
  }
  assert.deepEqual(run.requests(), []);
  const atLimit = unregistered('y'.repeat(64 * 1024));
  assert.equal(await store.put!('AT_LIMIT', atLimit, undefined), 'created');
});

/**
 * A value kept out of the run's redactor: registering a 64 KiB value makes the
 * redactor's combined pattern too large for V8 (reported to the lead).
 */
function unregistered(value: string): SecretValue {
  return SecretValue.load(value, new Redactor());
}

test('a refused token is an auth failure that names the reference, never the token', async () => {
  const run = await setup({ env: { GITEA_TOKEN: 'not-the-right-token-0000' } });
  const error = await storeError(run.store().list(undefined));
  assert.equal(error.kind, 'auth');
  assert.equal(error.store, 'core-ci');
  assert.match(error.message, /GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/repos\/acme\/core\//);
  assert.match(error.message, /answered 401/);
  assert.match(error.message, /env:GITEA_TOKEN/);
  assert.ok(!error.message.includes('not-the-right-token-0000'));
  assertNothingLeaked(run);
});

test('an unset token variable is an auth failure before any request', async () => {
  const run = await setup({ env: { GITEA_TOKEN: '' } });
  const error = await storeError(run.store().list(undefined));
  assert.equal(error.kind, 'auth');
  assert.match(error.message, /GITEA_TOKEN is not set/);
  assert.deepEqual(run.requests(), []);
});

test('an unknown repository is a config error that says what to fix', async () => {
  const run = await setup();
  const error = await storeError(run.store({ repo: 'acme/nope' }).list(undefined));
  assert.equal(error.kind, 'config');
  assert.match(error.message, /answered 404/);
  assert.match(error.message, /repository acme\/nope/);
  assert.match(error.message, /`repo: acme\/nope`/);
  const put = run.store({ repo: 'acme/nope' }).put!(
    'X',
    SecretValue.load(SECRET_VALUES[0]!, run.ctx.redactor),
    undefined,
  );
  assert.equal((await storeError(put)).kind, 'config');
});

test('a listing that keeps failing with 500 is unreachable, after the retries', async () => {
  const faults: FaultWorld[] = [
    { vendor: 'gitea', method: 'GET', path: '/repos/{owner}/{repo}/actions/secrets', status: 500 },
  ];
  const run = await setup({ faults });
  const error = await storeError(run.store().list(undefined));
  assert.equal(error.kind, 'unreachable');
  assert.match(error.message, /answered 500\b.*after 3 attempts/);
  assert.equal(run.requests().length, 3);
  assertNothingLeaked(run);
});

test('one 500 is retried and the listing completes', async () => {
  const faults: FaultWorld[] = [
    {
      vendor: 'gitea',
      path: '/repos/{owner}/{repo}/actions/secrets',
      query: { page: '2' },
      status: 502,
      times: 1,
    },
  ];
  const run = await setup({ faults });
  const listing = await run.store({ repo: 'acme/big' }).list(undefined);
  assert.equal(listing.entries.size, 120);
  assert.equal(run.requests().length, 4);
});

test('a connection reset is unreachable', async () => {
  const faults: FaultWorld[] = [{ vendor: 'gitea', path: '*', reset: true }];
  const run = await setup({ faults });
  const error = await storeError(run.store().list(undefined));
  assert.equal(error.kind, 'unreachable');
  assert.ok(error.cause instanceof Error);
});

test('a server that is not Gitea is a config error', async () => {
  const faults: FaultWorld[] = [
    { vendor: 'gitea', path: '*', status: 200, body: { hello: 'this is not gitea' } },
  ];
  const run = await setup({ faults });
  const error = await storeError(run.store().list(undefined));
  assert.equal(error.kind, 'config');
  assert.match(error.message, /not a Gitea secret list/);
});
