/**
 * The dotenv dialect tend reads:
 *
 * - blank lines, and comments: a line starting with `#`, or ` #` after an unquoted value;
 * - `NAME=value`, `NAME = value`, an optional `export ` prefix;
 * - unquoted values are trimmed; a `#` not preceded by whitespace is part of the value;
 * - 'single quotes' are literal and may span lines;
 * - "double quotes" may span lines and understand `\n`, `\r`, `\t`, `\"`, `\\`, `\$` and
 *   `` \` ``; any other backslash is kept as written;
 * - CRLF line endings and a leading byte-order mark;
 * - a name assigned twice: the last assignment counts (and the store warns).
 *
 * `${VAR}` is not expanded: a value is compared as it is written. A malformed line is a
 * `UserError` naming `path:line`, never quoting the line, which may hold a secret.
 */
import { UserError } from '../../core/errors.js';

export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export interface EnvAssignment {
  name: string;
  value: string;
  /** 1-based line of the name. */
  line: number;
  /** 1-based last line; later than `line` for a quoted value that spans lines. */
  endLine: number;
  exported: boolean;
  /** The `# comment` after the value, kept when the assignment is rewritten. */
  comment: string | undefined;
}

export interface EnvFile {
  /** The lines without their endings; a final line ending leaves no empty last line. */
  lines: string[];
  eol: '\n' | '\r\n';
  bom: boolean;
  assignments: EnvAssignment[];
  /** The assignment that counts for each name: the last one. */
  values: Map<string, EnvAssignment>;
  /** Names assigned more than once, with every line that assigns them. */
  duplicates: Map<string, number[]>;
}

const ASSIGNMENT = /^[ \t]*(export[ \t]+)?([^=]*?)[ \t]*=(.*)$/;

export function parseEnvFile(text: string, path: string): EnvFile {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  const lines = body.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const file: EnvFile = {
    lines,
    eol: body.includes('\r\n') ? '\r\n' : '\n',
    bom,
    assignments: [],
    values: new Map(),
    duplicates: new Map(),
  };
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const assignment = readAssignment(lines, index, { path });
    record(file, assignment);
    index = assignment.endLine - 1;
  }
  return file;
}

function record(file: EnvFile, assignment: EnvAssignment): void {
  const earlier = file.values.get(assignment.name);
  if (earlier) {
    const seen = file.duplicates.get(assignment.name) ?? [earlier.line];
    file.duplicates.set(assignment.name, [...seen, assignment.line]);
  }
  file.assignments.push(assignment);
  file.values.set(assignment.name, assignment);
}

interface Where {
  path: string;
}

function readAssignment(lines: string[], index: number, where: Where): EnvAssignment {
  const fail = (reason: string, fix: string): never =>
    malformed(where.path, index + 1, reason, fix);
  const match = ASSIGNMENT.exec(lines[index] ?? '');
  if (!match) {
    return fail(
      'expected NAME=value, a comment or a blank line',
      'Write each setting as NAME=value, or start the line with # to make it a comment.',
    );
  }
  const [, exportPrefix, name = '', rest = ''] = match;
  if (!NAME_PATTERN.test(name)) {
    return fail(
      'the text before "=" is not a variable name',
      'Names are letters, digits, "_", "." and "-", and do not start with a digit.',
    );
  }
  const value = readValue(lines, index, rest, where);
  return {
    name,
    value: value.text,
    line: index + 1,
    endLine: value.endIndex + 1,
    exported: exportPrefix !== undefined,
    comment: value.comment,
  };
}

interface ValueRead {
  text: string;
  endIndex: number;
  comment: string | undefined;
}

function readValue(lines: string[], index: number, rest: string, where: Where): ValueRead {
  const start = rest.length - rest.trimStart().length;
  const quote = rest[start];
  if (quote === '"' || quote === "'") {
    return readQuoted(lines, index, { rest, from: start + 1, quote, where });
  }
  const hash = /[ \t]#/.exec(rest);
  return {
    text: (hash ? rest.slice(0, hash.index) : rest).trim(),
    endIndex: index,
    comment: hash ? rest.slice(hash.index).trim() : undefined,
  };
}

interface QuotedStart {
  rest: string;
  from: number;
  quote: '"' | "'";
  where: Where;
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '"': '"',
  '\\': '\\',
  $: '$',
  '`': '`',
};

function readQuoted(lines: string[], index: number, start: QuotedStart): ValueRead {
  const { quote } = start;
  let text = '';
  let line = start.rest;
  let position = start.from;
  for (let current = index; ;) {
    const char = line[position];
    if (char === undefined) {
      current += 1;
      if (current >= lines.length) return unclosed(start, index);
      text += '\n';
      line = lines[current] ?? '';
      position = 0;
      continue;
    }
    if (char === quote) return afterQuote(line.slice(position + 1), current, text, start.where);
    const next = line[position + 1];
    if (quote === '"' && char === '\\' && next !== undefined && next in ESCAPES) {
      text += ESCAPES[next];
      position += 2;
      continue;
    }
    text += char;
    position += 1;
  }
}

function afterQuote(tail: string, index: number, text: string, where: Where): ValueRead {
  const trimmed = tail.trim();
  if (trimmed !== '' && !/^[ \t]*#/.test(tail)) {
    malformed(
      where.path,
      index + 1,
      'unexpected text after the closing quote',
      'Put the whole value inside the quotes; a comment after it needs a space and #.',
    );
  }
  return { text, endIndex: index, comment: trimmed === '' ? undefined : trimmed };
}

function unclosed(start: QuotedStart, index: number): never {
  const kind = start.quote === '"' ? 'double' : 'single';
  return malformed(
    start.where.path,
    index + 1,
    `the ${kind}-quoted value that starts here is never closed`,
    `Close the value with ${start.quote}; inside double quotes write \\" for a quote.`,
  );
}

function malformed(path: string, line: number, reason: string, fix: string): never {
  throw new UserError(`${path}:${line}: ${reason}`, { fix });
}
