/** `tend sync`: plan (by default) or push (`--apply`) the source's values into every mirror. */
import { ExitCode, UserError } from '../core/errors.js';
import { hasErrors } from '../core/findings.js';
import { emitReport, parseFormat } from '../core/report/emit.js';
import { countPlan, planTitle, renderPlan } from '../sync/render.js';
import { withRecordedRun } from '../sync/record.js';
import { runSync } from '../sync/run.js';
import { addFormatOptions, listOption, optionList, readManifest } from './options.js';
import { registerCommand } from './registry.js';

const DEFAULT_WAIT_SECONDS = 45;

registerCommand({
  name: 'sync',
  summary: "plan, or with --apply push, the source's values into every mirror (never deletes)",
  configure: (command) => {
    addFormatOptions(command)
      .option('--apply', 'write the plan to the mirrors and record each push in the ledger')
      .option('--only <names>', 'sync only these credentials (comma-separated)', listOption)
      .option('--mirror <names>', 'sync only into these mirrors (comma-separated)', listOption)
      .option('--force', 'push values even when they fail verification at the vendor')
      .option(
        '--wait <seconds>',
        'how long --apply waits for another sync holding the ledger lock; then exits 2',
        String(DEFAULT_WAIT_SECONDS),
      );
  },
  run: async (ctx, input) => {
    const format = parseFormat(input.options);
    const waitMs = parseWait(input.options.wait) * 1000;
    const manifest = readManifest(ctx, input);
    return withRecordedRun(ctx, manifest, 'sync', async (run) => {
      const result = await runSync(
        ctx,
        manifest,
        { ledger: run.ledger, runId: run.id },
        {
          only: optionList(input.options, 'only'),
          mirrors: optionList(input.options, 'mirror'),
          apply: input.options.apply === true,
          force: input.options.force === true,
          waitMs,
        },
      );
      const counts = countPlan(result.plan);
      if (format !== 'json') ctx.log.out(renderPlan(result.plan, result.applied));
      emitReport(ctx, format, {
        title: planTitle(result.plan, result.applied),
        findings: result.findings,
        json: { applied: result.applied, plan: result.plan },
        counts,
      });
      const exit = hasErrors(result.findings) ? ExitCode.findings : ExitCode.ok;
      return { exit, findings: result.findings, counts };
    });
  },
});

function parseWait(value: unknown): number {
  const seconds = Number(value);
  const given = typeof value === 'string' && value.trim() !== '';
  if (!given || !Number.isFinite(seconds) || seconds < 0) {
    throw new UserError(`--wait ${String(value)} is not a number of seconds`, {
      fix: `Give --wait a number of seconds, such as ${DEFAULT_WAIT_SECONDS} or 0.`,
    });
  }
  return seconds;
}
