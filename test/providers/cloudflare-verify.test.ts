/**
 * One test per verdict class of `verifyCloudflareToken`, over real sockets against the
 * simulated Cloudflare. Every test also checks that verification changed nothing there.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createContext } from '../../src/core/context.js';
import { memorySink } from '../../src/core/log.js';
import type { CloudflareVerifyConfig } from '../../src/core/manifest/schema.js';
import { SecretValue } from '../../src/core/secret.js';
import {
  CloudflareVerdictCache,
  verifyCloudflareToken,
  type TokenVerdict,
} from '../../src/providers/cloudflare/verify.js';
import type { Simulators } from '../../src/sim/index.js';
import type { World } from '../../src/sim/world.js';
import {
  ACCOUNT,
  accountValue,
  cloudflareRequests,
  countRequests,
  testContext,
  token,
  userValue,
  verifyConfig,
  withSimulators,
  world,
  ZONE,
  ZONE_NAME,
} from './cloudflare-fixtures.js';

const ALL_DNS: CloudflareVerifyConfig['needs'] = ['zone:read', 'dns:read', 'dns:edit'];

interface Checked {
  verdict: TokenVerdict;
  requests: string[];
  sims: Simulators;
}

/** Verifies `value` against `world`, and asserts that nothing changed at Cloudflare. */
async function check(
  setup: World,
  value: string,
  config: Partial<CloudflareVerifyConfig>,
  env: Record<string, string> = {},
): Promise<Checked> {
  return withSimulators(setup, async (sims) => {
    const ctx = testContext(sims, env);
    const before = sims.snapshot().cloudflare;
    const verdict = await verifyCloudflareToken({
      credential: 'CF_API_TOKEN',
      copy: 'env',
      value: SecretValue.load(value, ctx.redactor),
      config: verifyConfig(config),
      ctx,
    });
    assert.deepEqual(sims.snapshot().cloudflare, before, 'verification changed the world');
    return { verdict, requests: cloudflareRequests(sims), sims };
  });
}

function classes(verdict: TokenVerdict): string[] {
  return verdict.findings.map((item) => item.class);
}

test('healthy: every need proven, one request per right (a zone name: find, read)', async () => {
  const value = userValue('healthy');
  const setup = world([
    token(value, {
      accounts: { [ACCOUNT]: ['tunnel:read', 'tunnel:edit'] },
      user: ['api_tokens:read'],
    }),
  ]);
  const { verdict, requests } = await check(setup, value, {
    zone: ZONE_NAME,
    accountId: ACCOUNT,
    needs: [...ALL_DNS, 'tunnel:read', 'tunnel:edit'],
    expiresWithin: '14d',
  });
  assert.deepEqual(verdict.findings, []);
  assert.equal(verdict.healthy, true);
  assert.equal(verdict.owner, 'user');
  assert.deepEqual(verdict.zone, { id: ZONE, name: ZONE_NAME, accountId: ACCOUNT, plan: 'free' });
  assert.deepEqual([...verdict.proven].sort(), [
    'dns:edit',
    'dns:read',
    'tunnel:edit',
    'tunnel:read',
    'zone:read',
  ]);
  assert.deepEqual(
    requests.map((line) => line.replace(/\?.*$/, '')),
    [
      'GET /user/tokens/verify',
      'GET /zones',
      `GET /zones/${ZONE}`,
      `GET /zones/${ZONE}/dns_records`,
      `POST /zones/${ZONE}/dns_records/batch`,
      `GET /accounts/${ACCOUNT}/cfd_tunnel`,
      `GET /user/tokens/${token(value).id}`,
    ],
  );
});

test('token-invalid: a token Cloudflare does not know', async () => {
  const known = userValue('known');
  const { verdict, requests } = await check(world([token(known)]), userValue('revoked'), {
    zone: ZONE_NAME,
    needs: ALL_DNS,
  });
  assert.deepEqual(classes(verdict), ['token-invalid']);
  assert.equal(verdict.healthy, false);
  assert.deepEqual(
    requests.map((line) => line.replace(/\?.*$/, '')),
    ['GET /user/tokens/verify', 'GET /zones'],
    'the zone read that could name an owning account is refused too',
  );
  const [only] = verdict.findings;
  assert.equal(only?.store, 'cloudflare');
  assert.equal(only?.copy, 'env');
  assert.equal(only?.credential, 'CF_API_TOKEN');
  assert.match(only?.message ?? '', /job's environment/);
  assert.match(only?.message ?? '', /401 \(code 1000\)/);
});

test('token-invalid: unknown at both endpoints when the account can be asked', async () => {
  const { verdict, requests } = await check(world([]), accountValue('gone'), {
    owner: 'auto',
    accountId: ACCOUNT,
  });
  assert.deepEqual(classes(verdict), ['token-invalid']);
  assert.deepEqual(requests, [`GET /accounts/${ACCOUNT}/tokens/verify`, 'GET /user/tokens/verify']);
});

test('token-invalid: a value with a trailing newline is refused without a request', async () => {
  const { verdict, requests } = await check(world([]), `${userValue('x')}\n`, {});
  assert.deepEqual(classes(verdict), ['token-invalid']);
  assert.deepEqual(requests, []);
});

test('token-wrong-owner: an account token where the manifest says user', async () => {
  const value = accountValue('account-owned');
  const setup = world([token(value, { owner: { account: ACCOUNT } })]);
  const { verdict, requests } = await check(setup, value, {
    owner: 'user',
    accountId: ACCOUNT,
    zone: ZONE_NAME,
    needs: ALL_DNS,
  });
  assert.deepEqual(classes(verdict), ['token-wrong-owner']);
  assert.deepEqual(requests, ['GET /user/tokens/verify', `GET /accounts/${ACCOUNT}/tokens/verify`]);
});

test('token-wrong-owner: a user token where the manifest says account', async () => {
  const value = userValue('user-owned');
  const { verdict, requests } = await check(world([token(value)]), value, {
    owner: 'account',
    accountId: ACCOUNT,
  });
  assert.deepEqual(classes(verdict), ['token-wrong-owner']);
  assert.deepEqual(requests, [`GET /accounts/${ACCOUNT}/tokens/verify`, 'GET /user/tokens/verify']);
});

test('token-wrong-owner: a cfat_ token, owner user and no accountId, from its prefix', async () => {
  const value = accountValue('prefix');
  const setup = world([token(value, { owner: { account: ACCOUNT } })]);
  const { verdict, requests } = await check(setup, value, { owner: 'user' });
  assert.deepEqual(classes(verdict), ['token-wrong-owner']);
  assert.match(verdict.findings[0]?.fix ?? '', /accountId/);
  assert.deepEqual(requests, []);
});

test('owner auto: an account token is asked at the account endpoint first', async () => {
  const value = accountValue('auto');
  const setup = world([token(value, { owner: { account: ACCOUNT } })]);
  const { verdict, requests } = await check(setup, value, {
    owner: 'auto',
    accountId: ACCOUNT,
    zone: ZONE_NAME,
    needs: ['zone:read'],
  });
  assert.deepEqual(verdict.findings, []);
  assert.equal(verdict.owner, 'account');
  assert.deepEqual(requests.slice(0, 1), [`GET /accounts/${ACCOUNT}/tokens/verify`]);
});

test('owner account without accountId: said as a finding, not guessed', async () => {
  const value = accountValue('no-account-id');
  const setup = world([token(value, { owner: { account: ACCOUNT } })]);
  const { verdict } = await check(setup, value, { owner: 'account' });
  assert.deepEqual(classes(verdict), ['unverified']);
  assert.match(verdict.findings[0]?.fix ?? '', /accountId/);
  assert.equal(verdict.healthy, false);
});

test('token-disabled stops before any zone check', async () => {
  const value = userValue('disabled');
  const setup = world([token(value, { status: 'disabled' })]);
  const { verdict, requests } = await check(setup, value, { zone: ZONE_NAME, needs: ALL_DNS });
  assert.deepEqual(classes(verdict), ['token-disabled']);
  assert.equal(requests.length, 1);
});

test('token-expired, and not token-expiring, when expires_on is past', async () => {
  const value = userValue('expired');
  const past = new Date(Date.now() - 10 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const setup = world([token(value, { expires_on: past })]);
  const { verdict, requests } = await check(setup, value, {
    zone: ZONE_NAME,
    needs: ALL_DNS,
    expiresWithin: '14d',
  });
  assert.deepEqual(classes(verdict), ['token-expired']);
  assert.equal(verdict.expiresOn, past);
  assert.equal(requests.length, 1);
});

test('token-not-yet-valid', async () => {
  const value = userValue('later');
  const later = new Date(Date.now() + 5 * 86_400_000).toISOString();
  const setup = world([token(value, { not_before: later })]);
  const { verdict } = await check(setup, value, { zone: ZONE_NAME, needs: ALL_DNS });
  assert.deepEqual(classes(verdict), ['token-not-yet-valid']);
  assert.equal(verdict.healthy, false);
});

test('token-expiring is a warning: the token is still healthy', async () => {
  const value = userValue('expiring');
  const soon = new Date(Date.now() + 5 * 86_400_000).toISOString();
  const setup = world([token(value, { expires_on: soon })]);
  const { verdict } = await check(setup, value, {
    zone: ZONE_NAME,
    needs: ALL_DNS,
    expiresWithin: '14d',
  });
  assert.deepEqual(classes(verdict), ['token-expiring']);
  assert.equal(verdict.findings[0]?.severity, 'warning');
  assert.equal(verdict.healthy, true);
  assert.deepEqual(verdict.proven, ALL_DNS);
});

test('global-key-as-token: prefixed and legacy keys, without asking', async () => {
  for (const key of ['cfk_0123456789abcdef0123456789abcdef0123', 'f'.repeat(37)]) {
    const { verdict, requests } = await check(world([]), key, { zone: ZONE_NAME });
    assert.deepEqual(classes(verdict), ['global-key-as-token']);
    assert.deepEqual(requests, []);
  }
});

test('global-key-as-token: a 40-hex value unknown as a token', async () => {
  const { verdict, requests } = await check(world([]), 'a1'.repeat(20), {});
  assert.deepEqual(classes(verdict), ['global-key-as-token']);
  assert.deepEqual(requests, ['GET /user/tokens/verify']);
});

test('zone-not-found: a zone id outside the token (403 9109)', async () => {
  const value = userValue('other-zone');
  const setup = world([token(value, { zones: { 'example.net': ['zone:read', 'dns:read'] } })]);
  const { verdict, requests } = await check(setup, value, { zone: ZONE, needs: ALL_DNS });
  assert.deepEqual(classes(verdict), ['zone-not-found']);
  assert.match(verdict.findings[0]?.message ?? '', /9109/);
  assert.deepEqual(requests, ['GET /user/tokens/verify', `GET /zones/${ZONE}`]);
});

test('zone-not-found: a zone name the listing does not show', async () => {
  const value = userValue('other-zone-name');
  const setup = world([token(value, { zones: { 'example.net': ['zone:read', 'dns:read'] } })]);
  const { verdict, requests } = await check(setup, value, { zone: ZONE_NAME, needs: ALL_DNS });
  assert.deepEqual(classes(verdict), ['zone-not-found']);
  assert.equal(requests.length, 2);
});

test('permission-missing: dns:read', async () => {
  const value = userValue('zone-only');
  const setup = world([token(value, { zones: { [ZONE_NAME]: ['zone:read'] } })]);
  const { verdict } = await check(setup, value, {
    zone: ZONE_NAME,
    needs: ['zone:read', 'dns:read'],
  });
  assert.deepEqual(classes(verdict), ['permission-missing']);
  assert.match(verdict.findings[0]?.message ?? '', /dns:read.*403 \(code 10000\)/);
  assert.deepEqual(verdict.proven, ['zone:read']);
});

test('permission-missing: dns:edit, proven by an empty batch that changes nothing', async () => {
  const value = userValue('read-only');
  const setup = world([token(value, { zones: { [ZONE_NAME]: ['zone:read', 'dns:read'] } })]);
  const { verdict, sims } = await check(setup, value, { zone: ZONE_NAME, needs: ALL_DNS });
  assert.deepEqual(classes(verdict), ['permission-missing']);
  assert.match(verdict.findings[0]?.message ?? '', /dns:edit/);
  assert.deepEqual(verdict.proven, ['zone:read', 'dns:read']);
  assert.equal(countRequests(sims, 'POST', /\/dns_records\/batch$/), 1);
  assert.equal(countRequests(sims, 'DELETE', /./), 0);
});

test('tunnel:edit cannot be proven without api_tokens:read: a warning, not a guess', async () => {
  const value = userValue('tunnels');
  const setup = world([token(value, { accounts: { [ACCOUNT]: ['tunnel:edit'] } })]);
  const { verdict } = await check(setup, value, {
    accountId: ACCOUNT,
    needs: ['tunnel:read', 'tunnel:edit'],
  });
  assert.deepEqual(classes(verdict), ['unverified']);
  assert.equal(verdict.findings[0]?.severity, 'warning');
  assert.equal(verdict.healthy, true);
  assert.deepEqual(verdict.proven, ['tunnel:read']);
});

test('tunnel:edit missing, read from the policies the token may read', async () => {
  const value = userValue('tunnel-read-only');
  const setup = world([
    token(value, { accounts: { [ACCOUNT]: ['tunnel:read'] }, user: ['api_tokens:read'] }),
  ]);
  const { verdict } = await check(setup, value, { accountId: ACCOUNT, needs: ['tunnel:edit'] });
  assert.deepEqual(classes(verdict), ['permission-missing']);
  assert.match(verdict.findings[0]?.message ?? '', /tunnel:edit/);
});

test('vendor-unreachable: verify answers 503 through every retry', async () => {
  const value = userValue('down');
  const setup = world([token(value)], {
    faults: [{ vendor: 'cloudflare', path: '/user/tokens/verify', status: 503 }],
  });
  const { verdict, requests } = await check(setup, value, {}, { TEND_HTTP_RETRIES: '2' });
  assert.deepEqual(classes(verdict), ['vendor-unreachable']);
  assert.equal(verdict.healthy, false);
  assert.equal(requests.length, 3);
});

test('vendor-unreachable: the connection is reset', async () => {
  const value = userValue('reset');
  const setup = world([token(value)], {
    faults: [{ vendor: 'cloudflare', path: '/user/tokens/verify', reset: true }],
  });
  const { verdict } = await check(setup, value, {}, { TEND_HTTP_RETRIES: '1' });
  assert.deepEqual(classes(verdict), ['vendor-unreachable']);
  assert.equal(verdict.healthy, false);
});

test('an unrecognised answer is unverified, with its status and codes', async () => {
  const value = userValue('odd');
  const errors = [{ code: 9999, message: 'odd' }];
  const body = { success: false, errors, messages: [], result: null };
  const setup = world([token(value)], {
    faults: [{ vendor: 'cloudflare', path: '/user/tokens/verify', status: 418, body }],
  });
  const { verdict } = await check(setup, value, {});
  assert.deepEqual(classes(verdict), ['unverified']);
  assert.match(verdict.findings[0]?.message ?? '', /418 \(code 9999\)/);
  assert.equal(verdict.healthy, false);
});

test('an answer that does not match the API description is unverified, not healthy', async () => {
  const value = userValue('broken');
  const setup = world([token(value)], {
    faults: [{ vendor: 'cloudflare', path: '/user/tokens/verify', status: 200, body: { ok: 1 } }],
  });
  const { verdict } = await check(setup, value, {});
  assert.deepEqual(classes(verdict), ['unverified']);
  assert.match(verdict.findings[0]?.message ?? '', /GET http:\/\/127\.0\.0\.1:\d+\/client\/v4/);
});

test('the cache asks once for a value judged as two copies', async () => {
  const value = userValue('twice');
  await withSimulators(world([token(value, { status: 'disabled' })]), async (sims) => {
    const ctx = testContext(sims);
    const cache = new CloudflareVerdictCache(ctx);
    const config = verifyConfig({ zone: ZONE_NAME, needs: ALL_DNS });
    const judge = (copy: string) =>
      verifyCloudflareToken({
        credential: 'CF_API_TOKEN',
        copy,
        value: SecretValue.load(value, ctx.redactor),
        config,
        ctx,
        cache,
      });
    const [source, env] = await Promise.all([judge('source'), judge('env')]);
    assert.equal(cloudflareRequests(sims).length, 1);
    assert.equal(source.findings[0]?.copy, 'source');
    assert.match(source.findings[0]?.message ?? '', /^The value in the source:/);
    assert.equal(env.findings[0]?.copy, 'env');
    assert.match(env.findings[0]?.message ?? '', /^The value in the job's environment:/);
  });
});

test('no finding or --debug trace shows the token value', async () => {
  const value = userValue('never-shown');
  const setup = world([token(value, { zones: { [ZONE_NAME]: ['zone:read'] } })]);
  await withSimulators(setup, async (sims) => {
    const stderr = memorySink();
    const ctx = createContext({
      env: { TEND_CLOUDFLARE_API_URL: sims.urls.cloudflare },
      debug: true,
      stdout: memorySink(),
      stderr,
    });
    const verdict = await verifyCloudflareToken({
      credential: 'CF_API_TOKEN',
      copy: 'source',
      value: SecretValue.load(value, ctx.redactor),
      config: verifyConfig({ zone: ZONE_NAME, needs: ALL_DNS }),
      ctx,
    });
    assert.deepEqual(classes(verdict), ['permission-missing', 'permission-missing']);
    assert.match(stderr.text(), /cloudflare ← POST .*\/dns_records\/batch 403 codes=10000/);
    for (const text of [JSON.stringify(verdict), stderr.text()]) {
      assert.ok(!text.includes(value));
      assert.ok(!text.includes(Buffer.from(value).toString('base64').slice(0, 20)));
    }
  });
});

test('permission-missing: zone:read on a zone given by name that the token names', async () => {
  const value = userValue('dns-without-zone-read');
  const setup = world([token(value, { zones: { [ZONE_NAME]: ['dns:read', 'dns:edit'] } })]);
  const { verdict } = await check(setup, value, { zone: ZONE_NAME, needs: ALL_DNS });
  assert.deepEqual(classes(verdict), ['permission-missing']);
  assert.match(verdict.findings[0]?.message ?? '', /zone:read/);
  assert.deepEqual([...verdict.proven].sort(), ['dns:edit', 'dns:read']);
});

test('token-wrong-owner without accountId: the zone names the account to ask', async () => {
  const value = 'Lg0nAcc0untT0kenWith0utPrefix0123456789x';
  const setup = world([
    token(value, { owner: { account: ACCOUNT }, zones: { [ZONE_NAME]: ['zone:read'] } }),
  ]);
  const { verdict, requests } = await check(setup, value, {
    owner: 'user',
    zone: ZONE_NAME,
    needs: ['zone:read'],
  });
  assert.deepEqual(classes(verdict), ['token-wrong-owner']);
  assert.ok(requests.includes(`GET /accounts/${ACCOUNT}/tokens/verify`), requests.join(', '));
});
