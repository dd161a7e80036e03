/**
 * Deleting DNS records kindly: the batch endpoint in chunks the plan allows, single
 * deletes (a few at a time) only to isolate what a refused batch objected to, a record
 * already gone counted as done, and a clean stop when the API keeps answering 429.
 */
import { forEachLimited } from '../../core/concurrency.js';
import { VendorError } from '../../core/errors.js';
import { describeAnswer, errorCodes, type CfAnswer, type CloudflareApi } from './api.js';
import { pointedMissing, slices, smallerBatch } from './batch-refusals.js';
import type { BatchResult } from './schema.js';
import { answerIs } from './answers.js';
import { ListingIncompleteError } from './listing.js';
import { listAllRecords } from './records.js';
import type { ZonePlan } from './zones.js';

/** Operations per batch the API allows: 200 on Free, 3,500 on paid plans. */
export function defaultBatchSize(plan: ZonePlan): number {
  return plan === 'paid' ? 3500 : 200;
}

export interface DeleteOptions {
  /** Ids per batch request; defaults from `plan`. */
  batchSize?: number;
  /** Unknown plans get the Free limit, which every plan accepts. */
  plan?: ZonePlan;
  /** Single deletes in flight at once. */
  concurrency?: number;
}

export interface DeleteFailure {
  id: string;
  status: number;
  codes: number[];
  message: string;
}

export interface DeleteOutcome {
  deleted: string[];
  /** Already absent (404, code 81044): done, not failed. */
  alreadyGone: string[];
  failed: DeleteFailure[];
  /** Not settled because the run stopped: neither known deleted nor refused. */
  pending: string[];
  /** Why the run stopped before the end, when it did. */
  stoppedEarly?: string;
}

class DeleteRun {
  readonly deleted: string[] = [];
  readonly alreadyGone: string[] = [];
  readonly failed: DeleteFailure[] = [];
  readonly pending: string[] = [];
  stoppedEarly: string | undefined;

  get stopped(): boolean {
    return this.stoppedEarly !== undefined;
  }

  stop(reason: string): void {
    this.stoppedEarly ??= reason;
  }

  fail(id: string, answer: CfAnswer<unknown>): void {
    const message = answer.errors.map((item) => item.message).join('; ');
    this.failed.push({ id, status: answer.status, codes: errorCodes(answer), message });
  }

  outcome(): DeleteOutcome {
    const result: DeleteOutcome = {
      deleted: this.deleted,
      alreadyGone: this.alreadyGone,
      failed: this.failed,
      pending: this.pending,
    };
    if (this.stoppedEarly !== undefined) result.stoppedEarly = this.stoppedEarly;
    return result;
  }
}

export async function deleteRecordsInBatches(
  api: CloudflareApi,
  zoneId: string,
  ids: readonly string[],
  options: DeleteOptions = {},
): Promise<DeleteOutcome> {
  const size = Math.max(1, options.batchSize ?? defaultBatchSize(options.plan ?? 'unknown'));
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const run = new DeleteRun();
  const unique = [...new Set(ids)];
  const work: Batch = { api, zoneId, run, concurrency, size };
  for (let start = 0; start < unique.length;) {
    // work.size may have been lowered by a refusal; later chunks fit at once.
    const chunk = unique.slice(start, start + work.size);
    start += chunk.length;
    if (run.stopped) run.pending.push(...chunk);
    else await deleteChunk(work, chunk);
  }
  return run.outcome();
}

interface Batch {
  api: CloudflareApi;
  zoneId: string;
  run: DeleteRun;
  concurrency: number;
  /** Lowered when the API says a batch exceeds the zone's limit. */
  size: number;
}

/** Refusals a chunk may be re-sent after, before single deletes take over. */
const MAX_BATCH_TRIES = 6;

/**
 * One chunk, re-sent as long as each refusal says how to fix it: ids the API points at
 * as missing are dropped (already gone), a chunk over the zone's limit is split, and a
 * batch whose outcome is unknown (5xx, no answer) is settled by listing the zone once.
 * What no batch settles is deleted singly, so one bad item never blocks the rest.
 */
async function deleteChunk(work: Batch, chunk: string[]): Promise<void> {
  const { run } = work;
  const queue: string[][] = [chunk];
  let tries = 0;
  while (queue.length > 0) {
    const part = queue.shift() as string[];
    if (part.length === 0) continue;
    if (run.stopped) {
      run.pending.push(...part);
      continue;
    }
    if (part.length > work.size) {
      queue.unshift(...slices(part, work.size));
      continue;
    }
    if (tries >= MAX_BATCH_TRIES) {
      await deleteSingly(work, part);
      continue;
    }
    const again = await sendBatch(work, part);
    if (again.length > 0) tries += 1;
    queue.push(...again);
  }
}

/** Sends one batch; returns what is left to send again (empty when settled). */
async function sendBatch(work: Batch, part: string[]): Promise<string[][]> {
  const { api, zoneId, run } = work;
  let answer: CfAnswer<BatchResult>;
  try {
    answer = await api.batchRecords(zoneId, { deletes: part.map((id) => ({ id })) });
  } catch (error) {
    if (!(error instanceof VendorError)) throw error;
    if (error.status === 429) {
      run.pending.push(...part);
      run.stop(`rate limited beyond the wait budget: ${error.message}`);
      return [];
    }
    return [await stillPresent(work, part)];
  }
  if (answer.success) {
    // Trust what the answer says was deleted; anything it leaves out is settled singly.
    const confirmed = new Set((answer.result?.deletes ?? []).map((item) => item.id));
    run.deleted.push(...part.filter((id) => confirmed.has(id)));
    const unconfirmed = part.filter((id) => !confirmed.has(id));
    if (unconfirmed.length > 0) await deleteSingly(work, unconfirmed);
    return [];
  }
  if (answer.status === 401 || answer.status === 403) {
    // Refused for who is asking, not for what: single deletes would be refused alike.
    for (const id of part) run.fail(id, answer);
    run.stop(`the batch delete was refused: ${describeAnswer(answer)}`);
    return [];
  }
  const gone = pointedMissing(answer, part);
  if (gone.length > 0) {
    run.alreadyGone.push(...gone);
    return [part.filter((id) => !gone.includes(id))];
  }
  if (answerIs(answer, 400, [1004]) && part.length > 1) {
    work.size = smallerBatch(answer, part.length);
    return [part.slice(0, work.size), part.slice(work.size)];
  }
  // A refusal that names nothing: single deletes find the item at fault.
  await deleteSingly(work, part);
  return [];
}

/**
 * After a batch whose outcome is unknown: one listing says which records it removed (as
 * deleted) and which are still there (to send again). A failed listing leaves it to
 * single deletes, where a removed record answers 81044 and counts as gone.
 */
async function stillPresent(work: Batch, part: string[]): Promise<string[]> {
  let present: Set<string>;
  try {
    present = new Set((await listAllRecords(work.api, work.zoneId)).map((record) => record.id));
  } catch (error) {
    if (!(error instanceof VendorError) && !(error instanceof ListingIncompleteError)) throw error;
    await deleteSingly(work, part);
    return [];
  }
  work.run.deleted.push(...part.filter((id) => !present.has(id)));
  return part.filter((id) => present.has(id));
}

async function deleteSingly(work: Batch, ids: string[]): Promise<void> {
  const { api, zoneId, run } = work;
  const started = await forEachLimited(
    ids,
    work.concurrency,
    (id) => deleteOne(api, zoneId, id, run),
    () => run.stopped,
  );
  run.pending.push(...ids.slice(started));
}

async function deleteOne(
  api: CloudflareApi,
  zoneId: string,
  id: string,
  run: DeleteRun,
): Promise<void> {
  let answer: CfAnswer<unknown>;
  try {
    answer = await api.deleteRecord(zoneId, id);
  } catch (error) {
    if (!(error instanceof VendorError)) throw error;
    run.pending.push(id);
    run.stop(`a delete could not be completed: ${error.message}`);
    return;
  }
  if (answer.success) run.deleted.push(id);
  else if (answerIs(answer, 404, [81044])) run.alreadyGone.push(id);
  else {
    run.fail(id, answer);
    if (answer.status === 401 || answer.status === 403) {
      run.stop(`a delete was refused: ${describeAnswer(answer)}`);
    }
  }
}
