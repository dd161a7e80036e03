/**
 * A command run from start to end in the ledger: opened, started, finished with its
 * outcome, counts and findings' classes, and closed, however the command ends.
 */
import type { RunContext } from '../core/context.js';
import { UserError, type ExitCode } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import type { Manifest } from '../core/manifest/load.js';
import type { RunOutcome } from '../ledger/index.js';
import {
  finishRun,
  openManifestLedger,
  outcomeOf,
  startRun,
  type RecordedRun,
} from '../runs/recorder.js';

export interface RunSummary {
  exit: ExitCode;
  findings: readonly Finding[];
  counts: Record<string, number>;
  /** Overrides the outcome the exit code and findings give. */
  outcome?: RunOutcome;
}

export async function withRecordedRun(
  ctx: RunContext,
  manifest: Manifest,
  command: string,
  work: (run: RecordedRun) => Promise<RunSummary>,
): Promise<ExitCode> {
  const ledger = await openManifestLedger(ctx, manifest);
  try {
    // tend never takes a secret on its command line, so argv is safe to keep.
    const run = await startRun(ledger, command, process.argv.slice(2));
    let summary: RunSummary;
    try {
      summary = await work(run);
    } catch (error) {
      // A refusal (a busy lock, a missing key) is the user's to act on, not a failure.
      const outcome = error instanceof UserError ? 'refused' : 'failed';
      await finishRun(run, outcome, [], {}).catch(() => undefined);
      throw error;
    }
    const outcome = summary.outcome ?? outcomeOf(summary.exit, summary.findings);
    await finishRun(run, outcome, summary.findings, summary.counts);
    return summary.exit;
  } finally {
    await ledger.close();
  }
}
