/**
 * Reading one Cloudflare answer at the boundary: the v4 envelope checked against its
 * schema, the result against the endpoint's, and the whole answer handed back for the
 * caller to classify. Whatever cannot be judged becomes a `VendorError` naming the
 * method and URL: no answer worth reading (5xx, 429) or a body off the API description.
 */
import type { z } from 'zod';
import { VendorError } from '../../core/errors.js';
import type { HttpResponse } from '../../core/http.js';
import { envelopeSchema, resultInfoSchema, type CfMessage, type ResultInfo } from './schema.js';

export const VENDOR = 'cloudflare';

interface AnswerBase {
  status: number;
  errors: CfMessage[];
  messages: { code?: number | undefined; message?: string | undefined }[];
  resultInfo: ResultInfo | undefined;
  /** Method and path, for messages. */
  request: string;
}

/** A 2xx answer with `success: true` and a result that matches the schema. */
export interface CfSuccess<T> extends AnswerBase {
  success: true;
  result: T;
}

/** Any other answer the vendor gave (4xx, or a 2xx that says `success: false`). */
export interface CfFailure extends AnswerBase {
  success: false;
  result: unknown;
}

export type CfAnswer<T> = CfSuccess<T> | CfFailure;

export interface AnswerSource {
  method: string;
  /** The path below the API base, for findings. */
  path: string;
  /** The full URL, already redacted, for errors. */
  url: string;
}

export function readAnswer<S extends z.ZodType>(
  source: AnswerSource,
  response: HttpResponse,
  schema: S,
): CfAnswer<z.infer<S>> {
  const envelope = envelopeSchema.safeParse(response.body);
  if (response.status >= 500 || response.status === 429) {
    const errors = envelope.success ? envelope.data.errors : [];
    throw vendorError(source, response.status, errors);
  }
  if (!envelope.success) {
    throw vendorError(source, response.status, [], describeMismatch(envelope.error));
  }
  const base = {
    status: response.status,
    errors: envelope.data.errors,
    messages: envelope.data.messages ?? [],
    resultInfo: parseResultInfo(envelope.data.result_info),
    request: `${source.method} ${source.path}`,
  };
  const ok = envelope.data.success && response.status >= 200 && response.status < 300;
  if (!ok) return { ...base, success: false, result: envelope.data.result ?? null };
  const result = schema.safeParse(envelope.data.result);
  if (!result.success) {
    throw vendorError(source, response.status, [], describeMismatch(result.error));
  }
  return { ...base, success: true, result: result.data };
}

function parseResultInfo(value: unknown): ResultInfo | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = resultInfoSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function describeMismatch(error: z.ZodError): string {
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? first.path.join('.') : 'body';
  return `the answer does not match the API description (${where}: ${first?.message ?? '?'})`;
}

export function vendorError(
  source: AnswerSource,
  status: number,
  errors: CfMessage[],
  problem?: string,
): VendorError {
  return new VendorError({
    vendor: VENDOR,
    method: source.method,
    url: source.url,
    status,
    codes: errors.map((item) => item.code),
    messages: problem ? [problem] : errors.map((item) => item.message),
    retryable: status >= 500 || status === 429,
  });
}

/** Every vendor code in an answer's `errors[]`, including the nested `error_chain`. */
export function errorCodes(answer: Pick<AnswerBase, 'errors'>): number[] {
  const codes: number[] = [];
  for (const item of answer.errors) {
    codes.push(item.code);
    for (const inner of item.error_chain ?? []) codes.push(inner.code);
  }
  return codes;
}

/** `POST /zones/…/batch answered 403 (code 10000)`: an answer named in findings. */
export function describeAnswer(answer: AnswerBase): string {
  const codes = errorCodes(answer);
  const plural = codes.length > 1 ? 's' : '';
  const shown = codes.length > 0 ? ` (code${plural} ${codes.join(', ')})` : '';
  return `${answer.request} answered ${answer.status}${shown}`;
}
