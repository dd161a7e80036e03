/**
 * Opens the ledger the manifest names, creating what is missing (the `.tend` folder, the
 * SQLite file, the PostgreSQL schema) and bringing the schema up to date.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../core/errors.js';
import type { SqlDriver } from './driver.js';
import { ledgerFailure } from './failure.js';
import { migrate } from './migrations.js';
import type { AdvisoryLocks } from './postgres-lock.js';
import type { PostgresDriver } from './postgres-driver.js';
import { parseLedgerSetting, type LedgerSetting } from './setting.js';
import { SqlLedger } from './sql-ledger.js';
import { LeaseLocks } from './sqlite-lock.js';
import { SqliteDriver } from './sqlite-driver.js';
import type { Ledger } from './types.js';

export interface OpenOptions {
  /** SQLite only: how long a lock lease lasts without renewal (default 30 s). */
  leaseMs?: number;
}

/** `setting` is the manifest's `ledger:` value with any `env:`/`file:` reference resolved. */
export async function openLedger(
  setting: string | undefined,
  manifestDir: string,
  options: OpenOptions = {},
): Promise<Ledger> {
  const parsed = parseLedgerSetting(setting, manifestDir);
  const location = parsed.kind === 'sqlite' ? parsed.path : parsed.shown;
  let driver: SqlDriver | undefined;
  try {
    const ledger =
      parsed.kind === 'sqlite' ? openSqlite(parsed.path, options) : await openPostgres(parsed);
    driver = ledger.driver;
    if (parsed.kind === 'postgres' && parsed.schema !== undefined) {
      await driver.exclusive([{ sql: `CREATE SCHEMA IF NOT EXISTS ${parsed.schema}` }]);
    }
    await migrate(driver);
    return new SqlLedger({ driver, locks: ledger.locks, location });
  } catch (error) {
    await driver?.close().catch(() => undefined);
    throw ledgerFailure.wrap({ location, action: 'be opened', error });
  }
}

function openSqlite(
  path: string,
  options: OpenOptions,
): { driver: SqliteDriver; locks: LeaseLocks } {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw new UserError(`cannot create the ledger folder ${dirname(path)}`, {
      fix: 'Make the folder beside the manifest writable, or set `ledger:` to another path.',
      cause: error,
    });
  }
  const driver = new SqliteDriver(path);
  return { driver, locks: new LeaseLocks(driver, options.leaseMs) };
}

/** `pg` is loaded only for a PostgreSQL ledger; SQLite runs never pay for it. */
async function openPostgres(
  setting: Extract<LedgerSetting, { kind: 'postgres' }>,
): Promise<{ driver: PostgresDriver; locks: AdvisoryLocks }> {
  const [{ PostgresDriver }, { AdvisoryLocks }] = await Promise.all([
    import('./postgres-driver.js'),
    import('./postgres-lock.js'),
  ]);
  const driver = new PostgresDriver(setting);
  return { driver, locks: new AdvisoryLocks(driver) };
}
