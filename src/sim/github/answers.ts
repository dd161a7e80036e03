/** GitHub's answer shapes: `{message, documentation_url, status}` errors, `Link` paging. */
import type { SimRequest, SimResponse } from '../harness.js';

const DOCS = 'https://docs.github.com/rest/actions/secrets';
export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export function githubError(status: number, message: string): SimResponse {
  return { status, body: { message, documentation_url: DOCS, status: String(status) } };
}

export function notFound(): SimResponse {
  return githubError(404, 'Not Found');
}

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

/** One page of `items` per `page` and `per_page`, with the `Link` header GitHub sends. */
export function pageOf<T>(request: SimRequest, items: T[]): Page<T> {
  const page = Math.max(1, positiveInt(request.query.get('page')) ?? 1);
  const asked = positiveInt(request.query.get('per_page')) ?? DEFAULT_PER_PAGE;
  const perPage = Math.min(MAX_PER_PAGE, asked);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string): string => {
    const url = `http://${request.headers.host ?? '127.0.0.1'}${request.path}`;
    return `<${url}?per_page=${perPage}&page=${n}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  const start = (page - 1) * perPage;
  return {
    items: items.slice(start, start + perPage),
    headers: links.length > 0 ? { link: links.join(', ') } : {},
  };
}

function positiveInt(text: string | null): number | undefined {
  if (text === null || !/^\d+$/.test(text)) return undefined;
  const value = Number.parseInt(text, 10);
  return value > 0 ? value : undefined;
}
