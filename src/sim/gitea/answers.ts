/** Gitea's answer shapes: `{message, url}` errors and `page`/`limit` paging. */
import type { SimRequest, SimResponse } from '../harness.js';

export const MAX_PAGE_SIZE = 50;

export function giteaError(request: SimRequest, status: number, message: string): SimResponse {
  return { status, body: { message, url: docsUrl(request) } };
}

export function notFound(request: SimRequest): SimResponse {
  return { status: 404, body: { errors: null, message: 'not found', url: docsUrl(request) } };
}

/** One page of `items` the way Gitea's `GetListOptions` reads `page` and `limit`. */
export function pageOf<T>(request: SimRequest, items: T[]): SimResponse {
  const page = Math.max(1, formInt(request.query.get('page')));
  let limit = formInt(request.query.get('limit'));
  if (limit <= 0 || limit > MAX_PAGE_SIZE) limit = MAX_PAGE_SIZE;
  const start = (page - 1) * limit;
  return {
    status: 200,
    headers: {
      'x-total-count': String(items.length),
      'access-control-expose-headers': 'X-Total-Count, Link',
    },
    body: items.slice(start, start + limit),
  };
}

/** Like Go's `strconv.Atoi` behind `ctx.FormInt`: anything unparsable is 0. */
function formInt(text: string | null): number {
  if (text === null || !/^[+-]?\d+$/.test(text.trim())) return 0;
  return Number.parseInt(text, 10);
}

function docsUrl(request: SimRequest): string {
  return `http://${request.headers.host ?? '127.0.0.1'}/api/swagger`;
}
