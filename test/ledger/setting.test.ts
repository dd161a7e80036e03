import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../src/core/errors.js';
import { parseLedgerSetting, redactUrl } from '../../src/ledger/index.js';

test('no setting: SQLite at .tend/ledger.db beside the manifest', () => {
  assert.deepEqual(parseLedgerSetting(undefined, '/srv/infra'), {
    kind: 'sqlite',
    path: join('/srv/infra', '.tend', 'ledger.db'),
  });
  const blank = parseLedgerSetting('  ', '/srv/infra');
  assert.deepEqual(blank, parseLedgerSetting(undefined, '/srv/infra'));
});

test('a path, with or without sqlite:, relative to the manifest', () => {
  assert.deepEqual(parseLedgerSetting('state/l.db', '/srv/infra'), {
    kind: 'sqlite',
    path: '/srv/infra/state/l.db',
  });
  assert.deepEqual(parseLedgerSetting('sqlite:/var/lib/tend.db', '/srv/infra'), {
    kind: 'sqlite',
    path: '/var/lib/tend.db',
  });
});

test('postgres:// and postgresql://, with the schema taken out of the URL', () => {
  const setting =
    'postgresql://tend:s3cr3t-pw@db.internal:5433/tend?schema=janitor&sslmode=require';
  assert.deepEqual(parseLedgerSetting(setting, '/srv'), {
    kind: 'postgres',
    connectionString: 'postgresql://tend:s3cr3t-pw@db.internal:5433/tend?sslmode=require',
    schema: 'janitor',
    shown: 'postgresql://tend@db.internal:5433/tend?schema=janitor&sslmode=require',
  });
  const plain = parseLedgerSetting('postgres://tend@127.0.0.1/tend_test', '/srv');
  assert.ok(plain.kind === 'postgres');
  assert.equal(plain.connectionString, 'postgres://tend@127.0.0.1/tend_test');
  assert.equal(plain.schema, undefined);
});

test('refuses a schema that is not a plain name, and other URL schemes', () => {
  assert.throws(() => parseLedgerSetting('postgres://h/db?schema=a;drop', '/srv'), UserError);
  assert.throws(() => parseLedgerSetting('postgres://h/db?schema=Upper', '/srv'), UserError);
  assert.throws(
    () => parseLedgerSetting('mysql://root:hunter22@h/db', '/srv'),
    (error: Error) => {
      assert.ok(error instanceof UserError);
      assert.doesNotMatch(error.message, /hunter22/);
      return true;
    },
  );
});

test('a URL is shown without its password', () => {
  assert.equal(redactUrl('postgres://u:p4ss@h:5432/d'), 'postgres://u@h:5432/d');
  assert.equal(redactUrl('not a url'), '(unparsable URL)');
});
