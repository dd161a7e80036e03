/**
 * PostgreSQL locks: a session advisory lock on a dedicated connection, held while the
 * work runs. The server frees it when that connection ends, however the holder died.
 * The `ledger_locks` row only tells a waiter who holds the lock; the advisory lock decides.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { LOCK_COLUMNS, ownRow, publicHolder, readHolder } from './lock-rows.js';
import { acquireWithin, type LockAttempt, type Release } from './lock-wait.js';
import { advisoryKey, clientTransaction, type PostgresDriver } from './postgres-driver.js';
import type { LockOptions } from './types.js';

const RECORD_SQL = `INSERT INTO ledger_locks (${LOCK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, NULL)
  ON CONFLICT (name) DO UPDATE SET token = excluded.token, command = excluded.command,
    pid = excluded.pid, host = excluded.host, acquired_at = excluded.acquired_at,
    expires_at = NULL`;

export class AdvisoryLocks {
  readonly #driver: PostgresDriver;

  constructor(driver: PostgresDriver) {
    this.#driver = driver;
  }

  async acquire(name: string, options: LockOptions): Promise<Release> {
    const client = await this.#driver.pool.connect();
    const key = advisoryKey(this.#driver.lockNamespace, `lock:${name}`);
    const token = randomUUID();
    try {
      return await acquireWithin({
        name,
        options,
        attempt: () => attempt(client, { key, name, token, command: options.command }),
        releasedWhen: () =>
          'If that run was killed, PostgreSQL frees the lock when its ' + 'connection closes.',
      });
    } catch (error) {
      // Destroyed, not pooled: a half-finished attempt may still hold the advisory lock.
      client.release(true);
      throw error;
    }
  }
}

interface Attempt {
  key: string;
  name: string;
  token: string;
  command: string;
}

async function attempt(client: pg.PoolClient, input: Attempt): Promise<LockAttempt> {
  const tx = clientTransaction(client);
  const [row] = await tx.query<{ held: boolean }>(
    'SELECT pg_try_advisory_lock(?::bigint) AS held',
    [input.key],
  );
  if (row?.held !== true) return { holder: publicHolder(await readHolder(tx, input.name)) };
  await tx.execute(RECORD_SQL, ownRow(input.name, input.token, input.command, new Date()));
  return { release: () => release(client, input) };
}

async function release(client: pg.PoolClient, input: Attempt): Promise<void> {
  let broken: Error | undefined;
  try {
    const tx = clientTransaction(client);
    await tx.execute('DELETE FROM ledger_locks WHERE name = ? AND token = ?', [
      input.name,
      input.token,
    ]);
    await tx.query('SELECT pg_advisory_unlock(?::bigint)', [input.key]);
  } catch (error) {
    // The connection is in doubt: destroy it, which also frees the advisory lock.
    broken = error instanceof Error ? error : new Error('lock release failed');
    throw error;
  } finally {
    client.release(broken);
  }
}
