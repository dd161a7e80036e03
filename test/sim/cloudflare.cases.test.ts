/**
 * Real handed cases' worlds load into the simulated Cloudflare and answer as their stories
 * say; the harness's `deleteRecords` fault reaches the simulator's state.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderPlaceholders, type World } from '../../src/sim/world.js';
import { repoRoot } from '../helpers/paths.js';
import { call, codes, loadCloudflareDescription, withSims } from './cloudflare-fixture.js';

function caseWorld(name: string): World {
  const file = join(repoRoot(), 'test', 'cases', name, 'case.json');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as { world: World };
  return renderPlaceholders(spec.world, {}, new Date());
}

function firstToken(world: World): string {
  return world.cloudflare?.tokens?.[0]?.value ?? '';
}

function zoneId(world: World, name: string): string {
  return world.cloudflare?.zones?.find((zone) => zone.name === name)?.id ?? '';
}

test('zone-not-found: the token verifies but example.com is 9109', async () => {
  const world = caseWorld('zone-not-found');
  const token = firstToken(world);
  await withSims(world, async (sims) => {
    assert.equal((await call(sims, '/user/tokens/verify', { token })).status, 200);
    const zone = await call(sims, `/zones/${zoneId(world, 'example.com')}`, { token });
    assert.deepEqual([zone.status, codes(zone)], [403, [9109]]);
    const listed = await call(sims, '/zones?name=example.com', { token });
    assert.deepEqual(listed.body.result, []);
    const other = await call(sims, `/zones/${zoneId(world, 'example.net')}`, { token });
    assert.equal(other.status, 200);
  });
});

test('account-token-where-user-expected: 401 1000 for the user, 200 for its account', async () => {
  const world = caseWorld('account-token-where-user-expected');
  const token = firstToken(world);
  const account = world.cloudflare?.accounts?.[0]?.id ?? '';
  await withSims(world, async (sims) => {
    const user = await call(sims, '/user/tokens/verify', { token });
    assert.deepEqual([user.status, codes(user)], [401, [1000]]);
    const owned = await call(sims, `/accounts/${account}/tokens/verify`, { token });
    assert.equal(owned.status, 200);
  });
});

test('expired-token: past expires_on, verify says expired', async () => {
  const world = caseWorld('expired-token');
  await withSims(world, async (sims) => {
    const verified = await call(sims, '/user/tokens/verify', { token: firstToken(world) });
    assert.equal(verified.body.result.status, 'expired');
  });
});

test('sweep-200-records: one page of 200, null comments kept, usage 200/200', async () => {
  const world = caseWorld('sweep-200-records');
  const token = firstToken(world);
  const records = `/zones/${zoneId(world, 'example.com')}/dns_records`;
  await withSims(world, async (sims) => {
    const listed = await call(sims, `${records}?per_page=5000000`, { token });
    assert.equal(listed.body.result.length, 200);
    assert.equal(listed.body.result_info.total_pages, 1);
    assert.ok(listed.body.result.every((r: { comment?: unknown }) => 'comment' in r));
    assert.ok(listed.body.result.some((r: { comment?: unknown }) => r.comment === null));
    const usage = await call(sims, `${records}/usage`, { token });
    assert.deepEqual(usage.body.result, { record_usage: 200, record_quota: 200 });
  });
});

test('the description holds for a case world too, once null comments are allowed', async () => {
  const world = caseWorld('sweep-200-records');
  const records = `/zones/${zoneId(world, 'example.com')}/dns_records`;
  const description = loadCloudflareDescription();
  await withSims(world, async (sims) => {
    const listed = await call(sims, `${records}?per_page=20`, { token: firstToken(world) });
    // The real API sends `comment: null`; the published schema types comment as a string.
    const body = JSON.parse(
      JSON.stringify(listed.body, (key, value: unknown) =>
        key === 'comment' && value === null ? undefined : value,
      ),
    ) as unknown;
    assert.deepEqual(description.problems('GET', records, 200, body), []);
  });
});

test('a deleteRecords fault removes the records the moment it fires', async () => {
  const world = caseWorld('sweep-token-without-dns-edit');
  const zone = world.cloudflare?.zones?.[0];
  const victim = zone?.records[0]?.id ?? '';
  world.faults = [
    {
      vendor: 'cloudflare',
      method: 'GET',
      path: '/zones/{id}/dns_records',
      deleteRecords: [victim],
    },
  ];
  await withSims(world, async (sims) => {
    const listed = await call(sims, `/zones/${zone?.id}/dns_records`, { token: firstToken(world) });
    assert.equal(listed.status, 200);
    const ids = listed.body.result.map((r: { id: string }) => r.id);
    assert.equal(ids.length, (zone?.records.length ?? 0) - 1);
    assert.ok(!ids.includes(victim));
  });
});
