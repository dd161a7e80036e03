/**
 * The env-file dialect, construct by construct, and the quoting the writer chooses: any
 * value written must read back unchanged.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/core/errors.js';
import { parseEnvFile } from '../../src/providers/envfile/parse.js';
import { applyValues, renderValue } from '../../src/providers/envfile/write.js';

const DIALECT: [string, string, Record<string, string>][] = [
  ['a plain assignment', 'KEY=value\n', { KEY: 'value' }],
  ['spaces around =', 'KEY = value\n', { KEY: 'value' }],
  ['an export prefix', 'export KEY=value\n', { KEY: 'value' }],
  ['comments and blank lines', '# top\n\n   # indented\nKEY=v\n\n', { KEY: 'v' }],
  ['a comment after an unquoted value', 'KEY=value # note\n', { KEY: 'value' }],
  ['a # without a space before it', 'KEY=abc#def\n', { KEY: 'abc#def' }],
  ['a comment where the value would be', 'KEY= # nothing\n', { KEY: '' }],
  ['an empty value', 'KEY=\n', { KEY: '' }],
  ['trailing spaces of an unquoted value', 'KEY=value   \n', { KEY: 'value' }],
  ['= inside a value', 'KEY=a=b==\n', { KEY: 'a=b==' }],
  ['single quotes are literal', `KEY='a $b \\n "c" # d'\n`, { KEY: 'a $b \\n "c" # d' }],
  [
    'double-quote escapes',
    'KEY="l1\\nl2\\tt \\"q\\" \\\\ \\$HOME \\` \\r"\n',
    { KEY: 'l1\nl2\tt "q" \\ $HOME ` \r' },
  ],
  ['an unknown escape is kept', 'KEY="a\\qb"\n', { KEY: 'a\\qb' }],
  ['spaces kept inside quotes', 'KEY = "  spaced  "\n', { KEY: '  spaced  ' }],
  [
    'a multi-line double-quoted value',
    'A="first\nsecond\n  third"\nB=after\n',
    { A: 'first\nsecond\n  third', B: 'after' },
  ],
  ['a multi-line single-quoted value', "A='one\ntwo'\n", { A: 'one\ntwo' }],
  [
    'a comment after a closing quote',
    'KEY="v # not a comment" # a comment\n',
    { KEY: 'v # not a comment' },
  ],
  ['CRLF line endings', 'A=1\r\nB="x\r\ny"\r\n# c\r\n', { A: '1', B: 'x\ny' }],
  ['a byte-order mark', '\uFEFFKEY=v\n', { KEY: 'v' }],
  ['dots and dashes in names', 'my.key-name=v\n', { 'my.key-name': 'v' }],
  ['a name assigned twice: the last counts', 'K=1\nOTHER=x\nK=2\n', { K: '2', OTHER: 'x' }],
  ['no final line ending', 'A=1\nB=2', { A: '1', B: '2' }],
];

for (const [construct, text, expected] of DIALECT) {
  test(`dialect: ${construct}`, () => {
    const file = parseEnvFile(text, '/etc/app.env');
    const values = Object.fromEntries([...file.values].map(([name, a]) => [name, a.value]));
    assert.deepEqual(values, expected);
  });
}

test('line numbers, export flags, comments and duplicates are kept', () => {
  const file = parseEnvFile('# c\nexport A="x\ny" # note\nB=1\nB=2\n', 'f.env');
  const a = file.values.get('A');
  assert.deepEqual([a?.line, a?.endLine, a?.exported, a?.comment], [2, 3, true, '# note']);
  assert.deepEqual(file.duplicates.get('B'), [4, 5]);
  assert.equal(parseEnvFile('A=1\r\n', 'f').eol, '\r\n');
});

const MALFORMED: [string, string, number][] = [
  ['a line without =', 'A=1\nsk_live_pasted_secret_value\n', 2],
  ['a name starting with a digit', '1KEY=sk_live_pasted_secret_value\n', 1],
  ['a name with a space', 'MY KEY=sk_live_pasted_secret_value\n', 1],
  ['an unclosed double quote', 'A=1\nKEY="sk_live_pasted_secret_value\nB=2\n', 2],
  ['an unclosed single quote', "KEY='sk_live_pasted_secret_value\n", 1],
  ['text after the closing quote', 'KEY="sk_live_pasted"_secret_value\n', 1],
];

for (const [problem, text, line] of MALFORMED) {
  test(`malformed: ${problem} names path:line and never the value`, () => {
    assert.throws(
      () => parseEnvFile(text, '/etc/app.env'),
      (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.ok(error.message.startsWith(`/etc/app.env:${line}: `), error.message);
        assert.ok(error.fix && error.fix.length > 0);
        assert.ok(!`${error.message} ${error.fix}`.includes('sk_live'));
        return true;
      },
    );
  });
}

const AWKWARD = [
  '',
  'plain-value_1.2/3:4@5%6+7,8=9',
  'with space',
  '  padded  ',
  'hash # inside',
  '#leading-hash',
  "single ' quote",
  'double " quote',
  'dollar $HOME and ${OTHER}',
  'back`tick`',
  'new\nline',
  'windows\r\nline',
  'lone\rreturn',
  'tab\there',
  'equals=sign==',
  'back\\slash\\n not a newline',
  'ends with a backslash\\',
  `every ' " $ \\ \` # = \n kind`,
  'ünïcødé ✓',
  '~/home-like',
];

test('every value the writer renders reads back unchanged', () => {
  for (const value of AWKWARD) {
    const text = `K=${renderValue(value)}\n`;
    assert.equal(parseEnvFile(text, 'f').values.get('K')?.value, value, JSON.stringify(text));
  }
});

test('a rewritten file reads back every value, in LF and CRLF files alike', () => {
  for (const eol of ['\n', '\r\n']) {
    const original = ['# keep me', 'export FIRST=1 # first', '', 'LAST=z'].join(eol) + eol;
    const values = new Map(AWKWARD.map((value, index) => [`K${index}`, value]));
    values.set('FIRST', 'new first value');
    const edit = applyValues(parseEnvFile(original, 'f'), values);
    const reread = parseEnvFile(edit.text, 'f');
    for (const [name, value] of values) assert.equal(reread.values.get(name)?.value, value, name);
    assert.equal(reread.values.get('LAST')?.value, 'z');
    const lines = edit.text.split(eol);
    assert.deepEqual(lines.slice(0, 4), [
      '# keep me',
      "export FIRST='new first value' # first",
      '',
      'LAST=z',
    ]);
    if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(edit.text), 'a bare LF in a CRLF file');
  }
});
