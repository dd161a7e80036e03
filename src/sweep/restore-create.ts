/**
 * Recreating backed-up DNS records: the batch endpoint (posts) in chunks the plan
 * allows, and single creates to isolate what a refused batch objected to. A record that
 * exists again (code 81058, "identical record") counts as already there.
 */
import { VendorError } from '../core/errors.js';
import {
  errorCodes,
  type CfAnswer,
  type CfRecord,
  type CloudflareApi,
} from '../providers/cloudflare/index.js';

export type CreateStatus = 'restored' | 'exists' | 'failed';

export interface CreateResult {
  id: string;
  status: CreateStatus;
  newId?: string;
  reason?: string;
}

const IDENTICAL_RECORD = 81058;
const CONCURRENCY = 4;

/** The fields a create takes, from a record's backed-up JSON. */
export function recordBody(record: CfRecord): Record<string, unknown> {
  const body: Record<string, unknown> = { type: record.type, name: record.name };
  const data = record.data;
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) body.data = data;
  else body.content = record.content;
  for (const key of ['ttl', 'proxied', 'comment', 'priority'] as const) {
    const value = record[key];
    if (value !== undefined && value !== null) body[key] = value;
  }
  if (Array.isArray(record.tags) && record.tags.length > 0) body.tags = record.tags;
  const settings = record.settings;
  if (settings && typeof settings === 'object' && Object.keys(settings).length > 0) {
    body.settings = settings;
  }
  return body;
}

export async function createRecords(
  api: CloudflareApi,
  zoneId: string,
  records: CfRecord[],
  batchSize: number,
): Promise<CreateResult[]> {
  const results: CreateResult[] = [];
  const state = { stopped: undefined as string | undefined };
  for (let start = 0; start < records.length; start += batchSize) {
    const chunk = records.slice(start, start + batchSize);
    if (state.stopped !== undefined) {
      results.push(...chunk.map((record) => notDone(record, state.stopped as string)));
      continue;
    }
    results.push(...(await createChunk(api, zoneId, chunk, state)));
  }
  return results;
}

async function createChunk(
  api: CloudflareApi,
  zoneId: string,
  chunk: CfRecord[],
  state: { stopped: string | undefined },
): Promise<CreateResult[]> {
  try {
    const answer = await api.batchRecords(zoneId, { posts: chunk.map(recordBody) });
    if (answer.success) {
      const created = answer.result.posts ?? [];
      return chunk.map((record, index) => ({
        id: record.id,
        status: 'restored',
        ...(created[index]?.id ? { newId: created[index].id } : {}),
      }));
    }
  } catch (error) {
    if (!(error instanceof VendorError)) throw error;
    if (error.status === 429) {
      state.stopped = `rate limited beyond the wait budget: ${error.message}`;
      return chunk.map((record) => notDone(record, state.stopped as string));
    }
  }
  // A batch is one transaction: one refused item refuses all. Singles find which.
  return createSingly(api, zoneId, chunk, state);
}

async function createSingly(
  api: CloudflareApi,
  zoneId: string,
  records: CfRecord[],
  state: { stopped: string | undefined },
): Promise<CreateResult[]> {
  const results = new Map<string, CreateResult>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (state.stopped === undefined && next < records.length) {
      const record = records[next] as CfRecord;
      next += 1;
      results.set(record.id, await createOne(api, zoneId, record, state));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, records.length) }, worker));
  return records.map(
    (record) => results.get(record.id) ?? notDone(record, state.stopped ?? 'not attempted'),
  );
}

async function createOne(
  api: CloudflareApi,
  zoneId: string,
  record: CfRecord,
  state: { stopped: string | undefined },
): Promise<CreateResult> {
  let answer: CfAnswer<CfRecord>;
  try {
    answer = await api.createRecord(zoneId, recordBody(record));
  } catch (error) {
    if (!(error instanceof VendorError)) throw error;
    state.stopped ??= `a create could not be completed: ${error.message}`;
    return notDone(record, state.stopped);
  }
  if (answer.success) return { id: record.id, status: 'restored', newId: answer.result.id };
  if (errorCodes(answer).includes(IDENTICAL_RECORD)) return { id: record.id, status: 'exists' };
  const codes = errorCodes(answer).join(', ');
  const text = answer.errors.map((item) => item.message).join('; ');
  if (answer.status === 401 || answer.status === 403) {
    state.stopped ??= `a create was refused (${answer.status}, code ${codes})`;
  }
  return { id: record.id, status: 'failed', reason: `${answer.status} code ${codes}: ${text}` };
}

function notDone(record: CfRecord, why: string): CreateResult {
  return { id: record.id, status: 'failed', reason: `not attempted: ${why}` };
}
