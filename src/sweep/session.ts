/**
 * The ledger side of a sweep or restore run: the run is recorded from start to end (so
 * `failing-streak` can name how long a sweep has failed), and the ledger is closed
 * whatever happens. Applying needs the ledger (backups, the lock); a plan-only run goes
 * on without one, with a warning.
 */
import type { RunContext } from '../core/context.js';
import { ExitCode } from '../core/errors.js';
import { finding, type Finding } from '../core/findings.js';
import type { Manifest } from '../core/manifest/load.js';
import type { Ledger } from '../ledger/index.js';
import {
  finishRun,
  openManifestLedger,
  outcomeOf,
  startRun,
  streakFindings,
  type RecordedRun,
} from '../runs/recorder.js';

export interface Session {
  ledger?: Ledger;
  run?: RecordedRun;
  command: string;
  /** Why the run is not recorded, as a warning finding, when the ledger could not open. */
  unrecorded?: Finding;
}

export async function openSession(input: {
  ctx: RunContext;
  manifest: Manifest;
  command: string;
  argv: string[];
  required: boolean;
}): Promise<Session> {
  let ledger: Ledger;
  try {
    ledger = await openManifestLedger(input.ctx, input.manifest);
  } catch (error) {
    if (input.required) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    input.ctx.log.warn(`this run is not recorded: ${reason}`);
    const unrecorded = finding({
      store: 'ledger',
      class: 'ledger-unavailable',
      message: `this run is not recorded: ${reason}`,
    });
    return { command: input.command, unrecorded };
  }
  try {
    const run = await startRun(ledger, input.command, input.argv);
    return { ledger, run, command: input.command };
  } catch (error) {
    await ledger.close().catch(() => undefined);
    throw error;
  }
}

/** The `failing-streak` findings this run continues, if the run is recorded. */
export async function streaksOf(
  session: Session,
  findings: readonly Finding[],
  threshold: number,
): Promise<Finding[]> {
  if (!session.run) return [];
  return streakFindings(session.run, session.command, findings, threshold);
}

export async function closeSession(
  session: Session,
  result: { exit: ExitCode; findings: readonly Finding[]; counts: Record<string, number> },
): Promise<void> {
  try {
    if (session.run) {
      const outcome = outcomeOf(result.exit, result.findings);
      await finishRun(session.run, outcome, result.findings, result.counts);
    }
  } finally {
    await session.ledger?.close();
  }
}

/** Records a run that ended by an exception as failed, then lets the exception go on. */
export async function abandonSession(session: Session): Promise<void> {
  await closeSession(session, { exit: ExitCode.internal, findings: [], counts: {} }).catch(
    () => undefined,
  );
}
