/**
 * The key for keyed fingerprints (HMAC-SHA-256) lives in the source of truth as a
 * credential of its own, so that only those who can read the source can compare values
 * with what the ledger recorded. `tend init` creates it.
 */
import { UserError } from '../core/errors.js';
import type { Manifest } from '../core/manifest/load.js';

export const DEFAULT_FINGERPRINT_KEY_NAME = 'TEND_FINGERPRINT_KEY';

export interface KeyLocation {
  source: string;
  /** Folder inside the source; undefined for flat sources. */
  path: string | undefined;
  name: string;
}

/**
 * `fingerprintKey.source` (SOURCE or SOURCE:/path). By default the key sits beside the
 * first credential, in a scope every check lists anyway, so finding it costs no request.
 */
export function fingerprintKeyLocation(manifest: Manifest): KeyLocation {
  const configured = manifest.data.fingerprintKey;
  const name = configured?.name ?? DEFAULT_FINGERPRINT_KEY_NAME;
  const first = manifest.credentials[0];
  const text =
    configured?.source ??
    (first ? `${first.source}${first.sourcePath ? `:${first.sourcePath}` : ''}` : undefined) ??
    Object.keys(manifest.data.sources)[0];
  if (!text) throw new UserError('the manifest declares no source for the fingerprint key');
  const colon = text.indexOf(':');
  const source = colon === -1 ? text : text.slice(0, colon);
  const path = colon === -1 ? undefined : text.slice(colon + 1);
  if (!(source in manifest.data.sources)) {
    throw new UserError(`fingerprintKey.source: no source named "${source}"`, {
      fix: `Name one of: ${Object.keys(manifest.data.sources).join(', ')}.`,
    });
  }
  return { source, path, name };
}
