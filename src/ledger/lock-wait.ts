/**
 * The waiting half of a lock, shared by both backends: try, tell the caller once that it
 * waits, poll until the deadline, then give up naming who holds the lock and the fix.
 */
import { LockBusyError } from '../core/errors.js';
import { formatDuration } from '../core/duration.js';
import { formatUtc, sleep } from './time.js';
import type { LockHolder, LockOptions } from './types.js';

const POLL_MS = 200;

export type Release = () => Promise<void>;
export type LockAttempt = { release: Release } | { holder: LockHolder | undefined };

export interface AcquireInput {
  name: string;
  options: LockOptions;
  attempt: () => Promise<LockAttempt>;
  /** What frees the lock if its holder died, for the fix line. */
  releasedWhen: (holder: LockHolder | undefined) => string;
}

export async function acquireWithin(input: AcquireInput): Promise<Release> {
  const { options } = input;
  const deadline = Date.now() + options.waitMs;
  let told = false;
  for (;;) {
    const result = await input.attempt();
    if ('release' in result) return result.release;
    const left = deadline - Date.now();
    if (left <= 0) throw lockBusy(input, result.holder);
    if (!told) options.onWait?.(result.holder);
    told = true;
    await sleep(Math.min(POLL_MS, left));
  }
}

function lockBusy(input: AcquireInput, holder: LockHolder | undefined): LockBusyError {
  const waited = input.options.waitMs > 0 ? `; gave up after ${waitedFor(input.options)}` : '';
  return new LockBusyError(
    `the ledger lock "${input.name}" is held by ${describeHolder(holder)}${waited}`,
    { fix: `Wait for that run to end, then run again. ${input.releasedWhen(holder)}` },
  );
}

export function describeHolder(holder: LockHolder | undefined): string {
  if (holder === undefined) return 'another run that has not recorded itself yet';
  const since = formatUtc(holder.since, 'second');
  return `\`tend ${holder.command}\` (pid ${holder.pid} on host ${holder.host}) since ${since}`;
}

function waitedFor(options: LockOptions): string {
  return options.waitMs < 1000 ? `${options.waitMs}ms` : formatDuration(options.waitMs);
}
