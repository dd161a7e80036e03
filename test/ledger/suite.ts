/**
 * The ledger's contract, written once and run against every backend.
 */
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { after, describe, test } from 'node:test';
import { InternalError, LockBusyError } from '../../src/core/errors.js';
import { openLedger, type Ledger } from '../../src/ledger/index.js';
import type { LedgerFixture } from './fixtures.js';

const FP = (digit: string): string => digit.repeat(64);

export function defineLedgerSuite(fixture: LedgerFixture): void {
  // Skipped test by test, not as a suite, so that each one shows in the skipped count.
  const run = { skip: fixture.skip, timeout: 60_000 };
  describe(`ledger on ${fixture.kind}`, () => {
    const open: Ledger[] = [];
    const fresh = async (): Promise<Ledger> => {
      const location = await fixture.fresh();
      const ledger = await openLedger(location.setting, location.dir);
      open.push(ledger);
      return ledger;
    };
    after(async () => {
      await Promise.all(open.map((ledger) => ledger.close().catch(() => undefined)));
      await fixture.cleanup();
    });

    test('migrates a new location once, even when opened twice at once', run, async () => {
      const location = await fixture.fresh();
      const [a, b] = await Promise.all([
        openLedger(location.setting, location.dir),
        openLedger(location.setting, location.dir),
      ]);
      open.push(a, b);
      assert.equal(a.kind, fixture.kind);
      const again = await openLedger(location.setting, location.dir);
      open.push(again);
      const rows = await fixture.query(location, 'SELECT version FROM schema_migrations');
      assert.deepEqual(
        rows.map((row) => Number(row.version)),
        [1],
      );
      assert.doesNotMatch(a.location, /:tend@/, 'the location never shows a password');
    });

    test('records runs with counts and finding classes, newest first', run, async () => {
      const ledger = await fresh();
      const first = await ledger.startRun({
        command: 'check',
        argv: ['check', '--json'],
        startedAt: new Date('2026-05-15T03:00:41.123Z'),
      });
      const second = await ledger.startRun({
        command: 'sync',
        argv: ['sync', '--apply'],
        startedAt: new Date('2026-05-15T04:00:00Z'),
      });
      const third = await ledger.startRun({ command: 'check' });
      await ledger.finishRun(first.id, {
        outcome: 'findings',
        counts: { error: 1, warning: 1 },
        findings: [
          {
            credential: 'CF_API_TOKEN',
            store: 'cloudflare',
            class: 'token-invalid',
            severity: 'error',
          },
          { store: 'gitea', class: 'stray-in-mirror', severity: 'warning' },
        ],
        finishedAt: new Date('2026-05-15T03:01:02.456Z'),
      });
      await ledger.finishRun(second.id, { outcome: 'ok', counts: { pushed: 3 }, findings: [] });

      const runs = await ledger.recentRuns({ limit: 10 });
      assert.deepEqual(
        runs.map((run) => run.id),
        [third.id, second.id, first.id],
      );
      const [newest, middle, oldest] = runs;
      assert.equal(newest?.outcome, undefined, 'a run still going has no outcome');
      assert.equal(newest?.finishedAt, undefined);
      assert.deepEqual(middle?.counts, { pushed: 3 });
      assert.deepEqual(middle?.argv, ['sync', '--apply']);
      assert.equal(middle?.host, hostname());
      assert.equal(middle?.pid, process.pid);
      assert.deepEqual(oldest, {
        id: first.id,
        command: 'check',
        argv: ['check', '--json'],
        host: hostname(),
        pid: process.pid,
        startedAt: new Date('2026-05-15T03:00:41.123Z'),
        finishedAt: new Date('2026-05-15T03:01:02.456Z'),
        outcome: 'findings',
        counts: { error: 1, warning: 1 },
        findings: [
          {
            credential: 'CF_API_TOKEN',
            store: 'cloudflare',
            class: 'token-invalid',
            severity: 'error',
          },
          { store: 'gitea', class: 'stray-in-mirror', severity: 'warning' },
        ],
      });

      const checks = await ledger.recentRuns({ command: 'check', limit: 1 });
      assert.deepEqual(
        checks.map((run) => run.id),
        [third.id],
      );
    });

    test('refuses to finish a run twice or a run it never started', run, async () => {
      const ledger = await fresh();
      const run = await ledger.startRun({ command: 'sync' });
      const result = { outcome: 'ok' as const, counts: {}, findings: [] };
      await ledger.finishRun(run.id, result);
      await assert.rejects(ledger.finishRun(run.id, result), InternalError);
      await assert.rejects(ledger.finishRun('no-such-run', result), InternalError);
    });

    test('remembers pushes: the newest per target, and every fingerprint seen', run, async () => {
      const ledger = await fresh();
      const run = await ledger.startRun({ command: 'sync' });
      const push = { runId: run.id, credential: 'CF_API_TOKEN', mirror: 'gitea', target: 'CF' };
      await ledger.recordPush({ ...push, fingerprint: FP('a'), at: new Date('2026-05-01T00:00Z') });
      await ledger.recordPush({ ...push, fingerprint: FP('b'), at: new Date('2026-05-02T00:00Z') });
      await ledger.recordPush({
        ...push,
        mirror: 'github',
        fingerprint: FP('c'),
        at: new Date('2026-05-03T00:00Z'),
      });

      assert.deepEqual(await ledger.lastPush('CF_API_TOKEN', 'gitea', 'CF'), {
        ...push,
        fingerprint: FP('b'),
        at: new Date('2026-05-02T00:00Z'),
      });
      assert.equal(await ledger.lastPush('CF_API_TOKEN', 'gitea', 'OTHER'), undefined);
      assert.deepEqual(await ledger.pushedFingerprints('gitea', 'CF'), new Set([FP('a'), FP('b')]));
      assert.deepEqual(await ledger.pushedFingerprints('gitea', 'NONE'), new Set());
    });

    test('refuses anything but a hex fingerprint, without repeating it', run, async () => {
      const ledger = await fresh();
      const run = await ledger.startRun({ command: 'sync' });
      const secretShaped = 'sk-live-this-is-what-a-value-looks-like';
      const push = {
        runId: run.id,
        credential: 'API_KEY',
        mirror: 'gitea',
        target: 'API_KEY',
        fingerprint: secretShaped,
        at: new Date(),
      };
      await assert.rejects(ledger.recordPush(push), (error: Error) => {
        assert.ok(error instanceof InternalError);
        assert.doesNotMatch(error.message, /sk-live/);
        return true;
      });
      await assert.rejects(ledger.recordObservation(push), InternalError);
      assert.equal(await ledger.lastPush('API_KEY', 'gitea', 'API_KEY'), undefined);
    });

    test('refuses a push for a run it does not know, as a bug', run, async () => {
      const ledger = await fresh();
      const push = {
        runId: 'no-such-run',
        credential: 'A',
        mirror: 'm',
        target: 'A',
        fingerprint: FP('d'),
        at: new Date(),
      };
      await assert.rejects(ledger.recordPush(push), InternalError);
    });

    test('keeps observations from jobs, newest first', run, async () => {
      const ledger = await fresh();
      const run = await ledger.startRun({ command: 'check' });
      const base = { runId: run.id, credential: 'CF_API_TOKEN', mirror: 'gitea', target: 'CF' };
      await ledger.recordObservation({
        ...base,
        fingerprint: FP('1'),
        at: new Date('2026-05-01T00:00Z'),
        job: 'deploy#41',
      });
      await ledger.recordObservation({
        ...base,
        fingerprint: FP('2'),
        at: new Date('2026-05-02T00:00Z'),
      });
      assert.deepEqual(await ledger.observations('CF_API_TOKEN', 'gitea'), [
        { ...base, fingerprint: FP('2'), at: new Date('2026-05-02T00:00Z') },
        { ...base, fingerprint: FP('1'), at: new Date('2026-05-01T00:00Z'), job: 'deploy#41' },
      ]);
      assert.deepEqual(await ledger.observations('CF_API_TOKEN', 'github'), []);
    });

    test('keeps sweep backups as full JSON, in the order saved', run, async () => {
      const ledger = await fresh();
      const run = await ledger.startRun({ command: 'sweep' });
      const record = {
        id: 'rec-1',
        type: 'CNAME',
        name: 'tenant-7.example.com',
        content: 'edge.example.net',
        proxied: true,
        ttl: 1,
        meta: { tags: ['tenant:7'], comment: null },
        priority: 0.5,
      };
      const tunnel = { id: 'tun-1', name: 'tenant-7', connections: [] };
      await ledger.saveBackup({
        runId: run.id,
        kind: 'dns-record',
        scope: 'zone-1',
        itemId: 'rec-1',
        item: record,
      });
      await ledger.saveBackup({
        runId: run.id,
        kind: 'tunnel',
        scope: 'account-1',
        itemId: 'tun-1',
        item: tunnel,
      });
      const saved = await ledger.backups(run.id);
      assert.deepEqual(
        saved.map(({ savedAt: _savedAt, ...rest }) => rest),
        [
          { runId: run.id, kind: 'dns-record', scope: 'zone-1', itemId: 'rec-1', item: record },
          { runId: run.id, kind: 'tunnel', scope: 'account-1', itemId: 'tun-1', item: tunnel },
        ],
      );
      assert.ok(saved.every((item) => item.savedAt instanceof Date));
      assert.deepEqual(await ledger.backups('other-run'), []);
    });

    describe('locks within one process', () => {
      test('returns the result and frees the lock, also when the work throws', run, async () => {
        const ledger = await fresh();
        const options = { command: 'sync', waitMs: 0 };
        assert.equal(await ledger.withLock('sync', options, async () => 42), 42);
        await assert.rejects(
          ledger.withLock('sync', options, async () => {
            throw new Error('the work failed');
          }),
          /the work failed/,
        );
        assert.equal(await ledger.withLock('sync', options, async () => 'free'), 'free');
      });

      test('a second holder gives up naming the first, or waits for it', run, async () => {
        const location = await fixture.fresh();
        const first = await openLedger(location.setting, location.dir);
        const second = await openLedger(location.setting, location.dir);
        open.push(first, second);
        let releaseFirst = (): void => undefined;
        const firstDone = new Promise<void>((resolve) => (releaseFirst = resolve));
        let firstHolds = (): void => undefined;
        const holding = new Promise<void>((resolve) => (firstHolds = resolve));
        const held = first.withLock('sweep', { command: 'sweep', waitMs: 0 }, async () => {
          firstHolds();
          await firstDone;
        });
        await holding;

        await assert.rejects(
          second.withLock('sweep', { command: 'sync', waitMs: 0 }, async () => undefined),
          (error: Error) => {
            assert.ok(error instanceof LockBusyError);
            assert.match(error.message, /"sweep" is held by `tend sweep`/);
            assert.match(error.message, new RegExp(`pid ${process.pid} on host ${hostname()}`));
            assert.match(error.message, /since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
            assert.match(error.fix ?? '', /Wait for that run to end/);
            return true;
          },
        );
        assert.equal(
          await second.withLock('other', { command: 'sync', waitMs: 0 }, async () => 'other'),
          'other',
          'locks with other names are independent',
        );

        const waiters: string[] = [];
        const result = await second.withLock(
          'sweep',
          {
            command: 'sync',
            waitMs: 60_000,
            onWait: (holder) => {
              waiters.push(holder?.command ?? '(unknown)');
              releaseFirst();
            },
          },
          async () => 'after the first',
        );
        await held;
        assert.equal(result, 'after the first');
        assert.deepEqual(waiters, ['sweep']);
      });
    });
  });
}
