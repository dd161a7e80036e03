/**
 * Tunnel sweeps: orphaned tunnels go; connected orphans are kept and reported unless
 * `cleanConnections`; a tunnel a DNS record still points at waits for the DNS sweep;
 * a restore says plainly that a tunnel cannot come back.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CfTokenWorld, CfTunnelWorld, World } from '../../src/sim/world.js';
import { classesOf, explain, withSweepWorld, type SweepWorld } from './harness.js';
import { ACCOUNT, dnsToken, hex, rec, TOKEN, uuid, world } from './world.js';

const T = {
  orphan: tunnel('orphan', 'ws-1'),
  live: tunnel('live', 'ws-2'),
  connected: tunnel('connected', 'ws-3', { connections: 2 }),
  pointedAt: tunnel('pointed at', 'ws-4'),
  young: tunnel('young', 'ws-5', { created_at: '${NOW-30m}' }),
  unowned: tunnel('unowned', 'build-runner'),
  deleted: tunnel('deleted', 'ws-6', { deleted_at: '${NOW-3d}' }),
};

function tunnel(label: string, name: string, extra: Partial<CfTunnelWorld> = {}): CfTunnelWorld {
  return {
    id: uuid(label),
    account: ACCOUNT,
    name,
    created_at: '${NOW-30d}',
    deleted_at: null,
    connections: 0,
    ...extra,
  };
}

function tunnelWorld(token: CfTokenWorld): World {
  const records = [
    rec('cname to tunnel', {
      name: 'ws-4.example.com',
      type: 'CNAME',
      content: `${T.pointedAt.id}.cfargotunnel.com`,
    }),
  ];
  const base = world({ records, tokens: [token], tunnels: Object.values(T), live: ['2'] });
  return base;
}

const USER_TUNNEL_TOKEN = dnsToken(['zone:read', 'dns:read'], {
  accounts: { [ACCOUNT]: ['tunnel:read', 'tunnel:edit'] },
  user: ['api_tokens:read'],
});

function manifest(options: { clean?: boolean; owner?: string } = {}): string {
  return [
    'version: 1',
    'sources:',
    '  local: { type: envfile, path: ${DIR}/secrets.env }',
    'credentials:',
    '  CF_TUNNEL_TOKEN:',
    '    source: local',
    `    verify: { type: cloudflare-token, owner: ${options.owner ?? 'user'} }`,
    'sweeps:',
    '  tunnel-orphans:',
    '    type: cloudflare-tunnels',
    '    credential: CF_TUNNEL_TOKEN',
    `    accountId: ${ACCOUNT}`,
    '    owns: [ { name: "ws-{owner}" } ]',
    '    live: { url: "${LIVE_URL}/api/workspaces" }',
    '    grace: 2h',
    '    limits: { maxDeletes: 10, maxFraction: 1 }',
    `    cleanConnections: ${options.clean === true}`,
    '',
  ].join('\n');
}

const SWEEP = ['sweep', 'tunnel-orphans', '--apply', '--json'];
const files = { 'secrets.env': '' };

function liveTunnels(w: SweepWorld): Set<string> {
  return new Set(
    w
      .tunnels()
      .filter((item) => !item.deleted_at)
      .map((item) => item.id),
  );
}

test('an orphaned tunnel goes; a connected orphan is kept with tunnel-connected', async () => {
  const env = { CF_TUNNEL_TOKEN: TOKEN };
  await withSweepWorld(tunnelWorld(USER_TUNNEL_TOKEN), manifest(), { env, files }, async (w) => {
    const run = await w.run(SWEEP);
    assert.equal(run.exit, 0, explain(run));
    const left = liveTunnels(w);
    assert.ok(!left.has(T.orphan.id), explain(run));
    for (const kept of [T.live, T.connected, T.pointedAt, T.young, T.unowned]) {
      assert.ok(left.has(kept.id), `${kept.name} must stay`);
    }
    assert.deepEqual(classesOf(run), ['tunnel-connected']);
    assert.deepEqual(run.json?.counts, { tunnels: 6, owned: 5, orphans: 3, deleted: 1 });
    const table = await w.run(['sweep', 'tunnel-orphans']);
    assert.match(table.stdout, /kept +ws-4 .*DNS records still point at it: ws-4\.example\.com/);
  });
});

test('cleanConnections: the connected orphan loses its connections, then goes', async () => {
  const env = { CF_TUNNEL_TOKEN: TOKEN };
  const clean = manifest({ clean: true });
  await withSweepWorld(tunnelWorld(USER_TUNNEL_TOKEN), clean, { env, files }, async (w) => {
    const run = await w.run(SWEEP);
    assert.equal(run.exit, 0, explain(run));
    const left = liveTunnels(w);
    assert.ok(!left.has(T.orphan.id) && !left.has(T.connected.id), explain(run));
    assert.ok(left.has(T.pointedAt.id), 'a DNS record still points at it');
    assert.equal(w.count('DELETE /accounts/{id}/cfd_tunnel/{id}/connections'), 1);
    assert.equal(run.json?.counts.deleted, 2);
  });
});

test('a token that sees no zone: the DNS check is reported as not made', async () => {
  const value = `cfat_${hex('tunnel only').slice(0, 40)}`;
  const accountOnly: CfTokenWorld = {
    value,
    id: hex('tunnel only token'),
    owner: { account: ACCOUNT },
    status: 'active',
    zones: {},
    accounts: { [ACCOUNT]: ['tunnel:read', 'tunnel:edit'] },
  };
  const env = { CF_TUNNEL_TOKEN: value };
  const auto = manifest({ owner: 'account' });
  await withSweepWorld(tunnelWorld(accountOnly), auto, { env, files }, async (w) => {
    const run = await w.run(SWEEP);
    assert.equal(run.exit, 0, explain(run));
    assert.ok(classesOf(run).includes('tunnel-dns-unchecked'), explain(run));
    // tunnel:edit cannot be proven for an account token: a warning, not a stop.
    assert.ok(classesOf(run).includes('unverified'));
    assert.ok(!liveTunnels(w).has(T.orphan.id));
  });
});

test('a tunnel token without tunnel rights stops before any delete', async () => {
  const noTunnels = dnsToken(['zone:read', 'dns:read'], { user: ['api_tokens:read'] });
  const env = { CF_TUNNEL_TOKEN: TOKEN };
  await withSweepWorld(tunnelWorld(noTunnels), manifest(), { env, files }, async (w) => {
    const run = await w.run(SWEEP);
    assert.equal(run.exit, 1, explain(run));
    assert.ok(classesOf(run).includes('permission-missing'));
    assert.equal(w.count('DELETE /accounts/{id}/cfd_tunnel/{id}'), 0);
    assert.equal(liveTunnels(w).size, 6);
  });
});

test('restore of a tunnel sweep says the tunnel cannot be recreated', async () => {
  const env = { CF_TUNNEL_TOKEN: TOKEN };
  await withSweepWorld(tunnelWorld(USER_TUNNEL_TOKEN), manifest(), { env, files }, async (w) => {
    const sweep = await w.run(SWEEP);
    const restore = await w.run(['restore', sweep.json?.runId ?? '', '--json']);
    assert.equal(restore.exit, 1, explain(restore));
    assert.deepEqual(restore.json?.counts, { restored: 0, skipped: 0, failed: 0, unrestorable: 1 });
    const finding = restore.json?.findings.find((item) => item.class === 'restore-failed');
    assert.match(finding?.message ?? '', /ws-1 .* cannot be restored/);
  });
});
