/**
 * The env-file store on real temporary files: one read per run, atomic writes that keep
 * the file's mode, lines and line endings, a backup, and no value in any output.
 */
import assert from 'node:assert/strict';
import { lstat, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { createContext, type RunContext } from '../../src/core/context.js';
import { UserError } from '../../src/core/errors.js';
import { memorySink } from '../../src/core/log.js';
import { SecretValue } from '../../src/core/secret.js';
import { createEnvfileStore } from '../../src/providers/envfile/store.js';

const SECRETS = [
  'cfut_wVfQC1INOT2RgZGDplUtAdhcxzyIpoe2',
  'rotated-token-7f3a9c',
  'gitea-runner-a7d8df90',
];

let dir: string;
let ctx: RunContext;
let output: () => string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tend-envfile-'));
  const sink = memorySink();
  ctx = createContext({ env: {}, stdout: sink, stderr: sink, debug: true });
  output = sink.text;
});

afterEach(async () => {
  for (const secret of SECRETS) assert.ok(!output().includes(secret), 'a value reached the output');
  await rm(dir, { recursive: true, force: true });
});

const secret = (value: string): SecretValue => SecretValue.load(value, ctx.redactor);
const store = (path = 'host.env') =>
  createEnvfileStore('operator-host', { type: 'envfile', path }, ctx, dir);

async function write(name: string, text: string, mode = 0o640): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text, { mode });
  return path;
}

test('lists the file, relative to the manifest directory, reading it once per run', async () => {
  const path = await write('host.env', `# host\nCF_API_TOKEN=${SECRETS[0]}\nLOG_LEVEL=info\n`);
  const hostfile = store();
  const listing = await hostfile.list(undefined);
  assert.deepEqual([...listing.entries.keys()], ['CF_API_TOKEN', 'LOG_LEVEL']);
  assert.equal(listing.entries.get('CF_API_TOKEN')?.value?.reveal(), SECRETS[0]);
  await writeFile(path, 'CHANGED=1\n');
  const again = await hostfile.list(undefined);
  assert.deepEqual([...again.entries.keys()], ['CF_API_TOKEN', 'LOG_LEVEL']);
});

test('a missing file lists as empty', async () => {
  const listing = await store('absent.env').list(undefined);
  assert.equal(listing.entries.size, 0);
});

test('a name assigned twice is noted, without its values', async () => {
  await write('host.env', `K=${SECRETS[1]}\nK=${SECRETS[0]}\n`);
  const listing = await store().list(undefined);
  assert.equal(listing.entries.get('K')?.value?.reveal(), SECRETS[0]);
  assert.match(output(), /K is assigned on lines 1, 2; the last one counts/);
});

test('a malformed file is a UserError at path:line that never shows the line', async () => {
  const path = await write('host.env', `A=1\n${SECRETS[2]}\n`);
  await assert.rejects(store().list(undefined), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.ok(error.message.startsWith(`${path}:2: `));
    assert.ok(!error.message.includes(SECRETS[2] ?? ''));
    return true;
  });
});

test('put replaces in place, appends new names, keeps mode, lines and a backup', async () => {
  const original = [
    '# acme operator host',
    `export CF_API_TOKEN=${SECRETS[0]} # rotated monthly`,
    '',
    '# unrelated',
    'LOG_LEVEL=info',
    '',
  ].join('\n');
  const path = await write('host.env', original, 0o640);
  const hostfile = store();
  assert.equal(await hostfile.put('CF_API_TOKEN', secret(SECRETS[1] ?? ''), undefined), 'updated');
  assert.equal(await hostfile.put('NEW_ONE', secret('with space & $dollar'), undefined), 'created');
  const text = await readFile(path, 'utf8');
  assert.equal(
    text,
    [
      '# acme operator host',
      `export CF_API_TOKEN=${SECRETS[1]} # rotated monthly`,
      '',
      '# unrelated',
      'LOG_LEVEL=info',
      "NEW_ONE='with space & $dollar'",
      '',
    ].join('\n'),
  );
  assert.equal((await stat(path)).mode & 0o777, 0o640);
  const backup = join(dir, 'host.env.bak');
  assert.equal((await stat(backup)).mode & 0o777, 0o640);
  assert.ok((await readFile(backup, 'utf8')).includes(`CF_API_TOKEN=${SECRETS[1]}`));
  const fresh = await store().list(undefined);
  assert.equal(fresh.entries.get('NEW_ONE')?.value?.reveal(), 'with space & $dollar');
  const cached = await hostfile.list(undefined);
  assert.equal(cached.entries.get('CF_API_TOKEN')?.value?.reveal(), SECRETS[1]);
});

test('putMany writes once: the backup is the file as it was before the call', async () => {
  const original = 'A=1\r\nB=2\r\n';
  const path = await write('host.env', original);
  const outcomes = await store().putMany([
    { name: 'A', value: secret('first-new') },
    { name: 'C', value: secret('multi\nline') },
    { name: 'D', value: secret(SECRETS[2] ?? '') },
  ]);
  assert.deepEqual(Object.fromEntries(outcomes), { A: 'updated', C: 'created', D: 'created' });
  assert.equal(await readFile(`${path}.bak`, 'utf8'), original);
  const text = await readFile(path, 'utf8');
  assert.equal(text, `A=first-new\r\nB=2\r\nC="multi\r\nline"\r\nD=${SECRETS[2]}\r\n`);
});

test('an unchanged value is not written again', async () => {
  const path = await write('host.env', 'A=same-value\n');
  assert.equal(await store().put('A', secret('same-value'), undefined), 'updated');
  await assert.rejects(stat(`${path}.bak`), { code: 'ENOENT' });
});

test('a new file is created with mode 0600 and no backup', async () => {
  const hostfile = store('fresh.env');
  assert.equal(await hostfile.put('TOKEN', secret(SECRETS[0] ?? ''), undefined), 'created');
  const path = join(dir, 'fresh.env');
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.equal(await readFile(path, 'utf8'), `TOKEN=${SECRETS[0]}\n`);
  await assert.rejects(stat(`${path}.bak`), { code: 'ENOENT' });
});

test('awkward values round-trip through the file', async () => {
  const values = ['a # b', "it's", 'say "hi"', '$HOME', 'x\ny', ' lead', 'trail ', 'a=b', '\\n'];
  const hostfile = store();
  const entries = values.map((value, index) => ({ name: `V${index}`, value: secret(value) }));
  await hostfile.putMany(entries);
  const listing = await store().list(undefined);
  values.forEach((value, index) => {
    assert.equal(listing.entries.get(`V${index}`)?.value?.reveal(), value);
  });
});

test('a symbolic link is written through, and stays a link', async () => {
  const target = await write('real.env', 'A=1\n', 0o600);
  await symlink(target, join(dir, 'link.env'));
  await store('link.env').put('A', secret('through-the-link'), undefined);
  assert.ok((await lstat(join(dir, 'link.env'))).isSymbolicLink());
  assert.equal(await readlink(join(dir, 'link.env')), target);
  assert.equal(await readFile(target, 'utf8'), 'A=through-the-link\n');
});

test('a name that cannot be written is refused', async () => {
  await assert.rejects(store().put('BAD NAME', secret('v'), undefined), { name: 'StoreError' });
});
