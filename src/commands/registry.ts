/**
 * Every command is declared as data (name, summary, options, handler) in its own file and
 * registered here, in the order `tend --help` lists them.
 */
import type { Command } from 'commander';
import type { RunContext } from '../core/context.js';
import type { ExitCode } from '../core/errors.js';

export interface GlobalOptions {
  config: string;
  debug: boolean;
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** Adds the command's own arguments and options. */
  configure(command: Command): void;
  run(ctx: RunContext, input: CommandInput): Promise<ExitCode>;
}

export interface CommandInput {
  global: GlobalOptions;
  args: string[];
  options: Record<string, unknown>;
}

export const COMMANDS: CommandSpec[] = [];

export function registerCommand(spec: CommandSpec): void {
  COMMANDS.push(spec);
}
