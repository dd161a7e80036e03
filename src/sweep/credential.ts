/**
 * Where a sweep's credential comes from: the environment variable of the credential's
 * name when it is set (the hourly job gets the token as a CI secret), else the source of
 * truth. The sweep says which it used; without either it stops with a finding.
 */
import { readStores } from '../check/listings.js';
import type { RunContext } from '../core/context.js';
import { finding, type Finding } from '../core/findings.js';
import type { Manifest, ResolvedCredential } from '../core/manifest/load.js';
import { SecretValue } from '../core/secret.js';

export type CredentialValue =
  /** `copy` names the copy for findings (`env` or `source`); `from` says it in words. */
  | { found: true; value: SecretValue; copy: 'env' | 'source'; from: string }
  | { found: false; findings: Finding[] };

export async function sweepCredential(
  ctx: RunContext,
  manifest: Manifest,
  credential: ResolvedCredential,
): Promise<CredentialValue> {
  const fromEnv = ctx.env[credential.name];
  if (fromEnv !== undefined && fromEnv !== '') {
    const value = SecretValue.load(fromEnv, ctx.redactor);
    return { found: true, value, copy: 'env', from: `${credential.name} from the environment` };
  }
  // Only the source is read: a sweep has no business with the mirrors.
  const reads = await readStores(ctx, manifest, [{ ...credential, mirrors: [] }]);
  const outcome = reads.source(credential);
  const where = credential.sourcePath
    ? `${credential.source}:${credential.sourcePath}`
    : credential.source;
  if (!outcome.ok) {
    const auth = outcome.error.kind === 'auth';
    return notFound(credential, [
      finding({
        credential: credential.name,
        store: outcome.error.store,
        class: auth ? 'store-auth-failed' : 'store-unreachable',
        message: `the source ${where} could not be read: ${outcome.error.message}`,
      }),
    ]);
  }
  const value = outcome.listing.entries.get(credential.name)?.value;
  if (value === undefined || value.isEmpty()) {
    return notFound(credential, [
      finding({
        credential: credential.name,
        store: credential.source,
        class: 'missing-in-source',
        message: `${credential.name} is not set in the environment nor in the source ${where}`,
        fix: `Pass ${credential.name} to the job from its CI secrets, or create it in ${where}.`,
      }),
    ]);
  }
  const from = `${credential.name} from the source ${where}`;
  return { found: true, value, copy: 'source', from };
}

function notFound(credential: ResolvedCredential, findings: Finding[]): CredentialValue {
  const unverified = finding({
    credential: credential.name,
    store: credential.source,
    class: 'unverified',
    message:
      `${credential.name} could not be had, so the sweep cannot check it ` + 'and deletes nothing',
    fix: `Set ${credential.name} in the job's environment, or make it readable in its source.`,
  });
  return { found: false, findings: [...findings, unverified] };
}
