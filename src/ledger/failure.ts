/**
 * Ledger failures, by who must act. A refused constraint or a misuse of the interface is
 * tend's bug; anything else (file unwritable, server down, password refused) is for the
 * operator, and the message names the ledger without its password.
 */
import { InternalError, UserError } from '../core/errors.js';

const FIX =
  "Check the manifest's `ledger:` setting: a SQLite file must be writable; a PostgreSQL " +
  'server must be reachable and accept the user (password from PGPASSWORD or ~/.pgpass).';

function isConstraintViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return code.startsWith('SQLITE_CONSTRAINT') || /^23[0-9A-Z]{3}$/.test(code);
}

export const ledgerFailure = {
  bug(message: string, cause?: unknown): InternalError {
    return new InternalError(`ledger: ${message}`, { cause });
  },

  wrap(input: { location: string; action: string; error: unknown }): Error {
    const { error } = input;
    if (error instanceof UserError || error instanceof InternalError) return error;
    const reason = error instanceof Error ? error.message : String(error);
    if (isConstraintViolation(error)) {
      return ledgerFailure.bug(`could not ${input.action}: ${reason}`, error);
    }
    return new UserError(`the ledger at ${input.location} could not ${input.action}: ${reason}`, {
      fix: FIX,
      cause: error,
    });
  },
};
