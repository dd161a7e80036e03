/**
 * The small part of a SQL connection the ledger needs. Statements are written once with
 * `?` placeholders in SQL both SQLite and PostgreSQL accept; each driver adapts them.
 */
import type { LedgerKind } from './types.js';

export type SqlParam = string | number | null;

export interface SqlStatement {
  sql: string;
  params?: SqlParam[];
}

/** Statements on one connection: a driver, or inside a transaction on a pool client. */
export interface SqlSession {
  query<T>(sql: string, params?: SqlParam[]): Promise<T[]>;
  execute(sql: string, params?: SqlParam[]): Promise<number>;
}

export interface SqlDriver extends SqlSession {
  readonly kind: LedgerKind;
  /** Every statement or none; committed before the promise resolves. */
  batch(statements: SqlStatement[]): Promise<void>;
  /**
   * Runs `statements` in one transaction that excludes every other `exclusive` on this
   * ledger, in any process (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: a transaction-scoped
   * advisory lock), unless `unless`, run first inside it, returns a row. Resolves to
   * whether the statements ran. Taking a decision and its writes as data, not as a
   * callback, keeps SQLite transactions from spanning an await: two connections in one
   * process would otherwise deadlock, the second blocking the thread on the file lock.
   */
  exclusive(statements: SqlStatement[], unless?: SqlStatement): Promise<boolean>;
  close(): Promise<void>;
}

/** `?` placeholders to PostgreSQL's `$1, $2, …`; the ledger's SQL has no `?` in literals. */
export function numberedPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${(index += 1)}`);
}
