import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSimulators, type Simulators } from '../../src/sim/index.js';
import type { World } from '../../src/sim/world.js';
import { call } from './gitea-http.js';

const TOKEN = 'gitea-sim-token-0123456789abcdef';
const NOW = '2026-05-01T12:00:00Z';

function world(): World {
  const many = Array.from({ length: 120 }, (_, i) => ({
    name: `SECRET_${String(i).padStart(3, '0')}`,
    value: `value-number-${i}`,
    created_at: '2026-01-02T03:04:05Z',
  }));
  return {
    now: NOW,
    gitea: {
      version: '1.23.4',
      tokens: [{ value: TOKEN, user: 'ci-bot' }],
      repos: [
        {
          owner: 'acme',
          name: 'core',
          secrets: [
            { name: 'CF_API_TOKEN', value: 'cf-value-1', created_at: '2025-12-01T00:00:00Z' },
          ],
        },
        { owner: 'acme', name: 'big', secrets: many },
      ],
      orgs: [{ name: 'acme', secrets: [{ name: 'ORG_WIDE', value: 'org-value-1' }] }],
    },
  };
}

interface Snapshot {
  repos: { owner: string; name: string; secrets: Record<string, string>[] }[];
  orgs: { name: string; secrets: Record<string, string>[] }[];
}

describe('simulated Gitea', () => {
  let sims: Simulators;
  let api: string;
  const auth = `token ${TOKEN}`;
  const repoSecrets = (repo: string) =>
    (sims.snapshot().gitea as Snapshot).repos.find((r) => r.name === repo)?.secrets ?? [];

  before(async () => {
    sims = await startSimulators(world());
    api = `${sims.urls.gitea}/api/v1`;
  });
  after(() => sims.stop());

  test('accepts `token` and `bearer` in any case, refuses anything else with 401', async () => {
    for (const scheme of ['token', 'Bearer', 'TOKEN', 'bearer']) {
      const answer = await call(`${api}/user`, { auth: `${scheme} ${TOKEN}` });
      assert.equal(answer.status, 200, scheme);
      assert.equal((answer.body as { login: string }).login, 'ci-bot');
    }
    for (const header of [undefined, 'token wrong-token', `Basic ${TOKEN}`, TOKEN]) {
      const answer = await call(`${api}/repos/acme/core/actions/secrets`, {
        ...(header === undefined ? {} : { auth: header }),
      });
      assert.equal(answer.status, 401, String(header));
      assert.equal(typeof (answer.body as { message: unknown }).message, 'string');
    }
  });

  test('serves /version without a token, from the world', async () => {
    const answer = await call(`${api}/version`);
    assert.deepEqual(answer.body, { version: '1.23.4' });
  });

  test('pages secret listings 50 at most, with X-Total-Count, never with values', async () => {
    const first = await call(`${api}/repos/acme/big/actions/secrets`, { auth });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-total-count'), '120');
    assert.equal((first.body as unknown[]).length, 50);
    const third = await call(`${api}/repos/acme/big/actions/secrets?page=3&limit=50`, { auth });
    const names = (third.body as { name: string }[]).map((s) => s.name);
    assert.equal(names.length, 20);
    assert.equal(names[0], 'SECRET_100');
    const capped = await call(`${api}/repos/acme/big/actions/secrets?limit=500`, { auth });
    assert.equal((capped.body as unknown[]).length, 50);
    const small = await call(`${api}/repos/acme/big/actions/secrets?limit=10&page=2`, { auth });
    assert.deepEqual(
      (small.body as { name: string }[]).map((s) => s.name),
      Array.from({ length: 10 }, (_, i) => `SECRET_0${10 + i}`),
    );
    const past = await call(`${api}/repos/acme/big/actions/secrets?page=9`, { auth });
    assert.deepEqual(past.body, []);
    for (const answer of [first, third]) {
      assert.ok(!JSON.stringify(answer.body).includes('value-number-'));
      assert.deepEqual(Object.keys((answer.body as object[])[0] ?? {}).sort(), [
        'created_at',
        'description',
        'name',
      ]);
    }
  });

  test('PUT creates (201) then updates (204), upper-casing the name', async () => {
    const url = `${api}/repos/acme/core/actions/secrets/new_secret`;
    const created = await call(url, { method: 'PUT', auth, json: { data: 'first-value' } });
    assert.equal(created.status, 201);
    const updated = await call(url, { method: 'PUT', auth, json: { data: 'second-value' } });
    assert.equal(updated.status, 204);
    const stored = repoSecrets('core').find((s) => s.name === 'NEW_SECRET');
    assert.deepEqual(stored, {
      name: 'NEW_SECRET',
      value: 'second-value',
      created_at: NOW,
      updated_at: NOW,
    });
  });

  test('an update keeps created_at and moves updated_at', async () => {
    const url = `${api}/repos/acme/core/actions/secrets/CF_API_TOKEN`;
    const updated = await call(url, { method: 'PUT', auth, json: { data: 'cf-value-2' } });
    assert.equal(updated.status, 204);
    const stored = repoSecrets('core').find((s) => s.name === 'CF_API_TOKEN');
    assert.equal(stored?.value, 'cf-value-2');
    assert.equal(stored?.created_at, '2025-12-01T00:00:00Z');
    assert.equal(stored?.updated_at, NOW);
  });

  test('PUT refuses names and values Gitea refuses', async () => {
    const put = (name: string, json: unknown) =>
      call(`${api}/repos/acme/core/actions/secrets/${name}`, { method: 'PUT', auth, json });
    for (const name of ['1ABC', 'GITEA_X', 'github_token', 'A-B']) {
      assert.equal((await put(name, { data: 'x' })).status, 400, name);
    }
    assert.equal((await put('OK_NAME', {})).status, 422);
    assert.equal((await put('OK_NAME', { data: '' })).status, 422);
    assert.equal((await put('OK_NAME', { data: 'x'.repeat(65_537) })).status, 400);
    assert.equal((await put('OK_NAME', { data: 'x'.repeat(65_536) })).status, 201);
    assert.ok(!repoSecrets('core').some((s) => /^(GITEA_X|GITHUB_TOKEN|1ABC)$/.test(s.name ?? '')));
  });

  test('DELETE answers 204, then 404', async () => {
    const url = `${api}/orgs/acme/actions/secrets/org_wide`;
    assert.equal((await call(url, { method: 'DELETE', auth })).status, 204);
    assert.equal((await call(url, { method: 'DELETE', auth })).status, 404);
  });

  test('an unknown repository or organisation is 404; names are case-insensitive', async () => {
    const missing = [
      `${api}/repos/acme/nope/actions/secrets`,
      `${api}/orgs/nope/actions/secrets`,
      `${api}/repos/acme/nope`,
    ];
    for (const url of missing) assert.equal((await call(url, { auth })).status, 404, url);
    const put = await call(`${api}/repos/acme/nope/actions/secrets/X`, {
      method: 'PUT',
      auth,
      json: { data: 'x' },
    });
    assert.equal(put.status, 404);
    const repo = await call(`${api}/repos/ACME/Core`, { auth });
    assert.equal(repo.status, 200);
    assert.equal((repo.body as { full_name: string }).full_name, 'acme/core');
  });

  test('keeps Actions variables, which unlike secrets are readable', async () => {
    const base = `${api}/repos/acme/core/actions/variables`;
    const create = await call(`${base}/region`, { method: 'POST', auth, json: { value: 'eu' } });
    assert.equal(create.status, 201);
    const again = await call(`${base}/REGION`, { method: 'POST', auth, json: { value: 'us' } });
    assert.equal(again.status, 409);
    const update = await call(`${base}/REGION`, { method: 'PUT', auth, json: { value: 'us' } });
    assert.equal(update.status, 204);
    const one = await call(`${base}/region`, { auth });
    assert.equal((one.body as { data: string }).data, 'us');
    const list = await call(base, { auth });
    assert.equal(list.headers.get('x-total-count'), '1');
    assert.equal((await call(`${base}/REGION`, { method: 'DELETE', auth })).status, 204);
    assert.equal((await call(`${base}/REGION`, { auth })).status, 404);
  });

  test('logs every request relative to /api/v1', async () => {
    const before = sims.requests.length;
    await call(`${api}/repos/acme/core/actions/secrets?page=2`, { auth });
    const record = sims.requests.at(-1);
    assert.equal(sims.requests.length, before + 1);
    assert.deepEqual(
      { vendor: record?.vendor, path: record?.path, query: record?.query, status: record?.status },
      { vendor: 'gitea', path: '/repos/acme/core/actions/secrets', query: '?page=2', status: 200 },
    );
  });
});
