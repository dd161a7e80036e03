/**
 * Judges one credential from the listings already read: present in its source, present
 * and equal in every mirror (and in the job's environment with `--env`), and valid at
 * its vendor. Every copy that could not be judged says so; nothing is skipped silently.
 */
import { finding, type Finding } from '../core/findings.js';
import type { ResolvedCredential } from '../core/manifest/load.js';
import type { SecretValue } from '../core/secret.js';
import { SecretRefError } from '../core/manifest/refs.js';
import type { ResolvedZone } from '../providers/cloudflare/index.js';
import { findEntry, type StoreError } from '../core/store.js';
import type { ListingOutcome, StoreReads } from './listings.js';

/** The store name findings use for the environment of the job that runs `check --env`. */
export const JOB_ENV_STORE = 'env';

export interface ValueCopy {
  /** 'source', 'env', or a mirror's name. */
  copy: string;
  value: SecretValue;
}

export interface VerifyOutcome {
  healthy: boolean;
  findings: Finding[];
  /** The zone the verification resolved, so later steps need not look it up again. */
  zone?: ResolvedZone;
}

export type VerifyValue = (
  credential: ResolvedCredential,
  copy: ValueCopy,
) => Promise<VerifyOutcome>;

export interface CredentialStatus {
  name: string;
  healthy: boolean;
  inSource: boolean | undefined;
  /** Mirror name → present (true/false) or unknown (the mirror could not be read). */
  mirrors: Record<string, boolean | undefined>;
  /** Copies whose value was checked at the vendor, and whether it passed. */
  verified: { copy: string; healthy: boolean }[];
}

export interface JudgeInput {
  credential: ResolvedCredential;
  reads: StoreReads;
  /** The job's value with `--env`, or null when --env names it but the job lacks it. */
  jobValue: SecretValue | null | undefined;
  verify: VerifyValue;
}

export interface Judgement {
  findings: Finding[];
  status: CredentialStatus;
  /** The values judged, for the ledger checks; never part of any output. */
  sourceValue: SecretValue | undefined;
  jobValue: SecretValue | undefined;
  /** The zone a passing verification resolved, if any. */
  zone: ResolvedZone | undefined;
}

export async function judgeCredential(input: JudgeInput): Promise<Judgement> {
  const { credential, reads } = input;
  const findings: Finding[] = [];
  const status: CredentialStatus = {
    name: credential.name,
    healthy: false,
    inSource: undefined,
    mirrors: {},
    verified: [],
  };
  const sourceValue = judgeSource(credential, reads.source(credential), findings, status);
  const readableCopies = judgeMirrors(input, sourceValue, findings, status);
  const jobCopy = judgeJobEnv(input, sourceValue, findings);
  let zone: ResolvedZone | undefined;
  if (credential.verify) {
    const candidates = chooseCopiesToVerify(sourceValue, jobCopy, readableCopies);
    if (candidates.length === 0) {
      findings.push(unverifiedFinding(credential, status));
    }
    for (const copy of candidates) {
      const outcome = await input.verify(credential, copy);
      status.verified.push({ copy: copy.copy, healthy: outcome.healthy });
      findings.push(...outcome.findings);
      if (outcome.healthy) zone ??= outcome.zone;
    }
  }
  status.healthy = !findings.some((item) => item.severity === 'error');
  return { findings, status, sourceValue, jobValue: jobCopy?.value, zone };
}

function judgeSource(
  credential: ResolvedCredential,
  outcome: ListingOutcome,
  findings: Finding[],
  status: CredentialStatus,
): SecretValue | undefined {
  const where = describeScope(credential.source, credential.sourcePath);
  if (!outcome.ok) {
    findings.push(storeFailure(credential.name, outcome.error, where));
    return undefined;
  }
  const entry = outcome.listing.entries.get(credential.name);
  status.inSource = entry !== undefined;
  if (!entry) {
    findings.push(
      finding({
        credential: credential.name,
        store: credential.source,
        class: 'missing-in-source',
        message: `${credential.name} is not in the source ${where}, so it cannot be rotated there`,
        fix:
          `Create ${credential.name} in ${where}, then run ` +
          `\`tend sync --apply --only ${credential.name}\`.`,
      }),
    );
    return undefined;
  }
  return entry.value;
}

function judgeMirrors(
  input: JudgeInput,
  sourceValue: SecretValue | undefined,
  findings: Finding[],
  status: CredentialStatus,
): ValueCopy[] {
  const { credential, reads } = input;
  const readable: ValueCopy[] = [];
  const holders = credential.mirrors
    .filter((target) => {
      const outcome = reads.mirror(target.mirror);
      return outcome.ok && findEntry(outcome.listing, target.as) !== undefined;
    })
    .map((target) => target.mirror);
  for (const target of credential.mirrors) {
    const outcome = reads.mirror(target.mirror);
    if (!outcome.ok) {
      status.mirrors[target.mirror] = undefined;
      findings.push(storeFailure(credential.name, outcome.error, `mirror ${target.mirror}`));
      continue;
    }
    const entry = findEntry(outcome.listing, target.as);
    status.mirrors[target.mirror] = entry !== undefined;
    const named =
      target.as === credential.name ? credential.name : `${credential.name} (as ${target.as})`;
    if (!entry) {
      const elsewhere = holders.length > 0 ? ` (present in ${holders.join(', ')})` : '';
      findings.push(
        finding({
          credential: credential.name,
          store: target.mirror,
          class: 'missing-in-mirror',
          message: `${named} is not in the mirror ${target.mirror}${elsewhere}`,
          fix: sourceValue
            ? `Run \`tend sync --apply --only ${credential.name} --mirror ${target.mirror}\`.`
            : `Put ${credential.name} in its source first, then run \`tend sync --apply\`.`,
        }),
      );
      continue;
    }
    if (!entry.value) continue;
    readable.push({ copy: target.mirror, value: entry.value });
    if (sourceValue && !entry.value.equals(sourceValue)) {
      findings.push(mismatch(credential.name, target.mirror, `the mirror ${target.mirror}`));
    }
  }
  return readable;
}

function judgeJobEnv(
  input: JudgeInput,
  sourceValue: SecretValue | undefined,
  findings: Finding[],
): ValueCopy | undefined {
  const { credential, jobValue } = input;
  if (jobValue === undefined) return undefined;
  if (jobValue === null || jobValue.isEmpty()) {
    findings.push(
      finding({
        credential: credential.name,
        store: JOB_ENV_STORE,
        class: 'missing-in-mirror',
        message:
          `${credential.name} is ${jobValue === null ? 'not set' : 'empty'} ` +
          "in this job's environment",
        fix: `Pass ${credential.name} to the job from its CI secrets, then re-run.`,
      }),
    );
    return undefined;
  }
  if (sourceValue && !jobValue.equals(sourceValue)) {
    findings.push(mismatch(credential.name, JOB_ENV_STORE, "this job's environment"));
  }
  return { copy: JOB_ENV_STORE, value: jobValue };
}

/**
 * The distinct values worth asking the vendor about: the job's own value first (it is
 * what the job will use), then the source's, then readable mirrors' when the source
 * has none. Equal values are asked about once.
 */
function chooseCopiesToVerify(
  sourceValue: SecretValue | undefined,
  jobCopy: ValueCopy | undefined,
  readableCopies: ValueCopy[],
): ValueCopy[] {
  const ordered: ValueCopy[] = [];
  if (jobCopy) ordered.push(jobCopy);
  if (sourceValue) ordered.push({ copy: 'source', value: sourceValue });
  else ordered.push(...readableCopies);
  return ordered.filter(
    (copy, index) => ordered.findIndex((other) => other.value.equals(copy.value)) === index,
  );
}

function unverifiedFinding(credential: ResolvedCredential, status: CredentialStatus): Finding {
  const writeOnly = Object.entries(status.mirrors)
    .filter(([, present]) => present === true)
    .map(([mirror]) => mirror);
  const sourceState = status.inSource === undefined ? 'the source could not be read and ' : '';
  const why =
    writeOnly.length > 0
      ? `${sourceState}its only other copies (${writeOnly.join(', ')}) are write-only`
      : `${sourceState}no copy of it could be read`;
  return finding({
    credential: credential.name,
    store: credential.source,
    class: 'unverified',
    message: `${credential.name} could not be checked at the vendor: ${why}`,
    fix:
      `Put ${credential.name} in the source, or run \`tend check --env ${credential.name}\` ` +
      'inside the job that uses it.',
  });
}

function mismatch(credential: string, store: string, where: string): Finding {
  return finding({
    credential,
    store,
    class: 'value-mismatch',
    message: `${credential} in ${where} differs from the source value`,
    fix: `Run \`tend sync --apply --only ${credential}\` (or fix ${where} by hand).`,
  });
}

/** A store that could not be read, as a finding about one credential. */
export function storeFailure(credential: string, error: StoreError, where: string): Finding {
  const auth = error.kind === 'auth';
  const unset = error.cause instanceof SecretRefError ? error.cause : undefined;
  return finding({
    credential,
    store: error.store,
    class: auth ? 'store-auth-failed' : 'store-unreachable',
    message: `${where} could not be read: ${error.message}`,
    fix: unset
      ? `Provide what the manifest names for ${error.store} (${unset.message}).`
      : auth
        ? `Renew the credential tend uses for ${error.store} (see its token/auth field).`
        : `Check ${error.store}'s URL or path in the manifest and whether it is up, then re-run.`,
  });
}

function describeScope(store: string, path: string | undefined): string {
  return path ? `${store}:${path}` : store;
}
