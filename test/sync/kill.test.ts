/**
 * A sync killed with SIGKILL in the middle of its writes: the env file is old or new,
 * never torn, and the ledger holds exactly the pushes whose write had returned. The kill
 * lands while Gitea holds the second write unanswered (a `hang` fault), which the test
 * waits for in the simulator's request log.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, test } from 'node:test';
import { openLedger } from '../../src/ledger/index.js';
import { sqliteFixture } from '../ledger/fixtures.js';
import { startSyncWorld, type SyncWorld } from './fixture.js';
import { startTend, waitUntil } from './spawn.js';

const OLD_FILE = '# operator host\nLOG_LEVEL=info\nCF_ZONE_ID=zone-before-the-sync\n';

let world: SyncWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

test('SIGKILL mid-sync leaves the env file whole and records only the pushes that happened',
  async () => {
    world = await startSyncWorld({
      envFile: { text: OLD_FILE, mode: 0o600 },
      faults: [
        {
          vendor: 'gitea',
          method: 'PUT',
          path: '/repos/{owner}/{repo}/actions/secrets/{name}',
          nth: 2,
          times: 1,
          hang: 5,
        },
      ],
    });
    const w = world;
    assert.equal((await w.tend(['init'])).exit, 0);
    const puts = () => w.sims.requests.filter((r) => r.vendor === 'gitea' && r.method === 'PUT');
    const sync = startTend(['sync', '--apply'], { cwd: w.dir, env: w.env });
    await waitUntil(() => puts().length === 2, 'the second Gitea write is on its way');
    sync.child.kill('SIGKILL');
    const killed = await sync.done;
    assert.equal(killed.exit, 128, 'the run was killed, not finished');

    const newFile =
      `# operator host\nLOG_LEVEL=info\nCF_ZONE_ID=${w.values.zoneId}\n` +
      `CF_API_TOKEN=${w.values.goodToken}\n`;
    const text = readFileSync(w.envFilePath, 'utf8');
    assert.ok(text === OLD_FILE || text === newFile, 'the env file is either old or new');
    assert.deepEqual(readdirSync(w.dir).filter((name) => /operator\.env\..*tmp/.test(name)), []);

    const answered = puts().filter((r) => r.status === 201 || r.status === 204);
    assert.equal(answered.length, 1, 'Gitea answered the first write only');
    const rows = await sqliteFixture().query(
      { setting: undefined, dir: w.dir },
      'SELECT credential, mirror FROM pushes ORDER BY credential, mirror',
    );
    const recorded = rows.map((row) => `${String(row.credential)} ${String(row.mirror)}`);
    const fileWritten =
      text === newFile ? ['CF_API_TOKEN operator-host', 'CF_ZONE_ID operator-host'] : [];
    assert.deepEqual(recorded.sort(), [...fileWritten, 'CF_API_TOKEN core-ci'].sort());

    const ledger = await openLedger(undefined, w.dir);
    try {
      const [last] = await ledger.recentRuns({ command: 'sync', limit: 1 });
      assert.equal(last?.outcome, undefined, 'the killed run has no end and no outcome');
    } finally {
      await ledger.close();
    }

    // The next plan (which takes no lock) picks up exactly what the killed run left undone.
    const plan = await w.tend(['sync', '--json']);
    const next = (JSON.parse(plan.stdout) as { plan: { credential: string; mirror: string;
      action: string }[] }).plan.filter((item) => item.action !== 'nothing');
    assert.deepEqual(next.map((item) => `${item.credential} ${item.mirror}`).sort(), [
      'CF_API_TOKEN web-ci',
      'CF_ZONE_ID core-ci',
      'CF_ZONE_ID web-ci',
      ...(text === newFile ? [] : ['CF_API_TOKEN operator-host', 'CF_ZONE_ID operator-host']),
    ].sort());
  });
