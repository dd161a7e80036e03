/**
 * `tend sync` without its output: select what to sync, read every store once, plan,
 * verify what would be pushed, and with `apply` write it, all under the ledger's `sync`
 * lock so that two syncs never interleave their writes and records.
 */
import type { RunContext } from '../core/context.js';
import { UserError } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import type { Manifest, ResolvedCredential } from '../core/manifest/load.js';
import type { SecretValue } from '../core/secret.js';
import { describeHolder, type Ledger, type LockHolder } from '../ledger/index.js';
import { readStores } from '../check/listings.js';
import { applyPlan } from './apply.js';
import { gateOnVerification } from './gate.js';
import { keyScope, readFingerprintKey, type KeyRead } from './key.js';
import { planSync, type PlanItem, type PlannedPush } from './plan.js';
import { strayFindings } from '../check/strays.js';

export const SYNC_LOCK = 'sync';

export interface SyncOptions {
  only?: string[] | undefined;
  mirrors?: string[] | undefined;
  apply: boolean;
  force: boolean;
  /** How long `--apply` waits for another sync to finish. */
  waitMs: number;
}

export interface SyncRun {
  ledger: Ledger;
  /** The ledger's id of this run, which each recorded push names. */
  runId: string;
}

export interface SyncResult {
  applied: boolean;
  plan: PlanItem[];
  findings: Finding[];
}

export async function runSync(
  ctx: RunContext,
  manifest: Manifest,
  run: SyncRun,
  options: SyncOptions,
): Promise<SyncResult> {
  const credentials = selectTargets(manifest, options);
  if (!options.apply) {
    const { pushes, findings } = await prepare(ctx, manifest, run.ledger, credentials, options);
    return { applied: false, plan: pushes.map((push) => push.item), findings };
  }
  const lock = {
    command: 'sync',
    waitMs: options.waitMs,
    onWait: (holder: LockHolder | undefined) =>
      ctx.log.info(
        `waiting up to ${Math.round(options.waitMs / 1000)}s for the ledger lock ` +
          `"${SYNC_LOCK}", held by ${describeHolder(holder)}`,
      ),
  };
  // The plan is made inside the lock: a sync that waited plans from what the other wrote.
  return run.ledger.withLock(SYNC_LOCK, lock, async () => {
    const { ledger, runId } = run;
    const { pushes, findings, key } = await prepare(ctx, manifest, ledger, credentials, options);
    const failures = await applyPlan({ ctx, ledger, runId, key: key as SecretValue, pushes });
    const plan = pushes.map((push) => push.item);
    return { applied: true, plan, findings: [...findings, ...failures] };
  });
}

interface Prepared {
  pushes: PlannedPush[];
  findings: Finding[];
  /** Always set when applying: applying without a key is refused before any write. */
  key: SecretValue | undefined;
}

async function prepare(
  ctx: RunContext,
  manifest: Manifest,
  ledger: Ledger,
  credentials: ResolvedCredential[],
  options: SyncOptions,
): Promise<Prepared> {
  const reads = await readStores(ctx, manifest, credentials, [keyScope(manifest)]);
  const read = await readFingerprintKey(ctx, manifest, reads);
  if (options.apply && read.status !== 'found') throw noKey(read);
  if (read.status === 'unreadable') {
    ctx.log.warn(`the fingerprint key ${read.where} could not be read: ${read.error.message}`);
  }
  const key = read.status === 'found' ? read.key : undefined;
  const plan = await planSync({ credentials, reads, ledger, key });
  const mirrors = [...new Set(credentials.flatMap((c) => c.mirrors.map((t) => t.mirror)))];
  // As in `tend check`: a run narrowed with --only judges no strays.
  const strays = options.only ? [] : strayFindings(manifest, mirrors, reads);
  const verdicts = await gateOnVerification({ ctx, pushes: plan.pushes, force: options.force });
  return { pushes: plan.pushes, findings: [...plan.findings, ...verdicts, ...strays], key };
}

/** The credentials to sync, each with only the mirror targets this run covers. */
function selectTargets(manifest: Manifest, options: SyncOptions): ResolvedCredential[] {
  const unknownCredentials = (options.only ?? []).filter((name) => !manifest.credential(name));
  if (unknownCredentials.length > 0) {
    throw new UserError(`not declared in ${manifest.path}: ${unknownCredentials.join(', ')}`, {
      fix: `Name credentials the manifest declares: ${credentialNames(manifest)}.`,
    });
  }
  const declaredMirrors = Object.keys(manifest.data.mirrors);
  const unknownMirrors = (options.mirrors ?? []).filter((name) => !declaredMirrors.includes(name));
  if (unknownMirrors.length > 0) {
    throw new UserError(`no mirror named ${unknownMirrors.join(', ')} in ${manifest.path}`, {
      fix: `Name mirrors the manifest declares: ${declaredMirrors.join(', ') || '(none)'}.`,
    });
  }
  const only = options.only && new Set(options.only);
  const mirrors = options.mirrors && new Set(options.mirrors);
  return manifest.credentials
    .filter((credential) => !only || only.has(credential.name))
    .map((credential) => ({
      ...credential,
      mirrors: credential.mirrors.filter((target) => !mirrors || mirrors.has(target.mirror)),
    }))
    .filter((credential) => credential.mirrors.length > 0);
}

function noKey(read: Exclude<KeyRead, { status: 'found' }>): UserError {
  if (read.status === 'missing') {
    return new UserError(
      `the fingerprint key ${read.where} does not exist, so tend could not record what it ` +
        'pushes; nothing was written',
      { fix: 'Run `tend init` to create it, then run `tend sync --apply` again.' },
    );
  }
  return new UserError(
    `the fingerprint key ${read.where} could not be read, so tend could not record what it ` +
      `pushes; nothing was written: ${read.error.message}`,
    { fix: `Make ${read.error.store} readable (see the message), then run again.` },
  );
}

function credentialNames(manifest: Manifest): string {
  return manifest.credentials.map((credential) => credential.name).join(', ');
}
