/** `tend history`: recent runs, and since when each credential has been failing. */
import { ExitCode, UserError } from '../core/errors.js';
import { durationMs, readHistory, renderHistory } from '../sync/history.js';
import { withRecordedRun } from '../sync/record.js';
import { readManifest } from './options.js';
import { registerCommand } from './registry.js';

const DEFAULT_LIMIT = 20;

registerCommand({
  name: 'history',
  summary: 'show recent runs and how long each error has been failing in a row',
  configure: (command) => {
    command
      .option('--limit <n>', 'how many recent runs to show', String(DEFAULT_LIMIT))
      .option('--command <name>', 'only runs of this command (check, sync, sweep, …)')
      .option('--json', 'print runs and streaks as JSON');
  },
  run: async (ctx, input) => {
    const limit = parseLimit(input.options.limit);
    const command = input.options.command as string | undefined;
    const manifest = readManifest(ctx, input);
    return withRecordedRun(ctx, manifest, 'history', async (run) => {
      const history = await readHistory(run.ledger, { limit, command, exclude: run.id });
      if (input.options.json === true) {
        const runs = history.runs.map((item) => ({ ...item, durationMs: durationMs(item) }));
        ctx.log.out(`${JSON.stringify({ runs, streaks: history.streaks }, null, 2)}\n`);
      } else {
        ctx.log.out(renderHistory(history));
      }
      return { exit: ExitCode.ok, findings: [], counts: { runs: history.runs.length } };
    });
  },
});

function parseLimit(value: unknown): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UserError(`--limit ${String(value)} is not a positive whole number`, {
      fix: `Give --limit a number of runs, such as ${DEFAULT_LIMIT}.`,
    });
  }
  return limit;
}
