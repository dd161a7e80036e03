#!/usr/bin/env node
/**
 * tend's entry point: parses argv, builds the run context, runs one command and maps
 * every outcome to the exit-code contract (README, "Exit codes").
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS, type CommandSpec, type GlobalOptions } from './commands/registry.js';
import './commands/all.js';
import { createContext, type RunContext } from './core/context.js';
import { ExitCode, InternalError, UserError, VendorError } from './core/errors.js';
import { Redactor } from './core/redact.js';
import { guardProcessStreams } from './core/streams.js';

const REPORT_BUGS = 'This is a bug in tend; please report it with the output of --debug.';

const EXIT_CODES = `
Exit codes:
  0  no error findings (warnings allowed); everything asked for was done
  1  at least one error finding, or a refusal (limit, dead credential, failed write)
  2  bad manifest or command line, or another run holds the lock
  3  tend itself failed (a bug)`;

async function main(argv: string[]): Promise<number> {
  const redactor = new Redactor();
  guardProcessStreams(redactor);
  let ctx: RunContext | undefined;
  const program = new Command('tend')
    .description('Keep credentials present, identical and valid; sweep what dead tenants left.')
    .option('-c, --config <path>', 'the manifest', 'tend.yaml')
    .option('--debug', 'trace HTTP requests (never secrets) to stderr', false)
    .addHelpText('after', EXIT_CODES)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    });
  let exitCode: number = ExitCode.ok;
  for (const spec of COMMANDS) {
    const command = program.command(spec.name).description(spec.summary);
    spec.configure(command);
    command.action(async (...params: unknown[]) => {
      const global = program.opts<GlobalOptions>();
      ctx = createContext({ redactor, debug: global.debug });
      exitCode = await runCommand(spec, ctx, global, params);
    });
  }
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return reportFailure(error, ctx);
  }
}

async function runCommand(
  spec: CommandSpec,
  ctx: RunContext,
  global: GlobalOptions,
  params: unknown[],
): Promise<number> {
  // Commander passes the positional arguments, then the options, then the command.
  const command = params.at(-1) as Command;
  const options = command.opts();
  const args = params.slice(0, -2).flatMap((arg) => (Array.isArray(arg) ? arg : [arg]));
  const started = performance.now();
  const code = await spec.run(ctx, { global, args: args.map(String), options });
  reportCost(ctx, performance.now() - started);
  return code;
}

/** With --debug: what the run cost, the measures `npm run bench` reads. */
function reportCost(ctx: RunContext, elapsedMs: number): void {
  const counts = [...ctx.http.counts].map(([vendor, count]) => `${vendor}=${count}`);
  const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  ctx.log.debug(
    `cost: requests ${counts.join(' ') || 'none'}; ${Math.round(elapsedMs)}ms; max RSS ${rssMb} MB`,
  );
}

function reportFailure(error: unknown, ctx: RunContext | undefined): number {
  if (error instanceof CommanderError) {
    const helpShown =
      error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
    return helpShown || error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  const say = (text: string): void => {
    if (ctx) ctx.log.error(text);
    else process.stderr.write(`error: ${text}\n`);
  };
  if (error instanceof UserError) {
    say(error.message);
    if (error.fix) say(`fix: ${error.fix}`);
    return ExitCode.usage;
  }
  if (error instanceof VendorError) {
    say(error.message);
    return ExitCode.internal;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  say(detail);
  say(error instanceof InternalError ? REPORT_BUGS : `unexpected failure. ${REPORT_BUGS}`);
  return ExitCode.internal;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`tend failed: ${String(error)}\n`);
    process.exitCode = ExitCode.internal;
  },
);
