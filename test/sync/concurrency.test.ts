/**
 * Two `tend sync --apply` against one ledger, SQLite and PostgreSQL: one waits for the
 * other (or exits clearly with --wait 0), and every value is written and recorded once.
 * The PostgreSQL half needs TEND_TEST_POSTGRES_URL (`source .ci/postgres.sh`); without it
 * those tests are reported as skipped, with the reason.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, afterEach, describe, test } from 'node:test';
import { openLedger } from '../../src/ledger/index.js';
import { lastJson } from '../helpers/tend.js';
import { postgresFixture, sqliteFixture, type LedgerFixture } from '../ledger/fixtures.js';
import { assertNoSecret, startSyncWorld, type SyncWorld } from './fixture.js';
import { startTend, waitUntil } from './spawn.js';

interface PlanJson {
  plan: { credential: string; mirror: string; action: string; result?: string }[];
}

const WRITES_PER_SYNC = 4; // two credentials into two Gitea repositories

for (const fixture of [sqliteFixture(), postgresFixture()]) {
  describe(`sync --apply against one ${fixture.kind} ledger`, { skip: fixture.skip }, () => {
    let world: SyncWorld | undefined;
    let setting: string | undefined;
    afterEach(async () => {
      await world?.stop();
      world = undefined;
    });
    after(() => fixture.cleanup());

    const start = async (): Promise<SyncWorld> => {
      setting = fixture.kind === 'postgres' ? (await fixture.fresh()).setting : undefined;
      world = await startSyncWorld(setting ? { ledger: setting } : {});
      const init = await world.tend(['init']);
      assert.equal(init.exit, 0, init.stderr);
      return world;
    };

    test('two started together: both succeed, each value written and recorded once', async () => {
      const w = await start();
      const runs = await Promise.all([
        w.tend(['sync', '--apply', '--json']),
        w.tend(['sync', '--apply', '--json']),
      ]);
      for (const run of runs) assert.equal(run.exit, 0, run.stderr);
      const plans = runs.map((run) => lastJson(run.stdout) as PlanJson);
      const wrote = plans.filter((plan) => plan.plan.some((item) => item.result));
      assert.equal(wrote.length, 1, 'exactly one of the two runs wrote');
      const other = plans.find((plan) => !wrote.includes(plan));
      assert.ok(other?.plan.every((item) => item.action === 'nothing'));
      const puts = w.writes().filter((r) => r.vendor === 'gitea' && r.method === 'PUT');
      assert.equal(puts.length, WRITES_PER_SYNC);
      const pushes = await pushRows(fixture, setting, w.dir);
      assert.deepEqual(pushes, [
        'CF_API_TOKEN core-ci',
        'CF_API_TOKEN operator-host',
        'CF_API_TOKEN web-ci',
        'CF_ZONE_ID core-ci',
        'CF_ZONE_ID operator-host',
        'CF_ZONE_ID web-ci',
      ]);
      assert.equal(w.giteaValue('acme/web', 'CF_API_TOKEN'), w.values.goodToken);
    });

    test('lock held, --wait 0: sync exits 2 naming the holder, writes nothing', async () => {
      const w = await start();
      const ledger = await openLedger(setting, w.dir);
      try {
        const run = await ledger.withLock('sync', { command: 'sync', waitMs: 0 }, () =>
          w.tend(['sync', '--apply', '--wait', '0']),
        );
        assert.equal(run.exit, 2);
        assert.match(
          run.stderr,
          new RegExp(`the ledger lock "sync" is held by \`tend sync\` \\(pid ${process.pid} `),
        );
        assert.match(run.stderr, /fix: Wait for that run to end, then run again/);
      } finally {
        await ledger.close();
      }
      assert.deepEqual(
        w.writes().filter((r) => r.vendor === 'gitea'),
        [],
      );
      const runs = await recordedRuns(setting, w.dir);
      assert.equal(runs.find((run) => run.command === 'sync')?.outcome, 'refused');
    });

    test('lock held: sync waits, says who holds it, goes on once it is free', async () => {
      const w = await start();
      const ledger = await openLedger(setting, w.dir);
      let waiting: ReturnType<typeof startTend> | undefined;
      try {
        await ledger.withLock('sync', { command: 'sync', waitMs: 0 }, async () => {
          waiting = startTend(['sync', '--apply', '--wait', '60'], { cwd: w.dir, env: w.env });
          const child = waiting;
          await waitUntil(() => /waiting up to 60s/.test(child.stderr()), 'sync waits');
          const holder = `held by \`tend sync\` (pid ${process.pid} `;
          assert.ok(child.stderr().includes(holder), child.stderr());
          assert.deepEqual(
            w.writes().filter((r) => r.vendor === 'gitea'),
            [],
          );
        });
      } finally {
        await ledger.close();
      }
      const run = await (waiting as NonNullable<typeof waiting>).done;
      assertNoSecret(run, w.secrets());
      assert.equal(run.exit, 0, run.stderr);
      assert.match(readFileSync(w.envFilePath, 'utf8'), /CF_API_TOKEN=/);
      assert.equal(w.writes().filter((r) => r.vendor === 'gitea').length, WRITES_PER_SYNC);
    });
  });
}

async function pushRows(
  fixture: LedgerFixture,
  setting: string | undefined,
  dir: string,
): Promise<string[]> {
  const rows = await fixture.query({ setting, dir }, 'SELECT credential, mirror FROM pushes');
  return rows.map((row) => `${String(row.credential)} ${String(row.mirror)}`).sort();
}

async function recordedRuns(setting: string | undefined, dir: string) {
  const ledger = await openLedger(setting, dir);
  try {
    return await ledger.recentRuns({ limit: 10 });
  } finally {
    await ledger.close();
  }
}
