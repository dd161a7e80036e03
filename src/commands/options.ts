/** Option parsers shared by several commands. */
import type { Command } from 'commander';
import { loadManifest, type Manifest } from '../core/manifest/load.js';
import type { CommandInput } from './registry.js';
import type { RunContext } from '../core/context.js';
import { resolve } from 'node:path';

export function addFormatOptions(command: Command): Command {
  return command
    .option('--json', 'print the report as JSON')
    .option('--format <format>', 'table, json or github (workflow annotations)', 'table');
}

/** `--only A,B --only C` → [A, B, C] */
export function listOption(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ];
}

export function optionList(options: Record<string, unknown>, name: string): string[] | undefined {
  const value = options[name];
  return Array.isArray(value) && value.length > 0 ? (value as string[]) : undefined;
}

export function readManifest(ctx: RunContext, input: CommandInput): Manifest {
  return loadManifest(resolve(ctx.cwd, input.global.config));
}
