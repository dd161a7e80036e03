/**
 * The deletion limits. By default a run may delete at most 25 items (`maxDeletes`) and at
 * most 10% of the items the sweep owns (`maxFraction: 0.1`); a plan above either is what
 * a broken live set or a bad rule looks like. `--apply` refuses it unless `--force`.
 */
import type { Finding } from '../core/findings.js';
import { sweepFinding } from './outcome.js';

export interface Limits {
  maxDeletes: number;
  maxFraction: number;
}

/** What the plan exceeds, one phrase per limit: "93 deletions exceed maxDeletes 25 by 68". */
export function limitExcesses(deletions: number, owned: number, limits: Limits): string[] {
  const excesses: string[] = [];
  if (deletions > limits.maxDeletes) {
    excesses.push(
      `${deletions} deletions exceed maxDeletes ${limits.maxDeletes} ` +
        `by ${deletions - limits.maxDeletes}`,
    );
  }
  const allowed = Math.floor(limits.maxFraction * owned + 1e-9);
  if (deletions > allowed) {
    const percent = owned > 0 ? Math.round((deletions / owned) * 100) : 100;
    excesses.push(
      `${deletions} deletions (${percent}% of ${owned} owned) exceed maxFraction ` +
        `${limits.maxFraction} (${allowed} deletions) by ${deletions - allowed}`,
    );
  }
  return excesses;
}

/**
 * The limit finding: an error that stops `--apply`, a warning on a plan-only run (so the
 * reviewer knows the apply would be refused), none with `--force`.
 */
export function limitFinding(input: {
  sweep: string;
  store: string;
  deletions: number;
  owned: number;
  limits: Limits;
  apply: boolean;
  force: boolean;
}): Finding | undefined {
  const excesses = limitExcesses(input.deletions, input.owned, input.limits);
  if (excesses.length === 0 || input.force) return undefined;
  const verdict = input.apply ? 'nothing was deleted' : '`--apply` would refuse this plan';
  return sweepFinding(input.sweep, {
    store: input.store,
    class: 'limit-exceeded',
    severity: input.apply ? 'error' : 'warning',
    message: `${excesses.join('; ')}: ${verdict}`,
    fix:
      'Review the plan. If every deletion is right, run again with `--force`, or raise ' +
      `\`limits\` of sweep ${input.sweep} in the manifest.`,
  });
}
