/**
 * Reading Cloudflare answers by their whole shape: the HTTP status and every code in
 * `errors[]`. The same code means different things in different places (`10000` is
 * success in verify's `messages` and a missing right in a write's `errors`), so callers
 * name the status and the codes they expect, and anything else stays unrecognised.
 */
import type { CfAnswer } from './envelope.js';

/** True when the answer has this status and every top-level error code is one of `codes`. */
export function answerIs(
  answer: CfAnswer<unknown>,
  status: number,
  codes: readonly number[],
): boolean {
  if (answer.success || answer.status !== status || answer.errors.length === 0) return false;
  return answer.errors.every((item) => codes.includes(item.code));
}

/** 401 with only code 1000, "Invalid API Token": unknown to the endpoint that was asked. */
export function isUnknownToken(answer: CfAnswer<unknown>): boolean {
  return answerIs(answer, 401, [1000]);
}

/** 403 with only code 10000, "Authentication error": the right is missing. */
export function isMissingRight(answer: CfAnswer<unknown>): boolean {
  return answerIs(answer, 403, [10000]);
}

/** 403 with only code 9109: the resource (a zone, an account) is outside the token's scope. */
export function isOutOfScope(answer: CfAnswer<unknown>): boolean {
  return answerIs(answer, 403, [9109]);
}

/**
 * 400 "Invalid request headers" (6003, with 6111 or 6103 in its chain): the value cannot
 * be a token at all.
 */
export function isMalformedCredential(answer: CfAnswer<unknown>): boolean {
  return answerIs(answer, 400, [6003]);
}

// Codes that speak of the caller's identity or rights rather than of the request body.
const AUTH_CODES = new Set([1000, 1001, 6003, 6103, 6111, 9103, 9106, 9109, 10000, 10001]);

/**
 * A 400 that objects to the body only: the API authorises a write before it validates
 * its body, so such an answer proves the write was authorised.
 */
export function isBodyRejection(answer: CfAnswer<unknown>): boolean {
  if (answer.success || answer.status !== 400 || answer.errors.length === 0) return false;
  return answer.errors.every(
    (item) =>
      !AUTH_CODES.has(item.code) &&
      (item.error_chain ?? []).every((inner) => !AUTH_CODES.has(inner.code)),
  );
}
