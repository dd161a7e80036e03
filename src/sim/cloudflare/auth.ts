/**
 * Who is calling, from the request's headers: an API token (Bearer) or a Global API Key
 * (`X-Auth-Email` + `X-Auth-Key`), and whether that caller may do what a route asks.
 */
import type { SimRequest, SimResponse } from '../harness.js';
import type { CfTokenWorld, CfZoneWorld } from '../world.js';
import { refusals } from './envelope.js';
import type { CfState } from './state.js';

export type TokenStatus = 'active' | 'disabled' | 'expired';

export type Caller = { kind: 'token'; token: CfTokenWorld } | { kind: 'globalKey'; email: string };

export type ZoneRight = 'zone:read' | 'dns:read' | 'dns:edit';
export type AccountRight = 'tunnel:read' | 'tunnel:edit';

/** Rights that include others: editing DNS reads it too. */
const IMPLIED_BY: Record<string, string[]> = {
  'zone:read': ['zone:read', 'zone:edit'],
  'dns:read': ['dns:read', 'dns:edit'],
  'dns:edit': ['dns:edit'],
  'tunnel:read': ['tunnel:read', 'tunnel:edit'],
  'tunnel:edit': ['tunnel:edit'],
  'api_tokens:read': ['api_tokens:read', 'api_tokens:edit'],
};

export function grants(rights: string[] | undefined, need: string): boolean {
  return (IMPLIED_BY[need] ?? [need]).some((right) => rights?.includes(right) ?? false);
}

/** The token's status now: `expires_on` in the past makes an active token expired. */
export function tokenStatus(token: CfTokenWorld, now: Date): TokenStatus {
  if (token.status === 'disabled' || token.status === 'expired') return token.status;
  if (token.expires_on && Date.parse(token.expires_on) <= now.getTime()) return 'expired';
  return 'active';
}

export function notYetValid(token: CfTokenWorld, now: Date): boolean {
  return token.not_before !== undefined && Date.parse(token.not_before) > now.getTime();
}

/** The Bearer value; undefined when the request has none. */
export function bearerOf(request: SimRequest): string | undefined {
  const header = request.headers.authorization;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

export function findToken(state: CfState, value: string): CfTokenWorld | undefined {
  return state.tokens.find((token) => token.value === value);
}

/** The caller of a zone, record, tunnel or user endpoint, or the refusal to answer. */
export function authenticate(state: CfState, request: SimRequest): Caller | SimResponse {
  const header = request.headers.authorization;
  if (header !== undefined) return authenticateBearer(state, request);
  const key = singleHeader(request.headers['x-auth-key']);
  if (key !== undefined) return authenticateGlobalKey(state, request, key);
  return refusals.noCredentials();
}

function authenticateBearer(state: CfState, request: SimRequest): Caller | SimResponse {
  const value = bearerOf(request);
  if (value === undefined) {
    return refusals.badHeaders(6111, 'Invalid format for Authorization header');
  }
  const token = findToken(state, value);
  const now = state.clock();
  if (!token || tokenStatus(token, now) !== 'active' || notYetValid(token, now)) {
    return refusals.invalidToken();
  }
  return { kind: 'token', token };
}

function authenticateGlobalKey(
  state: CfState,
  request: SimRequest,
  key: string,
): Caller | SimResponse {
  if (findToken(state, key)) {
    return refusals.badHeaders(6103, 'Invalid format for X-Auth-Key header');
  }
  const email = singleHeader(request.headers['x-auth-email']);
  if (email === undefined) {
    return refusals.badHeaders(6102, 'Invalid format for X-Auth-Email header');
  }
  const known = state.world.globalKeys?.some(
    (entry) => entry.key === key && entry.email.toLowerCase() === email.toLowerCase(),
  );
  return known ? { kind: 'globalKey', email } : refusals.unknownGlobalKey();
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

/** The token's rights on a zone, found by the zone's name or id; undefined when none. */
export function zoneRights(token: CfTokenWorld, zone: CfZoneWorld): string[] | undefined {
  return token.zones?.[zone.name] ?? token.zones?.[zone.id];
}

/**
 * Whether the caller may use the zone as `need` asks: a zone the token does not name (or
 * that does not exist) is `9109`, a named zone without the right is `10000`.
 */
export function checkZone(
  caller: Caller,
  zone: CfZoneWorld | undefined,
  need: ZoneRight,
): SimResponse | undefined {
  if (!zone) return refusals.notGranted();
  if (caller.kind === 'globalKey') return undefined;
  const rights = zoneRights(caller.token, zone);
  if (rights === undefined) return refusals.notGranted();
  return grants(rights, need) ? undefined : refusals.missingRight();
}

export function checkAccount(
  caller: Caller,
  accountId: string,
  need: AccountRight,
): SimResponse | undefined {
  if (caller.kind === 'globalKey') return undefined;
  const rights = caller.token.accounts?.[accountId];
  if (rights === undefined) return refusals.notGranted();
  return grants(rights, need) ? undefined : refusals.missingRight();
}

export function isCaller(value: Caller | SimResponse): value is Caller {
  return 'kind' in value;
}
