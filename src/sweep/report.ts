/**
 * What a sweep prints: the JSON document of issue 4 (plus `ok` and the `runId` that
 * `tend restore` takes), the human plan (one line per deletion, counts, live owners,
 * protected records, quota before and after), and the one-line summary used as the
 * report's title and the step summary's heading.
 */
import { formatDuration } from '../core/duration.js';
import type { Finding } from '../core/findings.js';
import type { Style } from '../core/report/style.js';
import type { PlanLine, SweepOutcome } from './outcome.js';

export interface SweepJson {
  sweep: string;
  counts: Record<string, number>;
  [field: string]: unknown;
}

export function sweepJson(outcome: SweepOutcome, runId: string | undefined): SweepJson {
  const { items, owned, orphans, deleted } = outcome.counts;
  const common = { sweep: outcome.sweep, ...(runId !== undefined ? { runId } : {}) };
  if (outcome.type === 'cloudflare-tunnels') {
    return {
      ...common,
      account: outcome.scope ?? null,
      applied: outcome.applied,
      counts: { tunnels: items, owned, orphans, deleted },
      plan: outcome.plan.map(({ id, name, owner }) => ({ id, name, owner })),
    };
  }
  const quota = outcome.quota;
  return {
    ...common,
    zone: outcome.zone ?? null,
    applied: outcome.applied,
    counts: { records: items, owned, orphans, deleted },
    quota: quota ? { used: quota.used, limit: quota.limit, after: quota.after } : null,
    plan: outcome.plan.map(({ id, name, type, owner }) => ({ id, name, type, owner })),
  };
}

const STATUS_WORD: Record<PlanLine['status'], string> = {
  planned: 'would delete',
  deleted: 'deleted',
  'already-gone': 'already gone',
  failed: 'FAILED',
  'not-done': 'not deleted',
  kept: 'kept',
};

/** The plan as text, before the findings. */
export function sweepSection(outcome: SweepOutcome, style: Style): string {
  const where =
    outcome.type === 'cloudflare-dns'
      ? `zone ${outcome.zone ?? '?'}`
      : `account ${outcome.scope ?? '?'}`;
  const finished = outcome.stage === 'done' || outcome.stage === 'apply';
  const mode = outcome.applied
    ? 'applied'
    : finished
      ? 'plan only'
      : `stopped at the ${outcome.stage} step`;
  const lines = [style.bold(`Sweep ${outcome.sweep} · ${where} · ${mode}`)];
  if (finished) lines.push(...planTable(outcome.plan, style));
  else lines.push('  nothing was planned or deleted (see the findings)');
  if (finished) {
    lines.push(`  ${countsLine(outcome)}`, `  ${protectedLine(outcome)}`);
  }
  const quota = outcome.quota;
  if (quota) {
    const limit = quota.limit ?? '(no zone quota)';
    const [before, after] = outcome.applied ? ['before', 'after the sweep'] : ['now', 'if applied'];
    const source = quota.source === 'usage' ? 'from the usage endpoint' : 'counted';
    lines.push(
      `  quota ${quota.used}/${limit} ${before}, ${quota.after}/${limit} ${after} (${source})`,
    );
  }
  for (const note of outcome.notes) lines.push(`  ${style.dim(note)}`);
  return `${lines.join('\n')}\n\n`;
}

function planTable(plan: PlanLine[], style: Style): string[] {
  if (plan.length === 0) return ['  no orphans'];
  const rows = plan.map((line) => [
    STATUS_WORD[line.status],
    line.name,
    line.type ?? 'tunnel',
    `owner ${line.owner}`,
    `age ${formatDuration(line.ageMs)}`,
    line.rule + (line.note ? ` (${line.note})` : ''),
  ]);
  const width = (column: number): number =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0));
  return rows.map((row, index) => {
    const cells = row.map((cell, column) =>
      column === row.length - 1 ? cell : cell.padEnd(width(column)),
    );
    const text = `  ${cells.join('  ')}`;
    const status = plan[index]?.status;
    return status === 'failed' || status === 'not-done' ? style.red(text) : text;
  });
}

function countsLine(outcome: SweepOutcome): string {
  const { counts } = outcome;
  const noun = outcome.type === 'cloudflare-dns' ? 'records' : 'tunnels';
  return (
    `${noun} ${counts.items} · owned ${counts.owned} · orphans ${counts.orphans} · ` +
    `deleted ${counts.deleted}`
  );
}

function protectedLine(outcome: SweepOutcome): string {
  const parts = Object.entries(outcome.protectedBy).map(([reason, count]) => `${reason} ${count}`);
  const total = Object.values(outcome.protectedBy).reduce((sum, count) => sum + count, 0);
  const live = outcome.liveOwners === undefined ? '' : `live owners ${outcome.liveOwners} · `;
  return `${live}protected ${total}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/** One line: what the run did, and the failing streak when there is one. */
export function sweepTitle(outcome: SweepOutcome, findings: readonly Finding[]): string {
  const where = outcome.type === 'cloudflare-dns' ? ` in ${outcome.zone ?? '?'}` : '';
  const { counts } = outcome;
  let what: string;
  if (outcome.applied) {
    what = `deleted ${counts.deleted} of ${counts.orphans} orphans${where}`;
  } else if (outcome.stage === 'done') {
    what = `${counts.orphans} orphans${where}, nothing deleted`;
  } else {
    what = `stopped at the ${outcome.stage} step, nothing deleted`;
  }
  const quota = outcome.quota;
  const quotaText =
    quota && quota.limit !== null
      ? `; quota ${quota.used}/${quota.limit} → ${quota.after}/${quota.limit}`
      : '';
  const streak = findings.find((item) => item.class === 'failing-streak');
  const streakText = streak ? `; ${streak.message}` : '';
  return `tend sweep ${outcome.sweep}: ${what}${quotaText}${streakText}`;
}
