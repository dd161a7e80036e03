/**
 * Crash safety of env-file writes: a child process rewrites the file in a loop and is
 * killed with SIGKILL at a random moment, 30 times; one write (two fsyncs of the backup,
 * two of the file) takes some 10-40 ms here, so the kills land in every phase. Each time
 * the file and its backup must be one whole version, never a torn mix, and no left-over
 * temporary file may be more readable than the file itself.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { parseEnvFile } from '../../src/providers/envfile/parse.js';
import { applyValues } from '../../src/providers/envfile/write.js';

const RUNS = 30;
const MODE = 0o640;

/** Rewrites TOKEN and OTHER with A and B values by turns until it is killed. */
const CHILD = `
const { createEnvfileStore } = await import(process.env.STORE_MODULE);
const { createContext } = await import(process.env.CONTEXT_MODULE);
const { SecretValue } = await import(process.env.SECRET_MODULE);
const quiet = { write() {} };
const ctx = createContext({ env: {}, stdout: quiet, stderr: quiet });
const path = process.env.ENVFILE_PATH;
const store = createEnvfileStore('host', { type: 'envfile', path }, ctx, '/');
process.stdout.write('ready\\n');
for (let round = 0; ; round += 1) {
  const side = round % 2 === 0 ? 'A' : 'B';
  await store.putMany([
    { name: 'TOKEN', value: SecretValue.load('token-' + side, ctx.redactor) },
    { name: 'OTHER', value: SecretValue.load('other value ' + side, ctx.redactor) },
  ]);
}
`;

function moduleUrl(relative: string): string {
  return new URL(relative, import.meta.url).href;
}

function initialText(): string {
  const filler = Array.from({ length: 4000 }, (_, index) => `FILLER_${index}=value-${index}`);
  return ['# operator host', 'TOKEN=token-initial', ...filler, ''].join('\n');
}

function versions(initial: string): Set<string> {
  const file = parseEnvFile(initial, 'f');
  const rewrite = (side: string): string =>
    applyValues(
      file,
      new Map([
        ['TOKEN', `token-${side}`],
        ['OTHER', `other value ${side}`],
      ]),
    ).text;
  return new Set([initial, rewrite('A'), rewrite('B')]);
}

async function runAndKill(path: string, delayMs: number): Promise<void> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
    env: {
      PATH: process.env.PATH ?? '',
      ENVFILE_PATH: path,
      STORE_MODULE: moduleUrl('../../src/providers/envfile/store.js'),
      CONTEXT_MODULE: moduleUrl('../../src/core/context.js'),
      SECRET_MODULE: moduleUrl('../../src/core/secret.js'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the writer exited early (${code})`)));
  });
  await sleep(delayMs);
  child.kill('SIGKILL');
  await exited;
}

test('a write killed at any moment leaves the old file or the new one, whole', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tend-envfile-crash-'));
  try {
    const path = join(dir, 'host.env');
    const initial = initialText();
    await writeFile(path, initial, { mode: MODE });
    const whole = versions(initial);
    for (let run = 0; run < RUNS; run += 1) {
      await runAndKill(path, Math.floor(Math.random() * 120));
      assert.ok(whole.has(await readFile(path, 'utf8')), `run ${run}: the file is torn`);
      assert.equal((await stat(path)).mode & 0o777, MODE);
      const backup = await readFile(`${path}.bak`, 'utf8').catch(() => initial);
      assert.ok(whole.has(backup), `run ${run}: the backup is torn`);
    }
    for (const name of await readdir(dir)) {
      const mode = (await stat(join(dir, name))).mode & 0o777;
      assert.equal(mode & ~MODE, 0, `${name} is more readable than the env file`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
