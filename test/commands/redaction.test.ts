/**
 * Runs every command with known secret values, on success and failure paths and with
 * --debug traces, and fails if any value, or its base64 form, appears in anything tend
 * wrote: stdout, stderr, the step summary, saved plans, backups, or the ledger itself.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openScenario, type Scenario } from '../helpers/scenario.js';
import { SECRETS, STANDARD_ENV, STANDARD_MANIFEST, standardWorld } from '../helpers/worlds.js';

const JOB_TOKEN = 'cfut_JobSeesThisRevokedValue0123456789abcdefghijklm';
const HOST_TOKEN = 'cfut_HostFileHoldsAnOlderValue0123456789abcdefghijk';
const OTHER_SECRET = 'registry-password-4f8a9c2e1b7d';

const ALL_SECRETS = [
  SECRETS.goodToken,
  SECRETS.giteaToken,
  SECRETS.clientSecret,
  JOB_TOKEN,
  HOST_TOKEN,
  OTHER_SECRET,
];

const MANIFEST = `${STANDARD_MANIFEST}  REGISTRY_PASSWORD:
    source: vault:/shared/cloudflare
    mirrors: [core-ci, operator-host]
sweeps:
  dns-orphans:
    type: cloudflare-dns
    credential: CF_API_TOKEN
    zone: example.com
    owns:
      - name: "ws-{owner}.example.com"
    live:
      url: \${LIVE_URL}/api/workspaces
      minimum: 1
    grace: 1h
    limits: { maxDeletes: 10, maxFraction: 1 }
`;

function world() {
  const w = standardWorld();
  const zone = w.cloudflare!.zones![0]!;
  zone.records = ['1', '2', '3'].map((n) => ({
    id: `0000000000000000000000000000000${n}`,
    type: 'A',
    name: `ws-${n}.example.com`,
    content: `192.0.2.${n}`,
    ttl: 1,
    proxied: false,
    comment: null,
    created_on: '2026-01-01T00:00:00Z',
    modified_on: '2026-01-01T00:00:00Z',
  }));
  w.infisical!.projects![0]!.environments.prod!['/shared/cloudflare'] = {
    CF_API_TOKEN: SECRETS.goodToken,
    REGISTRY_PASSWORD: OTHER_SECRET,
  };
  w.gitea!.repos![0]!.secrets = [
    { name: 'CF_API_TOKEN', value: JOB_TOKEN, created_at: '2026-01-01T00:00:00Z' },
  ];
  w.live = { '/api/workspaces': { status: 200, body: ['1'] } };
  return w;
}

function leaks(text: string): string[] {
  return ALL_SECRETS.flatMap((secret) => {
    const forms = [
      secret,
      Buffer.from(secret).toString('base64').replace(/=+$/, ''),
      Buffer.from(secret).toString('base64url'),
    ];
    return forms
      .filter((form) => text.includes(form))
      .map((form) => `${secret.slice(0, 6)}… as ${form === secret ? 'raw' : 'base64'}`);
  });
}

/** Every file tend wrote in the scenario, but the env files whose job is to hold values. */
function writtenFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (!/\.env(\.bak)?$|\.env\.[^/]*\.tmp$/.test(name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

async function runAll(s: Scenario): Promise<{ label: string; text: string }[]> {
  const outputs: { label: string; text: string }[] = [];
  const summary = join(s.dir, 'step-summary.md');
  const runs: [string, string[], Record<string, string>][] = [
    ['check', ['check'], {}],
    ['check json debug', ['check', '--json', '--debug'], {}],
    ['check github', ['check', '--format', 'github'], { GITHUB_STEP_SUMMARY: summary }],
    ['check --env', ['check', '--env', 'CF_API_TOKEN', '--debug'], { CF_API_TOKEN: JOB_TOKEN }],
    ['init', ['init', '--debug'], {}],
    ['sync plan', ['sync', '--debug'], {}],
    ['sync apply', ['sync', '--apply', '--json', '--debug'], {}],
    [
      'check after sync',
      ['check', '--env', 'CF_API_TOKEN', '--debug'],
      { CF_API_TOKEN: JOB_TOKEN },
    ],
    ['sweep plan', ['sweep', 'dns-orphans', '--debug', '--save-plan', 'plan.json'], {}],
    [
      'sweep apply',
      ['sweep', 'dns-orphans', '--apply', '--json', '--debug', '--backup-dir', 'backup'],
      {},
    ],
    ['history', ['history', '--json'], {}],
    ['history table', ['history'], {}],
  ];
  for (const [label, args, env] of runs) {
    const run = await s.tend(args, env);
    outputs.push({ label, text: `${run.stdout}\n${run.stderr}` });
  }
  const history = await s.tend(['history', '--json', '--command', 'sweep']);
  const sweepRun = /"id":\s*"([^"]+)"/.exec(history.stdout)?.[1];
  if (sweepRun) {
    const restore = await s.tend(['restore', sweepRun, '--debug']);
    outputs.push({ label: 'restore', text: `${restore.stdout}\n${restore.stderr}` });
  }
  return outputs;
}

test('no command prints a secret value, raw or base64, nor writes one to a file', async () => {
  const s = await openScenario({
    world: world(),
    manifest: MANIFEST,
    files: { 'host.env': `CF_API_TOKEN=${HOST_TOKEN}\nREGISTRY_PASSWORD=${OTHER_SECRET}\n` },
    env: STANDARD_ENV,
  });
  try {
    const outputs = await runAll(s);
    assert.ok(outputs.length >= 12);
    const problems: string[] = [];
    for (const { label, text } of outputs) {
      for (const leak of leaks(text)) problems.push(`${label}: ${leak}`);
    }
    for (const file of writtenFiles(s.dir)) {
      const text = readFileSync(file).toString('latin1');
      for (const leak of leaks(text)) problems.push(`${file}: ${leak}`);
    }
    assert.deepEqual(problems, []);
    const debug = outputs.find((item) => item.label === 'check json debug')?.text ?? '';
    assert.match(debug, /debug: cloudflare → GET /, 'the debug trace ran');
    assert.ok(!/authorization/i.test(debug), 'no Authorization header in traces');
  } finally {
    await s.close();
  }
});

test('errors never echo a secret: inline secret in the manifest, bad env-file line', async () => {
  const s = await openScenario({
    world: world(),
    manifest: MANIFEST.replace('token: env:GITEA_TOKEN', `token: ${SECRETS.giteaToken}`),
    env: STANDARD_ENV,
  });
  try {
    const inline = await s.tend(['check']);
    assert.equal(inline.exit, 2);
    assert.deepEqual(leaks(inline.stdout + inline.stderr), []);
    s.write('tend.yaml', MANIFEST);
    s.write('host.env', `CF_API_TOKEN=${HOST_TOKEN}\n"${OTHER_SECRET}\n`);
    const malformed = await s.tend(['check', '--debug']);
    assert.equal(malformed.exit, 1, 'one bad store is a finding; the rest is still checked');
    assert.match(malformed.stdout, /host\.env:2/);
    assert.deepEqual(leaks(malformed.stdout + malformed.stderr), []);
  } finally {
    await s.close();
  }
});

test('the demo prints no secret it made', async () => {
  const { runTend } = await import('../helpers/tend.js');
  const run = await runTend(['demo'], { cwd: process.cwd(), timeoutMs: 120_000 });
  assert.equal(run.exit, 0, run.stderr);
  assert.match(run.stdout, /token-invalid/);
  assert.match(run.stdout, /All clear/);
  assert.doesNotMatch(run.stdout + run.stderr, /cfut_[A-Za-z0-9_-]{20,}/);
});
