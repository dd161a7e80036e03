/**
 * What the ledger adds to a check of write-only mirrors, which never give a value back:
 * whether tend pushed what they hold (`unknown-provenance`), whether the source moved on
 * since (`stale-in-mirror`), whether a job saw a value tend never pushed
 * (`changed-outside`), and what they hold that nobody declared (`stray-in-mirror`).
 */
import { findEntry } from '../core/store.js';
import { foreignObservation } from '../runs/observations.js';
import type { RunContext } from '../core/context.js';
import { finding, type Finding } from '../core/findings.js';
import type { Manifest, MirrorTarget, ResolvedCredential } from '../core/manifest/load.js';
import type { SecretValue } from '../core/secret.js';
import type { Ledger } from '../ledger/index.js';
import type { StoreReads } from './listings.js';
import { strayFindings } from './strays.js';

export interface JudgedValues {
  credential: ResolvedCredential;
  source: SecretValue | undefined;
  job: SecretValue | undefined;
}

export interface LedgerCheckInput {
  ctx: RunContext;
  manifest: Manifest;
  reads: StoreReads;
  ledger: Ledger;
  runId: string;
  key: SecretValue | undefined;
  keyName: string;
  judged: JudgedValues[];
  /** The mirror the job's environment was filled from (`--from`), when given. */
  envFrom: string | undefined;
  /** False when `--only` narrowed the run: strays are then not judged. */
  wholeManifest: boolean;
}

export async function ledgerFindings(input: LedgerCheckInput): Promise<Finding[]> {
  const findings: Finding[] = [];
  let keyNeeded = false;
  for (const item of input.judged) {
    await recordObservation(input, item);
    for (const target of writeOnlyHolders(input, item.credential)) {
      const outcome = await judgeTarget(input, item, target);
      findings.push(...outcome.findings);
      keyNeeded ||= outcome.keyNeeded;
    }
  }
  if (keyNeeded && !input.key) findings.push(missingKey(input));
  if (input.wholeManifest) {
    const mirrors = Object.keys(input.manifest.data.mirrors);
    findings.push(...strayFindings(input.manifest, mirrors, input.reads));
  }
  return findings;
}

/** Mirror targets of a credential that are write-only and hold its name. */
function writeOnlyHolders(input: LedgerCheckInput, credential: ResolvedCredential): MirrorTarget[] {
  return credential.mirrors.filter((target) => {
    const outcome = input.reads.mirror(target.mirror);
    if (!outcome.ok || outcome.store.readable) return false;
    return findEntry(outcome.listing, target.as) !== undefined;
  });
}

async function judgeTarget(
  input: LedgerCheckInput,
  item: JudgedValues,
  target: MirrorTarget,
): Promise<{ findings: Finding[]; keyNeeded: boolean }> {
  const name = item.credential.name;
  const last = await input.ledger.lastPush(name, target.mirror, target.as);
  if (!last) {
    const findings = [
      finding({
        credential: name,
        store: target.mirror,
        class: 'unknown-provenance',
        message: `${target.mirror} has ${target.as}, but tend has no record of pushing it`,
        fix: `Run \`tend sync --apply --only ${name} --mirror ${target.mirror}\`.`,
      }),
    ];
    return { findings, keyNeeded: false };
  }
  if (!input.key) return { findings: [], keyNeeded: true };
  const findings: Finding[] = [];
  if (item.source && item.source.fingerprint(input.key) !== last.fingerprint) {
    findings.push(
      finding({
        credential: name,
        store: target.mirror,
        class: 'stale-in-mirror',
        message:
          `the source value of ${name} changed after tend last pushed it to ${target.mirror} ` +
          `(${last.at.toISOString()})`,
        fix: `Run \`tend sync --apply --only ${name} --mirror ${target.mirror}\`.`,
      }),
    );
  }
  const outside = await changedOutside(input, name, target, last.at);
  if (outside) findings.push(outside);
  return { findings, keyNeeded: false };
}

async function changedOutside(
  input: LedgerCheckInput,
  credential: string,
  target: MirrorTarget,
  lastPushAt: Date,
): Promise<Finding | undefined> {
  const foreign = await foreignObservation(input.ledger, credential, target, lastPushAt);
  if (!foreign) return undefined;
  const job = foreign.job ? `job ${foreign.job}` : 'a job';
  return finding({
    credential,
    store: target.mirror,
    class: 'changed-outside',
    message:
      `${job} saw a value of ${credential} from ${target.mirror} at ` +
      `${foreign.at.toISOString()} that tend never pushed`,
    fix: `Find who changed ${target.mirror}, then run \`tend sync --apply --only ${credential}\`.`,
  });
}

/** With `--env`, remember the fingerprint of what this job really received. */
async function recordObservation(input: LedgerCheckInput, item: JudgedValues): Promise<void> {
  if (!item.job || !input.key) return;
  const from = observedMirror(input, item.credential);
  if (!from) {
    input.ctx.log.warn(
      `not recording what the job saw of ${item.credential.name}: it has several write-only ` +
        'mirrors; pass --from MIRROR to say which one fills this job',
    );
    return;
  }
  await input.ledger.recordObservation({
    runId: input.runId,
    credential: item.credential.name,
    mirror: from.mirror,
    target: from.as,
    fingerprint: item.job.fingerprint(input.key),
    at: new Date(),
    ...(jobName(input.ctx.env) ? { job: jobName(input.ctx.env) as string } : {}),
  });
}

function observedMirror(
  input: LedgerCheckInput,
  credential: ResolvedCredential,
): MirrorTarget | undefined {
  if (input.envFrom) return credential.mirrors.find((target) => target.mirror === input.envFrom);
  const candidates = credential.mirrors.filter((target) => {
    const outcome = input.reads.mirror(target.mirror);
    return outcome.ok && !outcome.store.readable;
  });
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Names the CI job in the ledger: GitHub and Gitea Actions set the same variables. */
function jobName(env: NodeJS.ProcessEnv): string | undefined {
  const parts = [env.GITHUB_REPOSITORY, env.GITHUB_WORKFLOW, env.GITHUB_RUN_ID].filter(Boolean);
  return parts.length > 0 ? parts.join('/') : undefined;
}

function missingKey(input: LedgerCheckInput): Finding {
  return finding({
    store: 'ledger',
    class: 'fingerprint-key-missing',
    message:
      `the fingerprint key ${input.keyName} is not in the source, so tend cannot tell whether ` +
      'write-only mirrors hold what it pushed',
    fix: 'Run `tend init` to create the key in the source.',
  });
}
