/** The README is the user's reference: every finding class and exit code is in it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ExitCode } from '../../src/core/errors.js';
import { FINDING_CLASSES } from '../../src/core/findings.js';
import { repoRoot } from '../helpers/paths.js';

const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');

test('every finding class is listed in the README with its severity', () => {
  const missing = Object.entries(FINDING_CLASSES)
    .filter(([name, info]) => !readme.includes(`| \`${name}\` | ${info.severity} |`))
    .map(([name]) => name);
  assert.deepEqual(missing, []);
});

test('every exit code is documented in the README', () => {
  for (const code of Object.values(ExitCode)) {
    assert.match(readme, new RegExp(`^\\| \`${code}\` \\|`, 'm'));
  }
});

test('the README quick start is the two commands a new user runs', () => {
  assert.match(readme, /npm ci && npm run demo\nnpm test\n/);
});
