/**
 * Cloudflare Tunnels of an account: list, details, delete (refused while connectors are
 * live), and the connections, which the world gives as a count of live connectors.
 */
import type { SimResponse } from '../harness.js';
import type { CfTunnelWorld } from '../world.js';
import { failOne, ok } from './envelope.js';
import { accountAccess, isRefusal } from './guards.js';
import { paginate, readPage } from './paging.js';
import type { RouteContext } from './router.js';
import { isoSeconds, stableUuid, type CfState } from './state.js';

const TUNNEL_PAGE = { defaultPerPage: 20, minPerPage: 1, maxPerPage: 1000, clamp: true };

export function listTunnels(context: RouteContext): SimResponse {
  const access = accountAccess(context, 'tunnel:read');
  if (isRefusal(access)) return access;
  const query = context.request.query;
  const paging = readPage(query, TUNNEL_PAGE);
  if (typeof paging === 'string') return failOne(400, 1001, paging);
  const matching = context.state.tunnels
    .filter((tunnel) => tunnel.account === access.accountId)
    .filter((tunnel) => matchesQuery(tunnel, query));
  const { slice, info } = paginate(matching, paging);
  return ok(slice.map(tunnelView), { resultInfo: info });
}

/** Deleted tunnels are left out unless `is_deleted=true`, which lists only them. */
function matchesQuery(tunnel: CfTunnelWorld, query: URLSearchParams): boolean {
  const deleted = Boolean(tunnel.deleted_at);
  if (deleted !== (query.get('is_deleted') === 'true')) return false;
  const name = query.get('name');
  if (name && tunnel.name !== name) return false;
  const uuid = query.get('uuid');
  if (uuid && tunnel.id !== uuid) return false;
  const status = query.get('status');
  if (status && statusOf(tunnel) !== status) return false;
  const include = query.get('include_prefix');
  if (include && !tunnel.name.startsWith(include)) return false;
  const exclude = query.get('exclude_prefix');
  return !(exclude && tunnel.name.startsWith(exclude));
}

export function getTunnel(context: RouteContext): SimResponse {
  const found = openTunnel(context, 'tunnel:read');
  return isRefusal(found) ? found : ok(tunnelView(found));
}

export function deleteTunnel(context: RouteContext): SimResponse {
  const tunnel = openTunnel(context, 'tunnel:edit');
  if (isRefusal(tunnel)) return tunnel;
  if (tunnel.deleted_at) return tunnelMissing();
  if ((tunnel.connections ?? 0) > 0) {
    return failOne(400, 1022, 'Cannot delete a tunnel with active connections');
  }
  tunnel.deleted_at = isoSeconds(context.state.clock());
  return ok(tunnelView(tunnel));
}

export function listConnections(context: RouteContext): SimResponse {
  const tunnel = openTunnel(context, 'tunnel:read');
  return isRefusal(tunnel) ? tunnel : ok(connectorsOf(tunnel));
}

/** Removes every connector, or only the one named by `client_id`. */
export function cleanConnections(context: RouteContext): SimResponse {
  const tunnel = openTunnel(context, 'tunnel:edit');
  if (isRefusal(tunnel)) return tunnel;
  const clientId = context.request.query.get('client_id');
  const count = tunnel.connections ?? 0;
  if (clientId === null) {
    tunnel.connections = 0;
  } else if (connectorsOf(tunnel).some((connector) => connector.id === clientId)) {
    tunnel.connections = count - 1;
  }
  if (count > 0 && tunnel.connections === 0) tunnel.status = 'down';
  return ok({});
}

function openTunnel(
  context: RouteContext,
  need: 'tunnel:read' | 'tunnel:edit',
): CfTunnelWorld | SimResponse {
  const access = accountAccess(context, need);
  if (isRefusal(access)) return access;
  const tunnel = findTunnel(context.state, access.accountId, context.params.tunnel_id ?? '');
  return tunnel ?? tunnelMissing();
}

function findTunnel(state: CfState, accountId: string, id: string): CfTunnelWorld | undefined {
  return state.tunnels.find((tunnel) => tunnel.id === id && tunnel.account === accountId);
}

function tunnelMissing(): SimResponse {
  return failOne(404, 1003, 'Tunnel not found');
}

function statusOf(tunnel: CfTunnelWorld): string {
  return tunnel.status ?? ((tunnel.connections ?? 0) > 0 ? 'healthy' : 'inactive');
}

/** `deleted_at` appears only once set: the API describes it as a date-time, never null. */
function tunnelView(tunnel: CfTunnelWorld): Record<string, unknown> {
  const created = tunnel.created_at ?? '2024-01-01T00:00:00Z';
  const live = (tunnel.connections ?? 0) > 0;
  return {
    id: tunnel.id,
    account_tag: tunnel.account,
    name: tunnel.name,
    status: statusOf(tunnel),
    created_at: created,
    ...(tunnel.deleted_at ? { deleted_at: tunnel.deleted_at } : {}),
    connections: connectorsOf(tunnel).flatMap((connector) => connector.conns),
    ...(live ? { conns_active_at: created } : {}),
    tun_type: 'cfd_tunnel',
    remote_config: false,
    metadata: {},
  };
}

interface Connector {
  id: string;
  conns: Record<string, unknown>[];
  [field: string]: unknown;
}

/** One connector (a running cloudflared) per counted connection, each with one link. */
function connectorsOf(tunnel: CfTunnelWorld): Connector[] {
  const created = tunnel.created_at ?? '2024-01-01T00:00:00Z';
  return Array.from({ length: tunnel.connections ?? 0 }, (_unused, index) => {
    const clientId = stableUuid(tunnel.id, 'connector', String(index));
    return {
      id: clientId,
      arch: 'linux_amd64',
      version: '2026.1.0',
      config_version: 0,
      features: [],
      run_at: created,
      conns: [
        {
          id: stableUuid(tunnel.id, 'connection', String(index)),
          client_id: clientId,
          client_version: '2026.1.0',
          colo_name: 'ams01',
          is_pending_reconnect: false,
          opened_at: created,
          origin_ip: `192.0.2.${(index % 250) + 1}`,
        },
      ],
    };
  });
}
