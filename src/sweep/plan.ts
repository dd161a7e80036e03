/**
 * Decides, from a complete zone listing and a complete live set, which records are
 * orphans. Pure: no I/O, so every rail can be tested on plain data.
 */
import { createHash } from 'node:crypto';
import { normaliseName, OwnershipRules } from './rules.js';
import type { OwnsRule } from '../core/manifest/schema.js';

export interface ZoneRecord {
  id: string;
  name: string;
  type: string;
  content?: string;
  comment?: string | null;
  created_on?: string;
  meta?: Record<string, unknown>;
  [field: string]: unknown;
}

export type KeptReason = 'live' | 'young' | 'keep' | 'managed' | 'age-unknown';

export interface PlannedDeletion {
  id: string;
  name: string;
  type: string;
  owner: string;
  ageMs: number;
  rule: string;
}

export interface DnsPlan {
  records: number;
  owned: number;
  liveOwners: number;
  orphans: PlannedDeletion[];
  /** Owned records that stay, and why. */
  protected: { id: string; name: string; type: string; owner: string; reason: KeptReason }[];
}

export interface PlanInput {
  records: ZoneRecord[];
  live: Set<string>;
  owns: OwnsRule[];
  keep: string[];
  graceMs: number;
  now: Date;
  /**
   * With `tunnelTargets: true`: the ids of the account's tunnels that still exist. An
   * owned CNAME to `<uuid>.cfargotunnel.com` whose tunnel is not among them is an orphan
   * even when its owner is live (grace, keep and managed records still protect it).
   */
  liveTunnels?: Set<string>;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TUNNEL_TARGET = new RegExp(`^(${UUID})\\.cfargotunnel\\.com\\.?$`, 'i');

/** The tunnel id a CNAME points at, if it points at a Cloudflare Tunnel. */
export function tunnelTarget(record: { type: string; content?: string }): string | undefined {
  if (record.type.toUpperCase() !== 'CNAME' || record.content === undefined) return undefined;
  return TUNNEL_TARGET.exec(record.content.trim())?.[1]?.toLowerCase();
}

export function planDnsSweep(input: PlanInput): DnsPlan {
  const rules = new OwnershipRules(input.owns);
  const keep = new Set(input.keep.map(normaliseName));
  const live = new Set([...input.live].map((owner) => owner.toLowerCase()));
  const plan: DnsPlan = {
    records: input.records.length,
    owned: 0,
    liveOwners: input.live.size,
    orphans: [],
    protected: [],
  };
  for (const record of input.records) {
    const ownerships = rules.matchAll(record);
    const ownership = ownerships.find((item) => isLive(live, item.owner)) ?? ownerships[0];
    if (!ownership) continue;
    plan.owned += 1;
    const ageMs = ageOf(record, input.now);
    const gone = goneTunnel(record, input.liveTunnels);
    const rails = { live, keep, graceMs: input.graceMs, tunnelGone: gone !== undefined };
    const reason = keptReason(record, ownership.owner, ageMs, rails);
    const base = { id: record.id, name: record.name, type: record.type, owner: ownership.owner };
    if (reason) {
      plan.protected.push({ ...base, reason });
      continue;
    }
    const rule =
      gone && isLive(live, ownership.owner)
        ? `${ownership.rule}, tunnel ${gone} gone`
        : ownership.rule;
    plan.orphans.push({ ...base, ageMs: ageMs as number, rule });
  }
  return plan;
}

function goneTunnel(record: ZoneRecord, liveTunnels: Set<string> | undefined): string | undefined {
  if (!liveTunnels) return undefined;
  const target = tunnelTarget(record);
  return target !== undefined && !liveTunnels.has(target) ? target : undefined;
}

/**
 * A comment rule's `{owner}` is a run of characters without spaces, so text that follows
 * it (`owner=3,` `owner="6"` `owner=11;env=prod`) comes along. The owner is live when it,
 * or any word in it, is a live owner: a sweep never deletes on a doubt.
 */
function isLive(live: Set<string>, owner: string): boolean {
  const lower = owner.toLowerCase();
  if (live.has(lower)) return true;
  return lower
    .split(/[^\p{L}\p{N}_.-]+/u)
    .map((word) => word.replace(/^[._-]+|[._-]+$/g, ''))
    .some((word) => word !== '' && live.has(word));
}

function keptReason(
  record: ZoneRecord,
  owner: string,
  ageMs: number | undefined,
  rails: { live: Set<string>; keep: Set<string>; graceMs: number; tunnelGone: boolean },
): KeptReason | undefined {
  if (isManagedElsewhere(record)) return 'managed';
  if (rails.keep.has(normaliseName(record.name)) || rails.keep.has(record.id)) return 'keep';
  if (isLive(rails.live, owner) && !rails.tunnelGone) return 'live';
  if (ageMs === undefined) return 'age-unknown';
  if (ageMs < rails.graceMs) return 'young';
  return undefined;
}

/**
 * Records another Cloudflare product manages carry flags in `meta`. Any flag other
 * than the ordinary `source: primary` protects the record: a sweep never guesses.
 */
export function isManagedElsewhere(record: { meta?: Record<string, unknown> }): boolean {
  return Object.entries(record.meta ?? {}).some(([key, value]) => {
    if (key === 'source') return value !== 'primary' && value !== undefined && value !== null;
    return value !== false && value !== null && value !== undefined && value !== '';
  });
}

function ageOf(record: ZoneRecord, now: Date): number | undefined {
  const created = record.created_on ? Date.parse(record.created_on) : Number.NaN;
  return Number.isNaN(created) ? undefined : now.getTime() - created;
}

/** A checksum over what a plan would delete, for `--save-plan` / `--apply --plan`. */
export function planChecksum(parts: { sweep: string; scope: string; ids: string[] }): string {
  const ids = [...parts.ids].sort();
  return createHash('sha256')
    .update(JSON.stringify({ sweep: parts.sweep, scope: parts.scope, ids }))
    .digest('hex');
}
