/**
 * The house rules a formatter cannot enforce alone: no line over 100 columns, no
 * `console` in the product (output goes through the redacting log), no to-do marks (a
 * known gap is stated in the README).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths.js';

const root = repoRoot();

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

const files = ['src', 'test', 'bench'].flatMap((dir) => sources(join(root, dir)));

function offending(pattern: (line: string) => boolean, only: string[] = files): string[] {
  return only.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => pattern(line))
      .map(({ index }) => `${relative(root, file)}:${index + 1}`),
  );
}

test('no line is wider than 100 columns', () => {
  assert.deepEqual(
    offending((line) => line.length > 100),
    [],
  );
});

test('the product never writes with console: output goes through the redacting log', () => {
  const product = files.filter((file) => file.startsWith(join(root, 'src')));
  assert.deepEqual(
    offending((line) => /\bconsole\.(log|error|warn|info|debug)\(/.test(line), product),
    [],
  );
});

const MARK = new RegExp(`\\b(${['TO', 'DO'].join('')}|${['FIX', 'ME'].join('')})\\b`);

test('no to-do marks: known gaps are stated in the README', () => {
  assert.deepEqual(
    offending((line) => MARK.test(line)),
    [],
  );
});
