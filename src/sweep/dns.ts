/**
 * A `cloudflare-dns` sweep, in order: credential, preflight, live set, the complete zone
 * listing (and the account's tunnels with `tunnelTargets`), the plan, the quota, then,
 * with `--apply` and inside the rails (saved plan, limits), backups and deletion in
 * batches. Every step that fails ends the run with a finding and deletes nothing more.
 */
import { parseDuration } from '../core/duration.js';
import { InternalError, VendorError } from '../core/errors.js';
import type { DnsSweepConfig } from '../core/manifest/schema.js';
import {
  deleteRecordsInBatches,
  type CfRecord,
  type ResolvedZone,
} from '../providers/cloudflare/index.js';
import { backUpBeforeDelete } from './backup.js';
import { deletionFindings, markDeletions } from './deletions.js';
import { listingFinding, listLiveTunnels, listZoneRecords } from './listing.js';
import { byName, emptyOutcome, type PlanLine, type SweepOutcome } from './outcome.js';
import { planDnsSweep, type DnsPlan } from './plan.js';
import { quotaFinding, zoneQuota } from './quota.js';
import { mayDelete } from './gate.js';
import { liveOwners, startSweep, underLock, type Started, type SweepRequest } from './start.js';

interface ZoneRun {
  request: SweepRequest;
  sweep: DnsSweepConfig;
  started: Started;
  zone: ResolvedZone;
  outcome: SweepOutcome;
}

export async function runDnsSweep(
  request: SweepRequest,
  sweep: DnsSweepConfig,
): Promise<SweepOutcome> {
  const outcome = emptyOutcome(request.name, 'cloudflare-dns');
  outcome.zone = sweep.zone;
  const started = await startSweep(request, sweep, outcome);
  if (!started) return outcome;
  const zone = started.verdict.zone;
  if (!zone) throw new InternalError(`the preflight of sweep ${request.name} gave no zone`);
  outcome.zone = zone.name;
  outcome.scope = zone.id;
  await underLock(request, () => sweepZone({ request, sweep, started, zone, outcome }));
  return outcome;
}

async function sweepZone(run: ZoneRun): Promise<void> {
  const { request, sweep, outcome } = run;
  const live = await liveOwners(request, sweep, outcome);
  if (!live) return;
  outcome.stage = 'listing';
  const listed = await listEverything(run);
  if (!listed) return;
  outcome.stage = 'plan';
  const plan = planDnsSweep({
    records: listed.records,
    live,
    owns: sweep.owns,
    keep: sweep.keep,
    graceMs: parseDuration(sweep.grace, `sweeps.${request.name}.grace`),
    now: request.ctx.now(),
    ...(listed.liveTunnels ? { liveTunnels: listed.liveTunnels } : {}),
  });
  fillPlan(outcome, plan);
  await measureQuota(run, listed.records.length);
  if (mayApply(run, plan)) await applyPlan(run, listed.records);
  judgeQuota(run);
  outcome.stage = 'done';
}

async function listEverything(
  run: ZoneRun,
): Promise<{ records: CfRecord[]; liveTunnels?: Set<string> } | undefined> {
  const { request, sweep, started, zone, outcome } = run;
  const context = {
    sweep: request.name,
    credential: started.credential.name,
    store: zone.name,
  };
  try {
    const records = await listZoneRecords(started.api, zone.id, zone.name);
    if (!sweep.tunnelTargets) return { records };
    const accountId = sweep.accountId ?? zone.accountId;
    const tunnels = await listLiveTunnels(started.api, accountId);
    return { records, liveTunnels: new Set(tunnels.map((tunnel) => tunnel.id.toLowerCase())) };
  } catch (error) {
    outcome.findings.push(listingFinding(error, context));
    return undefined;
  }
}

function fillPlan(outcome: SweepOutcome, plan: DnsPlan): void {
  outcome.counts = {
    items: plan.records,
    owned: plan.owned,
    orphans: plan.orphans.length,
    deleted: 0,
  };
  outcome.plan = plan.orphans
    .map((orphan): PlanLine => ({ ...orphan, status: 'planned' }))
    .sort(byName);
  for (const item of plan.protected) {
    outcome.protectedBy[item.reason] = (outcome.protectedBy[item.reason] ?? 0) + 1;
  }
}

async function measureQuota(run: ZoneRun, counted: number): Promise<void> {
  const { outcome, zone, started } = run;
  try {
    const quota = await zoneQuota(started.api, zone.id, zone.plan, { counted });
    outcome.quota = { ...quota, after: Math.max(0, quota.used - outcome.counts.orphans) };
  } catch (error) {
    if (!(error instanceof VendorError)) throw error;
    outcome.notes.push(`quota: unknown (${error.message})`);
  }
}

/** Saves the plan when asked, and applies the rails; true when deletion may go ahead. */
function mayApply(run: ZoneRun, plan: DnsPlan): boolean {
  const { request, sweep, outcome, zone } = run;
  return mayDelete({
    request,
    limits: sweep.limits,
    outcome,
    scope: zone.id,
    store: zone.name,
    lines: outcome.plan,
    deletions: plan.orphans.length,
    owned: plan.owned,
  });
}

async function applyPlan(run: ZoneRun, records: CfRecord[]): Promise<void> {
  const { request, sweep, outcome, zone, started } = run;
  outcome.stage = 'apply';
  const byId = new Map(records.map((record) => [record.id, record]));
  const items = outcome.plan.map((line) => byId.get(line.id) as CfRecord);
  const backedUp = await backUpBeforeDelete({
    request,
    outcome,
    kind: 'dns-record',
    scope: zone.id,
    store: zone.name,
    items,
    api: started.api,
  });
  if (!backedUp) return;
  outcome.applied = true;
  const result = await deleteRecordsInBatches(
    started.api,
    zone.id,
    items.map((item) => item.id),
    { plan: zone.plan, ...(sweep.batchSize !== undefined ? { batchSize: sweep.batchSize } : {}) },
  );
  outcome.counts.deleted = markDeletions(outcome.plan, result);
  outcome.findings.push(
    ...deletionFindings({
      sweep: request.name,
      store: zone.name,
      lines: outcome.plan,
      result,
      noun: 'record',
    }),
  );
  if (outcome.quota) {
    outcome.quota.after = Math.max(0, outcome.quota.used - outcome.counts.deleted);
  }
}

/** Quota findings on the zone as the sweep leaves it (see quota.ts). */
function judgeQuota(run: ZoneRun): void {
  const { outcome, zone, request } = run;
  const quota = outcome.quota;
  if (!quota) return;
  const applied = outcome.applied;
  const found = quotaFinding({
    zone: zone.name,
    used: applied ? quota.after : quota.used,
    limit: quota.limit,
    when: applied ? 'after the sweep' : 'now',
    sweep: request.name,
  });
  if (found) outcome.findings.push(found);
}
