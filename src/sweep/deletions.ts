/**
 * Turning what a deletion run did into plan-line statuses and `delete-failed` findings:
 * one finding per kind of refusal (not one per item), and one for a run that stopped
 * early, naming what was left undone.
 */
import type { Finding } from '../core/findings.js';
import { sweepFinding, type PlanLine } from './outcome.js';

export interface DeletionResult {
  deleted: string[];
  alreadyGone: string[];
  failed: { id: string; status: number; codes: number[]; message: string }[];
  pending: string[];
  stoppedEarly?: string;
}

const SHOWN = 5;

/** Sets each line's status; returns how many items are gone (deleted or already gone). */
export function markDeletions(lines: PlanLine[], result: DeletionResult): number {
  const status = new Map<string, PlanLine['status']>();
  for (const id of result.deleted) status.set(id, 'deleted');
  for (const id of result.alreadyGone) status.set(id, 'already-gone');
  const failures = new Map(result.failed.map((item) => [item.id, item]));
  for (const line of lines) {
    const failure = failures.get(line.id);
    if (failure) {
      line.status = 'failed';
      line.note = describeFailure(failure);
    } else {
      line.status = status.get(line.id) ?? 'not-done';
    }
  }
  return result.deleted.length + result.alreadyGone.length;
}

export function deletionFindings(input: {
  sweep: string;
  store: string;
  lines: PlanLine[];
  result: DeletionResult;
  noun: string;
}): Finding[] {
  const { result, noun } = input;
  const names = new Map(input.lines.map((line) => [line.id, line.name]));
  const findings: Finding[] = [];
  const groups = new Map<string, string[]>();
  for (const failure of result.failed) {
    const key = describeFailure(failure);
    groups.set(key, [...(groups.get(key) ?? []), failure.id]);
  }
  for (const [reason, ids] of groups) {
    findings.push(
      sweepFinding(input.sweep, {
        store: input.store,
        class: 'delete-failed',
        message: `${ids.length} ${noun}(s) could not be deleted (${reason}): ${list(ids, names)}`,
      }),
    );
  }
  const undone = result.pending.filter((id) => !result.failed.some((item) => item.id === id));
  if (result.stoppedEarly !== undefined || undone.length > 0) {
    const done = result.deleted.length + result.alreadyGone.length;
    findings.push(
      sweepFinding(input.sweep, {
        store: input.store,
        class: 'delete-failed',
        message:
          `the sweep stopped early: ${result.stoppedEarly ?? 'not every deletion was settled'}; ` +
          `${done} ${noun}(s) are gone, ${undone.length} were not deleted` +
          (undone.length > 0 ? `: ${list(undone, names)}` : ''),
        fix: 'Re-run the sweep later; it picks up what is left. Backups of this run are kept.',
      }),
    );
  }
  return findings;
}

function describeFailure(failure: { status: number; codes: number[]; message: string }): string {
  const codes = failure.codes.length > 0 ? ` code ${failure.codes.join(', ')}` : '';
  const text = failure.message ? `: ${failure.message}` : '';
  return `${failure.status}${codes}${text}`;
}

function list(ids: string[], names: Map<string, string>): string {
  const shown = ids.slice(0, SHOWN).map((id) => `${names.get(id) ?? '?'} (${id})`);
  const more = ids.length > SHOWN ? ` and ${ids.length - SHOWN} more` : '';
  return `${shown.join(', ')}${more}`;
}
