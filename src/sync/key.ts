/**
 * The fingerprint key: the HMAC key under which the ledger records what tend pushed. It
 * lives in the source of truth (see `runs/fingerprint-key.ts`), is read through the same
 * listings as every other source value, and is created once by `tend init`.
 */
import { randomBytes } from 'node:crypto';
import type { RunContext } from '../core/context.js';
import type { Manifest } from '../core/manifest/load.js';
import { SecretValue } from '../core/secret.js';
import { StoreError } from '../core/store.js';
import { readStores, type ListingOutcome, type StoreReads } from '../check/listings.js';
import { fingerprintKeyLocation, type KeyLocation } from '../runs/fingerprint-key.js';

export type KeyRead =
  | { status: 'found'; key: SecretValue }
  | { status: 'missing'; where: string }
  | { status: 'unreadable'; where: string; error: StoreError };

/** `TEND_FINGERPRINT_KEY in vault:/shared`, for messages. */
export function describeKeyPlace(location: KeyLocation): string {
  const { source, path } = location;
  return `${location.name} in ${path ? `${source}:${path}` : source}`;
}

/** The key's folder, for `readStores(…, extraScopes)`, so it is listed with the rest. */
export function keyScope(manifest: Manifest): { source: string; path: string | undefined } {
  const { source, path } = fingerprintKeyLocation(manifest);
  return { source, path };
}

/**
 * Reads the key through `reads` when they listed its folder (pass `keyScope(manifest)`
 * to `readStores` as an extra scope), otherwise lists that folder itself.
 */
export async function readFingerprintKey(
  ctx: RunContext,
  manifest: Manifest,
  reads?: StoreReads,
): Promise<KeyRead> {
  const location = fingerprintKeyLocation(manifest);
  const where = describeKeyPlace(location);
  const outcome = await keyListing(ctx, manifest, location, reads);
  if (!outcome.ok) return { status: 'unreadable', where, error: outcome.error };
  const entry = outcome.listing.entries.get(location.name);
  if (entry && entry.value === undefined) {
    // Present but hidden (an Infisical identity without value access): never overwrite it.
    const error = new StoreError(location.source, 'auth', 'the source hides its value from tend');
    return { status: 'unreadable', where, error };
  }
  if (!entry?.value || entry.value.isEmpty()) return { status: 'missing', where };
  return { status: 'found', key: entry.value };
}

async function keyListing(
  ctx: RunContext,
  manifest: Manifest,
  location: KeyLocation,
  reads: StoreReads | undefined,
): Promise<ListingOutcome> {
  const listed = reads?.scope(location.source, location.path);
  if (listed) return listed;
  const own = await readStores(ctx, manifest, [], [keyScope(manifest)]);
  return own.scope(location.source, location.path) as ListingOutcome;
}

/** The key, or undefined when it does not exist yet or its source cannot be read. */
export async function loadFingerprintKey(
  ctx: RunContext,
  manifest: Manifest,
  reads?: StoreReads,
): Promise<SecretValue | undefined> {
  const read = await readFingerprintKey(ctx, manifest, reads);
  if (read.status === 'unreadable') {
    ctx.log.warn(`the fingerprint key ${read.where} could not be read: ${read.error.message}`);
  }
  return read.status === 'found' ? read.key : undefined;
}

/** 32 random bytes as hex, registered for redaction before anything can print it. */
export function newFingerprintKey(ctx: RunContext): SecretValue {
  return SecretValue.load(randomBytes(32).toString('hex'), ctx.redactor);
}
