/**
 * Secrets that tend itself needs (store tokens, client secrets) are named in the manifest
 * as `env:NAME` or `file:PATH` and loaded here, where they are registered for redaction.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { RunContext } from '../context.js';
import { SecretValue } from '../secret.js';

/** The reference could not be resolved; stores report this as `store-auth-failed`. */
export class SecretRefError extends Error {
  override readonly name = 'SecretRefError';
}

export function loadSecretRef(ref: string, ctx: RunContext, baseDir: string): SecretValue {
  if (ref.startsWith('env:')) {
    const name = ref.slice(4);
    const value = ctx.env[name];
    if (value === undefined || value === '') {
      throw new SecretRefError(`environment variable ${name} is not set`);
    }
    return SecretValue.load(value, ctx.redactor);
  }
  if (ref.startsWith('file:')) {
    const path = ref.slice(5);
    const full = isAbsolute(path) ? path : resolve(baseDir, path);
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch (error) {
      throw new SecretRefError(`cannot read ${full}: ${(error as Error).message}`);
    }
    const value = text.replace(/\r?\n$/, '');
    if (value === '') throw new SecretRefError(`${full} is empty`);
    return SecretValue.load(value, ctx.redactor);
  }
  throw new SecretRefError(`"${ref}" is not env:NAME or file:PATH`);
}

/** Non-secret fields that may still be written as `env:NAME` (an Infisical client id). */
export function loadPlainRef(ref: string, ctx: RunContext, baseDir: string): string {
  if (ref.startsWith('env:') || ref.startsWith('file:')) {
    return loadSecretRef(ref, ctx, baseDir).reveal();
  }
  return ref;
}
