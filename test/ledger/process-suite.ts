/**
 * What separate processes sharing one ledger must see, run against every backend: a lock
 * one holds makes the other wait or give up naming it; a holder that dies frees the lock;
 * a killed writer leaves exactly the writes that had returned.
 */
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { after, describe, test } from 'node:test';
import type { ChildConfig } from './child.js';
import type { LedgerFixture, LedgerLocation } from './fixtures.js';
import { expectEvent, startChild, type Child } from './spawn-child.js';

export function defineProcessSuite(fixture: LedgerFixture): void {
  const TIMEOUT = { timeout: 60_000, skip: fixture.skip };
  describe(`ledger on ${fixture.kind}, across processes`, () => {
    const children: Child[] = [];
    const start = (location: LedgerLocation, config: Partial<ChildConfig>): Child => {
      const child = startChild({ mode: 'lock', ...location, ...config });
      children.push(child);
      return child;
    };
    after(async () => {
      for (const child of children) child.process.kill('SIGKILL');
      await Promise.all(children.map((child) => child.exited));
      await fixture.cleanup();
    });

    test('a second run with a short wait exits naming the holder', TIMEOUT, async () => {
      const location = await fixture.fresh();
      const holder = start(location, { command: 'sync' });
      await expectEvent(holder, 'opened');
      const { pid } = await expectEvent(holder, 'acquired');

      const late = start(location, { command: 'sync', waitMs: 300 });
      await expectEvent(late, 'opened');
      await expectEvent(late, 'waiting');
      const busy = await expectEvent(late, 'busy');
      assert.equal(await late.exited, 4);
      assert.match(String(busy.message), /the ledger lock "sync" is held by `tend sync`/);
      assert.match(String(busy.message), new RegExp(`\\(pid ${pid} on host ${hostname()}\\)`));
      assert.match(String(busy.message), /gave up after 300ms/);
      assert.match(String(busy.fix), /Wait for that run to end/);

      holder.tell('release');
      await expectEvent(holder, 'released');
      assert.equal(await holder.exited, 0);
    });

    test('a second run with a long wait proceeds once the first is done', TIMEOUT, async () => {
      const location = await fixture.fresh();
      const first = start(location, { command: 'sync' });
      await expectEvent(first, 'opened');
      const { pid } = await expectEvent(first, 'acquired');

      const second = start(location, { command: 'sweep', waitMs: 60_000 });
      await expectEvent(second, 'opened');
      const waiting = await expectEvent(second, 'waiting');
      assert.deepEqual(
        { ...(waiting.holder as object), since: undefined, expiresAt: undefined },
        {
          name: 'sync',
          command: 'sync',
          pid,
          host: hostname(),
          since: undefined,
          expiresAt: undefined,
        },
      );

      first.tell('release');
      await expectEvent(first, 'released');
      await expectEvent(second, 'acquired');
      second.tell('release');
      await expectEvent(second, 'released');
      assert.deepEqual([await first.exited, await second.exited], [0, 0]);
      const rows = await fixture.query(location, 'SELECT name FROM ledger_locks');
      assert.deepEqual(rows, [], 'both released their lock rows');
    });

    test('a killed holder does not hold the lock forever', TIMEOUT, async () => {
      const location = await fixture.fresh();
      // A short lease, so that the SQLite takeover comes soon; PostgreSQL ignores it.
      const doomed = start(location, { command: 'sync', leaseMs: 500 });
      await expectEvent(doomed, 'opened');
      await expectEvent(doomed, 'acquired');
      doomed.process.kill('SIGKILL');
      await doomed.exited;

      const next = start(location, { command: 'sync', waitMs: 30_000 });
      await expectEvent(next, 'opened');
      const event = await next.next();
      if (event.event === 'waiting') await expectEvent(next, 'acquired');
      else assert.equal(event.event, 'acquired');
      next.tell('release');
      assert.equal(await next.exited, 0);
    });

    test('a writer killed mid-run leaves exactly the writes that returned', TIMEOUT, async () => {
      const location = await fixture.fresh();
      const writer = startChild({ mode: 'pushes', ...location, count: 5 });
      children.push(writer);
      await expectEvent(writer, 'opened');
      await expectEvent(writer, 'pushed');
      writer.tell('next');
      await expectEvent(writer, 'pushed');
      writer.tell('next');
      const { runId } = await expectEvent(writer, 'pushed');
      writer.process.kill('SIGKILL');
      await writer.exited;

      const pushes = await fixture.query(location, 'SELECT credential FROM pushes ORDER BY seq');
      assert.deepEqual(
        pushes.map((row) => row.credential),
        ['C0', 'C1', 'C2'],
      );
      const runs = await fixture.query(location, 'SELECT id, outcome FROM runs');
      assert.deepEqual(runs, [{ id: runId, outcome: null }], 'the killed run never finished');
    });
  });
}
