/**
 * Every simulated Cloudflare endpoint, success and failure, checked against the response
 * schemas of specs/cloudflare.openapi.json over real sockets.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ACCOUNT,
  GLOBAL_KEY,
  TOKENS,
  TUNNEL_GONE,
  TUNNEL_IDLE,
  TUNNEL_LIVE,
  ZONE_COM,
  ZONE_NET,
  call,
  loadCloudflareDescription,
  recordId,
  sampleWorld,
  tokenId,
  withSims,
  type CallOptions,
} from './cloudflare-fixture.js';
import type { Json } from './openapi.js';

interface Exchange extends CallOptions {
  path: string;
  status: number;
}

const RECORDS = `/zones/${ZONE_COM}/dns_records`;
const RECORD = `${RECORDS}/${recordId('example.com', 6)}`;
const TUNNELS = `/accounts/${ACCOUNT}/cfd_tunnel`;
const full = TOKENS.full;
const newRecord = { type: 'A', name: 'new', content: '192.0.2.200', ttl: 300, comment: 'new one' };

/** In order: the writes come after the reads of what they change. */
const EXCHANGES: Exchange[] = [
  { path: '/user/tokens/verify', token: full, status: 200 },
  { path: '/user/tokens/verify', token: TOKENS.account, status: 401 },
  { path: `/accounts/${ACCOUNT}/tokens/verify`, token: TOKENS.account, status: 200 },
  { path: `/accounts/${ACCOUNT}/tokens/verify`, token: full, status: 401 },
  { path: `/user/tokens/${tokenId('readOnly')}`, token: full, status: 200 },
  { path: `/user/tokens/${tokenId('full')}`, token: TOKENS.readOnly, status: 403 },
  { path: '/zones?per_page=5', token: full, status: 200 },
  { path: '/zones', status: 400 },
  { path: `/zones/${ZONE_COM}`, token: full, status: 200 },
  { path: `/zones/${ZONE_COM}`, token: TOKENS.otherZone, status: 403 },
  { path: `${RECORDS}?per_page=4&page=2`, token: full, status: 200 },
  { path: `/zones/${ZONE_NET}/dns_records`, token: full, status: 200 },
  { path: RECORDS, token: TOKENS.otherZone, status: 403 },
  { path: RECORD, token: full, status: 200 },
  { path: `${RECORDS}/0000`, token: full, status: 404 },
  { path: `${RECORDS}/usage`, token: full, status: 200 },
  { path: `/zones/${ZONE_NET}/dns_records/usage`, token: full, status: 200 },
  { path: `${RECORDS}/export`, token: full, status: 200 },
  { path: RECORDS, method: 'POST', token: full, body: newRecord, status: 200 },
  { path: RECORDS, method: 'POST', token: full, body: { ...newRecord, content: 'x' }, status: 400 },
  { path: RECORD, method: 'PATCH', token: full, body: { ttl: 120 }, status: 200 },
  { path: `${RECORDS}/0000`, method: 'PATCH', token: full, body: { ttl: 120 }, status: 404 },
  {
    path: `${RECORDS}/batch`,
    method: 'POST',
    token: full,
    body: {
      deletes: [{ id: recordId('example.com', 7) }],
      patches: [{ id: recordId('example.com', 8), comment: 'patched' }],
      puts: [{ id: recordId('example.com', 9), type: 'TXT', name: 'put', content: 'hi' }],
      posts: [{ type: 'CNAME', name: 'posted', content: 'example.com' }],
    },
    status: 200,
  },
  { path: `${RECORDS}/batch`, method: 'POST', token: full, body: { deletes: [{}] }, status: 400 },
  { path: RECORD, method: 'DELETE', token: full, status: 200 },
  { path: RECORD, method: 'DELETE', token: full, status: 404 },
  { path: `${TUNNELS}?per_page=1`, token: full, status: 200 },
  { path: `/accounts/${ACCOUNT}/cfd_tunnel`, token: TOKENS.dnsOnly, status: 403 },
  { path: `${TUNNELS}/${TUNNEL_LIVE}`, token: full, status: 200 },
  { path: `${TUNNELS}/${TUNNEL_GONE}`, token: full, status: 200 },
  { path: `${TUNNELS}/00000000-0000-4000-8000-000000000000`, token: full, status: 404 },
  { path: `${TUNNELS}/${TUNNEL_LIVE}/connections`, token: full, status: 200 },
  { path: `${TUNNELS}/${TUNNEL_LIVE}`, method: 'DELETE', token: full, body: {}, status: 400 },
  { path: `${TUNNELS}/${TUNNEL_IDLE}`, method: 'DELETE', token: full, body: {}, status: 200 },
  {
    path: `${TUNNELS}/${TUNNEL_LIVE}/connections`,
    method: 'DELETE',
    token: full,
    body: {},
    status: 200,
  },
];

/**
 * Cloudflare's 4XX schemas join the success envelope and the failure envelope with `allOf`,
 * which no answer satisfies (`success` must be both true and false); an error answer is
 * checked against the failure envelope it names.
 */
function failureEnvelope(schema: Json | undefined): Json | undefined {
  const isFailure = (node: unknown): boolean =>
    /api-response-common-failure$/.test(String((node as Json | undefined)?.$ref));
  if (isFailure(schema)) return schema;
  const parts = (schema?.allOf ?? []) as Json[];
  return parts.find(isFailure) ?? schema;
}

test('every answer matches its schema in the Cloudflare API description', async () => {
  const description = loadCloudflareDescription();
  await withSims(sampleWorld(), async (sims) => {
    for (const exchange of EXCHANGES) {
      const method = exchange.method ?? 'GET';
      const label = `${method} ${exchange.path}`;
      const answer = await call(sims, exchange.path, exchange);
      assert.equal(answer.status, exchange.status, `${label}: ${answer.text}`);
      const path = exchange.path.split('?')[0] ?? '';
      const schema = description.responseSchema(method, path, answer.status);
      const body = method === 'GET' && path.endsWith('/export') ? answer.text : answer.body;
      const problems = description.problemsAgainst(
        answer.status >= 400 ? failureEnvelope(schema) : schema,
        body,
      );
      assert.deepEqual(problems, [], `${label} breaks the description: ${answer.text}`);
    }
  });
});

test('Global API Key answers match the description too', async () => {
  const description = loadCloudflareDescription();
  const headers = { 'x-auth-email': GLOBAL_KEY.email, 'x-auth-key': GLOBAL_KEY.key };
  await withSims(sampleWorld(), async (sims) => {
    for (const path of ['/zones', `/zones/${ZONE_COM}`, RECORDS, TUNNELS]) {
      const answer = await call(sims, path, { headers });
      assert.equal(answer.status, 200, `${path}: ${answer.text}`);
      assert.deepEqual(description.problems('GET', path, 200, answer.body), [], path);
    }
    const wrongKey = { ...headers, 'x-auth-key': 'f'.repeat(37) };
    const unknown = await call(sims, '/zones', { headers: wrongKey });
    assert.equal(unknown.status, 403);
    assert.deepEqual(description.problems('GET', '/zones', 403, unknown.body), []);
  });
});

test('the converter widens nullable schemas and resolves $ref into components', () => {
  const description = loadCloudflareDescription();
  const usage = { success: true, errors: [], messages: [], result: { record_usage: 3 } };
  const path = `/zones/${ZONE_COM}/dns_records/usage`;
  assert.notDeepEqual(description.problems('GET', path, 200, usage), []);
  const nullQuota = { ...usage, result: { record_usage: 3, record_quota: null } };
  assert.deepEqual(description.problems('GET', path, 200, nullQuota), []);
  const badRecord = { success: true, errors: [], messages: [], result: { id: 'x', type: 'A' } };
  assert.notDeepEqual(description.problems('GET', `${RECORDS}/x`, 200, badRecord), []);
});
