/**
 * The single-record endpoints of `/zones/{zone_id}/dns_records`: list, details, create,
 * patch, put, delete, the BIND export and the usage against the zone's quota.
 */
import type { SimResponse } from '../harness.js';
import { fail, failOne, isRefused, ok, refusals } from './envelope.js';
import { isRefusal, zoneAccess } from './guards.js';
import { paginate, readPage } from './paging.js';
import { filterRecords, orderRecords } from './record-filters.js';
import { readRecordFields } from './record-input.js';
import { addRecord, dropRecord, replaceRecord } from './record-store.js';
import { bindExport, recordView } from './record-view.js';
import type { RouteContext } from './router.js';
import { isoSeconds, recordQuota } from './state.js';

const RECORD_PAGE = { defaultPerPage: 100, minPerPage: 1, maxPerPage: 5_000_000, clamp: false };

export function listRecords(context: RouteContext): SimResponse {
  const access = zoneAccess(context, 'dns:read');
  if (isRefusal(access)) return access;
  const { zone } = access;
  const query = context.request.query;
  const asked = readPage(query, RECORD_PAGE);
  if (typeof asked === 'string') return failOne(400, 1004, `DNS Validation Error: ${asked}`);
  const served = { ...asked, perPage: Math.min(asked.perPage, zone.maxPerPage ?? Infinity) };
  const matching = orderRecords(filterRecords(zone.records, query), query);
  const { slice, info } = paginate(matching, served);
  return ok(slice.map(recordView), { resultInfo: info });
}

export function getRecord(context: RouteContext): SimResponse {
  const access = zoneAccess(context, 'dns:read');
  if (isRefusal(access)) return access;
  const record = access.zone.records.find((r) => r.id === context.params.dns_record_id);
  return record ? ok(recordView(record)) : refusals.recordMissing();
}

export function createRecord(context: RouteContext): SimResponse {
  const access = zoneAccess(context, 'dns:edit');
  if (isRefusal(access)) return access;
  const { zone } = access;
  const fields = readRecordFields(context.request.body, zone);
  if (isRefused(fields)) return fail(400, [fields.refused]);
  const now = isoSeconds(context.state.clock());
  const created = addRecord(zone.records, zone, fields, now);
  return isRefused(created) ? fail(400, [created.refused]) : ok(recordView(created));
}

/** PATCH changes the fields given; PUT replaces the record with the body. */
function changeRecord(context: RouteContext, merge: boolean): SimResponse {
  const access = zoneAccess(context, 'dns:edit');
  if (isRefusal(access)) return access;
  const { zone } = access;
  const id = context.params.dns_record_id ?? '';
  const existing = zone.records.find((record) => record.id === id);
  if (!existing) return refusals.recordMissing();
  const fields = readRecordFields(context.request.body, zone, merge ? existing : undefined);
  if (isRefused(fields)) return fail(400, [fields.refused]);
  const now = isoSeconds(context.state.clock());
  const changed = replaceRecord(zone.records, id, fields, now);
  if (!changed) return refusals.recordMissing();
  return isRefused(changed) ? fail(400, [changed.refused]) : ok(recordView(changed));
}

export function patchRecord(context: RouteContext): SimResponse {
  return changeRecord(context, true);
}

export function putRecord(context: RouteContext): SimResponse {
  return changeRecord(context, false);
}

export function deleteRecord(context: RouteContext): SimResponse {
  const access = zoneAccess(context, 'dns:edit');
  if (isRefusal(access)) return access;
  const removed = dropRecord(access.zone.records, context.params.dns_record_id ?? '');
  return removed ? ok({ id: removed.id }) : refusals.recordMissing();
}

export function exportRecords(context: RouteContext): SimResponse {
  const access = zoneAccess(context, 'dns:read');
  if (isRefusal(access)) return access;
  return { status: 200, body: bindExport(access.zone, isoSeconds(context.state.clock())) };
}

export function recordUsage(context: RouteContext): SimResponse {
  const access = zoneAccess(context, 'dns:read');
  if (isRefusal(access)) return access;
  const { zone } = access;
  return ok({ record_usage: zone.records.length, record_quota: recordQuota(zone) });
}
