/**
 * Infisical's answers in the shapes of `specs/infisical-api.md`: the error body
 * `{reqId, statusCode, message, error}` and a small route table.
 */
import { randomBytes } from 'node:crypto';
import type { SimRequest, SimResponse } from '../harness.js';

export type ErrorName =
  | 'BadRequestError'
  | 'UnauthorizedError'
  | 'TokenError'
  | 'ForbiddenError'
  | 'NotFoundError'
  | 'ValidationFailure'
  | 'NotImplemented';

const STATUS: Record<ErrorName, number> = {
  BadRequestError: 400,
  UnauthorizedError: 401,
  TokenError: 403,
  ForbiddenError: 403,
  NotFoundError: 404,
  ValidationFailure: 422,
  NotImplemented: 501,
};

export function failure(error: ErrorName, message: string): SimResponse {
  const statusCode = STATUS[error];
  const reqId = `req-${randomBytes(7).toString('hex')}`;
  return { status: statusCode, body: { reqId, statusCode, message, error } };
}

export function ok(body: unknown): SimResponse {
  return { status: 200, body };
}

export type Params = Record<string, string>;

export interface Route {
  method: string;
  /** Relative to `/api`, with `{name}` standing for one segment. */
  path: string;
  handle(request: SimRequest, params: Params): SimResponse;
}

export function route(
  method: string,
  path: string,
  handle: (request: SimRequest, params: Params) => SimResponse,
): Route {
  return { method, path, handle };
}

/** Runs the first route whose method and path match; Fastify answers others with a 404. */
export function dispatch(routes: Route[], request: SimRequest): SimResponse {
  for (const candidate of routes) {
    if (candidate.method !== request.method) continue;
    const params = matchPath(candidate.path, request.path);
    if (params) return candidate.handle(request, params);
  }
  return {
    status: 404,
    body: {
      message: `Route ${request.method}:/api${request.path} not found`,
      error: 'Not Found',
      statusCode: 404,
    },
  };
}

function matchPath(template: string, path: string): Params | undefined {
  const want = template.split('/');
  const got = path.replace(/\/$/, '').split('/');
  if (want.length !== got.length) return undefined;
  const params: Params = {};
  for (const [index, part] of want.entries()) {
    const actual = got[index] ?? '';
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name) {
      if (actual === '') return undefined;
      params[name] = decodeURIComponent(actual);
    } else if (part !== actual) {
      return undefined;
    }
  }
  return params;
}

/** A string field of a JSON body, or undefined. */
export function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** `"true"`/`"false"` query booleans, as the API spells them. */
export function flag(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = query.get(name);
  return value === null ? fallback : value === 'true';
}
