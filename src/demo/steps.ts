/**
 * Runs tend as a separate process, the way an operator or a CI job does, and passes
 * its output through this process's redacting log.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunContext } from '../core/context.js';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

export interface StepInput {
  ctx: RunContext;
  cwd: string;
  env: Record<string, string>;
  args: string[];
}

export function runTendStep(input: StepInput): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...input.args], {
      cwd: input.cwd,
      env: input.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.setEncoding('utf8').on('data', (text: string) => input.ctx.log.out(text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => process.stderr.write(text));
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 3));
  });
}
