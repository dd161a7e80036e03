/**
 * Fetches the owners that still exist. The answer must be complete and well formed, or
 * the sweep deletes nothing: an empty answer from a failing provisioner is not
 * "everything is orphaned".
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { RunContext } from '../core/context.js';
import { VendorError } from '../core/errors.js';
import { loadSecretRef, SecretRefError } from '../core/manifest/refs.js';
import type { LiveSourceConfig } from '../core/manifest/schema.js';

const run = promisify(execFile);

/** The live set could not be had completely; the sweep must stop. */
export class LiveSetError extends Error {
  override readonly name = 'LiveSetError';
}

const MAX_PAGES = 1000;

export async function fetchLiveOwners(
  ctx: RunContext,
  config: LiveSourceConfig,
  baseDir: string,
): Promise<Set<string>> {
  const items = config.url
    ? await fromUrl(ctx, config, baseDir)
    : config.file
      ? await fromFile(config.file, baseDir)
      : await fromCommand(config.command ?? [], baseDir);
  return new Set(items.map((item, index) => ownerOf(item, config.field, index)));
}

async function fromUrl(
  ctx: RunContext,
  config: LiveSourceConfig,
  baseDir: string,
): Promise<unknown[]> {
  const headers: Record<string, string> = {};
  for (const [name, ref] of Object.entries(config.headers ?? {})) {
    try {
      headers[name] = loadSecretRef(ref, ctx, baseDir).reveal();
    } catch (error) {
      if (!(error instanceof SecretRefError)) throw error;
      throw new LiveSetError(`live.headers.${name}: ${error.message}`);
    }
  }
  const items: unknown[] = [];
  let url: string | undefined = config.url;
  const seen = new Set<string>();
  for (let page = 0; url && page < MAX_PAGES; page += 1) {
    // A next link that points back at a page already read would loop for ever.
    if (seen.has(url))
      throw new LiveSetError(`the next link of ${config.url} loops back to ${url}`);
    seen.add(url);
    let response;
    try {
      response = await ctx.http.request({ vendor: 'live', method: 'GET', url, headers });
    } catch (error) {
      const reason = error instanceof VendorError ? error.message : String(error);
      throw new LiveSetError(`GET ${url} got no answer: ${reason}`);
    }
    if (response.status !== 200) throw new LiveSetError(`GET ${url} answered ${response.status}`);
    items.push(...asArray(response.body, `GET ${url}`));
    url = nextLink(response.headers.get('link'), url);
  }
  if (url) throw new LiveSetError(`more than ${MAX_PAGES} pages at ${config.url}`);
  return items;
}

async function fromFile(path: string, baseDir: string): Promise<unknown[]> {
  const full = isAbsolute(path) ? path : resolve(baseDir, path);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (error) {
    throw new LiveSetError(`cannot read ${full}: ${(error as Error).message}`);
  }
  return asArray(parseJson(text, full), full);
}

async function fromCommand(command: string[], baseDir: string): Promise<unknown[]> {
  const [file, ...args] = command;
  if (!file) throw new LiveSetError('live.command is empty');
  let stdout: string;
  try {
    const options = { cwd: baseDir, timeout: 120_000, maxBuffer: 64 << 20 };
    ({ stdout } = await run(file, args, options));
  } catch (error) {
    throw new LiveSetError(`${command.join(' ')} failed: ${(error as Error).message}`);
  }
  return asArray(parseJson(stdout, command.join(' ')), command.join(' '));
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new LiveSetError(`${where} did not give JSON`);
  }
}

function asArray(body: unknown, where: string): unknown[] {
  if (!Array.isArray(body)) throw new LiveSetError(`${where} did not give a JSON array`);
  return body;
}

function ownerOf(item: unknown, field: string | undefined, index: number): string {
  const isObject = item !== null && typeof item === 'object';
  const value = field && isObject ? (item as Record<string, unknown>)[field] : item;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  const hint = field ? `field "${field}"` : 'a string or number (set live.field for objects)';
  throw new LiveSetError(`live set item ${index} is not ${hint}`);
}

/** RFC 8288 `Link: <url>; rel="next"`, resolved against the current URL. */
function nextLink(header: string | null, current: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (match?.[1]) return new URL(match[1], current).toString();
  }
  return undefined;
}
