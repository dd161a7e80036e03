/**
 * A zone's record usage against its quota. The usage endpoint answers both numbers where
 * it is available; otherwise the records are counted and the limit is the plan's.
 *
 * Findings: `zone-quota-near` (warning) from 80% of the limit, `zone-quota-full` (error)
 * from 95%. A sweep judges the zone as it leaves it: after its deletions when it applied
 * them, as it found it when it only planned (or was refused), since nothing changed then.
 */
import { VendorError } from '../core/errors.js';
import { finding, type Finding } from '../core/findings.js';
import type { CloudflareApi, ZonePlan } from '../providers/cloudflare/index.js';

export const QUOTA_NEAR = 0.8;
export const QUOTA_FULL = 0.95;

/**
 * Record quotas by plan, used only when the usage endpoint does not answer. Free zones
 * created before September 2024 may still have 1,000; the usage endpoint knows better.
 */
const PLAN_QUOTA: Record<ZonePlan, number | null> = { free: 200, paid: 3500, unknown: null };

export interface ZoneQuota {
  used: number;
  /** Null when the zone has no quota of its own or tend cannot tell it. */
  limit: number | null;
  source: 'usage' | 'counted';
}

/**
 * Usage and limit of one zone. `counted` (the length of a complete listing already in
 * hand) saves the counting request when the usage endpoint does not answer. Throws
 * `VendorError` only when neither way gives a number.
 */
export async function zoneQuota(
  api: CloudflareApi,
  zoneId: string,
  plan: ZonePlan,
  options: { counted?: number } = {},
): Promise<ZoneQuota> {
  try {
    const answer = await api.getRecordsUsage(zoneId);
    if (answer.success) {
      const limit = answer.result.record_quota;
      return { used: answer.result.record_usage, limit, source: 'usage' };
    }
  } catch (error) {
    if (!(error instanceof VendorError)) throw error;
  }
  const used = options.counted ?? (await countRecords(api, zoneId));
  return { used, limit: PLAN_QUOTA[plan], source: 'counted' };
}

async function countRecords(api: CloudflareApi, zoneId: string): Promise<number> {
  const answer = await api.listRecords(zoneId, { page: 1, perPage: 1 });
  const total = answer.success ? answer.resultInfo?.total_count : undefined;
  if (total === undefined) {
    throw new VendorError({
      vendor: 'cloudflare',
      method: 'GET',
      url: `${api.baseUrl}/zones/${zoneId}/dns_records`,
      status: answer.status,
      retryable: false,
      messages: ['the record count could not be read'],
    });
  }
  return total;
}

/** The quota finding for a zone holding `used` records, if it deserves one. */
export function quotaFinding(input: {
  zone: string;
  used: number;
  limit: number | null;
  when: 'now' | 'after the sweep';
  sweep?: string;
}): Finding | undefined {
  const { used, limit } = input;
  if (limit === null || limit <= 0) return undefined;
  const share = used / limit;
  if (share < QUOTA_NEAR) return undefined;
  const full = share >= QUOTA_FULL;
  const percent = Math.round(share * 100);
  const left = Math.max(0, limit - used);
  const tail = left === 0 ? 'new records fail with 81045' : `${left} more fit`;
  return finding({
    store: input.zone,
    class: full ? 'zone-quota-full' : 'zone-quota-near',
    message:
      `zone ${input.zone} holds ${used} of ${limit} records (${percent}%) ` +
      `${input.when}; ${tail}`,
    ...(input.sweep !== undefined ? { sweep: input.sweep } : {}),
  });
}
