/**
 * The record fields a create, put or patch may set, checked the way the API checks them:
 * bad content is `9005`, any other invalid field `1004` ("DNS Validation Error").
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { CfRecordWorld, CfZoneWorld } from '../world.js';
import { refuse, type CfMessage, type Refused } from './envelope.js';

export const RECORD_TYPES = [
  'A',
  'AAAA',
  'CAA',
  'CERT',
  'CNAME',
  'DNSKEY',
  'DS',
  'HTTPS',
  'LOC',
  'MX',
  'NAPTR',
  'NS',
  'PTR',
  'SMIMEA',
  'SRV',
  'SSHFP',
  'SVCB',
  'TLSA',
  'TXT',
  'URI',
];
const CONTENT_TYPES = new Set(['A', 'AAAA', 'CNAME', 'MX', 'NS', 'PTR', 'TXT']);
const HOSTNAME_TYPES = new Set(['CNAME', 'MX', 'NS', 'PTR']);
const PROXIABLE_TYPES = new Set(['A', 'AAAA', 'CNAME']);
const PRIORITY_TYPES = new Set(['MX', 'URI']);
const SETTABLE = [
  'type',
  'name',
  'content',
  'ttl',
  'proxied',
  'comment',
  'tags',
  'priority',
  'data',
  'settings',
];
const HOSTNAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_-]+$/;
const TAG = /^[A-Za-z0-9_-]+(:.*)?$/;

/** A record's fields before it has an id. */
export interface RecordFields {
  type: string;
  name: string;
  content: string;
  [field: string]: unknown;
}

export function isProxiable(type: string): boolean {
  return PROXIABLE_TYPES.has(type);
}

/**
 * The fields a body asks for, merged over `base` (a patch) or alone (a create or put), or
 * the first problem found.
 */
export function readRecordFields(
  body: unknown,
  zone: CfZoneWorld,
  base?: CfRecordWorld,
): RecordFields | Refused {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return refuse(invalid('the request body must be a JSON object'));
  }
  const given = Object.fromEntries(
    Object.entries(body as Record<string, unknown>).filter(([key]) => SETTABLE.includes(key)),
  );
  const merged: Record<string, unknown> = { ttl: 1, proxied: false, ...base, ...given };
  const problem =
    checkType(merged) ??
    checkName(merged, zone) ??
    checkContent(merged) ??
    checkTtl(merged) ??
    checkProxied(merged) ??
    checkPriority(merged) ??
    checkNotes(merged);
  return problem ? refuse(problem) : (merged as RecordFields);
}

function invalid(detail: string): CfMessage {
  return { code: 1004, message: `DNS Validation Error: ${detail}` };
}

function checkType(record: Record<string, unknown>): CfMessage | undefined {
  const type = record.type;
  if (typeof type === 'string' && RECORD_TYPES.includes(type)) return undefined;
  return invalid(`type must be one of ${RECORD_TYPES.join(', ')}`);
}

function checkName(record: Record<string, unknown>, zone: CfZoneWorld): CfMessage | undefined {
  const name = record.name;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 255) {
    return invalid('name is required and at most 255 characters');
  }
  record.name = fullName(name, zone.name);
  return undefined;
}

/** A name as the API stores it: lower case, no trailing dot, inside the zone. */
export function fullName(name: string, zoneName: string): string {
  const plain = name.trim().toLowerCase().replace(/\.$/, '');
  if (plain === '@' || plain === zoneName) return zoneName;
  return plain.endsWith(`.${zoneName}`) ? plain : `${plain}.${zoneName}`;
}

function checkContent(record: Record<string, unknown>): CfMessage | undefined {
  const type = record.type as string;
  if (!CONTENT_TYPES.has(type)) return checkData(record);
  const content = record.content;
  const bad = { code: 9005, message: `Content for ${type} record is invalid.` };
  if (typeof content !== 'string' || content === '') return bad;
  if (type === 'A' && !isIPv4(content)) {
    return { code: 9005, message: 'Content for A record must be a valid IPv4 address.' };
  }
  if (type === 'AAAA' && !isIPv6(content)) {
    return { code: 9005, message: 'Content for AAAA record must be a valid IPv6 address.' };
  }
  if (HOSTNAME_TYPES.has(type)) {
    const host = content.toLowerCase().replace(/\.$/, '');
    if (!HOSTNAME.test(host)) return bad;
    record.content = host;
  }
  return undefined;
}

/** Types described by `data`; their `content` is the data in zone-file order. */
function checkData(record: Record<string, unknown>): CfMessage | undefined {
  const data = record.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return invalid(`${String(record.type)} records need a data object`);
  }
  record.content = Object.values(data as Record<string, unknown>)
    .map(String)
    .join(' ');
  return undefined;
}

function checkTtl(record: Record<string, unknown>): CfMessage | undefined {
  const ttl = record.ttl;
  if (ttl === 1 || (Number.isInteger(ttl) && (ttl as number) >= 30 && (ttl as number) <= 86400)) {
    return undefined;
  }
  return invalid('ttl must be 1 (automatic) or between 30 and 86400');
}

function checkProxied(record: Record<string, unknown>): CfMessage | undefined {
  if (typeof record.proxied !== 'boolean') return invalid('proxied must be true or false');
  if (record.proxied && !isProxiable(record.type as string)) {
    return invalid(`${String(record.type)} records cannot be proxied`);
  }
  return undefined;
}

function checkPriority(record: Record<string, unknown>): CfMessage | undefined {
  const priority = record.priority;
  if (priority === undefined && !PRIORITY_TYPES.has(record.type as string)) return undefined;
  if (Number.isInteger(priority) && (priority as number) >= 0 && (priority as number) <= 65535) {
    return undefined;
  }
  return invalid('priority must be a whole number from 0 to 65535');
}

function checkNotes(record: Record<string, unknown>): CfMessage | undefined {
  const comment = record.comment;
  if (comment !== undefined && comment !== null && typeof comment !== 'string') {
    return invalid('comment must be a string');
  }
  const tags = record.tags ?? [];
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string' && TAG.test(tag))) {
    return invalid('tags must be strings of the form name:value');
  }
  record.tags = tags;
  return undefined;
}
