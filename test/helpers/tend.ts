/**
 * Runs the tend CLI as a user does: a child process with its own environment and working
 * directory, stdout and stderr captured in full.
 */
import { spawn } from 'node:child_process';
import { cliPath } from './paths.js';

export interface TendRun {
  exit: number;
  stdout: string;
  stderr: string;
}

export interface TendOptions {
  cwd: string;
  env?: Record<string, string>;
  stdin?: string;
  /** Kill the run after this long; the test fails rather than hangs. */
  timeoutMs?: number;
}

/** The environment a test run gets: nothing from the developer's shell but PATH. */
export function baseEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    NO_COLOR: '1',
    TEND_HTTP_BACKOFF_MS: '10',
  };
}

export function runTend(args: string[], options: TendOptions): Promise<TendRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath(), ...args], {
      cwd: options.cwd,
      env: { ...baseEnv(), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        exit: code ?? (signal ? 128 : 3),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** The last JSON object printed on stdout. */
export function lastJson(stdout: string): unknown {
  const start = stdout.lastIndexOf('\n{');
  const text = start === -1 ? stdout : stdout.slice(start + 1);
  return JSON.parse(text.trim()) as unknown;
}
