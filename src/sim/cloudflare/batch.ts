/**
 * `POST /zones/{zone_id}/dns_records/batch`: deletes, then patches, puts and posts, in one
 * transaction. Any refused operation refuses the whole batch and changes nothing.
 */
import type { SimResponse } from '../harness.js';
import type { CfRecordWorld, CfZoneWorld } from '../world.js';
import { fail, failOne, isRefused, ok, type CfMessage } from './envelope.js';
import { isRefusal, zoneAccess } from './guards.js';
import { readRecordFields } from './record-input.js';
import { addRecord, dropRecord, replaceRecord } from './record-store.js';
import { recordView } from './record-view.js';
import type { RouteContext } from './router.js';
import { batchLimit, isoSeconds } from './state.js';

const KINDS = ['deletes', 'patches', 'puts', 'posts'] as const;
type Kind = (typeof KINDS)[number];
type Batch = Record<Kind, unknown[]>;
type Done = Record<Kind, Record<string, unknown>[]>;

interface Transaction {
  zone: CfZoneWorld;
  working: CfRecordWorld[];
  now: string;
  done: Done;
}

export function batchRecords(context: RouteContext): SimResponse {
  const access = zoneAccess(context, 'dns:edit');
  if (isRefusal(access)) return access;
  const { zone } = access;
  const batch = readBatch(context.request.rawBody, context.request.body);
  if (typeof batch === 'string') return failOne(400, 1004, `DNS Validation Error: ${batch}`);
  const size = KINDS.reduce((sum, kind) => sum + batch[kind].length, 0);
  const limit = batchLimit(zone);
  if (size > limit) {
    return failOne(400, 1004, `Batch of ${size} operations exceeds the limit of ${limit}`);
  }
  const transaction: Transaction = {
    zone,
    working: [...zone.records],
    now: isoSeconds(context.state.clock()),
    done: { deletes: [], patches: [], puts: [], posts: [] },
  };
  const refusal = runBatch(transaction, batch);
  if (refusal) return fail(400, [refusal]);
  zone.records = transaction.working;
  return ok(transaction.done);
}

/** The batch's operation lists, or what is wrong with the body. No body is an empty batch. */
function readBatch(rawBody: string, body: unknown): Batch | string {
  if (rawBody.trim() === '') return { deletes: [], patches: [], puts: [], posts: [] };
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return 'the request body must be a JSON object';
  }
  const given = body as Record<string, unknown>;
  const batch: Batch = { deletes: [], patches: [], puts: [], posts: [] };
  for (const kind of KINDS) {
    const list = given[kind];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) return `${kind} must be an array`;
    batch[kind] = list;
  }
  return batch;
}

function runBatch(transaction: Transaction, batch: Batch): CfMessage | undefined {
  for (const kind of KINDS) {
    for (const [index, operation] of batch[kind].entries()) {
      const problem = runOperation(transaction, kind, operation);
      if (problem) {
        const pointer = problem.field ? `/${kind}/${index}/${problem.field}` : `/${kind}/${index}`;
        return { ...problem.message, source: { pointer } };
      }
    }
  }
  return undefined;
}

interface OperationProblem {
  message: CfMessage;
  /** The operation's field at fault, for `source.pointer`. */
  field?: string;
}

const NO_SUCH_RECORD: OperationProblem = {
  message: { code: 81044, message: 'Record does not exist.' },
  field: 'id',
};

function runOperation(
  transaction: Transaction,
  kind: Kind,
  operation: unknown,
): OperationProblem | undefined {
  const { zone, working, now, done } = transaction;
  const id = idOf(operation);
  if (kind !== 'posts' && id === undefined) {
    const message = { code: 1004, message: 'DNS Validation Error: id is required' };
    return { message, field: 'id' };
  }
  if (kind === 'deletes') {
    const removed = dropRecord(working, id ?? '');
    if (!removed) return NO_SUCH_RECORD;
    done.deletes.push(recordView(removed));
    return undefined;
  }
  const existing = working.find((record) => record.id === id);
  if (kind !== 'posts' && !existing) return NO_SUCH_RECORD;
  const fields = readRecordFields(operation, zone, kind === 'patches' ? existing : undefined);
  if (isRefused(fields)) return { message: fields.refused };
  const changed =
    kind === 'posts'
      ? addRecord(working, zone, fields, now)
      : replaceRecord(working, id ?? '', fields, now);
  if (!changed) return NO_SUCH_RECORD;
  if (isRefused(changed)) return { message: changed.refused };
  done[kind].push(recordView(changed));
  return undefined;
}

function idOf(operation: unknown): string | undefined {
  if (!operation || typeof operation !== 'object') return undefined;
  const id = (operation as Record<string, unknown>).id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
