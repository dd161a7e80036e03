/** Records: paging, filters, validation, quota, the batch transaction, export and usage. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { World } from '../../src/sim/world.js';
import {
  GLOBAL_KEY,
  TOKENS,
  ZONE_COM,
  ZONE_NET,
  ZONE_ORG,
  call,
  codes,
  recordId,
  sampleRecords,
  sampleWorld,
  withSims,
} from './cloudflare-fixture.js';

const RECORDS = `/zones/${ZONE_COM}/dns_records`;
const BATCH = `${RECORDS}/batch`;
const token = TOKENS.full;

interface CloudflareSnapshot {
  zones: { id: string; records: { id: string }[] }[];
}

function recordCount(world: CloudflareSnapshot, zoneId: string): number {
  return world.zones.find((zone) => zone.id === zoneId)?.records.length ?? -1;
}

function cloudflareOf(snapshot: Record<string, unknown>): CloudflareSnapshot {
  return snapshot.cloudflare as CloudflareSnapshot;
}

test('listing pages report result_info; per_page goes up to 5,000,000', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const page = await call(sims, `${RECORDS}?per_page=5&page=3`, { token });
    assert.equal(page.body.result.length, 2);
    assert.deepEqual(page.body.result_info, {
      page: 3,
      per_page: 5,
      count: 2,
      total_count: 12,
      total_pages: 3,
    });
    const all = await call(sims, `${RECORDS}?per_page=5000000`, { token });
    assert.equal(all.body.result.length, 12);
    const tooMany = await call(sims, `${RECORDS}?per_page=5000001`, { token });
    assert.equal(tooMany.status, 400);
  });
});

test('a zone with maxPerPage serves at most that many, whatever per_page asks', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const capped = await call(sims, `/zones/${ZONE_NET}/dns_records?per_page=1000`, { token });
    assert.equal(capped.body.result.length, 3);
    assert.equal(capped.body.result_info.per_page, 3);
    assert.equal(capped.body.result_info.total_pages, 3);
  });
});

test('filters by name, type and comment; records keep every field the world gives', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const byName = await call(sims, `${RECORDS}?name=www.example.com`, { token });
    assert.deepEqual(
      byName.body.result.map((r: { type: string }) => r.type),
      ['CNAME'],
    );
    const byType = await call(sims, `${RECORDS}?type=MX`, { token });
    assert.equal(byType.body.result[0].priority, 10);
    const byComment = await call(sims, `${RECORDS}?comment.contains=OWNER%3D3`, { token });
    assert.deepEqual(
      byComment.body.result.map((r: { name: string }) => r.name),
      ['ws-3.example.com'],
    );
    const txt = await call(sims, `${RECORDS}/${recordId('example.com', 4)}`, { token });
    assert.deepEqual(txt.body.result.meta, { auto_added: true });
    assert.equal(txt.body.result.comment, 'record 4');
  });
});

test('create: validation errors are 400 9005 or 1004; beyond the quota 81045', async () => {
  const world = sampleWorld();
  const zone = world.cloudflare?.zones?.[0];
  if (zone) zone.quota = 13;
  await withSims(world, async (sims) => {
    const post = (body: unknown): ReturnType<typeof call> =>
      call(sims, RECORDS, { method: 'POST', body, token });
    const badAddress = await post({ type: 'A', name: 'x', content: '999.1.1.1' });
    assert.deepEqual([badAddress.status, codes(badAddress)], [400, [9005]]);
    const badTtl = await post({ type: 'A', name: 'x', content: '192.0.2.9', ttl: 5 });
    assert.deepEqual([badTtl.status, codes(badTtl)], [400, [1004]]);
    const created = await post({ type: 'A', name: 'x', content: '192.0.2.9', comment: 'c' });
    assert.equal(created.status, 200);
    assert.equal(created.body.result.name, 'x.example.com');
    assert.equal(created.body.result.comment, 'c');
    const full = await post({ type: 'A', name: 'y', content: '192.0.2.9' });
    assert.deepEqual([full.status, codes(full)], [400, [81045]]);
  });
});

test('a deleted record answers 404 81044 to reads, edits and deletes', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const path = `${RECORDS}/${recordId('example.com', 6)}`;
    assert.equal((await call(sims, path, { method: 'DELETE', token })).status, 200);
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const body = method === 'PATCH' ? { ttl: 60 } : undefined;
      const answer = await call(sims, path, { method, token, body });
      assert.deepEqual([answer.status, codes(answer)], [404, [81044]], method);
    }
  });
});

test('batch: one bad id refuses the whole batch and deletes nothing', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const deletes = [{ id: recordId('example.com', 6) }, { id: 'f'.repeat(32) }];
    const refused = await call(sims, BATCH, { method: 'POST', token, body: { deletes } });
    assert.deepEqual([refused.status, codes(refused)], [400, [81044]]);
    assert.deepEqual(refused.body.errors[0].source, { pointer: '/deletes/1/id' });
    assert.equal(recordCount(cloudflareOf(sims.snapshot()), ZONE_COM), 12);
    const twice = [deletes[0], deletes[0]];
    const repeated = await call(sims, BATCH, { method: 'POST', token, body: { deletes: twice } });
    assert.deepEqual(codes(repeated), [81044]);
    assert.equal(recordCount(cloudflareOf(sims.snapshot()), ZONE_COM), 12);
  });
});

test('batch: deletes run first, so a full zone can swap records in one batch', async () => {
  const world = sampleWorld();
  const zone = world.cloudflare?.zones?.[0];
  if (zone) zone.quota = 12;
  await withSims(world, async (sims) => {
    const body = {
      posts: [{ type: 'A', name: 'fresh', content: '192.0.2.77' }],
      deletes: [{ id: recordId('example.com', 8) }],
    };
    const done = await call(sims, BATCH, { method: 'POST', token, body });
    assert.equal(done.status, 200);
    assert.equal(done.body.result.deletes[0].id, recordId('example.com', 8));
    assert.equal(done.body.result.posts[0].name, 'fresh.example.com');
    const again = { posts: [{ type: 'A', name: 'other', content: '192.0.2.78' }] };
    const overQuota = await call(sims, BATCH, { method: 'POST', token, body: again });
    assert.deepEqual([overQuota.status, codes(overQuota)], [400, [81045]]);
    assert.deepEqual(overQuota.body.errors[0].source, { pointer: '/posts/0' });
  });
});

test('batch: empty succeeds doing nothing; over the plan limit is 400 1004', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const empty = await call(sims, BATCH, { method: 'POST', token, body: {} });
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body.result, { deletes: [], patches: [], puts: [], posts: [] });
    const ids = [1, 2, 3].map((n) => ({ id: recordId('example.org', n) }));
    const overOverride = await call(sims, `/zones/${ZONE_ORG}/dns_records/batch`, {
      method: 'POST',
      token,
      body: { deletes: ids },
    });
    assert.deepEqual([overOverride.status, codes(overOverride)], [400, [1004]]);
  });
});

test('batch: a Free zone takes 200 operations, a paid zone 3,500', async () => {
  const world: World = sampleWorld();
  const [free, paid] = world.cloudflare?.zones ?? [];
  if (free && paid) {
    free.records = sampleRecords('example.com', 201);
    free.quota = 500;
    paid.records = sampleRecords('example.net', 201);
  }
  await withSims(world, async (sims) => {
    const deletes = (zone: string, n: number): { id: string }[] =>
      Array.from({ length: n }, (_unused, index) => ({ id: recordId(zone, index) }));
    const refused = await call(sims, BATCH, {
      method: 'POST',
      token,
      body: { deletes: deletes('example.com', 201) },
    });
    assert.deepEqual([refused.status, codes(refused)], [400, [1004]]);
    const allowed = await call(sims, BATCH, {
      method: 'POST',
      token,
      body: { deletes: deletes('example.com', 200) },
    });
    assert.equal(allowed.status, 200);
    const paidBatch = await call(sims, `/zones/${ZONE_NET}/dns_records/batch`, {
      method: 'POST',
      token,
      body: { deletes: deletes('example.net', 201) },
    });
    assert.equal(paidBatch.status, 200);
  });
});

test('usage reports the quota, null for an account-level quota; export is BIND', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const usage = await call(sims, `${RECORDS}/usage`, { token });
    assert.deepEqual(usage.body.result, { record_usage: 12, record_quota: 20 });
    const account = await call(sims, `/zones/${ZONE_NET}/dns_records/usage`, { token });
    assert.deepEqual(account.body.result, { record_usage: 8, record_quota: null });
    const bind = await call(sims, `${RECORDS}/export`, { token });
    assert.match(bind.text, /^www\.example\.com\.\t1\tIN\tCNAME\texample\.com\. ; /m);
    assert.match(bind.text, /^example\.com\.\t1\tIN\tMX\t10 mail\.example\.com\. ; record 3$/m);
  });
});

test('zones are served at most 50 to a page', async () => {
  const world: World = { cloudflare: { zones: [], globalKeys: [GLOBAL_KEY] } };
  for (let index = 0; index < 60; index += 1) {
    world.cloudflare?.zones?.push({
      id: String(index).padStart(32, '0'),
      name: `zone-${index}.example`,
      account: 'a'.repeat(32),
      records: [],
    });
  }
  await withSims(world, async (sims) => {
    const headers = { 'x-auth-email': GLOBAL_KEY.email, 'x-auth-key': GLOBAL_KEY.key };
    const page = await call(sims, '/zones?per_page=100', { headers });
    assert.equal(page.body.result.length, 50);
    assert.equal(page.body.result_info.per_page, 50);
    assert.equal(page.body.result_info.total_pages, 2);
    const named = await call(sims, '/zones?name=zone-7.example', { headers });
    assert.deepEqual(
      named.body.result.map((z: { id: string }) => z.id),
      ['7'.padStart(32, '0')],
    );
  });
});

test('past the rate limit: 429, retry-after and code 971', async () => {
  const world = sampleWorld();
  if (world.cloudflare) world.cloudflare.rateLimit = { requests: 3, windowSeconds: 60 };
  await withSims(world, async (sims) => {
    for (let index = 0; index < 3; index += 1) {
      assert.equal((await call(sims, '/user/tokens/verify', { token })).status, 200);
    }
    const limited = await call(sims, `/zones/${ZONE_COM}`, { token });
    assert.deepEqual([limited.status, codes(limited)], [429, [971]]);
    const wait = Number(limited.headers.get('retry-after'));
    assert.ok(wait >= 1 && wait <= 60, `retry-after ${wait}`);
  });
});
