/**
 * The simulated Cloudflare's mutable state: a private copy of the world's zones, records and
 * tunnels, changed by the write endpoints and by faults with `deleteRecords`.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../vendor.js';
import type {
  CfRecordWorld,
  CfTokenWorld,
  CfTunnelWorld,
  CfZoneWorld,
  CloudflareWorld,
} from '../world.js';

export interface CfState {
  readonly world: CloudflareWorld;
  readonly zones: CfZoneWorld[];
  readonly tunnels: CfTunnelWorld[];
  readonly tokens: CfTokenWorld[];
  readonly clock: Clock;
}

const FREE_RECORD_QUOTA = 200;
const PAID_RECORD_QUOTA = 3500;
const FREE_BATCH_LIMIT = 200;
const PAID_BATCH_LIMIT = 3500;

export function createState(world: CloudflareWorld, clock: Clock): CfState {
  const copy = structuredClone(world);
  const loadedAt = isoSeconds(clock());
  const zones = copy.zones ?? [];
  for (const zone of zones) {
    zone.records = (zone.records ?? []).map((record) => withDefaults(record, loadedAt));
  }
  return {
    world: copy,
    zones,
    tunnels: copy.tunnels ?? [],
    tokens: copy.tokens ?? [],
    clock,
  };
}

/** Fills what the API always reports; every field the world gives is kept as given. */
function withDefaults(record: CfRecordWorld, loadedAt: string): CfRecordWorld {
  return {
    ttl: 1,
    proxied: false,
    tags: [],
    created_on: loadedAt,
    modified_on: record.created_on ?? loadedAt,
    ...record,
  };
}

/** Zones, records and tunnels as JSON; tokens stay out because they hold secret values. */
export function snapshotOf(state: CfState): unknown {
  return structuredClone({ zones: state.zones, tunnels: state.tunnels });
}

export function removeRecords(state: CfState, ids: string[]): void {
  const gone = new Set(ids);
  for (const zone of state.zones) {
    zone.records = zone.records.filter((record) => !gone.has(record.id));
  }
}

export function findZone(state: CfState, id: string): CfZoneWorld | undefined {
  return state.zones.find((zone) => zone.id === id);
}

export function accountName(state: CfState, id: string): string {
  return state.world.accounts?.find((account) => account.id === id)?.name ?? id;
}

export function isFreePlan(zone: CfZoneWorld): boolean {
  return (zone.plan ?? 'free') === 'free';
}

/** The zone's record quota; null when the account's quota applies instead. */
export function recordQuota(zone: CfZoneWorld): number | null {
  if (zone.quota === null) return null;
  return zone.quota ?? (isFreePlan(zone) ? FREE_RECORD_QUOTA : PAID_RECORD_QUOTA);
}

export function batchLimit(zone: CfZoneWorld): number {
  return zone.batchLimit ?? (isFreePlan(zone) ? FREE_BATCH_LIMIT : PAID_BATCH_LIMIT);
}

/** ISO-8601 UTC without milliseconds, the form the API uses. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A stable 32-hex id derived from its parts, for objects the world does not name. */
export function stableHex(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** A stable RFC 4122-shaped UUID derived from its parts. */
export function stableUuid(...parts: string[]): string {
  const hex = stableHex('uuid', ...parts);
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}
