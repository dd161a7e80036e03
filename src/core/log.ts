/**
 * The output layer: the only place that writes to the process streams. Every write goes
 * through the run's redactor, and the streams themselves are guarded in `cli.ts` so that
 * even a stray write (a crash report from Node) is redacted.
 */
import type { Redactor } from './redact.js';

export interface Sink {
  write(text: string): void;
}

export interface LoggerOptions {
  redactor: Redactor;
  stdout?: Sink;
  stderr?: Sink;
  debug?: boolean;
}

export class Logger {
  readonly debugEnabled: boolean;
  readonly #redactor: Redactor;
  readonly #stdout: Sink;
  readonly #stderr: Sink;

  constructor(options: LoggerOptions) {
    this.#redactor = options.redactor;
    this.#stdout = options.stdout ?? process.stdout;
    this.#stderr = options.stderr ?? process.stderr;
    this.debugEnabled = options.debug ?? false;
  }

  /** The command's result: tables, JSON, annotations. */
  out(text: string): void {
    this.#stdout.write(this.#redactor.redact(text));
  }

  /** Progress and notes for the person at the terminal; never part of the result. */
  info(text: string): void {
    this.#stderr.write(this.#redactor.redact(`${text}\n`));
  }

  warn(text: string): void {
    this.#stderr.write(this.#redactor.redact(`warning: ${text}\n`));
  }

  error(text: string): void {
    this.#stderr.write(this.#redactor.redact(`error: ${text}\n`));
  }

  debug(text: string): void {
    if (!this.debugEnabled) return;
    this.#stderr.write(this.#redactor.redact(`debug: ${text}\n`));
  }

  redact(text: string): string {
    return this.#redactor.redact(text);
  }
}

/** A logger that keeps what it is given, for tests that run commands in-process. */
export function memorySink(): Sink & { text(): string } {
  const chunks: string[] = [];
  return {
    write: (text) => void chunks.push(text),
    text: () => chunks.join(''),
  };
}
