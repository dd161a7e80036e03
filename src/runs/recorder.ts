/**
 * Every command run is remembered in the ledger: when it started and ended, how it
 * ended, and its findings' classes. From those runs come the `failing-streak` finding
 * and `tend history`.
 */
import type { RunContext } from '../core/context.js';
import { UserError, type ExitCode } from '../core/errors.js';
import { finding, type Finding } from '../core/findings.js';
import type { Manifest } from '../core/manifest/load.js';
import { loadSecretRef, SecretRefError } from '../core/manifest/refs.js';
import {
  computeStreaks,
  describeStreak,
  openLedger,
  type Ledger,
  type RunOutcome,
} from '../ledger/index.js';

export interface RecordedRun {
  ledger: Ledger;
  id: string;
  startedAt: Date;
}

/** Opens the manifest's ledger; `ledger: env:NAME` keeps a database password out of the file. */
export async function openManifestLedger(ctx: RunContext, manifest: Manifest): Promise<Ledger> {
  const setting = manifest.data.ledger;
  if (!setting || !/^(env|file):/.test(setting)) return openLedger(setting, manifest.dir);
  let resolved: string;
  try {
    resolved = loadSecretRef(setting, ctx, manifest.dir).reveal();
  } catch (error) {
    if (!(error instanceof SecretRefError)) throw error;
    throw new UserError(`ledger: ${setting} cannot be used: ${error.message}`, {
      fix: `Provide it (the manifest's ledger: names ${setting}), or remove ledger: for SQLite.`,
    });
  }
  return openLedger(resolved, manifest.dir);
}

export async function startRun(
  ledger: Ledger,
  command: string,
  argv: string[],
): Promise<RecordedRun> {
  const { id, startedAt } = await ledger.startRun({ command, argv });
  return { ledger, id, startedAt };
}

export function outcomeOf(exit: ExitCode, findings: readonly Finding[]): RunOutcome {
  if (exit === 0) return 'ok';
  if (exit === 1) return findings.some((item) => item.severity === 'error') ? 'failed' : 'refused';
  return 'failed';
}

export async function finishRun(
  run: RecordedRun,
  outcome: RunOutcome,
  findings: readonly Finding[],
  counts: Record<string, number>,
): Promise<void> {
  await run.ledger.finishRun(run.id, {
    outcome,
    counts,
    findings: findings.map((item) => ({
      ...(item.credential !== undefined ? { credential: item.credential } : {}),
      store: item.store,
      class: item.class,
      severity: item.severity,
    })),
  });
}

/**
 * `failing-streak` findings for errors this run shares with the runs before it. The
 * current run counts as the newest, so the streak includes it.
 */
export async function streakFindings(
  run: RecordedRun,
  command: string,
  findings: readonly Finding[],
  threshold: number,
): Promise<Finding[]> {
  const earlier = await run.ledger.recentRuns({ command, limit: 200 });
  const current = {
    startedAt: run.startedAt,
    outcome: findings.some((item) => item.severity === 'error')
      ? ('failed' as const)
      : ('ok' as const),
    findings: findings.map((item) => ({ ...item })),
  };
  const streaks = computeStreaks([current, ...earlier.filter((item) => item.id !== run.id)]);
  return streaks
    .filter((streak) => streak.length >= threshold && streak.class !== 'failing-streak')
    .map((streak) => {
      const original = findings.find(
        (item) => item.class === streak.class && (item.credential ?? item.store) === streak.subject,
      );
      return finding({
        ...(streak.credential !== undefined ? { credential: streak.credential } : {}),
        store: original?.store ?? streak.subject,
        class: 'failing-streak',
        message: `failing for ${streak.length} runs: ${describeStreak(streak)}`,
        fix: original?.fix ?? 'Fix the underlying finding; `tend history` shows since when.',
      });
    });
}
