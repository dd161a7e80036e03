import { HttpClient } from './http.js';
import { Logger, type Sink } from './log.js';
import { Redactor } from './redact.js';

/**
 * What one run of a command needs from its surroundings. Passed explicitly, never held
 * in module state, so that tests can run several commands side by side.
 */
export interface RunContext {
  redactor: Redactor;
  log: Logger;
  http: HttpClient;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now(): Date;
}

export interface ContextOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  debug?: boolean;
  stdout?: Sink;
  stderr?: Sink;
  redactor?: Redactor;
}

export function createContext(options: ContextOptions = {}): RunContext {
  const env = options.env ?? process.env;
  const redactor = options.redactor ?? new Redactor();
  const log = new Logger({
    redactor,
    debug: options.debug ?? false,
    ...(options.stdout ? { stdout: options.stdout } : {}),
    ...(options.stderr ? { stderr: options.stderr } : {}),
  });
  const http = new HttpClient({
    log,
    retries: numberFromEnv(env, 'TEND_HTTP_RETRIES'),
    backoffMs: numberFromEnv(env, 'TEND_HTTP_BACKOFF_MS'),
    timeoutMs: numberFromEnv(env, 'TEND_HTTP_TIMEOUT_MS'),
    waitBudgetMs: numberFromEnv(env, 'TEND_HTTP_WAIT_BUDGET_MS'),
  });
  return { redactor, log, http, env, cwd: options.cwd ?? process.cwd(), now: () => new Date() };
}

function numberFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
