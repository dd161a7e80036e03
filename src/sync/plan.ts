/**
 * What `tend sync` would write: per credential and mirror target, create, update or
 * nothing, with the reason. A readable mirror is compared by value. A write-only mirror
 * (Gitea, GitHub) never gives its value back, so its copy is judged by the ledger: the
 * keyed fingerprint of the source value against the one tend recorded at its last push.
 */
import { foreignObservation } from '../runs/observations.js';
import type { Finding } from '../core/findings.js';
import type { ResolvedCredential, MirrorTarget } from '../core/manifest/load.js';
import type { SecretValue } from '../core/secret.js';
import { findEntry, StoreError, type SecretStore, type StoreListing } from '../core/store.js';
import type { Ledger } from '../ledger/index.js';
import { formatUtc } from '../ledger/time.js';
import type { StoreReads } from '../check/listings.js';
import { storeFailure } from '../check/judge.js';
import { missingInSource } from './findings.js';

export type PlanAction = 'create' | 'update' | 'nothing' | 'skip';
export type PushResult = 'created' | 'updated' | 'failed' | 'refused';

/** One line of the plan, as the report and `--json` show it. */
export interface PlanItem {
  credential: string;
  mirror: string;
  /** The name the credential has inside the mirror. */
  target: string;
  action: PlanAction;
  reason: string;
  /** What `--apply` did; absent when nothing was attempted. */
  result?: PushResult;
}

/** A plan item with what writing it needs. Never serialised: it holds the value. */
export interface PlannedPush {
  item: PlanItem;
  credential: ResolvedCredential;
  value: SecretValue | undefined;
  store: SecretStore | undefined;
}

export interface PlanInput {
  credentials: ResolvedCredential[];
  reads: StoreReads;
  ledger: Ledger;
  /** Undefined when `tend init` has not created it (or it could not be read). */
  key: SecretValue | undefined;
}

export interface Plan {
  pushes: PlannedPush[];
  findings: Finding[];
}

export const NO_KEY_REASON = 'no key to compare; run `tend init`';

export async function planSync(input: PlanInput): Promise<Plan> {
  const pushes: PlannedPush[] = [];
  const findings: Finding[] = [];
  for (const credential of input.credentials) {
    const value = sourceValue(credential, input.reads, findings);
    for (const target of credential.mirrors) {
      const push = await planTarget(input, credential, target, value, findings);
      pushes.push(push);
    }
  }
  return { pushes, findings };
}

/** The source value, or the reason there is none (also added to `findings`). */
function sourceValue(
  credential: ResolvedCredential,
  reads: StoreReads,
  findings: Finding[],
): SecretValue | string {
  const { name, source, sourcePath } = credential;
  const where = sourcePath ? `${source}:${sourcePath}` : source;
  const outcome = reads.source(credential);
  if (!outcome.ok) {
    findings.push(storeFailure(name, outcome.error, `the source ${where}`));
    return `the source ${where} could not be read`;
  }
  const entry = outcome.listing.entries.get(name);
  if (entry === undefined) {
    findings.push(missingInSource(name, source, where));
    return `not in the source ${where}`;
  }
  if (entry.value === undefined) {
    const hidden = new StoreError(source, 'auth', `${where} hides the value of ${name} from tend`);
    findings.push(storeFailure(name, hidden, `the value of ${name} in ${where}`));
    return `the source ${where} hides its value`;
  }
  return entry.value;
}

async function planTarget(
  input: PlanInput,
  credential: ResolvedCredential,
  target: MirrorTarget,
  value: SecretValue | string,
  findings: Finding[],
): Promise<PlannedPush> {
  const item = (action: PlanAction, reason: string): PlanItem => ({
    credential: credential.name,
    mirror: target.mirror,
    target: target.as,
    action,
    reason,
  });
  const skipped = (reason: string): PlannedPush => ({
    item: item('skip', reason),
    credential,
    value: undefined,
    store: undefined,
  });
  if (typeof value === 'string') return skipped(value);
  const outcome = input.reads.mirror(target.mirror);
  if (!outcome.ok) {
    findings.push(storeFailure(credential.name, outcome.error, `the mirror ${target.mirror}`));
    return skipped(`the mirror ${target.mirror} could not be read`);
  }
  const { store, listing } = outcome;
  if (!store.put) return skipped(`tend cannot write to ${target.mirror}`);
  const decision = await decide(input, { credential, target, value, store, listing });
  return { item: item(decision.action, decision.reason), credential, value, store };
}

interface TargetState {
  credential: ResolvedCredential;
  target: MirrorTarget;
  value: SecretValue;
  store: SecretStore;
  listing: StoreListing;
}

interface Decision {
  action: PlanAction;
  reason: string;
}

async function decide(input: PlanInput, state: TargetState): Promise<Decision> {
  const entry = findEntry(state.listing, state.target.as);
  if (!entry) return { action: 'create', reason: `not in the mirror ${state.target.mirror}` };
  if (entry.value !== undefined) {
    return entry.value.equals(state.value)
      ? { action: 'nothing', reason: 'the mirror holds the source value' }
      : { action: 'update', reason: 'the mirror holds a different value' };
  }
  return compareWithLedger(input, state);
}

/** A write-only copy: what tend last pushed there, by keyed fingerprint. */
async function compareWithLedger(input: PlanInput, state: TargetState): Promise<Decision> {
  if (!input.key) return { action: 'update', reason: NO_KEY_REASON };
  const { credential, target, value } = state;
  const last = await input.ledger.lastPush(credential.name, target.mirror, target.as);
  if (!last) return { action: 'update', reason: 'tend has no record of what it holds' };
  if (last.fingerprint !== value.fingerprint(input.key)) {
    return { action: 'update', reason: 'the source changed since the last push' };
  }
  // A job saw a value here that tend never pushed (`changed-outside`): push again.
  const outside = await foreignObservation(input.ledger, credential.name, target, last.at);
  if (outside) {
    return {
      action: 'update',
      reason: `a job saw another value there on ${formatUtc(outside.at)}`,
    };
  }
  return { action: 'nothing', reason: `tend pushed this value on ${formatUtc(last.at)}` };
}
