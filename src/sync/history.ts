/**
 * What `tend history` shows: the recent runs, and for each command the current streaks
 * of the same error finding, counted as `docs/ledger.md` ("Streaks") describes.
 */
import { computeStreaks, describeStreak, type Ledger, type RunRecord } from '../ledger/index.js';
import type { Streak } from '../ledger/index.js';
import { formatUtc } from '../ledger/time.js';

/** Runs looked at to find which commands ran, and how far back a streak is followed. */
const COMMANDS_WINDOW = 500;
const STREAK_WINDOW = 200;

export interface HistoryQuery {
  limit: number;
  command?: string | undefined;
  /** The `history` run itself, which is still going on while it reads. */
  exclude: string;
}

export interface CommandStreak extends Streak {
  command: string;
  /** "CF_API_TOKEN: `token-invalid` in 10 runs in a row, since …" */
  text: string;
}

export interface History {
  runs: RunRecord[];
  streaks: CommandStreak[];
}

export async function readHistory(ledger: Ledger, query: HistoryQuery): Promise<History> {
  const filter = query.command === undefined ? {} : { command: query.command };
  const recent = await ledger.recentRuns({ ...filter, limit: query.limit + 1 });
  const runs = recent.filter((run) => run.id !== query.exclude).slice(0, query.limit);
  const commands = query.command ? [query.command] : await commandsSeen(ledger, query.exclude);
  const streaks: CommandStreak[] = [];
  for (const command of commands) {
    const history = await ledger.recentRuns({ command, limit: STREAK_WINDOW });
    const own = history.filter((run) => run.id !== query.exclude);
    for (const streak of computeStreaks(own)) {
      streaks.push({ ...streak, command, text: describeStreak(streak) });
    }
  }
  return { runs, streaks };
}

async function commandsSeen(ledger: Ledger, exclude: string): Promise<string[]> {
  const runs = await ledger.recentRuns({ limit: COMMANDS_WINDOW });
  return [...new Set(runs.filter((run) => run.id !== exclude).map((run) => run.command))];
}

export function renderHistory(history: History): string {
  const lines: string[] = ['Recent runs, newest first', ''];
  if (history.runs.length === 0) lines.push('  (no runs recorded yet)');
  const rows = history.runs.map((run) => [
    run.id.slice(0, 8),
    run.command,
    formatUtc(run.startedAt, 'second'),
    duration(run),
    run.outcome ?? 'unfinished',
    describeCounts(run.counts),
  ]);
  const header = ['ID', 'COMMAND', 'STARTED', 'DURATION', 'OUTCOME', 'COUNTS'];
  if (rows.length > 0) lines.push(...table([header, ...rows]));
  lines.push('');
  const commands = [...new Set(history.streaks.map((streak) => streak.command))];
  if (commands.length === 0) lines.push('No current error streaks.');
  for (const command of commands) {
    lines.push(`Current streaks in \`tend ${command}\` runs:`);
    for (const streak of history.streaks.filter((item) => item.command === command)) {
      lines.push(`  ${streak.text}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** How long the run took; a run without an end was killed or is still going on. */
export function durationMs(run: RunRecord): number | undefined {
  return run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : undefined;
}

function duration(run: RunRecord): string {
  const ms = durationMs(run);
  if (ms === undefined) return '-';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)}s`;
  return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

function describeCounts(counts: Record<string, unknown>): string {
  const shown = Object.entries(counts).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] > 0,
  );
  return shown.map(([name, count]) => `${name}=${count}`).join(' ') || '-';
}

function table(rows: string[][]): string[] {
  const width = (column: number): number =>
    Math.max(...rows.map((row) => (row[column] ?? '').length));
  const widths = rows[0]?.map((_, column) => width(column)) ?? [];
  return rows.map((row) =>
    `  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd(),
  );
}
