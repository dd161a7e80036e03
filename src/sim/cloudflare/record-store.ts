/**
 * Changes to a zone's record list, shared by the single-record endpoints and the batch (which
 * runs them on a working copy so that one refusal leaves the zone untouched).
 */
import { randomBytes } from 'node:crypto';
import type { CfRecordWorld, CfZoneWorld } from '../world.js';
import { refuse, type CfMessage, type Refused } from './envelope.js';
import type { RecordFields } from './record-input.js';
import { recordQuota } from './state.js';

const QUOTA_EXCEEDED: CfMessage = { code: 81045, message: 'Record quota exceeded.' };
const IDENTICAL: CfMessage = { code: 81058, message: 'An identical record already exists.' };
const CNAME_CONFLICT: CfMessage = {
  code: 81053,
  message: 'An A, AAAA, or CNAME record with that host already exists.',
};

/** Adds a record to `records` (changed in place); the new record, or why not. */
export function addRecord(
  records: CfRecordWorld[],
  zone: CfZoneWorld,
  fields: RecordFields,
  now: string,
): CfRecordWorld | Refused {
  const conflict = conflictOf(records, fields);
  if (conflict) return refuse(conflict);
  const quota = recordQuota(zone);
  if (quota !== null && records.length >= quota) return refuse(QUOTA_EXCEEDED);
  const record: CfRecordWorld = {
    ...fields,
    id: randomBytes(16).toString('hex'),
    created_on: now,
    modified_on: now,
  };
  records.push(record);
  return record;
}

/** Replaces the record with `id` by `fields`, keeping its id and creation time. */
export function replaceRecord(
  records: CfRecordWorld[],
  id: string,
  fields: RecordFields,
  now: string,
): CfRecordWorld | Refused | undefined {
  const index = records.findIndex((record) => record.id === id);
  const existing = records[index];
  if (!existing) return undefined;
  const conflict = conflictOf(records, fields, id);
  if (conflict) return refuse(conflict);
  const record: CfRecordWorld = {
    ...fields,
    id,
    created_on: existing.created_on ?? now,
    modified_on: now,
  };
  records[index] = record;
  return record;
}

/** Removes the record with `id`; the record removed, or undefined when there was none. */
export function dropRecord(records: CfRecordWorld[], id: string): CfRecordWorld | undefined {
  const index = records.findIndex((record) => record.id === id);
  if (index === -1) return undefined;
  return records.splice(index, 1)[0];
}

function conflictOf(
  records: CfRecordWorld[],
  fields: RecordFields,
  exceptId?: string,
): CfMessage | undefined {
  const sameName = records.filter(
    (record) => record.id !== exceptId && record.name === fields.name,
  );
  if (sameName.some((r) => r.type === fields.type && r.content === fields.content)) {
    return IDENTICAL;
  }
  const cnameClash =
    fields.type === 'CNAME' ? sameName.length > 0 : sameName.some((r) => r.type === 'CNAME');
  return cnameClash ? CNAME_CONFLICT : undefined;
}
