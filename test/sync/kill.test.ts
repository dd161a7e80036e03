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

test('SIGKILL mid-sync: env file whole, only pushes that happened recorded', async () => {
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
  // Writes run a few at a time: kill once the hung write is in flight (no status yet).
  await waitUntil(
    () => puts().length >= 2 && puts().some((r) => r.status === 0),
    'a Gitea write is held unanswered',
  );
  sync.child.kill('SIGKILL');
  const killed = await sync.done;
  assert.equal(killed.exit, 128, 'the run was killed, not finished');

  const newFile =
    `# operator host\nLOG_LEVEL=info\nCF_ZONE_ID=${w.values.zoneId}\n` +
    `CF_API_TOKEN=${w.values.goodToken}\n`;
  const text = readFileSync(w.envFilePath, 'utf8');
  assert.ok(text === OLD_FILE || text === newFile, 'the env file is either old or new');
  // A write killed before its rename may leave its temporary file; the next write
  // removes it (checked at the end).
  const leftovers = () => readdirSync(w.dir).filter((name) => /operator\.env\..*tmp/.test(name));

  const repoOf: Record<string, string> = { 'core-ci': 'acme/core', 'web-ci': 'acme/web' };
  const answered = new Set(
    puts()
      .filter((r) => r.status === 201 || r.status === 204)
      .map((r) => r.path.replace(/^\/repos\/([^/]+\/[^/]+)\/actions\/secrets\//, '$1 ')),
  );
  const rows = await sqliteFixture().query(
    { setting: undefined, dir: w.dir },
    'SELECT credential, mirror FROM pushes ORDER BY credential, mirror',
  );
  const recorded = rows.map((row) => `${String(row.credential)} ${String(row.mirror)}`);
  for (const push of recorded) {
    const [credential, mirror] = push.split(' ') as [string, string];
    if (mirror === 'operator-host') {
      assert.equal(text, newFile, 'an env-file push is recorded only once the file is new');
    } else {
      assert.ok(answered.has(`${repoOf[mirror]} ${credential}`), `${push} was answered`);
    }
  }
  assert.ok(recorded.length < 6, 'the killed run did not record every push');

  const ledger = await openLedger(undefined, w.dir);
  try {
    const [last] = await ledger.recentRuns({ command: 'sync', limit: 1 });
    assert.equal(last?.outcome, undefined, 'the killed run has no end and no outcome');
  } finally {
    await ledger.close();
  }

  // The next plan (which takes no lock) picks up exactly what the killed run left undone.
  const plan = await w.tend(['sync', '--json']);
  const items = (
    JSON.parse(plan.stdout) as { plan: { credential: string; mirror: string; action: string }[] }
  ).plan;
  const done = items
    .filter((item) => item.action === 'nothing')
    .map((i) => `${i.credential} ${i.mirror}`);
  assert.deepEqual(done.sort(), [...recorded].sort());
  assert.equal((await w.tend(['sync', '--apply'])).exit, 0);
  assert.deepEqual(leftovers(), [], 'the next write removed what the killed one left');
});
