/** A record as the API serves it, and a zone's records as a BIND zone file. */
import type { CfRecordWorld, CfZoneWorld } from '../world.js';
import { isProxiable } from './record-input.js';

/** Every field the world gives, plus what the API always reports. */
export function recordView(record: CfRecordWorld): Record<string, unknown> {
  const { id, name, type, content, ...rest } = record;
  return {
    id,
    name,
    type,
    content,
    proxiable: isProxiable(type),
    ...rest,
    settings: record.settings ?? {},
    meta: record.meta ?? {},
  };
}

const DOTTED_TYPES = new Set(['CNAME', 'MX', 'NS', 'PTR']);

export function bindExport(zone: CfZoneWorld, exportedAt: string): string {
  const header = [
    ';;',
    `;; Domain:     ${zone.name}.`,
    `;; Exported:   ${exportedAt}`,
    ';;',
    ';; This file is for information and archiving; edit it before loading it elsewhere.',
    ';;',
    '',
  ];
  const lines = zone.records.map(bindLine);
  return `${[...header, ...lines].join('\n')}\n`;
}

function bindLine(record: CfRecordWorld): string {
  const data = DOTTED_TYPES.has(record.type) ? `${record.content}.` : record.content;
  const rdata = record.priority === undefined ? data : `${record.priority} ${data}`;
  const notes = [
    ...(record.comment ? [record.comment] : []),
    ...(record.proxied ? ['cf_tags=cf-proxied:true'] : []),
  ];
  const line = `${record.name}.\t${record.ttl ?? 1}\tIN\t${record.type}\t${rdata}`;
  return notes.length === 0 ? line : `${line} ; ${notes.join(' ')}`;
}
