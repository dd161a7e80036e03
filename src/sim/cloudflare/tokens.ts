/**
 * Token verification (`/user/tokens/verify`, `/accounts/{id}/tokens/verify`) and token
 * details (`/user/tokens/{id}`), with the policies derived from the world's rights.
 */
import type { SimResponse } from '../harness.js';
import type { CfTokenWorld } from '../world.js';
import {
  authenticate,
  bearerOf,
  findToken,
  grants,
  isCaller,
  notYetValid,
  tokenStatus,
} from './auth.js';
import { failOne, ok, refusals } from './envelope.js';
import type { RouteContext } from './router.js';
import { stableHex, type CfState } from './state.js';

const VALID_AND_ACTIVE = { code: 10000, message: 'This API Token is valid and active' };

/** Who owns the tokens a verify endpoint answers for: the user, or one account. */
type VerifyScope = { owner: 'user' } | { owner: 'account'; accountId: string };

export function verifyUserToken(context: RouteContext): SimResponse {
  return verify(context, { owner: 'user' });
}

export function verifyAccountToken(context: RouteContext): SimResponse {
  return verify(context, { owner: 'account', accountId: context.params.account_id ?? '' });
}

function verify({ state, request }: RouteContext, scope: VerifyScope): SimResponse {
  const value = bearerOf(request);
  const token = value === undefined ? undefined : findToken(state, value);
  if (!token || !ownedBy(token, scope)) return refusals.invalidToken();
  const now = state.clock();
  const status = tokenStatus(token, now);
  const usable = status === 'active' && !notYetValid(token, now);
  return ok(
    {
      id: token.id,
      status,
      ...(token.expires_on ? { expires_on: token.expires_on } : {}),
      ...(token.not_before ? { not_before: token.not_before } : {}),
    },
    { messages: usable ? [VALID_AND_ACTIVE] : [] },
  );
}

function ownedBy(token: CfTokenWorld, scope: VerifyScope): boolean {
  if (scope.owner === 'user') return token.owner === 'user';
  return token.owner !== 'user' && token.owner.account === scope.accountId;
}

/** Token details; the caller needs the user right `api_tokens:read`. */
export function tokenDetails({ state, request, params }: RouteContext): SimResponse {
  const caller = authenticate(state, request);
  if (!isCaller(caller)) return caller;
  if (caller.kind === 'token') {
    if (caller.token.owner !== 'user') return refusals.invalidToken();
    if (!grants(caller.token.user, 'api_tokens:read')) return refusals.notGranted();
  }
  const target = state.tokens.find(
    (token) => token.id === params.token_id && token.owner === 'user',
  );
  if (!target) return failOne(404, 1003, 'Token not found');
  return ok(tokenView(state, target));
}

function tokenView(state: CfState, token: CfTokenWorld): Record<string, unknown> {
  const extra = token as unknown as Record<string, unknown>;
  const issued = typeof extra.issued_on === 'string' ? extra.issued_on : '2024-01-01T00:00:00Z';
  return {
    id: token.id,
    name: typeof extra.name === 'string' ? extra.name : `token ${token.id.slice(0, 8)}`,
    status: tokenStatus(token, state.clock()),
    issued_on: issued,
    modified_on: typeof extra.modified_on === 'string' ? extra.modified_on : issued,
    ...(token.expires_on ? { expires_on: token.expires_on } : {}),
    ...(token.not_before ? { not_before: token.not_before } : {}),
    policies: policiesOf(state, token),
  };
}

/** Permission groups as Cloudflare names them, for each right of the world format. */
const PERMISSION_GROUPS: Record<string, string> = {
  'zone:read': 'Zone Read',
  'zone:edit': 'Zone Write',
  'dns:read': 'DNS Read',
  'dns:edit': 'DNS Write',
  'tunnel:read': 'Cloudflare Tunnel Read',
  'tunnel:edit': 'Cloudflare Tunnel Write',
  'api_tokens:read': 'API Tokens Read',
  'api_tokens:edit': 'API Tokens Write',
};

function policiesOf(state: CfState, token: CfTokenWorld): Record<string, unknown>[] {
  const policies: Record<string, unknown>[] = [];
  const add = (resource: string, rights: string[]): void => {
    if (rights.length === 0) return;
    policies.push({
      id: stableHex('policy', token.id, resource),
      effect: 'allow',
      resources: { [resource]: '*' },
      permission_groups: rights.map((right) => ({
        id: stableHex('permission-group', right),
        name: PERMISSION_GROUPS[right] ?? right,
      })),
    });
  };
  for (const [key, rights] of Object.entries(token.zones ?? {})) {
    const zone = state.zones.find((candidate) => candidate.name === key || candidate.id === key);
    add(`com.cloudflare.api.account.zone.${zone?.id ?? key}`, rights);
  }
  for (const [accountId, rights] of Object.entries(token.accounts ?? {})) {
    add(`com.cloudflare.api.account.${accountId}`, rights);
  }
  add(`com.cloudflare.api.user.${stableHex('user')}`, token.user ?? []);
  return policies;
}
