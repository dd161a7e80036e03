/**
 * The sweep's helpers over the simulated Cloudflare: complete listings or a typed error,
 * and deletion in batches with single-delete fallback and a clean stop under 429.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VendorError } from '../../src/core/errors.js';
import {
  deleteRecordsInBatches,
  listAllRecords,
  listAllTunnels,
  ListingIncompleteError,
  resolveZone,
} from '../../src/providers/cloudflare/records.js';
import type { CfZoneWorld } from '../../src/sim/world.js';
import {
  ACCOUNT,
  apiFor,
  countRequests,
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

const VALUE = userValue('sweeper');
const RECORDS = /^\/zones\/[0-9a-f]+\/dns_records$/;
const BATCH = /^\/zones\/[0-9a-f]+\/dns_records\/batch$/;
const SINGLE = /^\/zones\/[0-9a-f]+\/dns_records\/[0-9a-f]+$/;

function remainingIds(snapshot: unknown): string[] {
  const zones = (snapshot as { zones: CfZoneWorld[] }).zones;
  const found = zones.find((candidate) => candidate.id === ZONE);
  return (found?.records ?? []).map((item) => item.id);
}

test('resolveZone finds a zone by name or id, with its account and plan', async () => {
  await withSimulators(world([token(VALUE)]), async (sims) => {
    const api = apiFor(sims, testContext(sims), VALUE);
    const expected = { id: ZONE, name: ZONE_NAME, accountId: ACCOUNT, plan: 'free' };
    assert.deepEqual(await resolveZone(api, 'Example.COM.'), { found: true, zone: expected });
    assert.deepEqual(await resolveZone(api, ZONE), { found: true, zone: expected });
    const hidden = await resolveZone(api, 'example.org');
    assert.equal(hidden.found, false);
    assert.equal(hidden.found ? '' : hidden.reason, 'not-visible');
  });
});

test('listAllRecords reads a 200-record zone in one request', async () => {
  await withSimulators(world([token(VALUE)], { zone: zone(200) }), async (sims) => {
    const records = await listAllRecords(apiFor(sims, testContext(sims), VALUE), ZONE);
    assert.equal(records.length, 200);
    assert.equal(new Set(records.map((item) => item.id)).size, 200);
    assert.equal(countRequests(sims, 'GET', RECORDS), 1);
    assert.equal(records[0]?.comment, null);
    assert.ok('proxiable' in (records[0] ?? {}), 'unknown fields are kept for backups');
  });
});

test('listAllRecords follows total_pages when the server serves smaller pages', async () => {
  const small = zone(200, { maxPerPage: 60 });
  await withSimulators(world([token(VALUE)], { zone: small }), async (sims) => {
    const records = await listAllRecords(apiFor(sims, testContext(sims), VALUE), ZONE);
    assert.equal(records.length, 200);
    assert.equal(new Set(records.map((item) => item.id)).size, 200);
    assert.equal(countRequests(sims, 'GET', RECORDS), 4);
  });
});

test('listAllRecords throws ListingIncompleteError on a 500 at page 2', async () => {
  const faults = [
    {
      vendor: 'cloudflare' as const,
      method: 'GET',
      path: '/zones/{id}/dns_records',
      nth: 2,
      status: 500,
      body: { success: false, errors: [{ code: 10001, message: 'oops' }], messages: [] },
    },
  ];
  const setup = world([token(VALUE)], { zone: zone(200, { maxPerPage: 100 }), faults });
  await withSimulators(setup, async (sims) => {
    const api = apiFor(sims, testContext(sims, { TEND_HTTP_RETRIES: '1' }), VALUE);
    await assert.rejects(listAllRecords(api, ZONE), (error: unknown) => {
      assert.ok(error instanceof ListingIncompleteError);
      assert.equal(error.page, 2);
      assert.ok(error.cause instanceof VendorError);
      assert.match(error.message, /page 2/);
      return true;
    });
  });
});

test('listAllRecords refuses a listing whose pages do not add up', async () => {
  const emptyPage = {
    success: true,
    errors: [],
    messages: [],
    result: [],
    result_info: { page: 2, per_page: 100, count: 0, total_count: 200, total_pages: 2 },
  };
  const faults = [
    {
      vendor: 'cloudflare' as const,
      path: '/zones/{id}/dns_records',
      query: { page: '2' },
      status: 200,
      body: emptyPage,
    },
  ];
  const setup = world([token(VALUE)], { zone: zone(200, { maxPerPage: 100 }), faults });
  await withSimulators(setup, async (sims) => {
    const api = apiFor(sims, testContext(sims), VALUE);
    await assert.rejects(listAllRecords(api, ZONE), ListingIncompleteError);
  });
});

test('listAllTunnels leaves deleted tunnels out and proves the count', async () => {
  const setup = world([token(VALUE, { accounts: { [ACCOUNT]: ['tunnel:read'] } })]);
  const tunnels = Array.from({ length: 7 }, (_unused, index) => ({
    id: `00000000-0000-4000-8000-00000000000${index}`,
    account: ACCOUNT,
    name: `ws-${index}`,
    deleted_at: index === 3 ? '2026-01-01T00:00:00Z' : null,
  }));
  (setup.cloudflare ?? {}).tunnels = tunnels;
  await withSimulators(setup, async (sims) => {
    const api = apiFor(sims, testContext(sims), VALUE);
    const listed = await listAllTunnels(api, ACCOUNT, { perPage: 2 });
    assert.deepEqual(
      listed.map((tunnel) => tunnel.name),
      ['ws-0', 'ws-1', 'ws-2', 'ws-4', 'ws-5', 'ws-6'],
    );
    assert.equal(countRequests(sims, 'GET', /\/cfd_tunnel$/), 3);
  });
});

test('deleteRecordsInBatches removes 93 records with one batch request', async () => {
  await withSimulators(world([token(VALUE)], { zone: zone(200) }), async (sims) => {
    const ids = zone(200)
      .records.slice(0, 93)
      .map((item) => item.id);
    const outcome = await deleteRecordsInBatches(
      apiFor(sims, testContext(sims), VALUE),
      ZONE,
      ids,
      { plan: 'free' },
    );
    assert.deepEqual(outcome, { deleted: ids, alreadyGone: [], failed: [], pending: [] });
    assert.equal(countRequests(sims, 'POST', BATCH), 1);
    assert.equal(countRequests(sims, 'DELETE', SINGLE), 0);
    assert.equal(remainingIds(sims.snapshot().cloudflare).length, 107);
  });
});

test('deleteRecordsInBatches splits by the batch size', async () => {
  await withSimulators(world([token(VALUE)], { zone: zone(200) }), async (sims) => {
    const ids = zone(200).records.map((item) => item.id);
    const outcome = await deleteRecordsInBatches(
      apiFor(sims, testContext(sims), VALUE),
      ZONE,
      ids,
      { batchSize: 80 },
    );
    assert.equal(outcome.deleted.length, 200);
    assert.equal(countRequests(sims, 'POST', BATCH), 3);
  });
});

test('a batch refused for a missing id is sent again without it (81044 = gone)', async () => {
  await withSimulators(world([token(VALUE)], { zone: zone(20) }), async (sims) => {
    const ids = zone(20)
      .records.slice(0, 6)
      .map((item) => item.id);
    const missing = hex('never existed');
    const outcome = await deleteRecordsInBatches(apiFor(sims, testContext(sims), VALUE), ZONE, [
      ...ids,
      missing,
    ]);
    assert.deepEqual([...outcome.deleted].sort(), [...ids].sort());
    assert.deepEqual(outcome.alreadyGone, [missing]);
    assert.deepEqual(outcome.failed, []);
    assert.equal(outcome.stoppedEarly, undefined);
    assert.equal(countRequests(sims, 'POST', BATCH), 2, 'the pointer names the missing id');
    assert.equal(countRequests(sims, 'DELETE', SINGLE), 0);
    assert.equal(remainingIds(sims.snapshot().cloudflare).length, 14);
  });
});

test('records removed while the batch is sent are counted as gone', async () => {
  const records = zone(10).records;
  const raced = [records[1]?.id ?? '', records[4]?.id ?? ''];
  const faults = [
    {
      vendor: 'cloudflare' as const,
      method: 'POST',
      path: '/zones/{id}/dns_records/batch',
      times: 1,
      deleteRecords: raced,
    },
  ];
  await withSimulators(world([token(VALUE)], { zone: zone(10), faults }), async (sims) => {
    const ids = records.slice(0, 5).map((item) => item.id);
    const outcome = await deleteRecordsInBatches(apiFor(sims, testContext(sims), VALUE), ZONE, ids);
    assert.deepEqual([...outcome.alreadyGone].sort(), [...raced].sort());
    assert.equal(outcome.deleted.length, 3);
    assert.equal(remainingIds(sims.snapshot().cloudflare).length, 5);
  });
});

test('a batch refused for a missing right stops at once and deletes nothing', async () => {
  const readOnly = token(VALUE, { zones: { [ZONE_NAME]: ['zone:read', 'dns:read'] } });
  await withSimulators(world([readOnly], { zone: zone(20) }), async (sims) => {
    const ids = zone(20).records.map((item) => item.id);
    const outcome = await deleteRecordsInBatches(
      apiFor(sims, testContext(sims), VALUE),
      ZONE,
      ids,
      { batchSize: 5 },
    );
    assert.equal(outcome.deleted.length, 0);
    assert.equal(outcome.failed.length, 5);
    assert.deepEqual(outcome.failed[0]?.codes, [10000]);
    assert.equal(outcome.pending.length, 15);
    assert.match(outcome.stoppedEarly ?? '', /403/);
    assert.equal(countRequests(sims, 'POST', BATCH), 1);
    assert.equal(remainingIds(sims.snapshot().cloudflare).length, 20);
  });
});

test('a 429 storm beyond the wait budget stops cleanly and says what was done', async () => {
  const faults = [
    {
      vendor: 'cloudflare' as const,
      method: 'POST',
      path: '/zones/{id}/dns_records/batch',
      nth: 2,
      status: 429,
      blockAll: 60,
      body: { success: false, errors: [{ code: 971, message: 'Please wait' }], messages: [] },
    },
  ];
  await withSimulators(world([token(VALUE)], { zone: zone(30), faults }), async (sims) => {
    const ctx = testContext(sims, { TEND_HTTP_WAIT_BUDGET_MS: '50' });
    const ids = zone(30).records.map((item) => item.id);
    const outcome = await deleteRecordsInBatches(apiFor(sims, ctx, VALUE), ZONE, ids, {
      batchSize: 10,
    });
    assert.equal(outcome.deleted.length, 10);
    assert.equal(outcome.failed.length, 0);
    assert.equal(outcome.pending.length, 20);
    assert.match(outcome.stoppedEarly ?? '', /429/);
    assert.equal(countRequests(sims, 'POST', BATCH), 2);
    assert.equal(remainingIds(sims.snapshot().cloudflare).length, 20);
  });
});

test('a batch that answers success but lists nothing deleted is settled singly', async () => {
  const faults = [
    {
      vendor: 'cloudflare' as const,
      method: 'POST',
      path: '/zones/{id}/dns_records/batch',
      times: 1,
      status: 200,
      body: { success: true, errors: [], messages: [], result: { deletes: [] } },
    },
  ];
  await withSimulators(world([token(VALUE)], { zone: zone(10), faults }), async (sims) => {
    const ids = zone(10)
      .records.slice(0, 3)
      .map((item) => item.id);
    const outcome = await deleteRecordsInBatches(apiFor(sims, testContext(sims), VALUE), ZONE, ids);
    assert.deepEqual([...outcome.deleted].sort(), [...ids].sort());
    assert.equal(countRequests(sims, 'DELETE', SINGLE), 3);
    assert.equal(remainingIds(sims.snapshot().cloudflare).length, 7);
  });
});

test("a batch over the zone's limit is split, not deleted one by one", async () => {
  const limited = { ...zone(20), batchLimit: 5 };
  await withSimulators(world([token(VALUE)], { zone: limited }), async (sims) => {
    const ids = limited.records.slice(0, 12).map((item) => item.id);
    const outcome = await deleteRecordsInBatches(
      apiFor(sims, testContext(sims), VALUE),
      ZONE,
      ids,
      { batchSize: 12 },
    );
    assert.deepEqual([...outcome.deleted].sort(), [...ids].sort());
    assert.equal(countRequests(sims, 'DELETE', SINGLE), 0);
    assert.ok(countRequests(sims, 'POST', BATCH) <= 6);
  });
});

test('a batch answered 500 is settled by one listing and sent again', async () => {
  const faults = [
    {
      vendor: 'cloudflare' as const,
      method: 'POST',
      path: '/zones/{id}/dns_records/batch',
      times: 1,
      status: 500,
    },
  ];
  await withSimulators(world([token(VALUE)], { zone: zone(10), faults }), async (sims) => {
    const ids = zone(10)
      .records.slice(0, 4)
      .map((item) => item.id);
    const outcome = await deleteRecordsInBatches(apiFor(sims, testContext(sims), VALUE), ZONE, ids);
    assert.deepEqual([...outcome.deleted].sort(), [...ids].sort());
    assert.equal(countRequests(sims, 'DELETE', SINGLE), 0);
    assert.equal(countRequests(sims, 'POST', BATCH), 2);
    assert.equal(countRequests(sims, 'GET', RECORDS), 1);
  });
});
