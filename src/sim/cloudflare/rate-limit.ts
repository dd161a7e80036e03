/**
 * The world's `rateLimit: { requests, windowSeconds }`: past the budget within a sliding
 * window, `429` with `retry-after` and code `971`. Counted on the real clock, like the
 * harness's faults, because a world's `now` stands still.
 */
import type { SimResponse } from '../harness.js';
import { fail } from './envelope.js';

export interface RateLimit {
  requests: number;
  windowSeconds: number;
}

export type RateGate = () => SimResponse | undefined;

export function createRateGate(limit: RateLimit | undefined): RateGate {
  if (!limit) return () => undefined;
  const windowMs = limit.windowSeconds * 1000;
  const served: number[] = [];
  return () => {
    const now = Date.now();
    while (served.length > 0 && (served[0] ?? 0) <= now - windowMs) served.shift();
    if (served.length < limit.requests) {
      served.push(now);
      return undefined;
    }
    const wait = Math.max(1, Math.ceil(((served[0] ?? now) + windowMs - now) / 1000));
    return fail(
      429,
      [{ code: 971, message: 'Please wait and consider throttling your request speed' }],
      { 'retry-after': String(wait) },
    );
  };
}
