/**
 * Which tunnels are orphans, from the complete tunnel listing, the live set and the DNS
 * records that point at tunnels. Pure, like `plan.ts`.
 *
 * A tunnel is an orphan when an `owns` name rule matches its name (types are ignored),
 * its owner is not live, it is older than `grace` and not in `keep` (by name or id).
 * An orphan is held back, not deleted, while a DNS record still points at it
 * (`<uuid>.cfargotunnel.com`) or, without `cleanConnections`, while connectors are live.
 */
import type { OwnsRule } from '../core/manifest/schema.js';
import type { CfTunnel } from '../providers/cloudflare/index.js';
import type { KeptReason } from './plan.js';
import { OwnershipRules } from './rules.js';

export interface TunnelOrphan {
  id: string;
  name: string;
  owner: string;
  ageMs: number;
  rule: string;
  connections: number;
  /** Names of DNS records that still point at the tunnel. */
  pointedAtBy: string[];
}

export interface TunnelPlan {
  tunnels: number;
  owned: number;
  orphans: TunnelOrphan[];
  protected: { id: string; name: string; owner: string; reason: KeptReason }[];
}

export interface TunnelPlanInput {
  tunnels: CfTunnel[];
  live: Set<string>;
  owns: OwnsRule[];
  keep: string[];
  graceMs: number;
  now: Date;
  /** Tunnel id (lower case) → names of the records that point at it. */
  references: Map<string, string[]>;
}

export function planTunnelSweep(input: TunnelPlanInput): TunnelPlan {
  const rules = new OwnershipRules(input.owns.map(nameOnly));
  const keep = new Set(input.keep.map((item) => item.trim().toLowerCase()));
  const live = new Set([...input.live].map((owner) => owner.toLowerCase()));
  const plan: TunnelPlan = { tunnels: input.tunnels.length, owned: 0, orphans: [], protected: [] };
  for (const tunnel of input.tunnels) {
    const ownership = rules.match({ name: tunnel.name });
    if (!ownership) continue;
    plan.owned += 1;
    const base = { id: tunnel.id, name: tunnel.name, owner: ownership.owner };
    const ageMs = ageOf(tunnel.created_at, input.now);
    const reason = keptReason({ tunnel, owner: ownership.owner, ageMs, live, keep, input });
    if (reason) {
      plan.protected.push({ ...base, reason });
      continue;
    }
    plan.orphans.push({
      ...base,
      ageMs: ageMs as number,
      rule: ownership.rule,
      connections: tunnel.connections?.length ?? 0,
      pointedAtBy: input.references.get(tunnel.id.toLowerCase()) ?? [],
    });
  }
  return plan;
}

function keptReason(facts: {
  tunnel: CfTunnel;
  owner: string;
  ageMs: number | undefined;
  live: Set<string>;
  keep: Set<string>;
  input: TunnelPlanInput;
}): KeptReason | undefined {
  const { tunnel, keep } = facts;
  if (keep.has(tunnel.name.toLowerCase()) || keep.has(tunnel.id.toLowerCase())) return 'keep';
  if (facts.live.has(facts.owner.toLowerCase())) return 'live';
  if (facts.ageMs === undefined) return 'age-unknown';
  if (facts.ageMs < facts.input.graceMs) return 'young';
  return undefined;
}

/**
 * A name rule reads the same for a tunnel's name, whatever record types it lists. Comment
 * rules never match: a tunnel has no comment.
 */
function nameOnly(rule: OwnsRule): OwnsRule {
  return 'name' in rule ? { name: rule.name } : rule;
}

function ageOf(createdAt: string | undefined, now: Date): number | undefined {
  const created = createdAt ? Date.parse(createdAt) : Number.NaN;
  return Number.isNaN(created) ? undefined : now.getTime() - created;
}
