/**
 * The v4 response envelope: `{ success, errors, messages, result, result_info? }`, and the
 * error answers the simulator gives, with the codes the published API (or the cases' README,
 * where the API is silent) uses.
 */
import type { SimResponse } from '../harness.js';

export interface CfMessage {
  code: number;
  message: string;
  error_chain?: CfMessage[];
  source?: { pointer: string };
}

/** Why a change was refused, kept apart from what a change returns when it succeeds. */
export interface Refused {
  refused: CfMessage;
}

export function refuse(message: CfMessage): Refused {
  return { refused: message };
}

export function isRefused(value: object): value is Refused {
  return 'refused' in value;
}

export interface ResultInfo {
  page: number;
  per_page: number;
  count: number;
  total_count: number;
  total_pages: number;
}

export interface OkOptions {
  messages?: CfMessage[];
  resultInfo?: ResultInfo;
  status?: number;
}

export function ok(result: unknown, options: OkOptions = {}): SimResponse {
  const body: Record<string, unknown> = {
    success: true,
    errors: [],
    messages: options.messages ?? [],
    result,
  };
  if (options.resultInfo) body.result_info = options.resultInfo;
  return { status: options.status ?? 200, body };
}

export function fail(
  status: number,
  errors: CfMessage[],
  headers?: Record<string, string>,
): SimResponse {
  return {
    status,
    ...(headers ? { headers } : {}),
    body: { success: false, errors, messages: [], result: null },
  };
}

export function failOne(status: number, code: number, message: string): SimResponse {
  return fail(status, [{ code, message }]);
}

/** Answers the API gives in more than one place. */
export const refusals = {
  invalidToken: (): SimResponse => failOne(401, 1000, 'Invalid API Token'),
  noCredentials: (): SimResponse => failOne(400, 10000, 'Authentication error'),
  missingRight: (): SimResponse => failOne(403, 10000, 'Authentication error'),
  notGranted: (): SimResponse => failOne(403, 9109, 'Unauthorized to access requested resource'),
  unknownGlobalKey: (): SimResponse => failOne(403, 9103, 'Unknown X-Auth-Key or X-Auth-Email'),
  badHeaders: (chainCode: number, chainMessage: string): SimResponse =>
    fail(400, [
      {
        code: 6003,
        message: 'Invalid request headers',
        error_chain: [{ code: chainCode, message: chainMessage }],
      },
    ]),
  recordMissing: (): SimResponse => failOne(404, 81044, 'Record does not exist.'),
  noRoute: (): SimResponse => failOne(404, 7000, 'No route for that URI'),
  badMethod: (method: string): SimResponse =>
    failOne(405, 7001, `Method ${method} not allowed for this path`),
};
