import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  computeStreaks,
  describeStreak,
  type RunFinding,
  type RunOutcome,
  type StreakRun,
} from '../../src/ledger/index.js';

const TOKEN_INVALID: RunFinding = {
  credential: 'CF_API_TOKEN',
  store: 'cloudflare',
  class: 'token-invalid',
  severity: 'error',
};
const EXPIRING: RunFinding = {
  credential: 'GITEA_TOKEN',
  store: 'gitea',
  class: 'token-expiring',
  severity: 'warning',
};
const UNREACHABLE: RunFinding = {
  credential: 'GITEA_TOKEN',
  store: 'gitea',
  class: 'store-unreachable',
  severity: 'error',
};

function run(at: string, outcome: RunOutcome | undefined, findings: RunFinding[]): StreakRun {
  return { startedAt: new Date(at), findings, ...(outcome ? { outcome } : {}) };
}

/**
 * `tend check` every six hours, newest first. The token went bad at the run of
 * 2026-05-15 03:00:41 and stayed bad; one run (09:00 on the 17th) was killed before it
 * finished, so it recorded nothing; four of the runs also failed outright.
 */
const HISTORY: StreakRun[] = [
  run('2026-05-17T15:00:12Z', 'failed', [TOKEN_INVALID, UNREACHABLE, EXPIRING]),
  run('2026-05-17T09:00:05Z', undefined, []),
  run('2026-05-17T03:00:09Z', 'findings', [TOKEN_INVALID, UNREACHABLE]),
  run('2026-05-16T21:00:31Z', 'failed', [TOKEN_INVALID]),
  run('2026-05-16T15:00:08Z', 'findings', [TOKEN_INVALID, EXPIRING]),
  run('2026-05-16T09:00:17Z', 'failed', [TOKEN_INVALID]),
  run('2026-05-16T03:00:02Z', 'findings', [TOKEN_INVALID]),
  run('2026-05-15T21:00:44Z', 'findings', [TOKEN_INVALID]),
  run('2026-05-15T15:00:19Z', 'failed', [TOKEN_INVALID]),
  run('2026-05-15T09:00:03Z', 'findings', [TOKEN_INVALID]),
  run('2026-05-15T03:00:41Z', 'findings', [TOKEN_INVALID, TOKEN_INVALID]),
  run('2026-05-14T21:00:00Z', 'ok', []),
  run('2026-05-14T15:00:00Z', 'findings', [TOKEN_INVALID]),
];

test('reproduces the streak sentence of `tend history`', () => {
  const [longest] = computeStreaks(HISTORY);
  assert.ok(longest);
  assert.equal(
    describeStreak(longest),
    'CF_API_TOKEN: `token-invalid` in 10 runs in a row, since 2026-05-15 03:00 UTC; ' +
      '4 of the last 9 runs failed',
  );
});

test('gives every current error streak, longest first, and ignores warnings', () => {
  assert.deepEqual(computeStreaks(HISTORY), [
    {
      subject: 'CF_API_TOKEN',
      credential: 'CF_API_TOKEN',
      class: 'token-invalid',
      length: 10,
      since: new Date('2026-05-15T03:00:41Z'),
      failed: 4,
      window: 9,
    },
    {
      subject: 'GITEA_TOKEN',
      credential: 'GITEA_TOKEN',
      class: 'store-unreachable',
      length: 2,
      since: new Date('2026-05-17T03:00:09Z'),
      failed: 4,
      window: 9,
    },
  ]);
});

test('a finding about no credential is named by its store', () => {
  const listing: RunFinding = {
    store: 'zone example.com',
    class: 'listing-incomplete',
    severity: 'error',
  };
  const [streak] = computeStreaks([run('2026-05-17T15:00:00Z', 'findings', [listing])]);
  assert.ok(streak);
  assert.equal(
    describeStreak(streak),
    'zone example.com: `listing-incomplete` in 1 run, since 2026-05-17 15:00 UTC; ' +
      '0 of the last run failed',
  );
});

test('no streak when the newest finished run is clean, or nothing finished', () => {
  assert.deepEqual(computeStreaks([run('2026-05-18T00:00:00Z', 'ok', []), ...HISTORY]), []);
  assert.deepEqual(computeStreaks([run('2026-05-18T00:00:00Z', undefined, [])]), []);
  assert.deepEqual(computeStreaks([]), []);
});

test('the window of recent runs can be narrowed', () => {
  const [streak] = computeStreaks(HISTORY, { window: 4 });
  assert.equal(streak?.window, 3);
  assert.equal(streak?.failed, 2);
  assert.equal(streak?.length, 10);
});
