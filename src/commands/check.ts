/** `tend check`: is every declared credential present, identical and valid? */
import { runCheck } from '../check/run.js';
import { ExitCode } from '../core/errors.js';
import { hasErrors } from '../core/findings.js';
import { emitReport, parseFormat } from '../core/report/emit.js';
import { addFormatOptions, listOption, optionList, readManifest } from './options.js';
import { registerCommand } from './registry.js';

registerCommand({
  name: 'check',
  summary: 'check every credential: present in its source, equal in its mirrors, valid',
  configure: (command) => {
    addFormatOptions(command)
      .option('--only <names>', 'check only these credentials (comma-separated)', listOption)
      .option(
        '--env <names>',
        "also check these credentials as this job's environment holds them",
        listOption,
      )
      .option('--from <mirror>', 'with --env: the mirror that fills this job (for the ledger)');
  },
  run: async (ctx, input) => {
    const format = parseFormat(input.options);
    const manifest = readManifest(ctx, input);
    const env = optionList(input.options, 'env');
    const result = await runCheck(ctx, manifest, {
      ...(optionList(input.options, 'only') ? { only: optionList(input.options, 'only') } : {}),
      ...(env ? { env } : {}),
      ...(typeof input.options.from === 'string' ? { from: input.options.from } : {}),
      argv: process.argv.slice(2),
    });
    const healthy = [
      ...result.credentials
        .filter((status) => status.healthy)
        .map((status) => `${status.name}: ${describeHealthy(status)}`),
      ...result.zones
        .filter((zone) => zone.limit === null || zone.used < zone.limit * 0.8)
        .map(
          (zone) =>
            `zone ${zone.zone}: ${zone.used} of ${zone.limit ?? 'no fixed'} records ` +
            `(sweep ${zone.sweep})`,
        ),
    ];
    emitReport(ctx, format, {
      title: env ? `tend check (inside the job: ${env.join(', ')})` : 'tend check',
      findings: result.findings,
      healthy,
      json: { credentials: result.credentials, zones: result.zones },
      counts: { credentials: result.credentials.length },
    });
    return hasErrors(result.findings) ? ExitCode.findings : ExitCode.ok;
  },
});

function describeHealthy(status: {
  mirrors: Record<string, boolean | undefined>;
  verified: { copy: string }[];
}): string {
  const mirrors = Object.keys(status.mirrors).length;
  const verified = status.verified.length > 0 ? ', valid at the vendor' : '';
  return `in its source and ${mirrors} mirror${mirrors === 1 ? '' : 's'}${verified}`;
}
