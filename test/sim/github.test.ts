import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSimulators, type Simulators } from '../../src/sim/index.js';
import type { World } from '../../src/sim/world.js';
import { call } from './gitea-http.js';
import { sealTo } from './github-sealing.js';

const TOKEN = 'ghp_simulatedTokenForTests0123456789';
const NOW = '2026-05-01T12:00:00Z';

function world(): World {
  const many = Array.from({ length: 120 }, (_, i) => ({
    name: `SECRET_${String(i).padStart(3, '0')}`,
    value: `value-number-${i}`,
    created_at: '2026-01-02T03:04:05Z',
  }));
  return {
    now: NOW,
    github: {
      tokens: [{ value: TOKEN, user: 'octo-bot' }],
      repos: [
        {
          owner: 'acme',
          name: 'core',
          secrets: [{ name: 'OLD', value: 'old-value', created_at: '2025-12-01T00:00:00Z' }],
          environments: [{ name: 'production', secrets: [] }],
        },
        { owner: 'acme', name: 'big', secrets: many },
      ],
      orgs: [{ name: 'acme', secrets: [{ name: 'ORG_WIDE', value: 'org-value' }] }],
    },
  };
}

interface Stored {
  name: string;
  value: string;
  created_at: string;
  updated_at: string;
  visibility?: string;
}
interface Snapshot {
  repos: { name: string; secrets: Stored[]; environments: { name: string; secrets: Stored[] }[] }[];
  orgs: { name: string; secrets: Stored[] }[];
}

describe('simulated GitHub', () => {
  let sims: Simulators;
  let root: string;
  const auth = `Bearer ${TOKEN}`;
  const snapshot = () => sims.snapshot().github as Snapshot;
  const keyOf = async (scope: string) => {
    const answer = await call(`${root}${scope}/secrets/public-key`, { auth });
    return answer.body as { key_id: string; key: string };
  };
  const put = async (scope: string, name: string, value: string, extra: object = {}) => {
    const key = await keyOf(scope);
    const json = { encrypted_value: await sealTo(key.key, value), key_id: key.key_id, ...extra };
    return call(`${root}${scope}/secrets/${name}`, { method: 'PUT', auth, json });
  };

  before(async () => {
    sims = await startSimulators(world());
    root = sims.urls.github;
  });
  after(() => sims.stop());

  test('accepts Bearer and token; refuses a missing or unknown token with 401', async () => {
    for (const header of [`Bearer ${TOKEN}`, `token ${TOKEN}`]) {
      const answer = await call(`${root}/repos/acme/core/actions/secrets`, { auth: header });
      assert.equal(answer.status, 200, header);
    }
    const missing = await call(`${root}/repos/acme/core/actions/secrets`);
    assert.equal(missing.status, 401);
    assert.equal((missing.body as { message: string }).message, 'Requires authentication');
    const wrong = await call(`${root}/repos/acme/core/actions/secrets`, { auth: 'Bearer nope' });
    assert.equal((wrong.body as { message: string }).message, 'Bad credentials');
  });

  test('lists 30 a page by default, at most 100, with total_count and Link', async () => {
    const first = await call(`${root}/repos/acme/big/actions/secrets`, { auth });
    const body = first.body as { total_count: number; secrets: Stored[] };
    assert.equal(body.total_count, 120);
    assert.equal(body.secrets.length, 30);
    const fields = Object.keys(body.secrets[0] ?? {}).sort();
    assert.deepEqual(fields, ['created_at', 'name', 'updated_at']);
    assert.match(first.headers.get('link') ?? '', /per_page=30&page=2>; rel="next"/);
    assert.match(first.headers.get('link') ?? '', /page=4>; rel="last"/);
    const wide = await call(`${root}/repos/acme/big/actions/secrets?per_page=500&page=2`, { auth });
    const second = wide.body as { secrets: Stored[] };
    assert.equal(second.secrets.length, 20);
    assert.equal(second.secrets[0]?.name, 'SECRET_100');
    assert.ok(!JSON.stringify([first.body, wide.body]).includes('value-number-'));
  });

  test('hands out one real Curve25519 public key per scope', async () => {
    const repo = await keyOf('/repos/acme/core/actions');
    const again = await keyOf('/repos/acme/core/actions');
    const org = await keyOf('/orgs/acme/actions');
    assert.equal(Buffer.from(repo.key, 'base64').length, 32);
    assert.match(repo.key_id, /^\d+$/);
    assert.deepEqual(again, repo);
    assert.notEqual(org.key, repo.key);
  });

  test('opens a sealed PUT: 201, then 204 with a new updated_at', async () => {
    const created = await put('/repos/acme/core/actions', 'deploy_token', 'first value ✓');
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, {});
    const updated = await put('/repos/acme/core/actions', 'OLD', 'new value');
    assert.equal(updated.status, 204);
    const secrets = snapshot().repos.find((r) => r.name === 'core')?.secrets ?? [];
    assert.deepEqual(
      secrets.map((s) => [s.name, s.value, s.created_at, s.updated_at]),
      [
        ['DEPLOY_TOKEN', 'first value ✓', NOW, NOW],
        ['OLD', 'new value', '2025-12-01T00:00:00Z', NOW],
      ],
    );
  });

  test('refuses with 422 what GitHub refuses', async () => {
    const scope = '/repos/acme/core/actions';
    const key = await keyOf(scope);
    const sealed = await sealTo(key.key, 'v');
    const send = (name: string, json: unknown) =>
      call(`${root}${scope}/secrets/${name}`, { method: 'PUT', auth, json });
    const refused = [
      await send('GOOD', { encrypted_value: sealed }),
      await send('GOOD', { encrypted_value: sealed, key_id: '1' }),
      await send('GOOD', { encrypted_value: 'not base64!', key_id: key.key_id }),
      await send('GOOD', { encrypted_value: 'c2VjcmV0', key_id: key.key_id }),
      await send('GITHUB_TOKEN', { encrypted_value: sealed, key_id: key.key_id }),
      await send('9LIVES', { encrypted_value: sealed, key_id: key.key_id }),
      await put(scope, 'HUGE', 'x'.repeat(48 * 1024 + 1)),
      await put('/orgs/acme/actions', 'NO_VISIBILITY', 'v'),
    ];
    assert.deepEqual(
      refused.map((a) => a.status),
      Array(refused.length).fill(422),
    );
    const names = snapshot().repos.flatMap((r) => r.secrets.map((s) => s.name));
    assert.ok(!names.includes('GOOD') && !names.includes('HUGE'));
  });

  test('organisation secrets carry visibility; environments must exist', async () => {
    const created = await put('/orgs/acme/actions', 'SHARED', 'org', { visibility: 'selected' });
    assert.equal(created.status, 201);
    const list = await call(`${root}/orgs/acme/actions/secrets`, { auth });
    const secrets = (list.body as { secrets: Record<string, string>[] }).secrets;
    assert.equal(secrets.find((s) => s.name === 'ORG_WIDE')?.visibility, 'all');
    const shared = secrets.find((s) => s.name === 'SHARED');
    assert.equal(shared?.visibility, 'selected');
    assert.match(shared?.selected_repositories_url ?? '', /\/orgs\/acme\/actions\/secrets\/SHARED/);
    const env = await put('/repos/acme/core/environments/Production', 'DB_URL', 'postgres://x');
    assert.equal(env.status, 201);
    const stored = snapshot().repos.find((r) => r.name === 'core')?.environments[0]?.secrets;
    assert.equal(stored?.[0]?.value, 'postgres://x');
    const none = await call(`${root}/repos/acme/core/environments/staging/secrets`, { auth });
    assert.equal(none.status, 404);
  });

  test('GET and DELETE one secret; unknown repositories are 404', async () => {
    const one = await call(`${root}/repos/acme/core/actions/secrets/old`, { auth });
    assert.equal((one.body as Stored).name, 'OLD');
    const del = (path: string) => call(`${root}${path}`, { method: 'DELETE', auth });
    assert.equal((await del('/orgs/acme/actions/secrets/ORG_WIDE')).status, 204);
    assert.equal((await del('/orgs/acme/actions/secrets/ORG_WIDE')).status, 404);
    assert.equal((await call(`${root}/repos/acme/none/actions/secrets`, { auth })).status, 404);
    const noKey = await call(`${root}/orgs/none/actions/secrets/public-key`, { auth });
    assert.equal(noKey.status, 404);
  });
});
