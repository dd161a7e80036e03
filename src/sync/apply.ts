/**
 * Writes the plan's creates and updates to the mirrors, every mirror at once and a few
 * writes at a time within each (bounded, to stay inside vendors' rate limits), and
 * records each push in the ledger right after the mirror accepted it, never before. A
 * failure is reported and the rest goes on. An env file gets all of its values in one
 * atomic rewrite.
 */
import { DEFAULT_CONCURRENCY, forEachLimited } from '../core/concurrency.js';
import type { RunContext } from '../core/context.js';
import { VendorError } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import type { SecretValue } from '../core/secret.js';
import { StoreError, type PutOutcome, type SecretStore } from '../core/store.js';
import type { Ledger } from '../ledger/index.js';
import type { EnvfileStore } from '../providers/envfile/store.js';
import { notRecorded, pushFailed } from './findings.js';
import { wouldWrite } from './gate.js';
import type { PlannedPush } from './plan.js';

export interface ApplyInput {
  ctx: RunContext;
  ledger: Ledger;
  runId: string;
  key: SecretValue;
  pushes: PlannedPush[];
}

/** A push that is ready to write: it has a value and a writable store. */
interface Write extends PlannedPush {
  value: SecretValue;
  store: WritableStore;
}

type WritableStore = SecretStore & { put: NonNullable<SecretStore['put']> };

export async function applyPlan(input: ApplyInput): Promise<Finding[]> {
  const groups = byMirror(input.pushes);
  const perMirror = await Promise.all(
    groups.map(async (writes) => {
      const store = (writes[0] as Write).store;
      if (isBatchStore(store)) {
        const findings: Finding[] = [];
        await writeBatch(input, store, writes, findings);
        return findings;
      }
      // Findings keep the plan's order whatever order the writes finish in.
      const each: Finding[][] = writes.map(() => []);
      await forEachLimited(writes, DEFAULT_CONCURRENCY, (write, index) =>
        writeOne(input, write, each[index] as Finding[]),
      );
      return each.flat();
    }),
  );
  return perMirror.flat();
}

async function writeOne(input: ApplyInput, write: Write, findings: Finding[]): Promise<void> {
  let outcome: PutOutcome;
  try {
    outcome = await write.store.put(write.item.target, write.value, undefined);
  } catch (error) {
    failed(write, error, findings);
    return;
  }
  await recorded(input, write, outcome, findings);
}

/** One rewrite of the env file for all of its values: it is either old or new, never torn. */
async function writeBatch(
  input: ApplyInput,
  store: EnvfileStore,
  writes: Write[],
  findings: Finding[],
): Promise<void> {
  let outcomes: Map<string, PutOutcome>;
  try {
    outcomes = await store.putMany(writes.map((w) => ({ name: w.item.target, value: w.value })));
  } catch (error) {
    for (const write of writes) failed(write, error, findings);
    return;
  }
  for (const write of writes) {
    await recorded(input, write, outcomes.get(write.item.target) ?? 'updated', findings);
  }
}

async function recorded(
  input: ApplyInput,
  write: Write,
  outcome: PutOutcome,
  findings: Finding[],
): Promise<void> {
  write.item.result = outcome;
  try {
    await input.ledger.recordPush({
      runId: input.runId,
      credential: write.credential.name,
      mirror: write.item.mirror,
      target: write.item.target,
      fingerprint: write.value.fingerprint(input.key),
      at: input.ctx.now(),
    });
  } catch (error) {
    findings.push(notRecorded(write.credential.name, write.item.mirror, messageOf(error)));
  }
}

function failed(write: Write, error: unknown, findings: Finding[]): void {
  if (!(error instanceof StoreError) && !(error instanceof VendorError)) throw error;
  write.item.result = 'failed';
  findings.push(pushFailed(write.credential.name, write.item.mirror, error.message));
}

function byMirror(pushes: PlannedPush[]): Write[][] {
  const groups = new Map<string, Write[]>();
  for (const push of pushes) {
    if (!wouldWrite(push) || !push.value || !push.store?.put) continue;
    const write = push as Write;
    const group = groups.get(push.item.mirror);
    if (group) group.push(write);
    else groups.set(push.item.mirror, [write]);
  }
  return [...groups.values()];
}

function isBatchStore(store: SecretStore): store is EnvfileStore {
  return typeof (store as Partial<EnvfileStore>).putMany === 'function';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
