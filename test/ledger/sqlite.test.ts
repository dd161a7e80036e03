/** The ledger's contract on SQLite, and what only SQLite has: the file, pragmas, leases. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { LockBusyError, UserError } from '../../src/core/errors.js';
import { openLedger } from '../../src/ledger/index.js';
import { SqliteDriver } from '../../src/ledger/sqlite-driver.js';
import { sqliteFixture } from './fixtures.js';
import { defineProcessSuite } from './process-suite.js';
import { defineLedgerSuite } from './suite.js';

defineLedgerSuite(sqliteFixture());
defineProcessSuite(sqliteFixture());

describe('ledger on sqlite: the file', () => {
  const dirs: string[] = [];
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'tend-ledger-file-'));
    dirs.push(dir);
    return dir;
  };
  after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  test('lives in .tend/ledger.db beside the manifest, in WAL mode', async () => {
    const dir = await tempDir();
    const ledger = await openLedger(undefined, dir);
    await ledger.close();
    const path = join(dir, '.tend', 'ledger.db');
    assert.equal(ledger.location, path);
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });

  test('each connection has synchronous=FULL, a busy timeout, foreign keys', async () => {
    const dir = await tempDir();
    const driver = new SqliteDriver(join(dir, 'ledger.db'));
    assert.deepEqual(await driver.query('PRAGMA synchronous'), [{ synchronous: 2 }]);
    assert.deepEqual(await driver.query('PRAGMA busy_timeout'), [{ timeout: 5000 }]);
    assert.deepEqual(await driver.query('PRAGMA foreign_keys'), [{ foreign_keys: 1 }]);
    await driver.close();
  });

  test('takes a path from the setting, relative to the manifest', async () => {
    const dir = await tempDir();
    const ledger = await openLedger('state/tend.sqlite', dir);
    await ledger.close();
    assert.ok(existsSync(join(dir, 'state', 'tend.sqlite')));
  });

  test("a folder it cannot create is the user's to fix", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'not-a-folder'), '');
    await assert.rejects(openLedger('not-a-folder/ledger.db', dir), (error: Error) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /not-a-folder/);
      return true;
    });
  });

  test('a holder whose lease ran out is taken over', async () => {
    const dir = await tempDir();
    const ledger = await openLedger(undefined, dir);
    const db = new Database(join(dir, '.tend', 'ledger.db'));
    const insert = db.prepare(`INSERT INTO ledger_locks
      (name, token, command, pid, host, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    insert.run(
      'sync',
      't-old',
      'sync',
      1,
      'gone-runner',
      '2026-05-15T03:00:00.000Z',
      '2026-05-15T03:00:30.000Z',
    );
    insert.run(
      'sweep',
      't-live',
      'sweep',
      1,
      'busy-runner',
      '2026-05-15T03:00:00.000Z',
      '2999-01-01T00:00:00.000Z',
    );
    db.close();

    const options = { command: 'sync', waitMs: 0 };
    assert.equal(await ledger.withLock('sync', options, async () => 'taken over'), 'taken over');
    await assert.rejects(
      ledger.withLock('sweep', options, async () => undefined),
      (error) => {
        assert.ok(error instanceof LockBusyError);
        assert.match(error.message, /`tend sweep` \(pid 1 on host busy-runner\)/);
        assert.match(error.message, /since 2026-05-15 03:00:00 UTC/);
        assert.match(error.fix ?? '', /its lease runs out at 2999-01-01 00:00:00 UTC/);
        return true;
      },
    );
    await ledger.close();
  });

  test('a holder renews its lease while it works', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const holder = await openLedger(undefined, dir, { leaseMs: 300 });
    const other = await openLedger(undefined, dir);
    let finish = (): void => undefined;
    const working = new Promise<void>((resolve) => (finish = resolve));
    let started = (): void => undefined;
    const holding = new Promise<void>((resolve) => (started = resolve));
    const held = holder.withLock('sync', { command: 'sync', waitMs: 0 }, async () => {
      started();
      await working;
    });
    await holding;
    // Waits several leases long: only renewals keep the first holder's row alive.
    await assert.rejects(
      other.withLock('sync', { command: 'sync', waitMs: 1500 }, async () => undefined),
      LockBusyError,
    );
    finish();
    await held;
    await Promise.all([holder.close(), other.close()]);
  });
});
