/**
 * `tend sync` as a user runs it, against simulated Infisical, Gitea, GitHub and
 * Cloudflare on loopback, with a real env file and a real SQLite ledger.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterEach, test } from 'node:test';
import { lastJson } from '../helpers/tend.js';
import { startSyncWorld, type SyncWorld } from './fixture.js';

interface PlanJson {
  ok: boolean;
  applied: boolean;
  counts: Record<string, unknown>;
  plan: {
    credential: string;
    mirror: string;
    target: string;
    action: string;
    reason: string;
    result?: string;
  }[];
  findings: {
    credential?: string;
    class: string;
    severity: string;
    store: string;
    message: string;
  }[];
}

let world: SyncWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const staleMirrors = (stdout: string): string[] =>
  (lastJson(stdout) as PlanJson).findings
    .filter((f) => f.class === 'stale-in-mirror')
    .map((f) => `${f.credential} ${f.store}`)
    .sort();

const item = (json: PlanJson, credential: string, mirror: string) =>
  json.plan.find((entry) => entry.credential === credential && entry.mirror === mirror);

test('init creates the fingerprint key once and the ledger, and never shows it', async () => {
  world = await startSyncWorld();
  const first = await world.tend(['init']);
  assert.equal(first.exit, 0, first.stderr);
  assert.match(first.stdout, /Ledger: ready at .*ledger\.db \(SQLite/);
  assert.match(first.stdout, /created TEND_FINGERPRINT_KEY in vault:\/shared\/cloudflare/);
  const key = world.infisicalValue('/shared/cloudflare', 'TEND_FINGERPRINT_KEY');
  assert.match(key ?? '', /^[0-9a-f]{64}$/);
  assert.ok(existsSync(`${world.dir}/.tend/ledger.db`));

  const second = await world.tend(['init']);
  assert.equal(second.exit, 0, second.stderr);
  assert.match(
    second.stdout,
    /TEND_FINGERPRINT_KEY in vault:\/shared\/cloudflare exists already; left unchanged/,
  );
  assert.equal(world.infisicalValue('/shared/cloudflare', 'TEND_FINGERPRINT_KEY'), key);
});

test(
  'a changed source value is planned as an update for each Gitea mirror, applied once, ' +
    'and a second apply writes nothing',
  async () => {
    world = await startSyncWorld();
    assert.equal((await world.tend(['init'])).exit, 0);
    const first = await world.tend(['sync', '--apply']);
    assert.equal(first.exit, 0, first.stdout + first.stderr);
    assert.equal(world.giteaValue('acme/core', 'CF_API_TOKEN'), world.values.goodToken);
    assert.equal(world.giteaValue('acme/web', 'CF_ZONE_ID'), world.values.zoneId);

    await world.setSource('CF_API_TOKEN', world.values.nextToken);
    const stale = await world.tend(['check', '--json']);
    assert.deepEqual(staleMirrors(stale.stdout), ['CF_API_TOKEN core-ci', 'CF_API_TOKEN web-ci']);
    const plan = await world.tend(['sync', '--json']);
    assert.equal(plan.exit, 0, plan.stderr);
    const planned = lastJson(plan.stdout) as PlanJson;
    assert.equal(planned.applied, false);
    for (const mirror of ['core-ci', 'web-ci']) {
      assert.deepEqual(item(planned, 'CF_API_TOKEN', mirror), {
        credential: 'CF_API_TOKEN',
        mirror,
        target: 'CF_API_TOKEN',
        action: 'update',
        reason: 'the source changed since the last push',
      });
      assert.equal(item(planned, 'CF_ZONE_ID', mirror)?.action, 'nothing');
    }
    assert.equal(
      item(planned, 'CF_API_TOKEN', 'operator-host')?.reason,
      'the mirror holds a different value',
    );
    assert.equal(
      world.giteaValue('acme/core', 'CF_API_TOKEN'),
      world.values.goodToken,
      'a plan writes nothing',
    );

    const table = await world.tend(['sync']);
    assert.match(table.stdout, /CF_API_TOKEN\n {2}update {3}operator-host +the mirror holds a/);
    assert.match(table.stdout, /update {3}core-ci +the source changed since the last push/);
    assert.match(table.stdout, /2 unchanged|3 unchanged/);

    const apply = await world.tend(['sync', '--apply', '--json']);
    assert.equal(apply.exit, 0, apply.stderr);
    const applied = lastJson(apply.stdout) as PlanJson;
    assert.equal(applied.applied, true);
    assert.equal(item(applied, 'CF_API_TOKEN', 'core-ci')?.result, 'updated');
    for (const repo of ['acme/core', 'acme/web']) {
      assert.equal(world.giteaValue(repo, 'CF_API_TOKEN'), world.values.nextToken);
    }
    assert.match(readFileSync(world.envFilePath, 'utf8'), new RegExp(world.values.nextToken));

    const cleared = await world.tend(['check', '--json']);
    assert.equal(cleared.exit, 0, cleared.stdout);
    assert.deepEqual(staleMirrors(cleared.stdout), []);

    const mark = world.sims.requests.length;
    const fileBefore = statSync(world.envFilePath).mtimeMs;
    const again = await world.tend(['sync', '--apply', '--json']);
    assert.equal(again.exit, 0, again.stderr);
    assert.deepEqual(
      world.writes(mark).filter((r) => r.vendor !== 'infisical'),
      [],
    );
    assert.deepEqual(
      world.writes(mark).filter((r) => r.vendor === 'infisical' && !r.path.includes('/auth/')),
      [],
    );
    assert.equal(statSync(world.envFilePath).mtimeMs, fileBefore);
    const nothing = lastJson(again.stdout) as PlanJson;
    assert.ok(nothing.plan.every((entry) => entry.action === 'nothing' && !entry.result));
  },
);

test(
  'without a fingerprint key the plan still works, and --apply refuses and names ' + 'tend init',
  async () => {
    world = await startSyncWorld();
    const plan = await world.tend(['sync', '--json']);
    assert.equal(plan.exit, 0, plan.stderr);
    const json = lastJson(plan.stdout) as PlanJson;
    assert.equal(item(json, 'CF_API_TOKEN', 'core-ci')?.action, 'create');
    assert.equal(item(json, 'CF_API_TOKEN', 'operator-host')?.action, 'create');

    const mark = world.sims.requests.length;
    const apply = await world.tend(['sync', '--apply']);
    assert.equal(apply.exit, 2);
    assert.match(
      apply.stderr,
      /fingerprint key TEND_FINGERPRINT_KEY in vault:\/shared\/cloudflare does not exist/,
    );
    assert.match(apply.stderr, /Run `tend init`/);
    assert.deepEqual(
      world.writes(mark).filter((r) => !r.path.includes('/auth/')),
      [],
    );
    assert.equal(existsSync(world.envFilePath), false);
  },
);

test(
  'a write-only mirror tend has no record of is updated with that reason; with no key ' +
    'the reason says to run tend init',
  async () => {
    world = await startSyncWorld({
      coreSecrets: [{ name: 'CF_API_TOKEN', value: 'set-by-hand-0001' }],
    });
    const noKey = lastJson((await world.tend(['sync', '--json', '--mirror', 'core-ci'])).stdout);
    assert.equal(
      item(noKey as PlanJson, 'CF_API_TOKEN', 'core-ci')?.reason,
      'no key to compare; run `tend init`',
    );
    await world.tend(['init']);
    const run = await world.tend(['sync', '--json', '--mirror', 'core-ci']);
    const json = lastJson(run.stdout) as PlanJson;
    assert.deepEqual(
      json.plan.map((e) => [e.credential, e.mirror, e.action, e.reason]),
      [
        ['CF_API_TOKEN', 'core-ci', 'update', 'tend has no record of what it holds'],
        ['CF_ZONE_ID', 'core-ci', 'create', 'not in the mirror core-ci'],
      ],
    );
  },
);

test(
  'a revoked token in the source is not pushed without --force; --force pushes it and ' + 'says so',
  async () => {
    world = await startSyncWorld({ sourceToken: 'revoked' });
    await world.tend(['init']);
    const refused = await world.tend(['sync', '--apply', '--json']);
    assert.equal(refused.exit, 1);
    const json = lastJson(refused.stdout) as PlanJson;
    const classes = json.findings.map((f) => `${f.credential}:${f.class}:${f.severity}`);
    assert.ok(classes.includes('CF_API_TOKEN:push-refused:error'), classes.join(' '));
    assert.ok(classes.includes('CF_API_TOKEN:token-invalid:error'), classes.join(' '));
    assert.equal(item(json, 'CF_API_TOKEN', 'core-ci')?.result, 'refused');
    assert.equal(world.giteaValue('acme/core', 'CF_API_TOKEN'), undefined);
    assert.equal(
      world.giteaValue('acme/core', 'CF_ZONE_ID'),
      world.values.zoneId,
      'the other credential is still pushed',
    );
    const refusedWrites = world.writes().filter((r) => r.path.endsWith('/CF_API_TOKEN'));
    assert.deepEqual(
      refusedWrites.filter((r) => r.vendor !== 'infisical'),
      [],
    );

    const table = await world.tend(['sync']);
    assert.equal(table.exit, 1);
    assert.match(table.stdout, /would be refused/);

    const forced = await world.tend(['sync', '--apply', '--force']);
    assert.equal(forced.exit, 0, forced.stdout + forced.stderr);
    assert.ok(
      forced.stderr.includes(
        '--force: pushing CF_API_TOKEN to operator-host, core-ci, web-ci although its source ' +
          'value FAILS verification (token-invalid)',
      ),
      forced.stderr,
    );
    assert.match(forced.stdout, /pushed anyway with --force/);
    assert.equal(world.giteaValue('acme/core', 'CF_API_TOKEN'), world.values.revokedToken);
  },
);

test(
  'one refused item does not stop the rest: the Gitea name rule is checked before ' +
    'sending, and strays are reported, never removed',
  async () => {
    world = await startSyncWorld({
      coreSecrets: [{ name: 'OLD_DEPLOY_KEY', value: 'left-behind-0001' }],
      moreCredentials:
        '  ACTIONS_TOKEN:\n    source: vault:/shared/cloudflare\n' +
        '    mirrors: [{ mirror: core-ci, as: GITHUB_TOKEN }]\n',
    });
    await world.setSource('ACTIONS_TOKEN', 'actions-token-value-0001');
    await world.tend(['init']);
    const mark = world.sims.requests.length;
    const run = await world.tend(['sync', '--apply', '--json']);
    assert.equal(run.exit, 1);
    const json = lastJson(run.stdout) as PlanJson;
    const failed = json.findings.find((f) => f.class === 'push-failed');
    assert.equal(failed?.credential, 'ACTIONS_TOKEN');
    assert.match(failed?.message ?? '', /must not start with GITHUB_/);
    assert.equal(json.plan.find((e) => e.credential === 'ACTIONS_TOKEN')?.result, 'failed');
    assert.equal(item(json, 'CF_ZONE_ID', 'web-ci')?.result, 'created');
    assert.equal(world.giteaValue('acme/web', 'CF_API_TOKEN'), world.values.goodToken);
    const puts = world
      .writes(mark)
      .filter((r) => r.vendor === 'gitea')
      .map((r) => r.path);
    assert.ok(!puts.some((path) => /GITHUB_TOKEN/i.test(path)), 'a refused name is never sent');
    assert.equal(puts.length, 4);

    const stray = json.findings.find((f) => f.class === 'stray-in-mirror');
    assert.equal(stray?.severity, 'warning');
    assert.equal(stray?.store, 'core-ci');
    assert.match(stray?.message ?? '', /OLD_DEPLOY_KEY/);
    assert.equal(world.giteaValue('acme/core', 'OLD_DEPLOY_KEY'), 'left-behind-0001');
    assert.deepEqual(
      world.writes().filter((r) => r.method === 'DELETE'),
      [],
    );
  },
);

test('an env-file mirror keeps its unrelated lines, comments and mode, with a backup', async () => {
  const before = '# operator host\nLOG_LEVEL=info\n\nexport CF_ZONE_ID=stale-zone\n';
  world = await startSyncWorld({ envFile: { text: before, mode: 0o640 } });
  await world.tend(['init']);
  const run = await world.tend(['sync', '--apply', '--mirror', 'operator-host', '--json']);
  assert.equal(run.exit, 0, run.stderr);
  const json = lastJson(run.stdout) as PlanJson;
  assert.deepEqual(json.findings, [], 'an env file holds settings too: no strays there');
  assert.equal(
    readFileSync(world.envFilePath, 'utf8'),
    `# operator host\nLOG_LEVEL=info\n\nexport CF_ZONE_ID=${world.values.zoneId}\n` +
      `CF_API_TOKEN=${world.values.goodToken}\n`,
  );
  assert.equal(statSync(world.envFilePath).mode & 0o777, 0o640);
  assert.equal(readFileSync(`${world.envFilePath}.bak`, 'utf8'), before);
  assert.deepEqual(
    world.writes().filter((r) => r.vendor === 'gitea'),
    [],
    '--mirror narrows the run',
  );
});

test('a GitHub mirror receives the sealed value, and --only narrows the run', async () => {
  world = await startSyncWorld({ github: true });
  await world.tend(['init']);
  const args = ['sync', '--apply', '--only', 'CF_API_TOKEN', '--mirror', 'app-gh'];
  const run = await world.tend(args);
  assert.equal(run.exit, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /create {3}app-gh +not in the mirror app-gh +→ created/);
  assert.equal(world.githubValue('acme/app', 'CF_API_TOKEN'), world.values.goodToken);
  assert.equal(world.githubValue('acme/app', 'CF_ZONE_ID'), undefined);
  const again = lastJson((await world.tend(['sync', '--json', '--mirror', 'app-gh'])).stdout);
  assert.deepEqual(
    (again as PlanJson).plan.map((e) => `${e.credential}:${e.action}`),
    ['CF_API_TOKEN:nothing', 'CF_ZONE_ID:create'],
  );
});

test("unknown names in --only or --mirror are the user's to fix (exit 2)", async () => {
  world = await startSyncWorld();
  const only = await world.tend(['sync', '--only', 'NOPE']);
  assert.equal(only.exit, 2);
  assert.match(only.stderr, /not declared in .*tend\.yaml: NOPE/);
  const mirror = await world.tend(['sync', '--mirror', 'nowhere']);
  assert.equal(mirror.exit, 2);
  assert.match(mirror.stderr, /no mirror named nowhere/);
});

test('changed-outside is repaired: sync pushes again to the mirror a job saw changed', async () => {
  world = await startSyncWorld();
  const w = world;
  assert.equal((await w.tend(['init'])).exit, 0);
  assert.equal((await w.tend(['sync', '--apply'])).exit, 0);
  const job = await w.tend(['check', '--env', 'CF_API_TOKEN', '--from', 'core-ci', '--json'], {
    CF_API_TOKEN: w.values.nextToken,
  });
  const classes = (
    lastJson(job.stdout) as { findings: { class: string; store: string }[] }
  ).findings.map((f) => `${f.class} ${f.store}`);
  assert.ok(classes.includes('changed-outside core-ci'), classes.join(', '));

  const plan = lastJson((await w.tend(['sync', '--json'])).stdout) as PlanJson;
  assert.equal(item(plan, 'CF_API_TOKEN', 'core-ci')?.action, 'update');
  assert.equal(item(plan, 'CF_API_TOKEN', 'web-ci')?.action, 'nothing');
  assert.equal((await w.tend(['sync', '--apply'])).exit, 0);
  const after = await w.tend(['check', '--json']);
  assert.ok(!after.stdout.includes('changed-outside'), after.stdout);
});

test('--from names a mirror the credential does not have: exit 2', async () => {
  world = await startSyncWorld();
  const run = await world.tend(['check', '--env', 'CF_API_TOKEN', '--from', 'nope'], {
    CF_API_TOKEN: world.values.goodToken,
  });
  assert.equal(run.exit, 2);
  assert.match(run.stderr, /--from nope/);
});
