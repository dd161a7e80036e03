/** GitHub's rules for Actions secrets, checked before anything is sent. */
import type { SecretValue } from '../../core/secret.js';

/** "Secrets are limited to 48 KB in size." */
export const GITHUB_MAX_VALUE_BYTES = 48 * 1024;

/** The rule `name` breaks, or undefined when GitHub accepts it. */
export function githubNameProblem(name: string): string | undefined {
  if (name === '') return 'a secret name cannot be empty';
  if (/[^A-Za-z0-9_]/.test(name)) return 'a secret name may contain only letters, digits and _';
  if (/^[0-9]/.test(name)) return 'a secret name must not start with a digit';
  if (/^GITHUB_/i.test(name)) return 'a secret name must not start with GITHUB_';
  return undefined;
}

/** The rule the value breaks, or undefined. Never shows the value. */
export function githubValueProblem(value: SecretValue): string | undefined {
  if (value.isEmpty()) return 'GitHub does not store an empty secret';
  const bytes = Buffer.byteLength(value.reveal(), 'utf8');
  if (bytes > GITHUB_MAX_VALUE_BYTES) {
    return `the value is ${bytes} bytes; GitHub keeps at most ${GITHUB_MAX_VALUE_BYTES}`;
  }
  return undefined;
}
