/**
 * The manifest's `ledger:` setting. Absent: SQLite at `.tend/ledger.db` beside the
 * manifest. `postgres://` or `postgresql://`: PostgreSQL, with an optional `schema`
 * query parameter naming the schema to use (created when missing). Anything else
 * (optionally prefixed `sqlite:`) is a SQLite file path, relative to the manifest.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { UserError } from '../core/errors.js';

export const DEFAULT_LEDGER_PATH = join('.tend', 'ledger.db');

export type LedgerSetting =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; connectionString: string; schema: string | undefined; shown: string };

/** Lower-case SQL identifiers only: the schema goes into `search_path` unquoted. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function parseLedgerSetting(
  setting: string | undefined,
  manifestDir: string,
): LedgerSetting {
  const text = setting?.trim() ?? '';
  if (text === '') return { kind: 'sqlite', path: resolve(manifestDir, DEFAULT_LEDGER_PATH) };
  if (/^postgres(ql)?:\/\//i.test(text)) return parsePostgres(text);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new UserError(`ledger: "${redactUrl(text)}" is not a ledger tend can open`, {
      fix: 'Use a SQLite file path (the default is .tend/ledger.db) or a postgres:// URL.',
    });
  }
  const path = text.startsWith('sqlite:') ? text.slice('sqlite:'.length) : text;
  return { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(manifestDir, path) };
}

function parsePostgres(text: string): LedgerSetting {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new UserError('ledger: the PostgreSQL URL cannot be parsed', {
      fix: 'Write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE[?schema=NAME].',
      cause: error,
    });
  }
  const schema = url.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new UserError(`ledger: schema "${schema}" is not a plain lower-case SQL name`, {
      fix: 'Use letters a-z, digits and _ for the schema, starting with a letter or _.',
    });
  }
  url.searchParams.delete('schema');
  return { kind: 'postgres', connectionString: url.toString(), schema, shown: redactUrl(text) };
}

/** The URL as it may be shown: without its password. */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password !== '') url.password = '';
    return url.toString();
  } catch {
    return '(unparsable URL)';
  }
}
