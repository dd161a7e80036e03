/** `tend restore RUN_ID`: put back what one sweep run deleted, from its ledger backups. */
import { ExitCode, UserError } from '../core/errors.js';
import { hasErrors } from '../core/findings.js';
import type { Manifest } from '../core/manifest/load.js';
import { emitReport, parseFormat } from '../core/report/emit.js';
import type { Ledger } from '../ledger/index.js';
import { restoreRun, type RestoreOutcome } from '../sweep/restore.js';
import { abandonSession, closeSession, openSession } from '../sweep/session.js';
import { addFormatOptions, readManifest } from './options.js';
import { registerCommand } from './registry.js';

const HELP = `
Records come back with new ids and a new creation time; their owner is still not live,
so the next sweep removes them again once they are older than the grace, unless the
owner comes back or the record is added to the sweep's keep list. Records that exist
again (same type, name and content) are skipped. Deleted tunnels cannot be restored:
a new tunnel gets a new id and secret; each is reported as restore-failed.`;

/** How far back `restore` looks for the run, to learn which sweep made it. */
const RUNS_SEARCHED = 10_000;

registerCommand({
  name: 'restore',
  summary: 'put back what one sweep run deleted, from the backups in the ledger',
  configure: (command) => {
    command.argument('<run-id>', 'the run id a sweep printed (runId in its --json output)');
    addFormatOptions(command)
      .option('--sweep <name>', "whose credential to use (default: the run's own sweep)")
      .addHelpText('after', HELP);
  },
  run: async (ctx, input) => {
    const format = parseFormat(input.options);
    const manifest = readManifest(ctx, input);
    const runId = input.args[0] ?? '';
    const session = await openSession({
      ctx,
      manifest,
      command: 'restore',
      argv: [runId],
      required: true,
    });
    const ledger = session.ledger as Ledger;
    let outcome: RestoreOutcome;
    try {
      const backups = await ledger.backups(runId);
      if (backups.length === 0) {
        throw new UserError(`the ledger at ${ledger.location} holds no backups of run ${runId}`, {
          fix: 'Give the runId a `tend sweep … --apply` printed (its --json output has it).',
        });
      }
      const given = input.options.sweep;
      const name = typeof given === 'string' ? given : await sweepOfRun(ledger, runId);
      const request = { ctx, manifest, name, apply: true, force: false, ledger };
      outcome = await restoreRun({ request, sweep: sweepNamed(manifest, name), runId, backups });
    } catch (error) {
      await abandonSession(session);
      throw error;
    }
    const exit = hasErrors(outcome.findings) ? ExitCode.findings : ExitCode.ok;
    const counts = countLines(outcome);
    await closeSession(session, { exit, findings: outcome.findings, counts });
    if (format === 'table') ctx.log.out(section(outcome));
    emitReport(ctx, format, {
      title: title(outcome, counts),
      findings: outcome.findings,
      json: {
        runId,
        sweep: outcome.sweep,
        counts,
        items: outcome.lines,
      },
    });
    return exit;
  },
});

async function sweepOfRun(ledger: Ledger, runId: string): Promise<string> {
  const runs = await ledger.recentRuns({ limit: RUNS_SEARCHED });
  const command = runs.find((run) => run.id === runId)?.command;
  if (command?.startsWith('sweep ')) return command.slice('sweep '.length);
  throw new UserError(`tend cannot tell which sweep made run ${runId}`, {
    fix: 'Name it: `tend restore RUN_ID --sweep NAME`.',
  });
}

function sweepNamed(manifest: Manifest, name: string) {
  const sweep = manifest.data.sweeps[name];
  if (sweep) return sweep;
  throw new UserError(`no sweep named "${name}" in ${manifest.path}`, {
    fix: 'Declare the sweep again, or pass --sweep with a sweep that has the same credential.',
  });
}

function countLines(outcome: RestoreOutcome): Record<string, number> {
  const counts = { restored: 0, skipped: 0, failed: 0, unrestorable: 0 };
  for (const line of outcome.lines) {
    if (line.status === 'exists') counts.skipped += 1;
    else counts[line.status] += 1;
  }
  return counts;
}

const WORD = {
  restored: 'restored',
  exists: 'exists again, skipped',
  failed: 'FAILED',
  unrestorable: 'cannot be restored',
};

function section(outcome: RestoreOutcome): string {
  const lines = [`Restore of run ${outcome.runId} (sweep ${outcome.sweep})`];
  const width = (pick: (item: RestoreOutcome['lines'][number]) => string): number =>
    Math.max(0, ...outcome.lines.map((item) => pick(item).length));
  const widths = [width((item) => WORD[item.status]), width((item) => item.name)];
  const typeWidth = width((item) => item.type);
  for (const item of outcome.lines) {
    const newId = item.newId ? ` → new id ${item.newId}` : '';
    const reason = item.reason ? ` (${item.reason})` : '';
    const cells = [
      WORD[item.status].padEnd(widths[0] ?? 0),
      item.name.padEnd(widths[1] ?? 0),
      item.type.padEnd(typeWidth),
    ];
    lines.push(`  ${cells.join('  ')}  ${item.id}${newId}${reason}`);
  }
  for (const note of outcome.notes) lines.push(`  ${note}`);
  return `${lines.join('\n')}\n\n`;
}

function title(outcome: RestoreOutcome, counts: Record<string, number>): string {
  return (
    `tend restore ${outcome.runId}: restored ${counts.restored}, ` +
    `skipped ${counts.skipped} (exist again), failed ${counts.failed}, ` +
    `cannot be restored ${counts.unrestorable}`
  );
}
