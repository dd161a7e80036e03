/**
 * node-postgres behind the async driver interface. One pool per ledger; a schema given
 * in the setting becomes every connection's `search_path`, so test runs (or teams) can
 * share one database without sharing tables.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import {
  numberedPlaceholders,
  type SqlDriver,
  type SqlParam,
  type SqlStatement,
  type SqlSession,
} from './driver.js';

const CONNECT_TIMEOUT_MS = 10_000;

export interface PostgresTarget {
  /** The connection URL without tend's own `schema` parameter. */
  connectionString: string;
  schema: string | undefined;
}

export class PostgresDriver implements SqlDriver {
  readonly kind = 'postgres' as const;
  readonly pool: pg.Pool;
  /** Namespaces advisory-lock keys, so that schemas in one database never block each other. */
  readonly lockNamespace: string;

  constructor(target: PostgresTarget) {
    const options =
      target.schema === undefined ? {} : { options: `-c search_path=${target.schema}` };
    this.pool = new pg.Pool({
      connectionString: target.connectionString,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: 'tend',
      max: 4,
      ...options,
    });
    // An idle client losing its connection must not crash the process; the next query
    // reports the failure where it can be handled.
    this.pool.on('error', () => undefined);
    this.lockNamespace = target.schema ?? 'public';
  }

  async query<T>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    const result = await this.pool.query(numberedPlaceholders(sql), params);
    return result.rows as T[];
  }

  async execute(sql: string, params: SqlParam[] = []): Promise<number> {
    const result = await this.pool.query(numberedPlaceholders(sql), params);
    return result.rowCount ?? 0;
  }

  async batch(statements: SqlStatement[]): Promise<void> {
    await this.#transaction(async (tx) => {
      for (const statement of statements) await tx.execute(statement.sql, statement.params);
    });
  }

  exclusive(statements: SqlStatement[], unless?: SqlStatement): Promise<boolean> {
    return this.#transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(?::bigint)', [
        advisoryKey(this.lockNamespace, 'ledger-exclusive'),
      ]);
      if (unless && (await tx.query(unless.sql, unless.params)).length > 0) return false;
      for (const statement of statements) await tx.execute(statement.sql, statement.params);
      return true;
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async #transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(clientTransaction(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = await rollback(client, error);
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/** A signed 64-bit advisory-lock key from a namespace and a name. */
export function advisoryKey(namespace: string, name: string): string {
  const digest = createHash('sha256').update(`tend:${namespace}:${name}`).digest();
  return digest.readBigInt64BE(0).toString();
}

export function clientTransaction(client: pg.PoolClient): SqlSession {
  return {
    query: async <T>(sql: string, params: SqlParam[] = []) =>
      (await client.query(numberedPlaceholders(sql), params)).rows as T[],
    execute: async (sql: string, params: SqlParam[] = []) =>
      (await client.query(numberedPlaceholders(sql), params)).rowCount ?? 0,
  };
}

/** Rolls back; returns an error when the connection itself is unusable and must go. */
async function rollback(client: pg.PoolClient, cause: unknown): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch {
    return cause instanceof Error ? cause : new Error('rollback failed');
  }
}
