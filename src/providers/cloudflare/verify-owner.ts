/**
 * Who owns a token, asked at the verify endpoints. An account-owned token answers
 * `401` code `1000` ("Invalid API Token") at `/user/tokens/verify` although it is valid,
 * and a user token answers the same at the account endpoint; so a `1000` at one endpoint
 * is followed by the other whenever it can be asked, and only a token unknown at every
 * endpoint asked is called unknown.
 */
import type { CloudflareVerifyConfig } from '../../core/manifest/schema.js';
import { describeAnswer, type CfAnswer, type CloudflareApi } from './api.js';
import { isMalformedCredential, isUnknownToken } from './answers.js';
import type { TokenStatus } from './schema.js';
import { ownerFromShape, type TokenShape } from './tokens.js';
import { resolveZone } from './zones.js';

export type TokenOwner = 'user' | 'account';

export type OwnerOutcome =
  /** Valid at the endpoint of the declared owner (or of either, for `auto`). */
  | { kind: 'valid'; owner: TokenOwner; status: TokenStatus }
  /** Valid, but at the other owner's endpoint; without `status` when judged by prefix. */
  | { kind: 'wrong-owner'; owner: TokenOwner; status?: TokenStatus; detail: string }
  /** Unknown at every endpoint asked; `accountAsked` is false when only /user could be. */
  | { kind: 'unknown'; detail: string; accountAsked: boolean }
  /** The endpoint that matters needs `verify.accountId`, which the manifest lacks. */
  | { kind: 'needs-account-id'; detail: string }
  /** An answer tend does not recognise: reported as it is, never guessed. */
  | { kind: 'unrecognised'; detail: string };

type OwnerConfig = Pick<CloudflareVerifyConfig, 'owner' | 'accountId' | 'zone'>;

export async function findOwner(
  api: CloudflareApi,
  shape: TokenShape,
  config: OwnerConfig,
): Promise<OwnerOutcome> {
  const prefixOwner = ownerFromShape(shape);
  const accountId = config.accountId;
  if (config.owner === 'user' && prefixOwner === 'account' && !accountId) {
    return {
      kind: 'wrong-owner',
      owner: 'account',
      detail:
        'its cfat_ prefix marks an account-owned token (judged from the prefix, since ' +
        'verify.accountId is not set to ask the account endpoint)',
    };
  }
  const asked: string[] = [];
  for (const endpoint of askOrder(config.owner, prefixOwner, accountId)) {
    const answer = await ask(api, endpoint, accountId);
    asked.push(describeAnswer(answer));
    if (answer.success) return judgeFound(config.owner, endpoint, answer.result, asked);
    if (isUnknownToken(answer)) continue;
    if (isMalformedCredential(answer)) {
      // Refused as a header, not as a token: no other endpoint would take it either.
      return { kind: 'unknown', detail: asked.join('; '), accountAsked: true };
    }
    return { kind: 'unrecognised', detail: asked.join('; ') };
  }
  // Prefixes are not trusted here: a value unknown at /user costs one read to be sure.
  if (!accountId && config.zone !== undefined) {
    const found = await askZoneAccount(api, config, asked);
    if (found) return found;
  }
  return notFound(config.owner, prefixOwner, accountId, asked);
}

/**
 * Without `verify.accountId`, a token refused at /user may still be a valid account
 * token. Reading the zone it must reach (a read, changing nothing) names the zone's
 * account; that account's verify endpoint then settles who owns the token.
 */
async function askZoneAccount(
  api: CloudflareApi,
  config: OwnerConfig,
  asked: string[],
): Promise<OwnerOutcome | undefined> {
  const lookup = await resolveZone(api, config.zone as string);
  if (!lookup.found) return undefined;
  const answer = await api.verifyAccountToken(lookup.zone.accountId);
  asked.push(`${describeAnswer(answer)} (account of zone ${lookup.zone.name})`);
  if (!answer.success) return undefined;
  return judgeFound(config.owner, 'account', answer.result, asked);
}

function askOrder(
  declared: OwnerConfig['owner'],
  prefixOwner: TokenOwner | undefined,
  accountId: string | undefined,
): TokenOwner[] {
  const first: TokenOwner = declared === 'auto' ? (prefixOwner ?? 'user') : declared;
  const order: TokenOwner[] = first === 'user' ? ['user', 'account'] : ['account', 'user'];
  return order.filter((endpoint) => endpoint === 'user' || accountId !== undefined);
}

function ask(
  api: CloudflareApi,
  endpoint: TokenOwner,
  accountId: string | undefined,
): Promise<CfAnswer<TokenStatus>> {
  if (endpoint === 'account' && accountId) return api.verifyAccountToken(accountId);
  return api.verifyUserToken();
}

function judgeFound(
  declared: OwnerConfig['owner'],
  owner: TokenOwner,
  status: TokenStatus,
  asked: string[],
): OwnerOutcome {
  if (declared === 'auto' || declared === owner) return { kind: 'valid', owner, status };
  return { kind: 'wrong-owner', owner, status, detail: asked.join('; ') };
}

function notFound(
  declared: OwnerConfig['owner'],
  prefixOwner: TokenOwner | undefined,
  accountId: string | undefined,
  asked: string[],
): OwnerOutcome {
  const detail = asked.join('; ');
  const accountNeeded =
    declared === 'account' || (declared === 'auto' && prefixOwner === 'account');
  if (!accountId && accountNeeded) {
    return {
      kind: 'needs-account-id',
      detail:
        'an account-owned token can only be verified at /accounts/{account_id}/tokens/verify, ' +
        `and verify.accountId is not set (${detail})`,
    };
  }
  return { kind: 'unknown', detail, accountAsked: accountId !== undefined };
}
