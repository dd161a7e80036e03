import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { createContext, type RunContext } from '../../src/core/context.js';
import { memorySink } from '../../src/core/log.js';
import { SecretValue } from '../../src/core/secret.js';
import { StoreError, type SecretStore } from '../../src/core/store.js';
import { createGithubStore } from '../../src/providers/github/store.js';
import type { GithubConfig } from '../../src/providers/github/target.js';
import { startSimulators, type Simulators } from '../../src/sim/index.js';
import type { FaultWorld, StoredSecretWorld } from '../../src/sim/world.js';

const TOKEN = 'ghp_testTokenValue0123456789abcdefABCDEF';
const PUSHED = ['github-pushed-one-1234', 'github-pushed-two-5678'];

const secrets = (count: number): StoredSecretWorld[] =>
  Array.from({ length: count }, (_, i) => ({
    name: `SECRET_${String(i).padStart(3, '0')}`,
    value: `seeded-${i}`,
    created_at: '2026-02-03T04:05:06Z',
    updated_at: '2026-03-04T05:06:07Z',
  }));

interface Setup {
  sims: Simulators;
  ctx: RunContext;
  written(): string;
  store(config?: Partial<GithubConfig>): SecretStore;
  requests(): string[];
  stored(): Stored;
}

interface Stored {
  repos: {
    name: string;
    secrets: StoredSecret[];
    environments: { name: string; secrets: StoredSecret[] }[];
  }[];
  orgs: { name: string; secrets: StoredSecret[] }[];
}
interface StoredSecret {
  name: string;
  value: string;
  visibility?: string;
}

let running: Simulators | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function setup(options: { faults?: FaultWorld[]; env?: Record<string, string> } = {}) {
  const sims = await startSimulators({
    github: {
      tokens: [{ value: TOKEN, user: 'octo-bot' }],
      repos: [
        { owner: 'acme', name: 'big', secrets: secrets(120) },
        {
          owner: 'acme',
          name: 'core',
          secrets: [],
          environments: [{ name: 'production', secrets: [] }],
        },
      ],
      orgs: [{ name: 'acme', secrets: [{ name: 'SHARED', value: 'seeded-shared' }] }],
    },
    faults: options.faults ?? [],
  });
  running = sims;
  const stdout = memorySink();
  const stderr = memorySink();
  const ctx = createContext({
    env: { GH_TOKEN: TOKEN, TEND_HTTP_BACKOFF_MS: '1', ...options.env },
    debug: true,
    stdout,
    stderr,
  });
  const baseDir = mkdtempSync(join(tmpdir(), 'tend-github-'));
  const setup: Setup = {
    sims,
    ctx,
    written: () => stdout.text() + stderr.text(),
    store: (config = {}) => {
      const base = { url: sims.urls.github, token: 'env:GH_TOKEN', repo: 'acme/core' };
      return createGithubStore('gh-core', { type: 'github', ...base, ...config }, ctx, baseDir);
    },
    requests: () =>
      sims.requests
        .filter((r) => r.vendor === 'github')
        .map((r) => `${r.method} ${r.path}${r.query}`),
    stored: () => sims.snapshot().github as Stored,
  };
  return setup;
}

function assertNothingLeaked(run: Setup): void {
  const text = run.written();
  for (const value of [TOKEN, ...PUSHED]) {
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

test('lists 120 secrets in 2 requests of 100, with both dates', async () => {
  const run = await setup();
  const store = run.store({ repo: 'acme/big' });
  const listing = await store.list(undefined);
  assert.equal(store.readable, false);
  assert.equal(listing.entries.size, 120);
  assert.deepEqual(run.requests(), [
    'GET /repos/acme/big/actions/secrets?per_page=100&page=1',
    'GET /repos/acme/big/actions/secrets?per_page=100&page=2',
  ]);
  assert.deepEqual(listing.entries.get('SECRET_007'), {
    name: 'SECRET_007',
    createdAt: '2026-02-03T04:05:06Z',
    updatedAt: '2026-03-04T05:06:07Z',
  });
  assertNothingLeaked(run);
});

test('put seals the value; GitHub opens it to exactly what was sent', async () => {
  const run = await setup();
  const store = run.store();
  const first = SecretValue.load(PUSHED[0]!, run.ctx.redactor);
  const second = SecretValue.load(PUSHED[1]!, run.ctx.redactor);
  assert.equal(await store.put!('deploy_token', first, undefined), 'created');
  assert.equal(await store.put!('DEPLOY_TOKEN', second, undefined), 'updated');
  assert.equal(await store.put!('OTHER', first, undefined), 'created');
  const core = run.stored().repos.find((r) => r.name === 'core')?.secrets ?? [];
  assert.deepEqual(
    core.map((s) => [s.name, s.value]),
    [
      ['DEPLOY_TOKEN', PUSHED[1]],
      ['OTHER', PUSHED[0]],
    ],
  );
  assert.deepEqual(run.requests(), [
    'GET /repos/acme/core/actions/secrets/public-key',
    'PUT /repos/acme/core/actions/secrets/DEPLOY_TOKEN',
    'PUT /repos/acme/core/actions/secrets/DEPLOY_TOKEN',
    'PUT /repos/acme/core/actions/secrets/OTHER',
  ]);
  assertNothingLeaked(run);
});

test('environment secrets live under the environment', async () => {
  const run = await setup();
  const store = run.store({ environment: 'production' });
  const value = SecretValue.load(PUSHED[0]!, run.ctx.redactor);
  assert.equal(await store.put!('DB_PASSWORD', value, undefined), 'created');
  assert.equal((await store.list(undefined)).entries.size, 1);
  const env = run.stored().repos.find((r) => r.name === 'core')?.environments[0];
  assert.deepEqual(
    env?.secrets.map((s) => [s.name, s.value]),
    [['DB_PASSWORD', PUSHED[0]]],
  );
  assert.ok(run.requests().every((r) => r.includes('/repos/acme/core/environments/production/')));
});

test('an organisation secret keeps its visibility; a new one is private', async () => {
  const run = await setup();
  const store = run.store({ repo: undefined, org: 'acme' });
  const value = SecretValue.load(PUSHED[0]!, run.ctx.redactor);
  assert.equal(await store.put!('SHARED', value, undefined), 'updated');
  assert.equal(await store.put!('FRESH', value, undefined), 'created');
  const org = run.stored().orgs[0]?.secrets ?? [];
  assert.deepEqual(
    org.map((s) => [s.name, s.visibility, s.value]),
    [
      ['FRESH', 'private', PUSHED[0]],
      ['SHARED', 'all', PUSHED[0]],
    ],
  );
  assert.equal((await store.list(undefined)).entries.size, 2);
});

test('put refuses names and values GitHub refuses, and sends nothing', async () => {
  const run = await setup();
  const store = run.store();
  const value = SecretValue.load(PUSHED[0]!, run.ctx.redactor);
  const cases: [string, SecretValue, RegExp][] = [
    ['GITHUB_TOKEN', value, /must not start with GITHUB_/],
    ['1PASSWORD', value, /must not start with a digit/],
    ['MY SECRET', value, /only letters, digits and _/],
    ['EMPTY', SecretValue.load('', run.ctx.redactor), /empty/],
  ];
  for (const [name, secret, rule] of cases) {
    const error = await storeError(store.put!(name, secret, undefined));
    assert.equal(error.kind, 'refused', name);
    assert.match(error.message, rule);
  }
  assert.deepEqual(run.requests(), []);
});

test('a refused token is an auth failure naming the reference, never the token', async () => {
  const run = await setup({ env: { GH_TOKEN: 'ghp_wrongTokenValue000000000000' } });
  const error = await storeError(run.store().list(undefined));
  assert.equal(error.kind, 'auth');
  assert.match(error.message, /GET http:\/\/127\.0\.0\.1:\d+\/repos\/acme\/core\/actions\/secrets/);
  assert.match(error.message, /answered 401 \(Bad credentials\)/);
  assert.match(error.message, /env:GH_TOKEN/);
  assert.ok(!error.message.includes('ghp_wrongTokenValue'));
  assertNothingLeaked(run);
});

test('an unknown repository is a config error; so is an environment without a repo', async () => {
  const run = await setup();
  const error = await storeError(run.store({ repo: 'acme/nope' }).list(undefined));
  assert.equal(error.kind, 'config');
  assert.match(error.message, /answered 404/);
  assert.match(error.message, /repository acme\/nope/);
  assert.throws(
    () => run.store({ repo: undefined, org: 'acme', environment: 'production' }),
    (thrown: unknown) => thrown instanceof StoreError && thrown.kind === 'config',
  );
});

test('5xx after retries and an exhausted rate limit are unreachable', async () => {
  const faults: FaultWorld[] = [
    { vendor: 'github', path: '/repos/{owner}/{repo}/actions/secrets', status: 503 },
    {
      vendor: 'github',
      path: '/orgs/{org}/actions/secrets',
      status: 403,
      headers: { 'x-ratelimit-remaining': '0' },
      body: { message: 'API rate limit exceeded' },
    },
  ];
  const run = await setup({ faults });
  const failed = await storeError(run.store().list(undefined));
  assert.equal(failed.kind, 'unreachable');
  assert.equal(run.requests().length, 3);
  const limited = await storeError(run.store({ repo: undefined, org: 'acme' }).list(undefined));
  assert.equal(limited.kind, 'unreachable');
  assert.match(limited.message, /rate-limiting/);
});

test('the public key is fetched again after a failed fetch', async () => {
  const faults: FaultWorld[] = [
    {
      vendor: 'github',
      path: '/repos/{owner}/{repo}/actions/secrets/public-key',
      status: 401,
      times: 1,
    },
  ];
  const run = await setup({ faults });
  const store = run.store();
  const value = SecretValue.load(PUSHED[0]!, run.ctx.redactor);
  assert.equal((await storeError(store.put!('A', value, undefined))).kind, 'auth');
  assert.equal(await store.put!('A', value, undefined), 'created');
});
