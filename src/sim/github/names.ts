/** GitHub's rules for Actions secrets (docs: "Naming your secrets", "Limits for secrets"). */

const NAME = /^[A-Z_][A-Z0-9_]*$/i;
const FORBIDDEN_PREFIX = /^GITHUB_/i;

/** "Secrets are limited to 48 KB in size." */
export const MAX_SECRET_BYTES = 48 * 1024;

export function isValidGithubName(name: string): boolean {
  return NAME.test(name) && !FORBIDDEN_PREFIX.test(name);
}
