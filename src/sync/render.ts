/** The plan as people read it: one line per credential and mirror, with the reason. */
import type { PlanAction, PlanItem, PushResult } from './plan.js';

export function renderPlan(plan: readonly PlanItem[], applied: boolean): string {
  if (plan.length === 0) {
    return 'Nothing to sync: no credential has a mirror in this selection.\n\n';
  }
  const lines: string[] = [];
  const width = Math.max(...plan.map((item) => targetLabel(item).length));
  const reasonWidth = Math.max(...plan.filter((i) => i.result).map((i) => i.reason.length), 0);
  let credential: string | undefined;
  for (const item of plan) {
    if (item.credential !== credential) {
      credential = item.credential;
      lines.push(credential);
    }
    const reason = item.result
      ? `${item.reason.padEnd(reasonWidth)}  ${describeResult(item.result, applied)}`
      : item.reason;
    lines.push(`  ${item.action.padEnd(7)}  ${targetLabel(item).padEnd(width)}  ${reason}`);
  }
  return `${lines.join('\n')}\n\n`;
}

function targetLabel(item: PlanItem): string {
  return item.target === item.credential ? item.mirror : `${item.mirror} (as ${item.target})`;
}

function describeResult(result: PushResult, applied: boolean): string {
  if (result === 'refused') return applied ? '→ refused, not pushed' : '→ would be refused';
  if (result === 'failed') return '→ FAILED';
  return `→ ${result}`;
}

export function countPlan(plan: readonly PlanItem[]): Record<string, number> {
  const counts: Record<string, number> = { items: plan.length };
  for (const action of ['create', 'update', 'nothing', 'skip'] satisfies PlanAction[]) {
    counts[action] = plan.filter((item) => item.action === action).length;
  }
  const results = ['created', 'updated', 'failed', 'refused'] satisfies PushResult[];
  for (const result of results) {
    counts[result] = plan.filter((item) => item.result === result).length;
  }
  return counts;
}

/** The report's title: what the plan holds, or what `--apply` did. */
export function planTitle(plan: readonly PlanItem[], applied: boolean): string {
  const counts = countPlan(plan);
  const parts = (entries: [number | undefined, string][]): string =>
    entries
      .filter(([count]) => (count ?? 0) > 0)
      .map(([count, words]) => `${count} ${words}`)
      .join(', ') || 'nothing to do';
  if (!applied) {
    const refused = counts.refused ? `; ${counts.refused} would be refused` : '';
    const what = parts([
      [counts.create, 'to create'],
      [counts.update, 'to update'],
      [counts.nothing, 'unchanged'],
      [counts.skip, 'skipped'],
    ]);
    return `tend sync plan: ${what}${refused} (nothing written; --apply writes it)`;
  }
  const what = parts([
    [counts.created, 'created'],
    [counts.updated, 'updated'],
    [counts.failed, 'failed'],
    [counts.refused, 'refused'],
    [counts.nothing, 'unchanged'],
    [counts.skip, 'skipped'],
  ]);
  return `tend sync --apply: ${what}`;
}
