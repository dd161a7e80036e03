/**
 * better-sqlite3 behind the async driver interface. Its calls are synchronous, so every
 * write is on disk (under the pragmas below) before the promise resolves, and no
 * transaction ever spans an await.
 */
import Database from 'better-sqlite3';
import type { SqlDriver, SqlParam, SqlStatement } from './driver.js';

const BUSY_TIMEOUT_MS = 5000;

export class SqliteDriver implements SqlDriver {
  readonly kind = 'sqlite' as const;
  readonly #db: Database.Database;

  constructor(path: string) {
    this.#db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    configure(this.#db);
  }

  async query<T>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    return this.#db.prepare(sql).all(...params) as T[];
  }

  async execute(sql: string, params: SqlParam[] = []): Promise<number> {
    return this.#db.prepare(sql).run(...params).changes;
  }

  async batch(statements: SqlStatement[]): Promise<void> {
    await this.exclusive(statements);
  }

  async exclusive(statements: SqlStatement[], unless?: SqlStatement): Promise<boolean> {
    const run = this.#db.transaction((): boolean => {
      if (unless && this.#db.prepare(unless.sql).all(...(unless.params ?? [])).length > 0) {
        return false;
      }
      for (const statement of statements) {
        this.#db.prepare(statement.sql).run(...(statement.params ?? []));
      }
      return true;
    });
    return run.immediate();
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}

function configure(db: Database.Database): void {
  // WAL lets readers (tend check, tend history) proceed while a sync writes.
  db.pragma('journal_mode = WAL');
  // FULL, not NORMAL: in WAL mode NORMAL survives a killed process but may lose the last
  // commits on an OS crash or power loss. A recorded push is evidence; writes are few
  // (one per push or run), so the fsync per commit costs nothing that matters.
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
}
