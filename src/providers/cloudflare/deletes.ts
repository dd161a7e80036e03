/**
 * Deleting DNS records kindly: the batch endpoint in chunks the plan allows, single
 * deletes (a few at a time) only to isolate what a refused batch objected to, a record
 * already gone counted as done, and a clean stop when the API keeps answering 429.
 */
import { forEachLimited } from '../../core/concurrency.js';
import { VendorError } from '../../core/errors.js';
import { describeAnswer, errorCodes, type CfAnswer, type CloudflareApi } from './api.js';
import type { BatchResult } from './schema.js';
import { answerIs } from './answers.js';
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
  for (let start = 0; start < unique.length; start += size) {
    const chunk = unique.slice(start, start + size);
    if (run.stopped) run.pending.push(...chunk);
    else await deleteChunk(api, zoneId, chunk, run, concurrency);
  }
  return run.outcome();
}

async function deleteChunk(
  api: CloudflareApi,
  zoneId: string,
  chunk: string[],
  run: DeleteRun,
  concurrency: number,
): Promise<void> {
  let answer: CfAnswer<BatchResult>;
  try {
    answer = await api.batchRecords(zoneId, { deletes: chunk.map((id) => ({ id })) });
  } catch (error) {
    if (!(error instanceof VendorError)) throw error;
    if (error.status === 429) {
      run.pending.push(...chunk);
      run.stop(`rate limited beyond the wait budget: ${error.message}`);
      return;
    }
    // 5xx or no answer: whether the batch ran is unknown. Single deletes settle it,
    // since a record the batch did remove answers 81044 and counts as gone.
    return deleteSingly(api, zoneId, chunk, run, concurrency);
  }
  if (answer.success) {
    // Trust what the answer says was deleted; anything it leaves out is settled singly.
    const confirmed = new Set((answer.result?.deletes ?? []).map((item) => item.id));
    run.deleted.push(...chunk.filter((id) => confirmed.has(id)));
    const unconfirmed = chunk.filter((id) => !confirmed.has(id));
    if (unconfirmed.length > 0) await deleteSingly(api, zoneId, unconfirmed, run, concurrency);
    return;
  }
  if (answer.status === 401 || answer.status === 403) {
    // Refused for who is asking, not for what: single deletes would be refused alike.
    for (const id of chunk) run.fail(id, answer);
    run.stop(`the batch delete was refused: ${describeAnswer(answer)}`);
    return;
  }
  // Batches run in one transaction: one bad item refuses all. Singles find which.
  return deleteSingly(api, zoneId, chunk, run, concurrency);
}

async function deleteSingly(
  api: CloudflareApi,
  zoneId: string,
  ids: string[],
  run: DeleteRun,
  concurrency: number,
): Promise<void> {
  const started = await forEachLimited(
    ids,
    concurrency,
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
