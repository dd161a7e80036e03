/**
 * The official `cloudflare` npm client driving the simulator: if the SDK, written from the
 * real API, reads our answers right, the simulator speaks the real API's dialect.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Cloudflare, { APIError } from 'cloudflare';
import type { Simulators } from '../../src/sim/index.js';
import {
  TOKENS,
  ZONE_COM,
  ZONE_NET,
  recordId,
  sampleWorld,
  withSims,
} from './cloudflare-fixture.js';

function client(sims: Simulators, apiToken: string): Cloudflare {
  return new Cloudflare({
    apiToken,
    apiKey: null,
    apiEmail: null,
    userServiceKey: null,
    baseURL: sims.urls.cloudflare,
    maxRetries: 0,
  });
}

function listingRequests(sims: Simulators, zoneId: string): number {
  const path = `/zones/${zoneId}/dns_records`;
  return sims.requests.filter((r) => r.method === 'GET' && r.path === path).length;
}

test('the SDK verifies a token and lists zones', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const cf = client(sims, TOKENS.full);
    const verified = await cf.user.tokens.verify();
    assert.equal(verified.status, 'active');
    const names: string[] = [];
    for await (const zone of cf.zones.list({ per_page: 5 })) names.push(zone.name);
    assert.deepEqual(names.sort(), ['example.com', 'example.net', 'example.org']);
  });
});

test('the SDK pages through records, also where the zone serves smaller pages', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const cf = client(sims, TOKENS.full);
    const ids: string[] = [];
    for await (const record of cf.dns.records.list({ zone_id: ZONE_COM, per_page: 5 })) {
      ids.push(record.id);
    }
    assert.equal(new Set(ids).size, 12);
    // Pages of 5, 5 and 2, then the empty page that ends the SDK's walk.
    assert.equal(listingRequests(sims, ZONE_COM), 4);
    const capped: string[] = [];
    for await (const record of cf.dns.records.list({ zone_id: ZONE_NET, per_page: 100 })) {
      capped.push(record.id);
    }
    assert.equal(new Set(capped).size, 8);
  });
});

test('the SDK deletes by batch and one by one', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const cf = client(sims, TOKENS.full);
    const doomed = [recordId('example.com', 5), recordId('example.com', 6)];
    const batch = await cf.dns.records.batch({
      zone_id: ZONE_COM,
      deletes: doomed.map((id) => ({ id })),
    });
    assert.deepEqual(
      batch.deletes?.map((record) => record.id),
      doomed,
    );
    const single = await cf.dns.records.delete(recordId('example.com', 7), { zone_id: ZONE_COM });
    assert.equal(single.id, recordId('example.com', 7));
    const state = sims.snapshot().cloudflare as { zones: { id: string; records: unknown[] }[] };
    assert.equal(state.zones.find((zone) => zone.id === ZONE_COM)?.records.length, 9);
  });
});

test('the SDK surfaces refusals as APIError with status and vendor code', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const outsider = client(sims, TOKENS.otherZone);
    const refused = await outsider.zones
      .get({ zone_id: ZONE_COM })
      .catch((error: unknown) => error);
    assert.ok(refused instanceof APIError);
    assert.equal(refused.status, 403);
    assert.equal(refused.errors[0]?.code, 9109);
    const cf = client(sims, TOKENS.full);
    const missing = await cf.dns.records
      .delete('f'.repeat(32), { zone_id: ZONE_COM })
      .catch((error: unknown) => error);
    assert.ok(missing instanceof APIError);
    assert.equal(missing.status, 404);
    assert.equal(missing.errors[0]?.code, 81044);
  });
});
