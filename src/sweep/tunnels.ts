/**
 * A `cloudflare-tunnels` sweep: credential, preflight (tunnel:edit), live set, the
 * complete tunnel listing of the account (proving tunnel:read), the DNS records that
 * point at tunnels (see `tunnel-dns.ts`), the plan, then with `--apply` the rails,
 * backups and deletion. Orphans a record still points at, and connected orphans without
 * `cleanConnections`, are held back and reported.
 */
import { parseDuration } from '../core/duration.js';
import type { TunnelSweepConfig } from '../core/manifest/schema.js';
import type { CfTunnel } from '../providers/cloudflare/index.js';
import { backUpBeforeDelete } from './backup.js';
import { deletionFindings, markDeletions } from './deletions.js';
import { listingFinding, listLiveTunnels } from './listing.js';
import { emptyOutcome, sweepFinding, type PlanLine, type SweepOutcome } from './outcome.js';
import { mayDelete } from './gate.js';
import { liveOwners, startSweep, underLock, type Started, type SweepRequest } from './start.js';
import { tunnelReferences } from './tunnel-dns.js';
import { deleteTunnels } from './tunnel-delete.js';
import { planTunnelSweep, type TunnelOrphan, type TunnelPlan } from './tunnel-plan.js';

interface AccountRun {
  request: SweepRequest;
  sweep: TunnelSweepConfig;
  started: Started;
  store: string;
  outcome: SweepOutcome;
}

export async function runTunnelSweep(
  request: SweepRequest,
  sweep: TunnelSweepConfig,
): Promise<SweepOutcome> {
  const outcome = emptyOutcome(request.name, 'cloudflare-tunnels');
  outcome.scope = sweep.accountId;
  const started = await startSweep(request, sweep, outcome);
  if (!started) return outcome;
  const store = `account ${sweep.accountId}`;
  await underLock(request, () => sweepAccount({ request, sweep, started, store, outcome }));
  return outcome;
}

async function sweepAccount(run: AccountRun): Promise<void> {
  const { request, sweep, outcome, started } = run;
  const live = await liveOwners(request, sweep, outcome);
  if (!live) return;
  outcome.stage = 'listing';
  let tunnels: CfTunnel[];
  let references;
  try {
    tunnels = await listLiveTunnels(started.api, sweep.accountId);
    references = await tunnelReferences(started.api, sweep.accountId);
  } catch (error) {
    const context = { sweep: request.name, credential: started.credential.name, store: run.store };
    outcome.findings.push(listingFinding(error, context));
    return;
  }
  noteDnsCheck(run, references.zonesChecked);
  outcome.stage = 'plan';
  const plan = planTunnelSweep({
    tunnels,
    live,
    owns: sweep.owns,
    keep: sweep.keep,
    graceMs: parseDuration(sweep.grace, `sweeps.${request.name}.grace`),
    now: request.ctx.now(),
    references: references.byTunnel,
  });
  const deletable = fillPlan(run, plan);
  if (mayApply(run, plan, deletable)) await applyPlan(run, tunnels, deletable);
  outcome.stage = 'done';
}

function noteDnsCheck(run: AccountRun, zones: string[]): void {
  const { outcome, request, sweep } = run;
  if (zones.length > 0) {
    outcome.notes.push(`DNS records pointing at tunnels checked in: ${zones.join(', ')}`);
    return;
  }
  outcome.findings.push(
    sweepFinding(request.name, {
      store: run.store,
      class: 'tunnel-dns-unchecked',
      message:
        `the token sees no zone of account ${sweep.accountId}, so tend could not check that ` +
        'no DNS record still points at a tunnel it deletes',
    }),
  );
}

/** Fills the outcome; returns the orphans that may be deleted this run. */
function fillPlan(run: AccountRun, plan: TunnelPlan): TunnelOrphan[] {
  const { outcome, sweep, request } = run;
  outcome.counts = {
    items: plan.tunnels,
    owned: plan.owned,
    orphans: plan.orphans.length,
    deleted: 0,
  };
  for (const item of plan.protected) {
    outcome.protectedBy[item.reason] = (outcome.protectedBy[item.reason] ?? 0) + 1;
  }
  const deletable: TunnelOrphan[] = [];
  const orphans = [...plan.orphans].sort((a, b) => a.name.localeCompare(b.name));
  for (const orphan of orphans) {
    const line: PlanLine = { ...lineOf(orphan), status: 'planned' };
    outcome.plan.push(line);
    if (orphan.pointedAtBy.length > 0) {
      line.status = 'kept';
      line.note = `DNS records still point at it: ${orphan.pointedAtBy.join(', ')}`;
    } else if (orphan.connections > 0 && !sweep.cleanConnections) {
      line.status = 'kept';
      line.note = `${orphan.connections} live connection(s)`;
      outcome.findings.push(connectedFinding(request.name, run.store, orphan));
    } else {
      deletable.push(orphan);
    }
  }
  return deletable;
}

function lineOf(orphan: TunnelOrphan): Omit<PlanLine, 'status'> {
  const { id, name, owner, ageMs, rule } = orphan;
  return { id, name, owner, ageMs, rule };
}

function connectedFinding(sweep: string, store: string, orphan: TunnelOrphan) {
  return sweepFinding(sweep, {
    store,
    class: 'tunnel-connected',
    message:
      `tunnel ${orphan.name} (${orphan.id}) is an orphan but has ${orphan.connections} live ` +
      'connection(s); it was kept',
  });
}

function mayApply(run: AccountRun, plan: TunnelPlan, deletable: TunnelOrphan[]): boolean {
  const { request, sweep, outcome } = run;
  return mayDelete({
    request,
    limits: sweep.limits,
    outcome,
    scope: sweep.accountId,
    store: run.store,
    lines: outcome.plan.filter((line) => line.status === 'planned'),
    deletions: deletable.length,
    owned: plan.owned,
  });
}

async function applyPlan(
  run: AccountRun,
  tunnels: CfTunnel[],
  deletable: TunnelOrphan[],
): Promise<void> {
  const { request, sweep, outcome, started } = run;
  outcome.stage = 'apply';
  const wanted = new Set(deletable.map((orphan) => orphan.id));
  const items = tunnels.filter((tunnel) => wanted.has(tunnel.id));
  const backedUp = await backUpBeforeDelete({
    request,
    outcome,
    kind: 'tunnel',
    scope: sweep.accountId,
    store: run.store,
    items,
  });
  if (!backedUp) return;
  outcome.applied = true;
  const result = await deleteTunnels(started.api, sweep.accountId, deletable, {
    clean: sweep.cleanConnections,
  });
  const lines = outcome.plan.filter((line) => wanted.has(line.id));
  outcome.counts.deleted = markDeletions(lines, result);
  outcome.findings.push(
    ...deletionFindings({ sweep: request.name, store: run.store, lines, result, noun: 'tunnel' }),
  );
}
