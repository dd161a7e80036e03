/**
 * Reading Infisical's error answers. What an answer means depends on what was being
 * attempted, so the store decides; these helpers only read the answer.
 */
import { VendorError } from '../../core/errors.js';
import type { HttpResponse } from '../../core/http.js';
import { StoreError } from '../../core/store.js';
import { VENDOR } from './api.js';
import { errorSchema, type InfisicalErrorBody } from './schema.js';

export function errorBody(response: HttpResponse): InfisicalErrorBody {
  const result = errorSchema.safeParse(response.body);
  return result.success ? result.data : {};
}

/** `401`, or `403` with `TokenError` (an expired token, §1.1): log in again. */
export function isTokenRejection(response: HttpResponse): boolean {
  if (response.status === 401) return true;
  return response.status === 403 && errorBody(response).error === 'TokenError';
}

/** Infisical could not answer: 5xx or 429 after the transport's retries. */
export function isUnavailable(response: HttpResponse): boolean {
  return response.status >= 500 || response.status === 429;
}

/** `403 UnauthorizedError: Invalid credentials`, for messages. */
export function describeAnswer(response: HttpResponse): string {
  const body = errorBody(response);
  const named = [body.error, body.message].filter((part) => part !== undefined && part !== '');
  return named.length > 0 ? `${response.status} ${named.join(': ')}` : String(response.status);
}

export function unreachable(
  store: string,
  attempt: string,
  cause: VendorError | HttpResponse,
): StoreError {
  const reason =
    cause instanceof VendorError ? cause.message : `it answered ${describeAnswer(cause)}`;
  return new StoreError(store, 'unreachable', `Infisical could not ${attempt}: ${reason}`, {
    cause,
  });
}

/** An answer tend has no translation for, kept whole for the report. */
export function unexpected(response: HttpResponse, method: string, url: string): VendorError {
  const body = errorBody(response);
  return new VendorError({
    vendor: VENDOR,
    method,
    url,
    status: response.status,
    messages: [body.error, body.message].filter((part): part is string => Boolean(part)),
    retryable: false,
  });
}
