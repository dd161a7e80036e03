/** The `ledger_locks` row both backends keep, so that a waiter can name the holder. */
import { hostname } from 'node:os';
import type { SqlParam, SqlSession } from './driver.js';
import { toDate } from './time.js';
import type { LockHolder } from './types.js';

interface LockRow {
  name: string;
  token: string;
  command: string;
  pid: number;
  host: string;
  acquired_at: string | Date;
  expires_at: string | Date | null;
}

export interface HeldBy extends LockHolder {
  token: string;
}

/** The values of a new row for this process, in the column order of `LOCK_COLUMNS`. */
export function ownRow(name: string, token: string, command: string, now: Date): SqlParam[] {
  return [name, token, command, process.pid, hostname(), now.toISOString()];
}

export const LOCK_COLUMNS = 'name, token, command, pid, host, acquired_at, expires_at';

export async function readHolder(db: SqlSession, name: string): Promise<HeldBy | undefined> {
  const rows = await db.query<LockRow>(`SELECT ${LOCK_COLUMNS} FROM ledger_locks WHERE name = ?`, [
    name,
  ]);
  const row = rows[0];
  if (row === undefined) return undefined;
  const holder: HeldBy = {
    name: row.name,
    token: row.token,
    command: row.command,
    pid: Number(row.pid),
    host: row.host,
    since: toDate(row.acquired_at),
  };
  if (row.expires_at !== null) holder.expiresAt = toDate(row.expires_at);
  return holder;
}

/** Only the public fields: the token proves ownership and stays inside the ledger. */
export function publicHolder(held: HeldBy | undefined): LockHolder | undefined {
  if (held === undefined) return undefined;
  const { token: _token, ...holder } = held;
  return holder;
}
