/**
 * The ledger's schema, as an ordered list of migrations. Each is applied once, in its own
 * transaction, and recorded in `schema_migrations`. Both backends get the same tables and
 * columns; only the column types differ (SQLite keeps times as ISO-8601 UTC text, JSON as
 * text; PostgreSQL uses timestamptz and jsonb). Append new migrations; never edit one
 * that has shipped.
 */
import type { SqlDriver } from './driver.js';
import type { LedgerKind } from './types.js';

export interface Migration {
  version: number;
  name: string;
  sql: Record<LedgerKind, string[]>;
}

interface Types {
  key: string;
  time: string;
  json: string;
}

const TYPES: Record<LedgerKind, Types> = {
  sqlite: { key: 'INTEGER PRIMARY KEY AUTOINCREMENT', time: 'TEXT', json: 'TEXT' },
  postgres: {
    key: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
    time: 'TIMESTAMPTZ',
    json: 'JSONB',
  },
};

function initialSchema(t: Types): string[] {
  return [
    `CREATE TABLE runs (
      seq ${t.key},
      id TEXT NOT NULL UNIQUE,
      command TEXT NOT NULL,
      argv ${t.json} NOT NULL,
      host TEXT NOT NULL,
      pid INTEGER NOT NULL,
      started_at ${t.time} NOT NULL,
      finished_at ${t.time},
      outcome TEXT CHECK (outcome IN ('ok', 'findings', 'failed', 'refused')),
      counts ${t.json}
    )`,
    'CREATE INDEX runs_by_start ON runs (started_at)',
    'CREATE INDEX runs_by_command ON runs (command, started_at)',
    `CREATE TABLE run_findings (
      run_id TEXT NOT NULL REFERENCES runs (id),
      position INTEGER NOT NULL,
      credential TEXT,
      store TEXT NOT NULL,
      class TEXT NOT NULL,
      severity TEXT NOT NULL,
      PRIMARY KEY (run_id, position)
    )`,
    `CREATE TABLE pushes (
      seq ${t.key},
      run_id TEXT NOT NULL REFERENCES runs (id),
      credential TEXT NOT NULL,
      mirror TEXT NOT NULL,
      target TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      at ${t.time} NOT NULL
    )`,
    'CREATE INDEX pushes_by_target ON pushes (mirror, target, credential, at)',
    `CREATE TABLE observations (
      seq ${t.key},
      run_id TEXT NOT NULL REFERENCES runs (id),
      credential TEXT NOT NULL,
      mirror TEXT NOT NULL,
      target TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      at ${t.time} NOT NULL,
      job TEXT
    )`,
    'CREATE INDEX observations_by_credential ON observations (credential, mirror, at)',
    `CREATE TABLE backups (
      seq ${t.key},
      run_id TEXT NOT NULL REFERENCES runs (id),
      kind TEXT NOT NULL CHECK (kind IN ('dns-record', 'tunnel')),
      scope TEXT NOT NULL,
      item_id TEXT NOT NULL,
      item ${t.json} NOT NULL,
      saved_at ${t.time} NOT NULL
    )`,
    'CREATE INDEX backups_by_run ON backups (run_id)',
    `CREATE TABLE ledger_locks (
      name TEXT PRIMARY KEY,
      token TEXT NOT NULL,
      command TEXT NOT NULL,
      pid INTEGER NOT NULL,
      host TEXT NOT NULL,
      acquired_at ${t.time} NOT NULL,
      expires_at ${t.time}
    )`,
  ];
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'runs, findings, pushes, observations, backups, locks',
    sql: { sqlite: initialSchema(TYPES.sqlite), postgres: initialSchema(TYPES.postgres) },
  },
];

/**
 * Brings the schema up to date. Safe when several processes open a new ledger at once:
 * each migration runs in an exclusive transaction that re-reads what is applied.
 */
export async function migrate(driver: SqlDriver, migrations = MIGRATIONS): Promise<number[]> {
  await driver.exclusive([
    {
      sql: `CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
    },
  ]);
  const applied: number[] = [];
  for (const migration of migrations) {
    const ran = await driver.exclusive(
      [
        ...migration.sql[driver.kind].map((sql) => ({ sql })),
        {
          sql: 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
          params: [migration.version, migration.name, new Date().toISOString()],
        },
      ],
      { sql: 'SELECT 1 FROM schema_migrations WHERE version = ?', params: [migration.version] },
    );
    if (ran) applied.push(migration.version);
  }
  return applied;
}
