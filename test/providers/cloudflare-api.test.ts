/**
 * The thin API client against the simulated Cloudflare: whole answers for every status
 * the vendor judges, a VendorError only when no judgeable answer came.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VendorError } from '../../src/core/errors.js';
import { SecretValue } from '../../src/core/secret.js';
import { CloudflareApi, errorCodes } from '../../src/providers/cloudflare/api.js';
import type { World } from '../../src/sim/world.js';
import {
  ACCOUNT,
  apiFor,
  hex,
  testContext,
  token,
  userValue,
  withSimulators,
  world,
  zone,
  ZONE,
  ZONE_NAME,
} from './cloudflare-fixtures.js';

const VALUE = userValue('api');
const TUNNEL = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const GLOBAL_KEY = 'e'.repeat(37);

function tunnelWorld(): World {
  const base = world([
    token(VALUE, {
      accounts: { [ACCOUNT]: ['tunnel:read', 'tunnel:edit'] },
      user: ['api_tokens:read'],
    }),
  ]);
  const cloudflare = base.cloudflare ?? {};
  cloudflare.tunnels = [
    { id: TUNNEL, account: ACCOUNT, name: 'ws-17', status: 'healthy', connections: 2 },
  ];
  cloudflare.globalKeys = [{ email: 'ops@example.com', key: GLOBAL_KEY }];
  return base;
}

test('records: usage, export as BIND text, create', async () => {
  await withSimulators(world([token(VALUE)], { zone: zone(3) }), async (sims) => {
    const api = apiFor(sims, testContext(sims), VALUE);
    const usage = await api.getRecordsUsage(ZONE);
    assert.ok(usage.success);
    assert.deepEqual(
      { used: usage.result.record_usage, quota: usage.result.record_quota },
      { used: 3, quota: 200 },
    );
    const bind = await api.exportRecords(ZONE);
    assert.ok(bind.success);
    assert.match(bind.result, /ws-1\.example\.com\.\s+\d+\s+IN\s+A\s+192\.0\.2\.1/);
    const created = await api.createRecord(ZONE, {
      type: 'TXT',
      name: `note.${ZONE_NAME}`,
      content: '"hello"',
      ttl: 1,
      comment: 'tend owner=7',
    });
    assert.ok(created.success);
    assert.equal(created.result.comment, 'tend owner=7');
  });
});

test('a refusal is returned whole: status, success false, every code', async () => {
  const readOnly = token(VALUE, { zones: { [ZONE_NAME]: ['zone:read', 'dns:read'] } });
  await withSimulators(world([readOnly]), async (sims) => {
    const api = apiFor(sims, testContext(sims), VALUE);
    const answer = await api.deleteRecord(ZONE, hex('record 0'));
    assert.equal(answer.success, false);
    assert.equal(answer.status, 403);
    assert.deepEqual(errorCodes(answer), [10000]);
    assert.equal(answer.request, `DELETE /zones/${ZONE}/dns_records/${hex('record 0')}`);
  });
});

test('tunnels: list without deleted ones, connections, clean-up, delete', async () => {
  await withSimulators(tunnelWorld(), async (sims) => {
    const api = apiFor(sims, testContext(sims), VALUE);
    const listed = await api.listTunnels(ACCOUNT, { page: 1, perPage: 50 });
    assert.ok(listed.success);
    assert.deepEqual(
      listed.result.map((tunnel) => tunnel.name),
      ['ws-17'],
    );
    assert.equal(listed.resultInfo?.total_count, 1);
    const refused = await api.deleteTunnel(ACCOUNT, TUNNEL);
    assert.deepEqual([refused.status, errorCodes(refused)], [400, [1022]]);
    const connections = await api.listTunnelConnections(ACCOUNT, TUNNEL);
    assert.ok(connections.success);
    assert.ok(connections.result.length > 0);
    assert.ok((await api.deleteTunnelConnections(ACCOUNT, TUNNEL)).success);
    assert.ok((await api.deleteTunnel(ACCOUNT, TUNNEL)).success);
    const gone = await api.getTunnel(ACCOUNT, TUNNEL);
    assert.ok(gone.success && gone.result.deleted_at);
    const after = await api.listTunnels(ACCOUNT, { page: 1, perPage: 50 });
    assert.deepEqual(after.success && after.result, []);
  });
});

test('token details carry the policies', async () => {
  await withSimulators(tunnelWorld(), async (sims) => {
    const api = apiFor(sims, testContext(sims), VALUE);
    const details = await api.getUserToken(token(VALUE).id);
    assert.ok(details.success);
    const groups = details.result.policies.flatMap((policy) =>
      policy.permission_groups.map((group) => group.name),
    );
    assert.ok(groups.includes('Cloudflare Tunnel Write'));
  });
});

test('a Global API Key authenticates with X-Auth-Email and X-Auth-Key', async () => {
  await withSimulators(tunnelWorld(), async (sims) => {
    const ctx = testContext(sims);
    const key = SecretValue.load(GLOBAL_KEY, ctx.redactor);
    const api = new CloudflareApi({
      baseUrl: sims.urls.cloudflare,
      auth: { kind: 'global-key', email: 'ops@example.com', key },
      ctx,
    });
    const zones = await api.listZones({ name: ZONE_NAME, page: 1, perPage: 50 });
    assert.ok(zones.success);
    assert.deepEqual(
      zones.result.map((item) => item.id),
      [ZONE],
    );
  });
});

test('5xx after retries and a body off the API description are VendorErrors', async () => {
  const setup = world([token(VALUE)], {
    faults: [
      { vendor: 'cloudflare', path: '/zones/{id}/dns_records/usage', status: 502 },
      { vendor: 'cloudflare', path: '/zones/{id}', status: 200, body: { hello: 'world' } },
    ],
  });
  await withSimulators(setup, async (sims) => {
    const api = apiFor(sims, testContext(sims, { TEND_HTTP_RETRIES: '1' }), VALUE);
    await assert.rejects(api.getRecordsUsage(ZONE), (error: unknown) => {
      assert.ok(error instanceof VendorError);
      assert.equal(error.status, 502);
      assert.ok(error.unreachable);
      return true;
    });
    await assert.rejects(api.getZone(ZONE), (error: unknown) => {
      assert.ok(error instanceof VendorError);
      assert.equal(error.unreachable, false);
      assert.match(error.message, new RegExp(`GET ${sims.urls.cloudflare}/zones/${ZONE}`));
      assert.match(error.message, /does not match the API description/);
      return true;
    });
    assert.ok(!String(api.baseUrl).includes(VALUE));
  });
});
