/** `GET /zones` and `GET /zones/{zone_id}`: what a caller may see, as the API shapes a zone. */
import type { SimResponse } from '../harness.js';
import type { CfZoneWorld } from '../world.js';
import { authenticate, isCaller, zoneRights, type Caller } from './auth.js';
import { failOne, ok } from './envelope.js';
import { isRefusal, zoneAccess } from './guards.js';
import { paginate, readPage } from './paging.js';
import type { RouteContext } from './router.js';
import { accountName, isFreePlan, type CfState } from './state.js';

const ZONE_PAGE = { defaultPerPage: 20, minPerPage: 5, maxPerPage: 50, clamp: true };
const SINCE = '2024-01-01T00:00:00Z';

export function listZones({ state, request }: RouteContext): SimResponse {
  const caller = authenticate(state, request);
  if (!isCaller(caller)) return caller;
  const paging = readPage(request.query, ZONE_PAGE);
  if (typeof paging === 'string') return failOne(400, 1001, paging);
  const visible = state.zones.filter((zone) => canSee(caller, zone));
  const matching = orderZones(state, filterZones(state, visible, request.query), request.query);
  const { slice, info } = paginate(matching, paging);
  return ok(
    slice.map((zone) => zoneView(state, zone)),
    { resultInfo: info },
  );
}

export function getZone(context: RouteContext): SimResponse {
  const access = zoneAccess(context, 'zone:read');
  if (isRefusal(access)) return access;
  return ok(zoneView(context.state, access.zone));
}

/**
 * A token sees the zones its resources name, whatever rights it has on them (the case
 * rules: "a token may only see zones listed in its zones"); others are left out, not
 * refused. Reading one it lacks Zone Read on is refused (`GET /zones/{id}`: 10000).
 */
function canSee(caller: Caller, zone: CfZoneWorld): boolean {
  if (caller.kind === 'globalKey') return true;
  return zoneRights(caller.token, zone) !== undefined;
}

function filterZones(state: CfState, zones: CfZoneWorld[], query: URLSearchParams): CfZoneWorld[] {
  const tests: ((zone: CfZoneWorld) => boolean)[] = [];
  const name = query.get('name');
  if (name) tests.push((zone) => matchesOperator(zone.name, name));
  const accountId = query.get('account.id');
  if (accountId) tests.push((zone) => zone.account === accountId);
  const account = query.get('account.name');
  if (account) tests.push((zone) => matchesOperator(accountName(state, zone.account), account));
  const status = query.get('status');
  if (status) tests.push((zone) => zoneStatus(zone) === status);
  if (tests.length === 0) return zones;
  const any = query.get('match') === 'any';
  return zones.filter((zone) => (any ? tests.some((t) => t(zone)) : tests.every((t) => t(zone))));
}

/** The `name` / `account.name` filter syntax: `[operator:]value`, `equal` by default. */
function matchesOperator(actual: string, filter: string): boolean {
  const match = /^(not_equal|equal|starts_with|ends_with|contains)(_case_sensitive)?:(.*)$/.exec(
    filter,
  );
  const operator = match?.[1] ?? 'equal';
  const sensitive = match?.[2] !== undefined;
  const wanted = sensitive ? (match?.[3] ?? '') : (match?.[3] ?? filter).toLowerCase();
  const value = sensitive ? actual : actual.toLowerCase();
  switch (operator) {
    case 'not_equal':
      return value !== wanted;
    case 'starts_with':
      return value.startsWith(wanted);
    case 'ends_with':
      return value.endsWith(wanted);
    case 'contains':
      return value.includes(wanted);
    default:
      return value === wanted;
  }
}

function orderZones(state: CfState, zones: CfZoneWorld[], query: URLSearchParams): CfZoneWorld[] {
  const order = query.get('order');
  if (!order) return zones;
  const keyOf: Record<string, (zone: CfZoneWorld) => string> = {
    name: (zone) => zone.name,
    status: zoneStatus,
    'account.id': (zone) => zone.account,
    'account.name': (zone) => accountName(state, zone.account),
    'plan.id': (zone) => planOf(zone).id,
  };
  const key = keyOf[order];
  if (!key) return zones;
  const sign = query.get('direction') === 'desc' ? -1 : 1;
  return [...zones].sort((a, b) => sign * key(a).localeCompare(key(b)));
}

function zoneStatus(zone: CfZoneWorld): string {
  const status = (zone as unknown as Record<string, unknown>).status;
  return typeof status === 'string' ? status : 'active';
}

function planOf(zone: CfZoneWorld): { id: string; name: string } {
  if (isFreePlan(zone)) return { id: '0feeeeeeeeeeeeeeeeeeeeeeeeeeeeee', name: 'Free Website' };
  const plan = zone.plan ?? 'paid';
  return { id: plan, name: `${plan.charAt(0).toUpperCase()}${plan.slice(1)} Website` };
}

export function zoneView(state: CfState, zone: CfZoneWorld): Record<string, unknown> {
  const account = { id: zone.account, name: accountName(state, zone.account) };
  return {
    id: zone.id,
    name: zone.name,
    status: zoneStatus(zone),
    paused: false,
    type: 'full',
    development_mode: 0,
    name_servers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'],
    original_name_servers: null,
    original_registrar: null,
    original_dnshost: null,
    created_on: SINCE,
    modified_on: SINCE,
    activated_on: SINCE,
    meta: { step: 2, custom_certificate_quota: 0, page_rule_quota: 3, phishing_detected: false },
    owner: { id: zone.account, type: 'organization', name: account.name },
    account,
    plan: { ...planOf(zone), price: 0, currency: 'USD', frequency: '', is_subscribed: true },
  };
}
