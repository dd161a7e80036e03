/**
 * The Curve25519 key pairs the simulated GitHub hands out for sealing secrets: one per
 * repository, organisation and environment, made on first use, as GitHub does.
 */
import { randomInt } from 'node:crypto';
import sodium from 'libsodium-wrappers';

export interface ScopeKey {
  keyId: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

export class KeyRing {
  readonly #keys = new Map<string, ScopeKey>();

  async keyFor(scopeId: string): Promise<ScopeKey> {
    await sodium.ready;
    let key = this.#keys.get(scopeId);
    if (!key) {
      const pair = sodium.crypto_box_keypair();
      key = { keyId: numericId(), publicKey: pair.publicKey, privateKey: pair.privateKey };
      this.#keys.set(scopeId, key);
    }
    return key;
  }
}

/** The public key in the base64 form GitHub serves. */
export function publicKeyBase64(key: ScopeKey): string {
  return sodium.to_base64(key.publicKey, sodium.base64_variants.ORIGINAL);
}

/** Opens a sealed box; undefined when it was not sealed to this key or is damaged. */
export function openSealed(key: ScopeKey, encryptedBase64: string): string | undefined {
  try {
    const sealed = sodium.from_base64(encryptedBase64, sodium.base64_variants.ORIGINAL);
    const opened = sodium.crypto_box_seal_open(sealed, key.publicKey, key.privateKey);
    return new TextDecoder('utf-8', { fatal: true }).decode(opened);
  } catch {
    return undefined;
  }
}

/** GitHub's key ids are long decimal strings, e.g. "568250167242549743". */
function numericId(): string {
  return `${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`;
}
