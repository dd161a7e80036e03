/**
 * One fixture per backend, so that one suite runs against both. Each `fresh()` gives an
 * empty ledger location of its own: a temp directory (SQLite) or a new schema in the test
 * database (PostgreSQL), so that runs and tests never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { parseLedgerSetting } from '../../src/ledger/setting.js';

export interface LedgerLocation {
  /** The manifest's `ledger:` value. */
  setting: string | undefined;
  /** The manifest's folder. */
  dir: string;
}

export interface LedgerFixture {
  kind: 'sqlite' | 'postgres';
  /** A reason to skip this backend, shown in the test report; false to run. */
  skip: string | false;
  fresh(): Promise<LedgerLocation>;
  /** Reads the backend directly, bypassing the ledger, to check what it really stored. */
  query(location: LedgerLocation, sql: string): Promise<Record<string, unknown>[]>;
  cleanup(): Promise<void>;
}

export function sqliteFixture(): LedgerFixture {
  const dirs: string[] = [];
  return {
    kind: 'sqlite',
    skip: false,
    async fresh() {
      const dir = await mkdtemp(join(tmpdir(), 'tend-ledger-'));
      dirs.push(dir);
      return { setting: undefined, dir };
    },
    async query(location, sql) {
      const parsed = parseLedgerSetting(location.setting, location.dir);
      if (parsed.kind !== 'sqlite') throw new Error('not a SQLite location');
      const db = new Database(parsed.path, { readonly: true });
      try {
        return db.prepare(sql).all() as Record<string, unknown>[];
      } finally {
        db.close();
      }
    },
    async cleanup() {
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

export const POSTGRES_URL_VARIABLE = 'TEND_TEST_POSTGRES_URL';

export function postgresFixture(env: NodeJS.ProcessEnv = process.env): LedgerFixture {
  const base = env[POSTGRES_URL_VARIABLE];
  const schemas: string[] = [];
  const withSchema = (schema: string): string => {
    const url = new URL(base as string);
    url.searchParams.set('schema', schema);
    return url.toString();
  };
  const connect = async (schema?: string): Promise<pg.Client> => {
    const options = schema === undefined ? {} : { options: `-c search_path=${schema}` };
    const client = new pg.Client({ connectionString: base, ...options });
    await client.connect();
    return client;
  };
  return {
    kind: 'postgres',
    skip: base
      ? false
      : `${POSTGRES_URL_VARIABLE} is not set; .ci/run starts a server and sets it ` +
        '(source .ci/postgres.sh to do the same by hand)',
    async fresh() {
      const schema = `tend_test_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      return { setting: withSchema(schema), dir: process.cwd() };
    },
    async query(location, sql) {
      const parsed = parseLedgerSetting(location.setting, location.dir);
      if (parsed.kind !== 'postgres') throw new Error('not a PostgreSQL location');
      const client = await connect(parsed.schema);
      try {
        return (await client.query(sql)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    },
    async cleanup() {
      if (base === undefined || schemas.length === 0) return;
      const client = await connect();
      try {
        for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
