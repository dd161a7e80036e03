/** Tunnels: deleted ones hidden by default, live connectors block deletion until cleaned. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ACCOUNT,
  TOKENS,
  TUNNEL_GONE,
  TUNNEL_IDLE,
  TUNNEL_LIVE,
  call,
  codes,
  sampleWorld,
  withSims,
} from './cloudflare-fixture.js';

const TUNNELS = `/accounts/${ACCOUNT}/cfd_tunnel`;
const token = TOKENS.full;

interface TunnelState {
  id: string;
  deleted_at?: string | null;
  connections?: number;
}

function ids(tunnels: { id: string }[]): string[] {
  return tunnels.map((tunnel) => tunnel.id);
}

function tunnelsOf(snapshot: Record<string, unknown>): TunnelState[] {
  return (snapshot.cloudflare as { tunnels: TunnelState[] }).tunnels;
}

test('listing leaves deleted tunnels out unless is_deleted=true; filters by name', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const listed = await call(sims, TUNNELS, { token });
    assert.deepEqual(ids(listed.body.result), [TUNNEL_LIVE, TUNNEL_IDLE]);
    assert.equal(listed.body.result_info.total_count, 2);
    const deleted = await call(sims, `${TUNNELS}?is_deleted=true`, { token });
    assert.deepEqual(ids(deleted.body.result), [TUNNEL_GONE]);
    assert.equal(deleted.body.result[0].deleted_at, '2026-04-01T00:00:00Z');
    const named = await call(sims, `${TUNNELS}?name=ws-42`, { token });
    assert.deepEqual(ids(named.body.result), [TUNNEL_IDLE]);
    const paged = await call(sims, `${TUNNELS}?per_page=1&page=2`, { token });
    assert.deepEqual(ids(paged.body.result), [TUNNEL_IDLE]);
  });
});

test('a tunnel with live connections is refused deletion with 1022 until cleaned', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const live = `${TUNNELS}/${TUNNEL_LIVE}`;
    const connectors = await call(sims, `${live}/connections`, { token });
    assert.equal(connectors.body.result.length, 2);
    const refused = await call(sims, live, { method: 'DELETE', token, body: {} });
    assert.deepEqual([refused.status, codes(refused)], [400, [1022]]);
    assert.ok(!tunnelsOf(sims.snapshot()).find((t) => t.id === TUNNEL_LIVE)?.deleted_at);
    const cleaned = await call(sims, `${live}/connections`, { method: 'DELETE', token, body: {} });
    assert.equal(cleaned.status, 200);
    const after = await call(sims, `${live}/connections`, { token });
    assert.deepEqual(after.body.result, []);
    const removed = await call(sims, live, { method: 'DELETE', token, body: {} });
    assert.equal(removed.status, 200);
    assert.equal(removed.body.result.deleted_at, '2026-06-01T12:00:00Z');
    const state = tunnelsOf(sims.snapshot()).find((t) => t.id === TUNNEL_LIVE);
    assert.equal(state?.deleted_at, '2026-06-01T12:00:00Z');
    const listed = await call(sims, TUNNELS, { token });
    assert.deepEqual(ids(listed.body.result), [TUNNEL_IDLE]);
  });
});

test('one connector can be cleaned by its client_id', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const live = `${TUNNELS}/${TUNNEL_LIVE}`;
    const connectors = await call(sims, `${live}/connections`, { token });
    const clientId = connectors.body.result[0].id as string;
    const cleaned = await call(sims, `${live}/connections?client_id=${clientId}`, {
      method: 'DELETE',
      token,
      body: {},
    });
    assert.equal(cleaned.status, 200);
    assert.equal(tunnelsOf(sims.snapshot()).find((t) => t.id === TUNNEL_LIVE)?.connections, 1);
  });
});

test('a tunnel of another account, or none, is 404', async () => {
  await withSims(sampleWorld(), async (sims) => {
    const missing = await call(sims, `${TUNNELS}/00000000-0000-4000-8000-000000000000`, { token });
    assert.equal(missing.status, 404);
    const again = { method: 'DELETE', token, body: {} };
    const gone = await call(sims, `${TUNNELS}/${TUNNEL_GONE}`, again);
    assert.equal(gone.status, 404, 'a deleted tunnel cannot be deleted again');
  });
});
