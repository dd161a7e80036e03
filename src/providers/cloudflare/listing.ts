/**
 * Listings that are proven complete or refused. A sweep must never plan deletions from
 * part of a zone or an account: complete means every page answered, the total stayed
 * the same, no id came twice, and the items counted equal `total_count`.
 */
import { VendorError } from '../../core/errors.js';
import { describeAnswer, type CfAnswer } from './envelope.js';
import type { ResultInfo } from './schema.js';

export interface ListingIncompleteDetails {
  /** What was listed, e.g. `zone 023e…`. */
  subject: string;
  /** The page that failed or disagreed, when one did. */
  page?: number;
  expected?: number;
  counted?: number;
  cause?: unknown;
}

/** A listing could not be proven complete; nothing may be planned from it. */
export class ListingIncompleteError extends Error {
  override readonly name = 'ListingIncompleteError';
  readonly subject: string;
  readonly page: number | undefined;
  readonly expected: number | undefined;
  readonly counted: number | undefined;

  constructor(message: string, details: ListingIncompleteDetails) {
    super(message, { cause: details.cause });
    this.subject = details.subject;
    this.page = details.page;
    this.expected = details.expected;
    this.counted = details.counted;
  }
}

export interface CompleteListing<T> {
  /** What is listed, for messages: `zone 023e…`, `tunnels of account 023e…`. */
  subject: string;
  perPage: number;
  fetchPage(page: number, perPage: number): Promise<CfAnswer<T[]>>;
}

interface Expectation {
  totalCount: number;
  totalPages: number;
}

/**
 * Every item, following `total_pages` (the server may serve fewer per page than asked);
 * throws `ListingIncompleteError` unless the listing is proven complete.
 */
export async function listComplete<T extends { id: string }>(
  listing: CompleteListing<T>,
): Promise<T[]> {
  const { subject } = listing;
  const items: T[] = [];
  const seen = new Set<string>();
  let expected: Expectation | undefined;
  for (let page = 1; page === 1 || page <= (expected?.totalPages ?? 0); page += 1) {
    const answer = await fetchPage(listing, page);
    const reported = expectationFrom(answer.resultInfo, answer.result.length, subject, page);
    if (expected && reported.totalCount !== expected.totalCount) {
      throw new ListingIncompleteError(
        `${subject} changed while it was listed: page ${page} counts ` +
          `${reported.totalCount}, page 1 counted ${expected.totalCount}`,
        { subject, page, expected: expected.totalCount, counted: reported.totalCount },
      );
    }
    expected ??= reported;
    if (answer.result.length === 0 && expected.totalCount > 0) {
      throw incomplete(subject, `page ${page} of ${expected.totalPages} came back empty`, page);
    }
    for (const item of answer.result) {
      if (seen.has(item.id)) {
        throw incomplete(subject, `${item.id} came twice (page ${page})`, page);
      }
      seen.add(item.id);
      items.push(item);
    }
  }
  const total = expected?.totalCount ?? 0;
  if (items.length !== total) {
    throw new ListingIncompleteError(
      `the listing of ${subject} gave ${items.length} items, but Cloudflare counts ${total}`,
      { subject, expected: total, counted: items.length },
    );
  }
  return items;
}

async function fetchPage<T>(
  listing: CompleteListing<T>,
  page: number,
): Promise<{ result: T[]; resultInfo: ResultInfo | undefined }> {
  let answer: CfAnswer<T[]>;
  try {
    answer = await listing.fetchPage(page, listing.perPage);
  } catch (error) {
    if (!(error instanceof VendorError)) throw error;
    throw incomplete(listing.subject, `page ${page}: ${error.message}`, page, error);
  }
  if (!answer.success) {
    throw incomplete(listing.subject, `page ${page}: ${describeAnswer(answer)}`, page);
  }
  return answer;
}

function expectationFrom(
  info: ResultInfo | undefined,
  served: number,
  subject: string,
  page: number,
): Expectation {
  const totalCount = info?.total_count;
  if (totalCount === undefined) {
    throw incomplete(subject, `page ${page} has no result_info.total_count`, page);
  }
  if (info?.total_pages !== undefined) return { totalCount, totalPages: info.total_pages };
  const perPage = info?.per_page ?? served;
  if (perPage > 0) return { totalCount, totalPages: Math.ceil(totalCount / perPage) };
  if (totalCount === 0) return { totalCount, totalPages: 0 };
  throw incomplete(subject, `page ${page} gives no page size to follow`, page);
}

function incomplete(
  subject: string,
  what: string,
  page: number,
  cause?: unknown,
): ListingIncompleteError {
  return new ListingIncompleteError(`the listing of ${subject} is incomplete: ${what}`, {
    subject,
    page,
    cause,
  });
}
