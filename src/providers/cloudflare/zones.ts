/**
 * Finding a zone by name or id, with the reason when it cannot be read. One request:
 * `GET /zones/{id}` for a 32-hex id, `GET /zones?name=…` for a name.
 */
import { describeAnswer, type CfAnswer, type CloudflareApi } from './api.js';
import { isMissingRight, isOutOfScope } from './answers.js';
import type { CfZone } from './schema.js';

export type ZonePlan = 'free' | 'paid' | 'unknown';

export interface ResolvedZone {
  id: string;
  name: string;
  accountId: string;
  plan: ZonePlan;
}

export type ZoneLookup =
  | { found: true; zone: ResolvedZone }
  | {
      found: false;
      /**
       * `not-visible`: no such zone in the token's scope (403 9109, 404, or an empty
       * listing); `no-right`: in scope but zone:read is missing (403 10000);
       * `ambiguous`: several zones have the name; `unrecognised`: any other answer.
       */
      reason: 'not-visible' | 'no-right' | 'ambiguous' | 'unrecognised';
      detail: string;
      status?: number;
    };

export const ZONE_ID = /^[0-9a-f]{32}$/;
// The id Cloudflare gives its Free plan.
const FREE_PLAN_ID = '0feeeeeeeeeeeeeeeeeeeeeeeeeeeeee';

export async function resolveZone(
  api: CloudflareApi,
  zoneNameOrId: string,
  options: { accountId?: string | undefined } = {},
): Promise<ZoneLookup> {
  if (ZONE_ID.test(zoneNameOrId)) {
    const answer = await api.getZone(zoneNameOrId);
    if (answer.success) return { found: true, zone: toResolved(answer.result) };
    return refusal(answer, `zone ${zoneNameOrId}`);
  }
  const name = normaliseName(zoneNameOrId);
  const answer = await api.listZones({ name, page: 1, perPage: 50 });
  if (!answer.success) return refusal(answer, `zone ${name}`);
  let matches = answer.result.filter((zone) => normaliseName(zone.name) === name);
  if (matches.length > 1 && options.accountId) {
    matches = matches.filter((zone) => zone.account.id === options.accountId);
  }
  const [only] = matches;
  if (matches.length === 1 && only) return { found: true, zone: toResolved(only) };
  if (matches.length === 0) {
    return {
      found: false,
      reason: 'not-visible',
      detail: `${describeAnswer(answer)} with no zone named ${name}`,
      status: answer.status,
    };
  }
  return {
    found: false,
    reason: 'ambiguous',
    detail: `${matches.length} zones are named ${name}; give the zone id instead`,
    status: answer.status,
  };
}

function refusal(answer: CfAnswer<unknown>, what: string): ZoneLookup {
  const detail = `${describeAnswer(answer)} for ${what}`;
  const status = answer.status;
  if (isOutOfScope(answer) || (answer.status === 404 && !answer.success)) {
    return { found: false, reason: 'not-visible', detail, status };
  }
  if (isMissingRight(answer)) return { found: false, reason: 'no-right', detail, status };
  return { found: false, reason: 'unrecognised', detail, status };
}

export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

function toResolved(zone: CfZone): ResolvedZone {
  return { id: zone.id, name: zone.name, accountId: zone.account.id, plan: planOf(zone) };
}

function planOf(zone: CfZone): ZonePlan {
  const plan = zone.plan;
  if (plan === undefined || plan === null) return 'unknown';
  const words =
    typeof plan === 'string' ? [plan] : [plan.legacy_id, plan.name, plan.id].filter(isText);
  if (words.length === 0) return 'unknown';
  const free = words.some((word) => word === FREE_PLAN_ID || /\bfree\b/i.test(word));
  return free ? 'free' : 'paid';
}

function isText(value: string | undefined): value is string {
  return typeof value === 'string' && value.length > 0;
}
