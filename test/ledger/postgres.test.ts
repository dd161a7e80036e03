/**
 * The ledger's contract on PostgreSQL. Needs TEND_TEST_POSTGRES_URL (set by .ci/run via
 * .ci/postgres.sh); without it every test here is reported as skipped, with the reason.
 * Each run works in schemas of its own (`tend_test_<random>`), dropped at the end.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { UserError } from '../../src/core/errors.js';
import { openLedger } from '../../src/ledger/index.js';
import { postgresFixture } from './fixtures.js';
import { defineProcessSuite } from './process-suite.js';
import { defineLedgerSuite } from './suite.js';

defineLedgerSuite(postgresFixture());
defineProcessSuite(postgresFixture());

/** A loopback port nobody listens on: taken, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

test("an unreachable server is the user's to fix; the password stays hidden", async () => {
  const port = await closedPort();
  const setting = `postgres://tend:pw-not-shown@127.0.0.1:${port}/tend?schema=x`;
  await assert.rejects(openLedger(setting, process.cwd()), (error: Error) => {
    assert.ok(error instanceof UserError);
    assert.match(error.message, new RegExp(`postgres://tend@127.0.0.1:${port}/tend`));
    assert.match(error.message, /could not be opened/);
    assert.doesNotMatch(error.message, /pw-not-shown/);
    return true;
  });
});
