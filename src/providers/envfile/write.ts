/**
 * Rewrites an env file's text with new values: an existing assignment is replaced where
 * it stands (its `export ` prefix and trailing comment kept), a new name is appended at
 * the end, and every other line, comment and blank line stays as it was.
 *
 * Quoting, chosen so that `parseEnvFile` reads back exactly the value written:
 * - letters, digits and `_ . / : @ % + , = -` only: unquoted;
 * - otherwise, without `'` or a line break: 'single quotes' (literal everywhere);
 * - otherwise "double quotes", escaping `\`, `"`, `$` and `` ` `` with a backslash and a
 *   carriage return as `\r`; a line feed stays a real line break, which dotenv, Docker
 *   Compose and a shell all read the same way.
 */
import type { PutOutcome } from '../../core/store.js';
import type { EnvFile } from './parse.js';

const PLAIN = /^[A-Za-z0-9_./:@%+,=-]+$/;

export function renderValue(value: string): string {
  if (value === '') return '';
  if (PLAIN.test(value)) return value;
  if (!/['\r\n]/.test(value)) return `'${value}'`;
  const escaped = value.replace(/[\\"$`]/g, (char) => `\\${char}`).replace(/\r/g, '\\r');
  return `"${escaped}"`;
}

export function renderAssignment(
  name: string,
  value: string,
  style: { exported: boolean; comment?: string | undefined },
): string {
  const prefix = style.exported ? 'export ' : '';
  const comment = style.comment ? ` ${style.comment}` : '';
  return `${prefix}${name}=${renderValue(value)}${comment}`;
}

export interface EnvEdit {
  text: string;
  /** False when every value was already as wanted: nothing needs writing. */
  changed: boolean;
  outcomes: Map<string, PutOutcome>;
}

export function applyValues(file: EnvFile, values: ReadonlyMap<string, string>): EnvEdit {
  const outcomes = new Map<string, PutOutcome>();
  const replaced = new Map<number, Replacement>();
  const appended: string[] = [];
  const exportAll = file.assignments.length > 0 && file.assignments.every((a) => a.exported);
  for (const [name, value] of values) {
    const existing = file.values.get(name);
    outcomes.set(name, existing ? 'updated' : 'created');
    if (existing?.value === value) continue;
    if (existing) {
      const text = renderAssignment(name, value, existing);
      replaced.set(existing.line, { endLine: existing.endLine, text });
    } else {
      appended.push(renderAssignment(name, value, { exported: exportAll }));
    }
  }
  // A value with a line break renders as several lines; the file's own line ending joins them.
  const lines = [...rewriteLines(file.lines, replaced), ...appended].flatMap((line) =>
    line.split('\n'),
  );
  const body = lines.length > 0 ? `${lines.join(file.eol)}${file.eol}` : '';
  return {
    text: `${file.bom ? '\uFEFF' : ''}${body}`,
    changed: replaced.size > 0 || appended.length > 0,
    outcomes,
  };
}

interface Replacement {
  endLine: number;
  text: string;
}

function rewriteLines(lines: string[], replaced: Map<number, Replacement>): string[] {
  const out: string[] = [];
  for (let line = 1; line <= lines.length; line += 1) {
    const replacement = replaced.get(line);
    if (!replacement) {
      out.push(lines[line - 1] ?? '');
      continue;
    }
    out.push(replacement.text);
    line = replacement.endLine;
  }
  return out;
}
