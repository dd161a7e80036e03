/**
 * GitHub takes secret values only as a libsodium sealed box (`crypto_box_seal`) to the
 * scope's public key: only GitHub can open it, and the same value seals differently
 * every time.
 */
import type { SecretValue } from '../../core/secret.js';

/** The value sealed to `publicKey` (base64), as base64 for `encrypted_value`. */
export async function sealForGithub(value: SecretValue, publicKey: string): Promise<string> {
  // Loaded on first use: its WebAssembly costs memory that runs without GitHub never need.
  const { default: sodium } = await import('libsodium-wrappers');
  await sodium.ready;
  const key = sodium.from_base64(publicKey, sodium.base64_variants.ORIGINAL);
  const sealed = sodium.crypto_box_seal(sodium.from_string(value.reveal()), key);
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}
