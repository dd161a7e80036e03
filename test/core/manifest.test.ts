import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../src/core/errors.js';
import { parseManifest } from '../../src/core/manifest/load.js';
import { runTend } from '../helpers/tend.js';

const GOOD = `version: 1
sources:
  local: { type: envfile, path: ./secrets.env }
mirrors:
  ci:
    type: gitea
    url: https://git.example.com
    repo: acme/core
    token: env:GITEA_TOKEN
credentials:
  CF_API_TOKEN:
    source: local
    mirrors: [ci, { mirror: ci, as: CLOUDFLARE_TOKEN }]
    verify: { type: cloudflare-token, zone: example.com, needs: [dns:read] }
`;

function errorOf(text: string): UserError {
  try {
    parseManifest(text, '/work/tend.yaml');
  } catch (error) {
    assert.ok(error instanceof UserError);
    return error;
  }
  assert.fail('expected the manifest to be refused');
}

test('a valid manifest resolves credentials, mirror targets and defaults', () => {
  const manifest = parseManifest(GOOD, '/work/tend.yaml');
  const credential = manifest.credential('CF_API_TOKEN');
  assert.equal(credential?.source, 'local');
  assert.deepEqual(credential?.mirrors, [
    { mirror: 'ci', as: 'CF_API_TOKEN' },
    { mirror: 'ci', as: 'CLOUDFLARE_TOKEN' },
  ]);
  assert.equal(credential?.verify?.owner, 'auto');
});

test('an inline secret is refused with the file, line and the fix', () => {
  const error = errorOf(GOOD.replace('token: env:GITEA_TOKEN', 'token: 0123456789abcdef0123'));
  assert.match(
    error.message,
    /\/work\/tend\.yaml:9:12: mirrors\.ci\.token: must be env:NAME or file:PATH/,
  );
  assert.ok(!error.message.includes('0123456789abcdef0123'), 'the inline secret is not echoed');
});

test('a wrong enum value names the field and the allowed values', () => {
  const error = errorOf(GOOD.replace('zone: example.com,', 'owner: usr, zone: example.com,'));
  assert.match(
    error.message,
    /tend\.yaml:14:\d+: credentials\.CF_API_TOKEN\.verify\.owner: must be one of "user", "account"/,
  );
});

test('an unknown field and an unknown mirror are both reported with their lines', () => {
  const unknownField = errorOf(
    GOOD.replace('    source: local', '    sourse: local\n    source: local'),
  );
  assert.match(unknownField.message, /credentials\.CF_API_TOKEN: unknown field sourse/);
  const unknownMirror = errorOf(GOOD.replace('mirrors: [ci,', 'mirrors: [cii,'));
  assert.match(
    unknownMirror.message,
    /tend\.yaml:13:\d+: credentials\.CF_API_TOKEN\.mirrors: no mirror named "cii"/,
  );
});

test('broken YAML names the line', () => {
  const error = errorOf('version: 1\nsources:\n  local: { type: envfile\n');
  assert.match(error.message, /tend\.yaml:\d+:\d+: not valid YAML/);
});

test('the CLI exits 2 on a bad manifest and on an unknown credential name', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tend-manifest-'));
  writeFileSync(join(dir, 'tend.yaml'), GOOD.replace('version: 1', 'version: 2'));
  const bad = await runTend(['check'], { cwd: dir });
  assert.equal(bad.exit, 2);
  assert.match(bad.stderr, /tend\.yaml:1:\d+: version: must be one of 1/);
  writeFileSync(join(dir, 'tend.yaml'), GOOD);
  writeFileSync(join(dir, 'secrets.env'), 'CF_API_TOKEN=x\n');
  const unknown = await runTend(['check', '--only', 'NOPE'], { cwd: dir });
  assert.equal(unknown.exit, 2);
  assert.match(unknown.stderr, /not declared in .*tend\.yaml: NOPE/);
  const missing = await runTend(['check', '--config', 'nope.yaml'], { cwd: dir });
  assert.equal(missing.exit, 2);
  assert.match(missing.stderr, /cannot read the manifest/);
});

test('a password inside the ledger URL is an inline secret', () => {
  const error = errorOf(`ledger: postgres://tend:hunter2secret@db:5432/tend\n${GOOD}`);
  assert.match(error.message, /ledger: a password in the ledger URL is an inline secret/);
  assert.ok(!error.message.includes('hunter2secret'));
});
