/** Gitea's rule for Actions secret and variable names (`services/secrets/validation.go`). */

const NAME = /^[A-Z_][A-Z0-9_]*$/i;
const FORBIDDEN_PREFIX = /^GIT(EA|HUB)_/i;

/** Gitea stores secrets of up to 64 KiB. */
export const MAX_SECRET_BYTES = 65_536;
export const MAX_DESCRIPTION_CHARS = 4_096;

export function isValidGiteaName(name: string): boolean {
  return NAME.test(name) && !FORBIDDEN_PREFIX.test(name);
}
