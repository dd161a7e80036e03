/** Query parameters that page a listing, and the slicing that `result_info` describes. */
import type { ResultInfo } from './envelope.js';

export interface PageRequest {
  page: number;
  perPage: number;
}

export interface PageBounds {
  defaultPerPage: number;
  minPerPage: number;
  maxPerPage: number;
  /** Out-of-range `per_page` is served at the nearest bound instead of refused. */
  clamp: boolean;
}

/** The requested page, or a sentence saying what is wrong with the query. */
export function readPage(query: URLSearchParams, bounds: PageBounds): PageRequest | string {
  const page = readNumber(query, 'page', 1);
  const perPage = readNumber(query, 'per_page', bounds.defaultPerPage);
  if (page === undefined || page < 1) return 'page must be a whole number from 1';
  if (perPage === undefined) return 'per_page must be a whole number';
  if (bounds.clamp) {
    return { page, perPage: Math.min(Math.max(perPage, bounds.minPerPage), bounds.maxPerPage) };
  }
  if (perPage < bounds.minPerPage || perPage > bounds.maxPerPage) {
    return `per_page must be between ${bounds.minPerPage} and ${bounds.maxPerPage}`;
  }
  return { page, perPage };
}

function readNumber(query: URLSearchParams, name: string, fallback: number): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  return Number.isInteger(value) ? value : undefined;
}

export function paginate<T>(items: T[], request: PageRequest): { slice: T[]; info: ResultInfo } {
  const start = (request.page - 1) * request.perPage;
  const slice = items.slice(start, start + request.perPage);
  return {
    slice,
    info: {
      page: request.page,
      per_page: request.perPage,
      count: slice.length,
      total_count: items.length,
      total_pages: Math.ceil(items.length / request.perPage),
    },
  };
}
