/**
 * What one sweep run found and did, in one shape for DNS and tunnel sweeps, so that the
 * command renders, records and exits the same way for both.
 */
import { finding, type Finding, type FindingInput } from '../core/findings.js';
import type { KeptReason } from './plan.js';

/** What happened to one planned deletion. */
export type ItemStatus = 'planned' | 'deleted' | 'already-gone' | 'failed' | 'not-done' | 'kept';

export interface PlanLine {
  id: string;
  name: string;
  /** DNS record type; absent for tunnels. */
  type?: string;
  owner: string;
  ageMs: number;
  rule: string;
  status: ItemStatus;
  /** Why a planned item was not deleted, when it was not. */
  note?: string;
}

export interface QuotaReport {
  used: number;
  /** Null when the zone has no quota of its own (an account-level quota applies). */
  limit: number | null;
  /** After the sweep: measured when applied, projected from the plan otherwise. */
  after: number;
  /** `usage` when the usage endpoint answered, `counted` from the listing otherwise. */
  source: 'usage' | 'counted';
}

export interface SweepOutcome {
  sweep: string;
  type: 'cloudflare-dns' | 'cloudflare-tunnels';
  /** Zone name (DNS sweeps), when known. */
  zone?: string;
  /** Zone id (DNS) or account id (tunnels), when known. */
  scope?: string;
  /** True once deletions were attempted (backups made, the rails passed). */
  applied: boolean;
  /** How far the run got, for the summary line. */
  stage: 'credential' | 'preflight' | 'live' | 'listing' | 'plan' | 'apply' | 'done';
  counts: { items: number; owned: number; orphans: number; deleted: number };
  liveOwners?: number;
  protectedBy: Partial<Record<KeptReason, number>>;
  quota?: QuotaReport;
  plan: PlanLine[];
  findings: Finding[];
  /** Extra lines for the human report (where the credential came from, backups, …). */
  notes: string[];
}

export function emptyOutcome(sweep: string, type: SweepOutcome['type']): SweepOutcome {
  return {
    sweep,
    type,
    applied: false,
    stage: 'credential',
    counts: { items: 0, owned: 0, orphans: 0, deleted: 0 },
    protectedBy: {},
    plan: [],
    findings: [],
    notes: [],
  };
}

/** Plan lines in a stable order a reader can scan: by name, then type. */
export function byName(a: PlanLine, b: PlanLine): number {
  return a.name.localeCompare(b.name) || (a.type ?? '').localeCompare(b.type ?? '');
}

/** A finding about this sweep (not about its credential alone). */
export function sweepFinding(sweep: string, input: Omit<FindingInput, 'sweep'>): Finding {
  return finding({ ...input, sweep });
}
