/**
 * The one HTTP transport every vendor adapter uses: timeouts, bounded retries, `429`
 * with `Retry-After` inside a time budget, request counting, and `--debug` traces that
 * never show `Authorization` or request bodies.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { VendorError } from './errors.js';
import type { Logger } from './log.js';

export interface HttpRequest {
  vendor: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON. Never traced. */
  json?: unknown;
  /** Retry 5xx and network failures; defaults to true for GET, HEAD, PUT and DELETE. */
  idempotent?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else undefined. */
  body: unknown;
  text: string;
  attempts: number;
  durationMs: number;
}

export interface HttpOptions {
  log: Logger;
  /** Extra attempts after the first for 5xx and network failures. */
  retries?: number;
  backoffMs?: number;
  timeoutMs?: number;
  /** Total time a run may spend waiting on `Retry-After` and backoff. */
  waitBudgetMs?: number;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
const MAX_RATE_LIMITED_ATTEMPTS = 8;

export class HttpClient {
  readonly #log: Logger;
  readonly #retries: number;
  readonly #backoffMs: number;
  readonly #timeoutMs: number;
  #waitLeftMs: number;
  readonly #counts = new Map<string, number>();
  /** Origins that let requests time out, retries included: not asked again this run. */
  readonly #silent = new Map<string, Error>();

  constructor(options: HttpOptions) {
    this.#log = options.log;
    this.#retries = options.retries ?? 2;
    this.#backoffMs = options.backoffMs ?? 300;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#waitLeftMs = options.waitBudgetMs ?? 40_000;
  }

  /** Requests sent per vendor in this run, retries included. */
  get counts(): ReadonlyMap<string, number> {
    return this.#counts;
  }

  /**
   * Sends the request and returns the vendor's answer, whatever its status. Throws a
   * `VendorError` only when no answer came (network, timeout) after the retries.
   */
  async request(request: HttpRequest): Promise<HttpResponse> {
    const silent = this.#silent.get(originOf(request.url));
    if (silent) return this.#finish(request, silent, 0, 0);
    const started = performance.now();
    const retryable = request.idempotent ?? IDEMPOTENT.has(request.method);
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.#attempt(request);
      const durationMs = Math.round(performance.now() - started);
      const wait = this.#retryDelay(outcome, attempt, retryable);
      if (wait === undefined) return this.#finish(request, outcome, attempt, durationMs);
      this.#trace(request, outcome, `retry in ${wait}ms`);
      this.#waitLeftMs -= wait;
      await sleep(wait);
    }
  }

  async #attempt(request: HttpRequest): Promise<HttpResponse | Error> {
    this.#counts.set(request.vendor, (this.#counts.get(request.vendor) ?? 0) + 1);
    this.#log.debug(`${request.vendor} → ${request.method} ${request.url}`);
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    let body: string | undefined;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    }
    const started = performance.now();
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers,
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: parseJson(text),
        text,
        attempts: 1,
        durationMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  #retryDelay(
    outcome: HttpResponse | Error,
    attempt: number,
    retryable: boolean,
  ): number | undefined {
    if (outcome instanceof Error || outcome.status >= 500) {
      if (!retryable || attempt > this.#retries) return undefined;
      // A server that let a request time out is asked once more, not more: runs stay bounded.
      if (isTimeout(outcome) && attempt > 1) return undefined;
      const wait = this.#backoffMs * 2 ** (attempt - 1);
      return wait <= this.#waitLeftMs ? wait : undefined;
    }
    if (outcome.status === 429) {
      // 429 means the request was not processed, so any method may be sent again; without
      // Retry-After the wait doubles each time, and a storm ends after a bounded number.
      if (attempt > MAX_RATE_LIMITED_ATTEMPTS) return undefined;
      const told = retryAfterMs(outcome.headers.get('retry-after'));
      const wait = told ?? this.#backoffMs * 2 ** (attempt - 1);
      return wait <= this.#waitLeftMs ? wait : undefined;
    }
    return undefined;
  }

  #finish(
    request: HttpRequest,
    outcome: HttpResponse | Error,
    attempts: number,
    durationMs: number,
  ): HttpResponse {
    this.#trace(request, outcome, `${durationMs}ms, attempt ${attempts}`);
    if (outcome instanceof Error) {
      // Only a server that hangs is left alone; a refused or reset connection fails fast.
      if (attempts > 0 && isTimeout(outcome)) {
        const note = `no answer earlier in this run (${outcome.message}); not asked again`;
        this.#silent.set(originOf(request.url), new Error(note));
      }
      throw new VendorError({
        vendor: request.vendor,
        method: request.method,
        url: this.#log.redact(request.url),
        retryable: true,
        cause: outcome,
      });
    }
    return { ...outcome, attempts, durationMs };
  }

  #trace(request: HttpRequest, outcome: HttpResponse | Error, note: string): void {
    const line = `${request.vendor} ← ${request.method} ${request.url}`;
    if (outcome instanceof Error) {
      this.#log.debug(`${line} failed: ${outcome.message} (${note})`);
      return;
    }
    const codes = vendorCodes(outcome.body);
    const shown = codes.length > 0 ? ` codes=${codes.join(',')}` : '';
    this.#log.debug(`${line} ${outcome.status}${shown} (${note})`);
  }
}

function isTimeout(outcome: HttpResponse | Error): boolean {
  return (
    outcome instanceof Error && (outcome.name === 'TimeoutError' || outcome.name === 'AbortError')
  );
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `Retry-After` is seconds or an HTTP date. */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1000));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Vendor error codes in the shapes tend's vendors use, for traces and errors. */
export function vendorCodes(body: unknown): number[] {
  if (typeof body !== 'object' || body === null) return [];
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .map((item: unknown) => (item as { code?: unknown } | null)?.code)
    .filter((code): code is number => typeof code === 'number');
}
