/**
 * Errors are modelled by who must act. One top-level handler in `cli.ts` maps each kind
 * to output and to the exit-code contract documented in the README.
 */

export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The user must act: a bad manifest, a bad flag, a missing file. Exit 2. */
export class UserError extends Error {
  override readonly name = 'UserError';
  readonly fix: string | undefined;

  constructor(message: string, options: { fix?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.fix = options.fix;
  }
}

/** Another run holds the lock tend needs. Exit 3 would blame tend; this is the user's call. */
export class LockBusyError extends UserError {}

export interface VendorErrorDetails {
  vendor: string;
  method: string;
  /** Redacted, without query secrets. */
  url: string;
  status?: number;
  codes?: number[];
  messages?: string[];
  retryable: boolean;
  cause?: unknown;
}

/** A vendor could not be asked or answered with an error tend could not translate. */
export class VendorError extends Error {
  override readonly name = 'VendorError';
  readonly vendor: string;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly codes: number[];
  readonly messages: string[];
  readonly retryable: boolean;

  constructor(details: VendorErrorDetails) {
    super(describeVendorFailure(details), { cause: details.cause });
    this.vendor = details.vendor;
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.codes = details.codes ?? [];
    this.messages = details.messages ?? [];
    this.retryable = details.retryable;
  }

  /** True when the vendor never gave an answer tend could judge (network, 5xx, 429). */
  get unreachable(): boolean {
    return this.status === undefined || this.status >= 500 || this.status === 429;
  }
}

function describeVendorFailure(details: VendorErrorDetails): string {
  const what = `${details.vendor}: ${details.method} ${details.url}`;
  if (details.status === undefined) {
    const reason = details.cause instanceof Error ? details.cause.message : 'no answer';
    return `${what} failed: ${reason}`;
  }
  const codes = details.codes?.length ? ` (codes ${details.codes.join(', ')})` : '';
  const text = details.messages?.length ? `: ${details.messages.join('; ')}` : '';
  return `${what} answered ${details.status}${codes}${text}`;
}

/** A bug in tend. Exit 3, and say where to report it. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}
