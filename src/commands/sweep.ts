/** `tend sweep NAME`: plan, and with `--apply` delete, what dead tenants left behind. */
import { resolve } from 'node:path';
import { ExitCode, UserError } from '../core/errors.js';
import { hasErrors } from '../core/findings.js';
import type { Manifest } from '../core/manifest/load.js';
import { emitReport, parseFormat } from '../core/report/emit.js';
import { chooseStyle } from '../core/report/style.js';
import { runSweep } from '../sweep/index.js';
import { sweepJson, sweepSection, sweepTitle } from '../sweep/report.js';
import { abandonSession, closeSession, openSession, streaksOf } from '../sweep/session.js';
import { addFormatOptions, readManifest } from './options.js';
import { registerCommand } from './registry.js';

const LIMITS_HELP = `
Without --apply the sweep only prints its plan. Safety rails, each ending the run with
an error finding and exit 1 before anything is deleted: the credential must pass its
preflight; the live set must be complete with at least live.minimum owners; the listing
must be complete; a saved plan (--plan) must still hold; and the plan must stay within
the limits: at most limits.maxDeletes deletions (default 25) and at most
limits.maxFraction of the owned records (default 0.1), unless --force.`;

registerCommand({
  name: 'sweep',
  summary: 'remove the DNS records and tunnels that deprovisioned tenants left behind',
  configure: (command) => {
    command.argument('<name>', 'the sweep, as the manifest names it under sweeps:');
    addFormatOptions(command)
      .option('--apply', 'delete the orphans (without it, only print the plan)')
      .option('--force', 'apply even when the plan exceeds maxDeletes or maxFraction')
      .option('--save-plan <file>', 'write the plan and its checksum to FILE (mode 0600)')
      .option('--plan <file>', 'delete only if the plan made now equals the one saved in FILE')
      .option('--backup-dir <dir>', 'also back up to DIR: the records as JSON, the zone as BIND')
      .addHelpText('after', LIMITS_HELP);
  },
  run: async (ctx, input) => {
    const format = parseFormat(input.options);
    const manifest = readManifest(ctx, input);
    const name = input.args[0] ?? '';
    const sweep = sweepNamed(manifest, name);
    const options = input.options;
    const apply = options.apply === true;
    const path = (key: string): string | undefined =>
      typeof options[key] === 'string' ? resolve(ctx.cwd, options[key]) : undefined;
    const session = await openSession({
      ctx,
      manifest,
      command: `sweep ${name}`,
      argv: commandLine(name, options),
      required: apply,
    });
    let outcome;
    try {
      outcome = await runSweep(
        {
          ctx,
          manifest,
          name,
          apply,
          force: options.force === true,
          ...optional('savePlan', path('savePlan')),
          ...optional('plan', path('plan')),
          ...optional('backupDir', path('backupDir')),
          ...optional('ledger', session.ledger),
          ...optional('runId', session.run?.id),
        },
        sweep,
      );
    } catch (error) {
      await abandonSession(session);
      throw error;
    }
    const streaks = await streaksOf(session, outcome.findings, manifest.data.failingStreak);
    const findings = [
      ...outcome.findings,
      ...streaks.map((item) => ({ ...item, sweep: name })),
      ...(session.unrecorded ? [{ ...session.unrecorded, sweep: name }] : []),
    ];
    const exit = hasErrors(findings) ? ExitCode.findings : ExitCode.ok;
    const json = sweepJson(outcome, session.run?.id);
    await closeSession(session, { exit, findings, counts: json.counts });
    if (format === 'table') {
      const style = chooseStyle(ctx.env, process.stdout.isTTY === true);
      ctx.log.out(sweepSection(outcome, style));
    }
    emitReport(ctx, format, {
      title: sweepTitle(outcome, findings),
      findings,
      json,
    });
    return exit;
  },
});

function sweepNamed(manifest: Manifest, name: string) {
  const sweep = manifest.data.sweeps[name];
  if (sweep) return sweep;
  const known = Object.keys(manifest.data.sweeps);
  throw new UserError(`no sweep named "${name}" in ${manifest.path}`, {
    fix:
      known.length > 0
        ? `Name one of the manifest's sweeps: ${known.join(', ')}.`
        : 'Declare the sweep under sweeps: in the manifest (see the README).',
  });
}

function commandLine(name: string, options: Record<string, unknown>): string[] {
  const flags = Object.entries(options)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([key, value]) => (value === true ? `--${key}` : `--${key}=${String(value)}`));
  return [name, ...flags];
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
