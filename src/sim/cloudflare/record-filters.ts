/**
 * The record listing's filters (`name`, `type`, `content`, `proxied`, `comment.*`, `tag.*`,
 * `search`, with `match` / `tag_match`) and its order (`order`, `direction`).
 */
import type { CfRecordWorld } from '../world.js';

type Test = (record: CfRecordWorld) => boolean;
type Predicate = 'exact' | 'contains' | 'startswith' | 'endswith';

const PREDICATES: Predicate[] = ['exact', 'contains', 'startswith', 'endswith'];

export function filterRecords(records: CfRecordWorld[], query: URLSearchParams): CfRecordWorld[] {
  const tests = [...fieldTests(query), ...commentTests(query)];
  const tagTests = tagFilters(query);
  if (tagTests.length > 0) {
    const anyTag = query.get('tag_match') === 'any';
    tests.push((r) => (anyTag ? tagTests.some((t) => t(r)) : tagTests.every((t) => t(r))));
  }
  const search = query.get('search');
  if (search) tests.push((record) => searchText(record).includes(search.toLowerCase()));
  if (tests.length === 0) return records;
  const any = query.get('match') === 'any';
  return records.filter((r) => (any ? tests.some((t) => t(r)) : tests.every((t) => t(r))));
}

function compare(actual: string, wanted: string, predicate: Predicate): boolean {
  const value = actual.toLowerCase();
  const target = wanted.toLowerCase();
  if (predicate === 'contains') return value.includes(target);
  if (predicate === 'startswith') return value.startsWith(target);
  if (predicate === 'endswith') return value.endsWith(target);
  return value === target;
}

/** `name`, `content` (and their `.exact` … `.endswith` forms), `type`, `proxied`. */
function fieldTests(query: URLSearchParams): Test[] {
  const tests: Test[] = [];
  for (const field of ['name', 'content'] as const) {
    const exact = query.get(field);
    if (exact) tests.push((record) => compare(record[field], exact.replace(/\.$/, ''), 'exact'));
    for (const predicate of PREDICATES) {
      const wanted = query.get(`${field}.${predicate}`);
      if (wanted) tests.push((record) => compare(record[field], wanted, predicate));
    }
  }
  const type = query.get('type');
  if (type) tests.push((record) => record.type === type.toUpperCase());
  const proxied = query.get('proxied');
  if (proxied) tests.push((record) => String(record.proxied ?? false) === proxied);
  return tests;
}

function commentTests(query: URLSearchParams): Test[] {
  const tests: Test[] = [];
  const text = (record: CfRecordWorld): string => record.comment ?? '';
  const alias = query.get('comment');
  if (alias) tests.push((record) => compare(text(record), alias, 'exact'));
  if (query.has('comment.present')) tests.push((record) => text(record) !== '');
  if (query.has('comment.absent')) tests.push((record) => text(record) === '');
  for (const predicate of PREDICATES) {
    const wanted = query.get(`comment.${predicate}`);
    if (wanted) tests.push((record) => compare(text(record), wanted, predicate));
  }
  return tests;
}

/** Tags are `name:value`; a filter names a tag, or a tag and a condition on its value. */
function tagFilters(query: URLSearchParams): Test[] {
  const tests: Test[] = [];
  const tagValue = (record: CfRecordWorld, name: string): string | undefined => {
    for (const tag of record.tags ?? []) {
      const [tagName = '', ...rest] = tag.split(':');
      if (tagName.toLowerCase() === name.toLowerCase()) return rest.join(':');
    }
    return undefined;
  };
  const withValue = (filter: string, predicate: Predicate): Test => {
    const [name = '', ...rest] = filter.split(':');
    return (record) => {
      const actual = tagValue(record, name);
      return actual !== undefined && compare(actual, rest.join(':'), predicate);
    };
  };
  const shorthand = query.get('tag');
  if (shorthand) {
    tests.push(
      shorthand.includes(':')
        ? withValue(shorthand, 'exact')
        : (record) => tagValue(record, shorthand) !== undefined,
    );
  }
  const present = query.get('tag.present');
  if (present) tests.push((record) => tagValue(record, present) !== undefined);
  const absent = query.get('tag.absent');
  if (absent) tests.push((record) => tagValue(record, absent) === undefined);
  for (const predicate of PREDICATES) {
    const wanted = query.get(`tag.${predicate}`);
    if (wanted) tests.push(withValue(wanted, predicate));
  }
  return tests;
}

function searchText(record: CfRecordWorld): string {
  return [record.name, record.content, record.comment ?? '', ...(record.tags ?? [])]
    .join('\n')
    .toLowerCase();
}

const ORDER_KEYS = ['type', 'name', 'content', 'ttl', 'proxied'] as const;

/** Sorted as `order` asks (by type when it says nothing, as the API's default); stable. */
export function orderRecords(records: CfRecordWorld[], query: URLSearchParams): CfRecordWorld[] {
  const asked = query.get('order') ?? 'type';
  const key = ORDER_KEYS.find((candidate) => candidate === asked) ?? 'type';
  const sign = query.get('direction') === 'desc' ? -1 : 1;
  return records
    .map((record, index) => ({ record, index }))
    .sort((a, b) => sign * compareValues(a.record[key], b.record[key]) || a.index - b.index)
    .map(({ record }) => record);
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''));
}
