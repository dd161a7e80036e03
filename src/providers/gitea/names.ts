/**
 * Gitea's rules for Actions secrets, checked before anything is sent so that a refusal
 * names the rule instead of Gitea's terse "invalid name".
 */
import type { SecretValue } from '../../core/secret.js';

/** Gitea keeps secret values of up to 64 KiB (`SecretDataMaxLength`). */
export const GITEA_MAX_VALUE_BYTES = 64 * 1024;

/** The rule `name` breaks, or undefined when Gitea accepts it. */
export function giteaNameProblem(name: string): string | undefined {
  if (name === '') return 'a secret name cannot be empty';
  if (/[^A-Za-z0-9_]/.test(name)) return 'a secret name may contain only letters, digits and _';
  if (/^[0-9]/.test(name)) return 'a secret name must not start with a digit';
  if (/^GITEA_/i.test(name)) return 'a secret name must not start with GITEA_';
  if (/^GITHUB_/i.test(name)) return 'a secret name must not start with GITHUB_';
  return undefined;
}

/** The rule the value breaks, or undefined. Never shows the value. */
export function giteaValueProblem(value: SecretValue): string | undefined {
  if (value.isEmpty()) return 'Gitea does not store an empty secret';
  const bytes = Buffer.byteLength(value.reveal(), 'utf8');
  if (bytes > GITEA_MAX_VALUE_BYTES) {
    return `the value is ${bytes} bytes; Gitea keeps at most ${GITEA_MAX_VALUE_BYTES}`;
  }
  return undefined;
}
