/**
 * `tend history` over runs recorded with explicit start times: the streak sentence of
 * issue 3 comes out exactly, on the SQLite ledger beside a real manifest.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openLedger, type Ledger, type RunOutcome } from '../../src/ledger/index.js';
import { lastJson, runTend } from '../helpers/tend.js';

const STREAK =
  'CF_API_TOKEN: `token-invalid` in 10 runs in a row, since 2026-05-15 03:00 UTC; ' +
  '4 of the last 9 runs failed';

let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tend-history-'));
  writeFileSync(
    join(dir, 'tend.yaml'),
    'version: 1\nsources:\n  local: { type: envfile, path: ./source.env }\n' +
      'credentials:\n  CF_API_TOKEN: { source: local }\n  CF_ZONE_ID: { source: local }\n',
  );
  const ledger = await openLedger(undefined, dir);
  try {
    await recordStory(ledger);
  } finally {
    await ledger.close();
  }
});

after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Oldest first: a healthy run on 05-14, then ten hourly runs from 05-15 03:00 that all
 * found the token invalid (four of the last nine ended `failed`, the others `findings`),
 * and a newest run that never finished. A sync run in between belongs to another command.
 */
async function recordStory(ledger: Ledger): Promise<void> {
  const hour = 3_600_000;
  const first = Date.parse('2026-05-15T03:00:00Z');
  await record(ledger, new Date(first - 24 * hour), 'ok', []);
  const failedAt = new Set([2, 4, 6, 8]);
  for (let index = 0; index < 10; index += 1) {
    const outcome: RunOutcome = index === 0 || failedAt.has(index) ? 'failed' : 'findings';
    await record(ledger, new Date(first + index * hour), outcome, [
      {
        credential: 'CF_API_TOKEN',
        store: 'cloudflare',
        class: 'token-invalid',
        severity: 'error',
      },
      { credential: 'CF_ZONE_ID', store: 'local', class: 'token-expiring', severity: 'warning' },
    ]);
  }
  const sync = await ledger.startRun({ command: 'sync', startedAt: new Date(first + hour / 2) });
  await ledger.finishRun(sync.id, { outcome: 'ok', counts: { items: 2 }, findings: [] });
  await ledger.startRun({ command: 'check', startedAt: new Date(first + 10 * hour) });
}

async function record(
  ledger: Ledger,
  startedAt: Date,
  outcome: RunOutcome,
  findings: { credential: string; store: string; class: string; severity: string }[],
): Promise<void> {
  const run = await ledger.startRun({ command: 'check', startedAt });
  const finishedAt = new Date(startedAt.getTime() + 2_500);
  await ledger.finishRun(run.id, { outcome, counts: { credentials: 2 }, findings, finishedAt });
}

test('history shows the streak sentence and the recent runs, newest first', async () => {
  const run = await runTend(['history'], { cwd: dir });
  assert.equal(run.exit, 0, run.stderr);
  assert.ok(run.stdout.includes(STREAK), run.stdout);
  assert.match(run.stdout, /Current streaks in `tend check` runs:/);
  const rows = run.stdout.split('\n').filter((line) => /^ {2}[0-9a-f]{8} /.test(line));
  assert.equal(rows.length, 13);
  assert.match(rows[0] ?? '', /check +2026-05-15 13:00:00 UTC +- +unfinished/);
  assert.match(rows[1] ?? '', /check +2026-05-15 12:00:00 UTC +2\.5s +findings +credentials=2/);
  assert.doesNotMatch(run.stdout, /token-expiring/, 'warnings make no streak');
});

test('history --json carries runs and streaks; --limit and --command narrow it', async () => {
  const run = await runTend(['history', '--json', '--limit', '3', '--command', 'check'], {
    cwd: dir,
  });
  assert.equal(run.exit, 0, run.stderr);
  const json = lastJson(run.stdout) as {
    runs: { command: string; outcome?: string; durationMs?: number; startedAt: string }[];
    streaks: {
      command: string;
      credential: string;
      class: string;
      length: number;
      failed: number;
      window: number;
      since: string;
      text: string;
    }[];
  };
  assert.equal(json.runs.length, 3);
  assert.ok(json.runs.every((item) => item.command === 'check'));
  assert.equal(json.runs[1]?.durationMs, 2500);
  assert.deepEqual(
    json.streaks.map(({ command, credential, length, failed, window, since, text }) => ({
      command,
      credential,
      length,
      failed,
      window,
      since,
      text,
    })),
    [
      {
        command: 'check',
        credential: 'CF_API_TOKEN',
        length: 10,
        failed: 4,
        window: 9,
        since: '2026-05-15T03:00:00.000Z',
        text: STREAK,
      },
    ],
  );

  const sync = await runTend(['history', '--command', 'sync'], { cwd: dir });
  assert.equal(sync.exit, 0, sync.stderr);
  assert.match(sync.stdout, /No current error streaks\./);
  assert.doesNotMatch(sync.stdout, / check /);
});

test('history records itself but never lists its own run as going on', async () => {
  const run = await runTend(['history', '--command', 'history'], { cwd: dir });
  assert.equal(run.exit, 0, run.stderr);
  assert.doesNotMatch(run.stdout, /unfinished/);
  const bad = await runTend(['history', '--limit', 'zero'], { cwd: dir });
  assert.equal(bad.exit, 2);
  assert.match(bad.stderr, /--limit zero is not a positive whole number/);
});
