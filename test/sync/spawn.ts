/**
 * The CLI as a background process, for tests that must act while it runs: wait until it
 * says or does something, then release a lock or kill it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { cliPath } from '../helpers/paths.js';
import { baseEnv, type TendRun } from '../helpers/tend.js';

export interface BackgroundTend {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has ended, however it ended. */
  done: Promise<TendRun>;
}

export function startTend(
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): BackgroundTend {
  const child = spawn(process.execPath, [cliPath(), ...args], {
    cwd: options.cwd,
    env: { ...baseEnv(), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
  const text = (chunks: Buffer[]) => (): string => Buffer.concat(chunks).toString('utf8');
  const done = new Promise<TendRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ exit: code ?? (signal ? 128 : 3), stdout: text(out)(), stderr: text(err)() }),
    );
  });
  return { child, stdout: text(out), stderr: text(err), done };
}

/**
 * Polls until `condition` holds. The bound only keeps a broken run from hanging the
 * suite; no assertion depends on how long anything took.
 */
export async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await sleep(20);
  }
}
