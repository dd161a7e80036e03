/**
 * The checks every zone-, record- and tunnel-route runs first, before it reads the request's
 * body: who is calling, and whether they hold the right on that zone or account.
 */
import type { SimResponse } from '../harness.js';
import type { CfZoneWorld } from '../world.js';
import {
  authenticate,
  checkAccount,
  checkZone,
  isCaller,
  type AccountRight,
  type Caller,
  type ZoneRight,
} from './auth.js';
import { refusals } from './envelope.js';
import type { RouteContext } from './router.js';
import { findZone } from './state.js';

export interface ZoneAccess {
  caller: Caller;
  zone: CfZoneWorld;
}

export interface AccountAccess {
  caller: Caller;
  accountId: string;
}

export function zoneAccess(context: RouteContext, need: ZoneRight): ZoneAccess | SimResponse {
  const caller = authenticate(context.state, context.request);
  if (!isCaller(caller)) return caller;
  const zone = findZone(context.state, context.params.zone_id ?? '');
  const refusal = checkZone(caller, zone, need);
  if (refusal) return refusal;
  return zone ? { caller, zone } : refusals.notGranted();
}

export function accountAccess(
  context: RouteContext,
  need: AccountRight,
): AccountAccess | SimResponse {
  const caller = authenticate(context.state, context.request);
  if (!isCaller(caller)) return caller;
  const accountId = context.params.account_id ?? '';
  return checkAccount(caller, accountId, need) ?? { caller, accountId };
}

export function isRefusal(value: object): value is SimResponse {
  return 'status' in value && typeof (value as { status: unknown }).status === 'number';
}
