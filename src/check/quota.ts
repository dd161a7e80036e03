/**
 * `tend check` reports the record usage of every zone a DNS sweep names, so a zone
 * creeping to its quota (and new tenants failing with 81045) shows before it is full,
 * even when the sweep itself has not run.
 */
import type { RunContext } from '../core/context.js';
import { VendorError } from '../core/errors.js';
import { finding, type Finding } from '../core/findings.js';
import type { Manifest } from '../core/manifest/load.js';
import type { SecretValue } from '../core/secret.js';
import {
  cloudflareBaseUrl,
  CloudflareApi,
  resolveZone,
  type ResolvedZone,
} from '../providers/cloudflare/index.js';
import { quotaFinding, zoneQuota } from '../sweep/index.js';
import type { Judgement } from './judge.js';

export interface ZoneUsage {
  sweep: string;
  zone: string;
  used: number;
  limit: number | null;
}

export async function sweepZoneQuotas(
  ctx: RunContext,
  manifest: Manifest,
  judged: Map<string, Judgement>,
): Promise<{ findings: Finding[]; zones: ZoneUsage[] }> {
  const findings: Finding[] = [];
  const zones: ZoneUsage[] = [];
  for (const [sweep, config] of Object.entries(manifest.data.sweeps)) {
    if (config.type !== 'cloudflare-dns') continue;
    const judgement = judged.get(config.credential);
    if (!judgement) continue;
    const token = healthyValue(judgement);
    if (!token) continue;
    const credential = manifest.credential(config.credential);
    const api = new CloudflareApi({
      baseUrl: cloudflareBaseUrl(credential?.verify, ctx.env),
      auth: { kind: 'token', token },
      ctx,
    });
    try {
      const zone = sameZone(judgement.zone, config.zone) ?? (await lookUp(api, config));
      if (!zone) continue;
      const quota = await zoneQuota(api, zone.id, zone.plan);
      zones.push({ sweep, zone: zone.name, used: quota.used, limit: quota.limit });
      const found = quotaFinding({ zone: zone.name, ...quota, when: 'now', sweep });
      if (found) findings.push(found);
    } catch (error) {
      if (!(error instanceof VendorError)) throw error;
      findings.push(
        finding({
          store: 'cloudflare',
          sweep,
          class: 'vendor-unreachable',
          severity: 'warning',
          message: `the record usage of zone ${config.zone} could not be read: ${error.message}`,
        }),
      );
    }
  }
  return { findings, zones };
}

/** The zone the credential's verification already resolved, when it is the sweep's. */
function sameZone(zone: ResolvedZone | undefined, wanted: string): ResolvedZone | undefined {
  if (!zone) return undefined;
  const name = wanted.trim().replace(/\.$/, '').toLowerCase();
  return zone.id === wanted || zone.name.toLowerCase() === name ? zone : undefined;
}

async function lookUp(
  api: CloudflareApi,
  config: { zone: string; accountId?: string | undefined },
): Promise<ResolvedZone | undefined> {
  const lookup = await resolveZone(api, config.zone, { accountId: config.accountId });
  return lookup.found ? lookup.zone : undefined;
}

/** The value that passed verification, the job's own first: only it can read the zone. */
function healthyValue(judgement: Judgement): SecretValue | undefined {
  const passed = new Set(judgement.status.verified.filter((v) => v.healthy).map((v) => v.copy));
  if (passed.has('env') && judgement.jobValue) return judgement.jobValue;
  if (passed.has('source') && judgement.sourceValue) return judgement.sourceValue;
  return undefined;
}
