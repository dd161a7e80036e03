/**
 * Every handed case in this folder runs as a test of the product: same folder name as
 * in shared/cases, no code per case.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkExpectations, readCase, runCase } from '../helpers/cases.js';
import { repoRoot } from '../helpers/paths.js';

const casesDir = join(repoRoot(), 'test', 'cases');
const names = readdirSync(casesDir).filter((name) => statSync(join(casesDir, name)).isDirectory());

for (const name of names) {
  const spec = readCase(join(casesDir, name));
  test(`case ${name}: ${spec.title}`, async () => {
    const result = await runCase(spec);
    const problems = checkExpectations(spec.expect, result);
    const { exit, stderr, stdout } = result.run;
    const context = `exit ${exit}\nstderr:\n${stderr}\nstdout:\n${stdout.slice(0, 4000)}`;
    assert.deepEqual(problems, [], `${problems.join('\n')}\n${context}`);
  });
}
