/**
 * Reads, validates and resolves a manifest. Every error names the file, the line, the
 * field and what would be right, and exits 2 through `UserError`.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../errors.js';
import {
  manifestSchema,
  type CloudflareVerifyConfig,
  type ManifestData,
  type MirrorConfig,
  type SourceConfig,
} from './schema.js';

export interface MirrorTarget {
  mirror: string;
  /** The name the credential has inside this mirror. */
  as: string;
}

export interface ResolvedCredential {
  name: string;
  source: string;
  /** Folder inside the source (Infisical path); undefined for flat sources. */
  sourcePath: string | undefined;
  mirrors: MirrorTarget[];
  verify: CloudflareVerifyConfig | undefined;
}

export interface Manifest {
  path: string;
  dir: string;
  data: ManifestData;
  credentials: ResolvedCredential[];
  source(name: string): SourceConfig;
  mirror(name: string): MirrorConfig;
  credential(name: string): ResolvedCredential | undefined;
}

type PathKey = string | number;

export function loadManifest(path: string): Manifest {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read the manifest ${absolute}`, {
      fix: 'Create tend.yaml (see the README) or pass --config PATH.',
      cause: error,
    });
  }
  return parseManifest(text, absolute);
}

export function parseManifest(text: string, path: string): Manifest {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const where = (keys: PathKey[]): string => locate(doc, lines, path, keys);
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = lines.linePos(yamlError.pos[0]);
    throw new UserError(`${path}:${pos.line}:${pos.col}: not valid YAML: ${yamlError.message}`, {
      fix: 'Fix the YAML syntax at that line (indentation, quotes, colons).',
    });
  }
  const parsed = manifestSchema.safeParse(doc.toJS());
  if (!parsed.success) throw schemaError(parsed.error, where);
  return resolveManifest(parsed.data, path, where);
}

function schemaError(error: z.ZodError, where: (keys: PathKey[]) => string): UserError {
  const lines = error.issues.slice(0, 8).map((issue) => {
    const keys = issue.path.filter((key): key is PathKey => typeof key !== 'symbol');
    const field = keys.length > 0 ? keys.join('.') : '(top level)';
    return `${where(keys)}: ${field}: ${describeIssue(issue)}`;
  });
  const more = error.issues.length > 8 ? `\n(and ${error.issues.length - 8} more)` : '';
  return new UserError(`the manifest is not valid:\n${lines.join('\n')}${more}`, {
    fix: 'Correct the fields named above; the README has the manifest reference.',
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue) {
    return `${issue.message}; check the "type" field`;
  }
  if (issue.code === 'invalid_value') {
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return issue.message;
}

/** `file:line:col` of the deepest node on the path that exists. */
function locate(doc: Document, lines: LineCounter, path: string, keys: PathKey[]): string {
  for (let depth = keys.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(keys.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const pos = lines.linePos(node.range[0]);
      return `${path}:${pos.line}:${pos.col}`;
    }
  }
  return path;
}

function resolveManifest(
  data: ManifestData,
  path: string,
  where: (keys: PathKey[]) => string,
): Manifest {
  const problems: string[] = [];
  const credentials: ResolvedCredential[] = [];
  for (const [name, config] of Object.entries(data.credentials)) {
    const [source, sourcePath] = splitSource(config.source);
    if (!(source in data.sources)) {
      problems.push(
        `${where(['credentials', name, 'source'])}: credentials.${name}.source: no source ` +
          `named "${source}"; declared: ${Object.keys(data.sources).join(', ')}`,
      );
    }
    const mirrors = config.mirrors.map((item, index): MirrorTarget => {
      const target = typeof item === 'string' ? { mirror: item, as: name } : item;
      if (!(target.mirror in data.mirrors)) {
        problems.push(
          `${where(['credentials', name, 'mirrors', index])}: credentials.${name}.mirrors: ` +
            `no mirror named "${target.mirror}"; declared: ` +
            `${Object.keys(data.mirrors).join(', ') || '(none)'}`,
        );
      }
      return target;
    });
    credentials.push({ name, source, sourcePath, mirrors, verify: config.verify });
  }
  for (const [name, sweep] of Object.entries(data.sweeps)) {
    if (!(sweep.credential in data.credentials)) {
      problems.push(
        `${where(['sweeps', name, 'credential'])}: sweeps.${name}.credential: ` +
          `"${sweep.credential}" ` +
          'is not a declared credential',
      );
    }
  }
  if (problems.length > 0) {
    throw new UserError(`the manifest is not valid:\n${problems.join('\n')}`, {
      fix: 'Name only sources, mirrors and credentials that the manifest declares.',
    });
  }
  const byName = new Map(credentials.map((item) => [item.name, item]));
  return {
    path,
    dir: dirname(path),
    data,
    credentials,
    source: (name) => data.sources[name] as SourceConfig,
    mirror: (name) => data.mirrors[name] as MirrorConfig,
    credential: (name) => byName.get(name),
  };
}

function splitSource(text: string): [string, string | undefined] {
  const colon = text.indexOf(':');
  if (colon === -1) return [text, undefined];
  return [text.slice(0, colon), text.slice(colon + 1)];
}
