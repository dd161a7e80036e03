/**
 * The sweep's complete listings, which also prove the read rights the preflight left out:
 * a listing refused for a missing right is `permission-missing`, any other gap
 * `listing-incomplete`. Either way nothing is planned from it.
 */
import { VendorError } from '../core/errors.js';
import { finding, type Finding } from '../core/findings.js';
import type { CloudflareRight } from '../core/manifest/schema.js';
import {
  describeAnswer,
  ListingIncompleteError,
  type CfAnswer,
  type CfRecord,
  type CfTunnel,
  type CfZone,
  type CloudflareApi,
} from '../providers/cloudflare/index.js';
import { isMissingRight, isOutOfScope } from '../providers/cloudflare/answers.js';
import { listComplete } from '../providers/cloudflare/listing.js';
import { sweepFinding } from './outcome.js';

/** The largest page asked for: a zone of a few thousand records is one request. */
const RECORD_PAGE = 5000;
const TUNNEL_PAGE = 1000;
const ZONE_PAGE = 50;

const LABEL: Partial<Record<CloudflareRight, string>> = {
  'dns:read': 'DNS Read',
  'tunnel:read': 'Cloudflare Tunnel Read',
  'zone:read': 'Zone Read',
};

/** A listing was refused because the token lacks the right to read it. */
export class ListingRefusedError extends Error {
  override readonly name = 'ListingRefusedError';

  constructor(
    readonly right: CloudflareRight,
    readonly where: string,
    readonly detail: string,
  ) {
    super(`the token lacks ${right} on ${where}: ${detail}`);
  }
}

export function listZoneRecords(api: CloudflareApi, zoneId: string, zoneName: string) {
  return listComplete<CfRecord>({
    subject: `zone ${zoneName}`,
    perPage: RECORD_PAGE,
    fetchPage: (page, perPage) =>
      refusedIfMissing('dns:read', `zone ${zoneName}`, api.listRecords(zoneId, { page, perPage })),
  });
}

export async function listLiveTunnels(api: CloudflareApi, accountId: string) {
  const tunnels = await listComplete<CfTunnel>({
    subject: `the tunnels of account ${accountId}`,
    perPage: TUNNEL_PAGE,
    fetchPage: (page, perPage) =>
      refusedIfMissing(
        'tunnel:read',
        `account ${accountId}`,
        api.listTunnels(accountId, { page, perPage, isDeleted: false }),
      ),
  });
  return tunnels.filter((tunnel) => !tunnel.deleted_at);
}

/** Every zone the token can see (all accounts); callers filter by account. */
export function listVisibleZones(api: CloudflareApi) {
  return listComplete<CfZone>({
    subject: 'the zones visible to the token',
    perPage: ZONE_PAGE,
    fetchPage: (page, perPage) =>
      refusedIfMissing('zone:read', 'its zones', api.listZones({ page, perPage })),
  });
}

async function refusedIfMissing<T>(
  right: CloudflareRight,
  where: string,
  pending: Promise<CfAnswer<T>>,
): Promise<CfAnswer<T>> {
  const answer = await pending;
  if (!answer.success && (isMissingRight(answer) || isOutOfScope(answer))) {
    throw new ListingRefusedError(right, where, describeAnswer(answer));
  }
  return answer;
}

/**
 * The finding for a listing that failed; anything that is not a listing failure is
 * thrown on, since it is tend's own bug.
 */
export function listingFinding(
  error: unknown,
  context: { sweep: string; credential: string; store: string },
): Finding {
  if (error instanceof ListingRefusedError) {
    const label = LABEL[error.right] ?? error.right;
    return finding({
      credential: context.credential,
      store: 'cloudflare',
      class: 'permission-missing',
      sweep: context.sweep,
      message: `${error.message}; nothing was deleted`,
      fix: `Edit the token at Cloudflare and add ${label} on ${error.where}.`,
    });
  }
  if (error instanceof ListingIncompleteError || error instanceof VendorError) {
    return sweepFinding(context.sweep, {
      store: context.store,
      class: 'listing-incomplete',
      message: `${error.message}; nothing was deleted`,
    });
  }
  throw error;
}
