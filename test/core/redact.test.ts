import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { Redactor } from '../../src/core/redact.js';
import { SecretValue } from '../../src/core/secret.js';

test('a secret value never shows itself in string, JSON or inspect form', () => {
  const redactor = new Redactor();
  const secret = SecretValue.load('cfut_live-value-123456', redactor);
  assert.equal(String(secret), '[secret]');
  assert.equal(JSON.stringify({ secret }), '{"secret":"[secret]"}');
  assert.equal(inspect({ secret }), '{ secret: [secret] }');
  assert.equal(secret.reveal(), 'cfut_live-value-123456');
});

test('the redactor hides registered values and their base64 and URL forms', () => {
  const redactor = new Redactor();
  const value = 'p@ss/word+with=signs';
  SecretValue.load(value, redactor);
  const base64 = Buffer.from(value).toString('base64');
  const text = `raw ${value} b64 ${base64} url ${encodeURIComponent(value)} end`;
  const shown = redactor.redact(text);
  assert.ok(!shown.includes(value));
  assert.ok(!shown.includes(base64.replace(/=+$/, '')));
  assert.ok(!shown.includes(encodeURIComponent(value)));
  assert.match(shown, /^raw \[redacted\] b64 \[redacted\]=? url \[redacted\] end$/);
});

test('values of any size are redacted, including 64 KiB certificate bundles', () => {
  const redactor = new Redactor();
  const big = 'A'.repeat(64 * 1024 - 7) + 'z9!@#$%';
  const small = 'short-secret';
  SecretValue.load(big, redactor);
  SecretValue.load(small, redactor);
  const shown = redactor.redact(`x ${big} y ${small} z`);
  assert.equal(shown, 'x [redacted] y [redacted] z');
});
