/**
 * What a Cloudflare credential is, judged from its shape alone, before any request.
 * Prefixed formats (2025 on) say what they are; legacy values are told apart by length
 * and alphabet. Pure functions: no I/O, unit-tested.
 */

export type TokenShape =
  /** `cfut_…`: an API token owned by a user. */
  | 'user-token'
  /** `cfat_…`: an API token owned by an account. */
  | 'account-token'
  /** `cfk_…`: a prefixed Global API Key. */
  | 'global-key'
  /** 37–45 lowercase hex characters: a legacy Global API Key. */
  | 'legacy-global-key'
  /** 40 characters of `[A-Za-z0-9_-]`: a legacy API token (owner unknown). */
  | 'legacy-token'
  /** Whitespace or control characters, or empty: cannot be sent as a header. */
  | 'malformed'
  /** None of the known shapes; Cloudflare is still asked. */
  | 'unknown';

const LEGACY_GLOBAL_KEY = /^[0-9a-f]{37,45}$/;
const LEGACY_TOKEN = /^[A-Za-z0-9_-]{40}$/;
// Printable ASCII without spaces: what an Authorization header can carry unchanged.
const SENDABLE = /^[\x21-\x7e]+$/;

export function tokenShape(value: string): TokenShape {
  if (!SENDABLE.test(value)) return 'malformed';
  if (value.startsWith('cfut_')) return 'user-token';
  if (value.startsWith('cfat_')) return 'account-token';
  if (value.startsWith('cfk_')) return 'global-key';
  if (LEGACY_GLOBAL_KEY.test(value)) return 'legacy-global-key';
  if (LEGACY_TOKEN.test(value)) return 'legacy-token';
  return 'unknown';
}

export function isGlobalKeyShape(shape: TokenShape): boolean {
  return shape === 'global-key' || shape === 'legacy-global-key';
}

/**
 * A Global API Key beyond doubt. A 40-character lowercase hex value is both a legacy
 * Global API Key and a possible legacy token: Cloudflare is asked before calling it a key.
 */
export function isCertainGlobalKey(shape: TokenShape, value: string): boolean {
  if (shape === 'global-key') return true;
  return shape === 'legacy-global-key' && !LEGACY_TOKEN.test(value);
}

/** The owner the prefix declares, if it declares one. */
export function ownerFromShape(shape: TokenShape): 'user' | 'account' | undefined {
  if (shape === 'user-token') return 'user';
  if (shape === 'account-token') return 'account';
  return undefined;
}

/** Words for a finding's message, never the value itself. */
export function describeShape(shape: TokenShape): string {
  switch (shape) {
    case 'user-token':
      return 'a user API token (cfut_ prefix)';
    case 'account-token':
      return 'an account API token (cfat_ prefix)';
    case 'global-key':
      return 'a Global API Key (cfk_ prefix)';
    case 'legacy-global-key':
      return 'a legacy Global API Key (37 to 45 hex characters)';
    case 'legacy-token':
      return 'a legacy API token (40 characters)';
    case 'malformed':
      return 'a value that is empty or holds whitespace or control characters';
    case 'unknown':
      return 'a value of no known Cloudflare credential format';
  }
}
