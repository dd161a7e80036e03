/**
 * SQLite locks: a row with a lease. The holder renews the lease while it works; a holder
 * that stops renewing (killed, or frozen) loses the lock once the lease has run out.
 * The conditional upsert takes the row in one statement, so two processes cannot both win.
 */
import { randomUUID } from 'node:crypto';
import type { SqlDriver } from './driver.js';
import { LOCK_COLUMNS, ownRow, publicHolder, readHolder } from './lock-rows.js';
import { acquireWithin, type LockAttempt, type Release } from './lock-wait.js';
import { formatUtc } from './time.js';
import type { LockHolder, LockOptions } from './types.js';

export const DEFAULT_LEASE_MS = 30_000;

const TAKE_SQL = `INSERT INTO ledger_locks (${LOCK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (name) DO UPDATE SET token = excluded.token, command = excluded.command,
    pid = excluded.pid, host = excluded.host, acquired_at = excluded.acquired_at,
    expires_at = excluded.expires_at
  WHERE ledger_locks.expires_at < ?`;

export class LeaseLocks {
  readonly #db: SqlDriver;
  readonly #leaseMs: number;

  constructor(db: SqlDriver, leaseMs = DEFAULT_LEASE_MS) {
    this.#db = db;
    this.#leaseMs = leaseMs;
  }

  acquire(name: string, options: LockOptions): Promise<Release> {
    const token = randomUUID();
    return acquireWithin({
      name,
      options,
      attempt: () => this.#attempt(name, token, options.command),
      releasedWhen: leaseHint,
    });
  }

  async #attempt(name: string, token: string, command: string): Promise<LockAttempt> {
    const now = new Date();
    const expires = new Date(now.getTime() + this.#leaseMs);
    const row = [...ownRow(name, token, command, now), expires.toISOString()];
    const taken = await this.#db.execute(TAKE_SQL, [...row, now.toISOString()]);
    if (taken === 0) return { holder: publicHolder(await readHolder(this.#db, name)) };
    return { release: this.#keepAlive(name, token) };
  }

  /** Renews the lease at a third of its length until released. */
  #keepAlive(name: string, token: string): Release {
    const renew = (): Promise<number> => {
      const expires = new Date(Date.now() + this.#leaseMs).toISOString();
      return this.#db.execute(
        'UPDATE ledger_locks SET expires_at = ? WHERE name = ? AND token = ?',
        [expires, name, token],
      );
    };
    // A failed renewal (the file briefly busy) is retried at the next tick.
    const timer = setInterval(() => void renew().catch(() => 0), this.#leaseMs / 3);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await this.#db.execute('DELETE FROM ledger_locks WHERE name = ? AND token = ?', [
        name,
        token,
      ]);
    };
  }
}

function leaseHint(holder: LockHolder | undefined): string {
  if (holder?.expiresAt === undefined) return 'The lock is freed when its holder ends.';
  return (
    `If that run was killed, its lease runs out at ${formatUtc(holder.expiresAt, 'second')} ` +
    'and the next run takes the lock over.'
  );
}
