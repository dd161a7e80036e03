/**
 * `tend init`'s one change outside the ledger: the fingerprint key, created in the source
 * where the manifest says it lives, only when it is not there yet. It is never shown.
 */
import type { RunContext } from '../core/context.js';
import { VendorError } from '../core/errors.js';
import type { Manifest } from '../core/manifest/load.js';
import { StoreError } from '../core/store.js';
import { readStores } from '../check/listings.js';
import { fingerprintKeyLocation } from '../runs/fingerprint-key.js';
import { describeKeyPlace, keyScope, newFingerprintKey, readFingerprintKey } from './key.js';

export type KeySetup =
  | { status: 'exists' | 'created'; where: string }
  | { status: 'failed'; where: string; error: StoreError | VendorError };

export async function ensureFingerprintKey(ctx: RunContext, manifest: Manifest): Promise<KeySetup> {
  const location = fingerprintKeyLocation(manifest);
  const where = describeKeyPlace(location);
  const reads = await readStores(ctx, manifest, [], [keyScope(manifest)]);
  const read = await readFingerprintKey(ctx, manifest, reads);
  if (read.status === 'found') return { status: 'exists', where };
  if (read.status === 'unreadable') return { status: 'failed', where, error: read.error };
  const outcome = reads.scope(location.source, location.path);
  const store = outcome?.ok ? outcome.store : undefined;
  if (!store?.put) {
    const error = new StoreError(location.source, 'config', 'tend cannot write to this source');
    return { status: 'failed', where, error };
  }
  try {
    await store.put(location.name, newFingerprintKey(ctx), location.path);
  } catch (error) {
    if (error instanceof StoreError || error instanceof VendorError) {
      return { status: 'failed', where, error };
    }
    throw error;
  }
  return { status: 'created', where };
}
