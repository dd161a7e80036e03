/**
 * Proving the rights a manifest `needs`, each by one request that cannot change anything.
 * The method is documented at the top of `verify.ts`.
 */
import type { CloudflareRight, CloudflareVerifyConfig } from '../../core/manifest/schema.js';
import { describeAnswer, type CfAnswer, type CloudflareApi } from './api.js';
import { isBodyRejection, isMissingRight, isOutOfScope } from './answers.js';
import { tunnelEditGrant } from './policies.js';
import type { TokenOwner } from './verify-owner.js';
import type { Problem } from './verify-status.js';
import { resolveZone, ZONE_ID, type ResolvedZone } from './zones.js';

export interface RightsJudgement {
  problems: Problem[];
  proven: CloudflareRight[];
  zone?: ResolvedZone;
}

type RightsConfig = Pick<CloudflareVerifyConfig, 'zone' | 'needs' | 'accountId'>;

interface TokenFacts {
  owner: TokenOwner;
  tokenId: string;
}

const LABEL: Record<CloudflareRight, string> = {
  'zone:read': 'Zone Read',
  'dns:read': 'DNS Read',
  'dns:edit': 'DNS Write',
  'tunnel:read': 'Cloudflare Tunnel Read',
  'tunnel:edit': 'Cloudflare Tunnel Write',
};

export async function proveRights(
  api: CloudflareApi,
  config: RightsConfig,
  token: TokenFacts,
): Promise<RightsJudgement> {
  const result: RightsJudgement = { problems: [], proven: [] };
  const needs = new Set(config.needs);
  const zoneId = await proveZone(api, config, needs, result);
  if (zoneId !== undefined) {
    const label = result.zone ? `zone ${result.zone.name}` : `zone ${zoneId}`;
    await proveDnsRights(api, zoneId, label, needs, result);
  }
  await proveTunnelRights(api, config.accountId, needs, token, result);
  return result;
}

/** Reads the zone once; returns the id to probe records with, if there is one. */
async function proveZone(
  api: CloudflareApi,
  config: RightsConfig,
  needs: Set<CloudflareRight>,
  result: RightsJudgement,
): Promise<string | undefined> {
  if (config.zone === undefined) {
    if (needs.has('zone:read') || needs.has('dns:read') || needs.has('dns:edit')) {
      result.problems.push(
        cannotProve('zone and DNS rights', 'verify.zone is not set', {
          fix: 'Set verify.zone to the zone name or id the token must reach.',
        }),
      );
    }
    return undefined;
  }
  const lookup = await resolveZone(api, config.zone, { accountId: config.accountId });
  if (lookup.found) {
    result.zone = lookup.zone;
    const byName = !ZONE_ID.test(config.zone);
    // A listing shows the zones a token names, whatever its rights: read the zone itself.
    if (byName && needs.has('zone:read')) await proveZoneRead(api, lookup.zone.id, result);
    else result.proven.push('zone:read');
    return lookup.zone.id;
  }
  if (lookup.reason === 'not-visible') {
    result.problems.push({
      class: 'zone-not-found',
      text:
        `the zone ${config.zone} is not visible to the token (${lookup.detail}); the token ` +
        'does not include this zone, or lacks Zone Read on it',
    });
    return undefined;
  }
  if (lookup.reason === 'no-right') {
    const byId = ZONE_ID.test(config.zone);
    if (needs.has('zone:read') || !byId) {
      result.problems.push(missing('zone:read', `zone ${config.zone}`, lookup.detail));
    }
    return byId ? config.zone : undefined;
  }
  result.problems.push({
    class: 'unverified',
    text: `tend cannot judge the zone ${config.zone}: ${lookup.detail}`,
  });
  return undefined;
}

async function proveZoneRead(
  api: CloudflareApi,
  zoneId: string,
  result: RightsJudgement,
): Promise<void> {
  const answer = await api.getZone(zoneId);
  if (answer.success) {
    result.proven.push('zone:read');
  } else if (isMissingRight(answer)) {
    result.problems.push(
      missing('zone:read', `zone ${result.zone?.name ?? zoneId}`, describeAnswer(answer)),
    );
  } else {
    result.problems.push({
      class: 'unverified',
      text: `tend cannot judge Zone Read on zone ${zoneId}: ${describeAnswer(answer)}`,
    });
  }
}

async function proveDnsRights(
  api: CloudflareApi,
  zoneId: string,
  label: string,
  needs: Set<CloudflareRight>,
  result: RightsJudgement,
): Promise<void> {
  if (needs.has('dns:read')) {
    const answer = await api.listRecords(zoneId, { page: 1, perPage: 1 });
    judgeProbe('dns:read', label, answer, answer.success, result);
  }
  if (needs.has('dns:edit')) {
    // An empty batch: authorised before it is validated, and it changes nothing.
    const answer = await api.batchRecords(zoneId, {}, { idempotent: true });
    const proven = answer.success || isBodyRejection(answer);
    judgeProbe('dns:edit', label, answer, proven, result);
  }
}

async function proveTunnelRights(
  api: CloudflareApi,
  accountId: string | undefined,
  needs: Set<CloudflareRight>,
  token: TokenFacts,
  result: RightsJudgement,
): Promise<void> {
  const wanted = (['tunnel:read', 'tunnel:edit'] as const).filter((right) => needs.has(right));
  if (wanted.length === 0) return;
  if (accountId === undefined) {
    result.problems.push(
      cannotProve(wanted.join(' and '), 'verify.accountId is not set', {
        fix: 'Set verify.accountId to the account whose tunnels the token must reach.',
      }),
    );
    return;
  }
  if (needs.has('tunnel:read')) {
    const answer = await api.listTunnels(accountId, { page: 1, perPage: 1, isDeleted: false });
    const where = `account ${accountId}`;
    judgeProbe('tunnel:read', where, answer, answer.success, result, isOutOfScope(answer));
  }
  if (needs.has('tunnel:edit')) await proveTunnelEdit(api, accountId, token, result);
}

/**
 * No request can prove a tunnel write without risking one, so tend reads the token's own
 * policies when the token may read them (API Tokens Read), and otherwise says so.
 */
async function proveTunnelEdit(
  api: CloudflareApi,
  accountId: string,
  token: TokenFacts,
  result: RightsJudgement,
): Promise<void> {
  const unprovable = (why: string): void => {
    result.problems.push(
      cannotProve('tunnel:edit', why, {
        fix:
          "Check the token's Cloudflare Tunnel Write permission at the vendor, or grant it " +
          'API Tokens Read so that tend can read its policies.',
      }),
    );
  };
  if (token.owner !== 'user') {
    unprovable('no harmless request proves it, and an account-owned token has no user details');
    return;
  }
  const answer = await api.getUserToken(token.tokenId);
  if (!answer.success) {
    unprovable(
      `no harmless request proves it, and the token cannot read its own policies ` +
        `(${describeAnswer(answer)})`,
    );
    return;
  }
  const grant = tunnelEditGrant(answer.result.policies, accountId);
  if (grant === 'granted') {
    result.proven.push('tunnel:edit');
    return;
  }
  const how = grant === 'denied' ? 'deny' : 'do not grant';
  result.problems.push({
    class: 'permission-missing',
    text:
      `the token lacks tunnel:edit (${LABEL['tunnel:edit']}) on account ${accountId}: ` +
      `its own policies ${how} it`,
    fix: `Edit the token at Cloudflare and add ${LABEL['tunnel:edit']} on account ${accountId}.`,
  });
}

function judgeProbe(
  right: CloudflareRight,
  where: string,
  answer: CfAnswer<unknown>,
  proven: boolean,
  result: RightsJudgement,
  outOfScope = false,
): void {
  if (proven) result.proven.push(right);
  else if (isMissingRight(answer) || outOfScope) {
    result.problems.push(missing(right, where, describeAnswer(answer)));
  } else {
    result.problems.push({
      class: 'unverified',
      text: `tend cannot judge ${right} on ${where}: ${describeAnswer(answer)}`,
    });
  }
}

function missing(right: CloudflareRight, where: string, detail: string): Problem {
  return {
    class: 'permission-missing',
    text: `the token lacks ${right} (${LABEL[right]}) on ${where}: ${detail}`,
    fix: `Edit the token at Cloudflare and add ${LABEL[right]} on ${where}.`,
  };
}

function cannotProve(what: string, why: string, options: { fix: string }): Problem {
  return {
    class: 'unverified',
    severity: 'warning',
    text: `${what} cannot be proven safely: ${why}`,
    fix: options.fix,
  };
}
