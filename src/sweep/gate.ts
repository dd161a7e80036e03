/**
 * The last rails before anything is deleted, the same for DNS and tunnel sweeps: save
 * the plan when asked, hold a saved plan to what the run found now, and keep within the
 * limits. True when deletion may go ahead.
 */
import type { SweepConfig } from '../core/manifest/schema.js';
import { limitFinding } from './limits.js';
import type { PlanLine, SweepOutcome } from './outcome.js';
import { comparePlans, loadPlan, savePlan } from './saved-plan.js';
import type { SweepRequest } from './start.js';

export interface GateInput {
  request: SweepRequest;
  limits: SweepConfig['limits'];
  outcome: SweepOutcome;
  /** Zone id or account id: a saved plan binds to it. */
  scope: string;
  /** Zone or account name, for findings. */
  store: string;
  /** The lines a saved plan must match: what this run would delete. */
  lines: PlanLine[];
  deletions: number;
  owned: number;
}

export function mayDelete(input: GateInput): boolean {
  const { request, outcome, scope, store, lines } = input;
  if (request.savePlan !== undefined) {
    const now = request.ctx.now();
    savePlan(request.savePlan, { sweep: request.name, scope, lines, now });
    outcome.notes.push(`plan saved to ${request.savePlan}`);
  }
  if (request.plan !== undefined) {
    const saved = loadPlan(request.plan, request.name);
    const changed = comparePlans({ saved, path: request.plan, scope, lines, store });
    if (changed) {
      outcome.findings.push(changed);
      return false;
    }
    outcome.notes.push(`the saved plan ${request.plan} still holds`);
  }
  const limit = limitFinding({
    sweep: request.name,
    store,
    deletions: input.deletions,
    owned: input.owned,
    limits: input.limits,
    apply: request.apply,
    force: request.force,
  });
  if (limit) outcome.findings.push(limit);
  return request.apply && limit === undefined && input.deletions > 0;
}
