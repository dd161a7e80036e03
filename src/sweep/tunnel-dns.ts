/**
 * Which DNS records point at tunnels, so that a tunnel is deleted only after they are
 * gone. The rule tend follows: every zone of the sweep's account that the tunnel token
 * can see is listed completely, and a CNAME to `<uuid>.cfargotunnel.com` holds that
 * tunnel back. A zone the token sees but may not read holds every orphan back
 * (`permission-missing`); when the token sees no zone of the account at all, the check
 * cannot be made and the run says so (`tunnel-dns-unchecked`, a warning) — run the DNS
 * sweep first, or give the tunnel token Zone Read and DNS Read.
 */
import type { CloudflareApi } from '../providers/cloudflare/index.js';
import { ListingRefusedError, listVisibleZones, listZoneRecords } from './listing.js';
import { tunnelTarget } from './plan.js';

export interface TunnelReferences {
  /** Tunnel id (lower case) → names of the records pointing at it. */
  byTunnel: Map<string, string[]>;
  zonesChecked: string[];
}

/** Throws `ListingRefusedError` or `ListingIncompleteError` when a zone cannot be read. */
export async function tunnelReferences(
  api: CloudflareApi,
  accountId: string,
): Promise<TunnelReferences> {
  const references: TunnelReferences = { byTunnel: new Map(), zonesChecked: [] };
  let zones;
  try {
    zones = await listVisibleZones(api);
  } catch (error) {
    // A token with no zone rights at all may be refused the listing: it sees no zone.
    if (error instanceof ListingRefusedError) return references;
    throw error;
  }
  for (const zone of zones.filter((candidate) => candidate.account.id === accountId)) {
    const records = await listZoneRecords(api, zone.id, zone.name);
    references.zonesChecked.push(zone.name);
    for (const record of records) {
      const target = tunnelTarget(record);
      if (target === undefined) continue;
      references.byTunnel.set(target, [...(references.byTunnel.get(target) ?? []), record.name]);
    }
  }
  return references;
}
