/** Seals a value the way a GitHub client does, for the simulator tests. */
import sodium from 'libsodium-wrappers';

export async function sealTo(publicKeyBase64: string, value: string): Promise<string> {
  await sodium.ready;
  const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  return sodium.to_base64(sodium.crypto_box_seal(value, key), sodium.base64_variants.ORIGINAL);
}
