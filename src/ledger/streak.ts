/**
 * Streaks of the same error finding across runs, for `tend history` and the
 * `failing-streak` finding. Pure: give it runs newest first (usually of one command).
 *
 * - A streak is the number of finished runs in a row, counting back from the newest
 *   finished run, that carry the same error class for the same credential. Runs that
 *   never finished (killed, or still running) recorded no findings: they neither break
 *   nor extend a streak.
 * - `failed` of `window`: among the last `window` runs recorded (default 10), how many of
 *   those that finished ended with the outcome `failed`. Unfinished runs count for
 *   neither number, so `window` may be smaller than asked.
 */
import { formatUtc } from './time.js';
import type { RunFinding, RunOutcome } from './types.js';

/** How many runs in a row make a `failing-streak` finding, unless configured otherwise. */
export const DEFAULT_STREAK_THRESHOLD = 3;
const DEFAULT_WINDOW = 10;

export interface StreakRun {
  startedAt: Date;
  outcome?: RunOutcome;
  findings: RunFinding[];
}

export interface StreakOptions {
  /** How many recent runs the "K of the last N runs failed" part looks at. */
  window?: number;
}

export interface Streak {
  /** The credential's name; the store's, for a finding about no credential. */
  subject: string;
  credential?: string;
  class: string;
  /** Runs in a row with this finding, the newest finished run included. */
  length: number;
  /** When the first run of the streak started. */
  since: Date;
  /** Finished runs among the recent window that failed. */
  failed: number;
  /** Finished runs in the recent window. */
  window: number;
}

function subjectOf(finding: RunFinding): string {
  return finding.credential ?? finding.store;
}

function keyOf(finding: RunFinding): string {
  return (
    `${finding.credential === undefined ? 'store' : 'credential'}\u0000` +
    `${subjectOf(finding)}\u0000${finding.class}`
  );
}

/** A streak finding is about other findings; it never makes a streak of its own. */
const ABOUT_STREAKS = 'failing-streak';

function errorKeys(run: StreakRun): Map<string, RunFinding> {
  const keys = new Map<string, RunFinding>();
  for (const item of run.findings) {
    if (item.severity !== 'error' || item.class === ABOUT_STREAKS) continue;
    if (!keys.has(keyOf(item))) keys.set(keyOf(item), item);
  }
  return keys;
}

/** The current streaks, longest first. Empty when the newest finished run had no error. */
export function computeStreaks(runs: readonly StreakRun[], options: StreakOptions = {}): Streak[] {
  const finished = runs.filter((run) => run.outcome !== undefined);
  const newest = finished[0];
  if (newest === undefined) return [];
  const recent = runs
    .slice(0, options.window ?? DEFAULT_WINDOW)
    .filter((run) => run.outcome !== undefined);
  const failed = recent.filter((run) => run.outcome === 'failed').length;
  const perRun = finished.map(errorKeys);
  const streaks: Streak[] = [];
  for (const [key, item] of errorKeys(newest)) {
    let length = 0;
    while (length < finished.length && perRun[length]?.has(key)) length += 1;
    const first = finished[length - 1] as StreakRun;
    const streak: Streak = {
      subject: subjectOf(item),
      class: item.class,
      length,
      since: first.startedAt,
      failed,
      window: recent.length,
    };
    if (item.credential !== undefined) streak.credential = item.credential;
    streaks.push(streak);
  }
  return streaks.sort((a, b) => b.length - a.length || a.subject.localeCompare(b.subject));
}

/** "CF_API_TOKEN: `token-invalid` in 10 runs in a row, since 2026-05-15 03:00 UTC; …" */
export function describeStreak(streak: Streak): string {
  const runs = streak.length === 1 ? '1 run' : `${streak.length} runs in a row`;
  const last = streak.window === 1 ? 'the last run' : `the last ${streak.window} runs`;
  return (
    `${streak.subject}: \`${streak.class}\` in ${runs}, since ${formatUtc(streak.since)}; ` +
    `${streak.failed} of ${last} failed`
  );
}
