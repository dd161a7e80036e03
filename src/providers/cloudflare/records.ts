/**
 * What a sweep needs from Cloudflare: the zone, the complete listing of its records (or
 * of an account's tunnels), and deletion in batches (see `deletes.ts`). A listing is
 * either proven complete or it throws `ListingIncompleteError`.
 */
import type { CloudflareApi } from './api.js';
import { listComplete } from './listing.js';
import type { CfRecord, CfTunnel } from './schema.js';

export { resolveZone, type ResolvedZone, type ZoneLookup, type ZonePlan } from './zones.js';
export {
  defaultBatchSize,
  deleteRecordsInBatches,
  type DeleteFailure,
  type DeleteOptions,
  type DeleteOutcome,
} from './deletes.js';
export { ListingIncompleteError } from './listing.js';

/** The largest page tend asks for: a zone of a few thousand records is one request. */
export const RECORD_PAGE_SIZE = 5000;
/** Tunnel listings serve at most 1,000 to a page. */
export const TUNNEL_PAGE_SIZE = 1000;

/** Every record of the zone, in as few requests as the server allows. */
export function listAllRecords(
  api: CloudflareApi,
  zoneId: string,
  options: { perPage?: number } = {},
): Promise<CfRecord[]> {
  return listComplete({
    subject: `zone ${zoneId}`,
    perPage: options.perPage ?? RECORD_PAGE_SIZE,
    fetchPage: (page, perPage) => api.listRecords(zoneId, { page, perPage }),
  });
}

/** Every tunnel of the account that is not deleted. */
export function listAllTunnels(
  api: CloudflareApi,
  accountId: string,
  options: { perPage?: number } = {},
): Promise<CfTunnel[]> {
  return listComplete({
    subject: `the tunnels of account ${accountId}`,
    perPage: options.perPage ?? TUNNEL_PAGE_SIZE,
    fetchPage: (page, perPage) => api.listTunnels(accountId, { page, perPage, isDeleted: false }),
  });
}
