/**
 * `tend check` without its output: select credentials, read every store once, judge
 * each credential, and return the findings in manifest order.
 */
import type { RunContext } from '../core/context.js';
import { UserError } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import type { Manifest, ResolvedCredential } from '../core/manifest/load.js';
import { SecretValue } from '../core/secret.js';
import { CloudflareVerdictCache, verifyCloudflareToken } from '../providers/cloudflare/index.js';
import { judgeCredential, type CredentialStatus, type VerifyValue } from './judge.js';
import { readStores } from './listings.js';

export interface CheckOptions {
  /** Narrow the run to these credentials. */
  only?: string[];
  /** Credentials to check as this job's environment holds them. */
  env?: string[];
}

export interface CheckResult {
  findings: Finding[];
  credentials: CredentialStatus[];
}

export async function runCheck(
  ctx: RunContext,
  manifest: Manifest,
  options: CheckOptions,
): Promise<CheckResult> {
  const envNames = new Set(options.env ?? []);
  const selected = selectCredentials(manifest, options.only, envNames);
  const reads = await readStores(ctx, manifest, selected);
  const verify = cachedVerifier(ctx);
  const judged = await Promise.all(
    selected.map((credential) =>
      judgeCredential({
        credential,
        reads,
        jobValue: envNames.has(credential.name) ? jobValue(ctx, credential.name) : undefined,
        verify,
      }),
    ),
  );
  return {
    findings: judged.flatMap((item) => item.findings),
    credentials: judged.map((item) => item.status),
  };
}

function selectCredentials(
  manifest: Manifest,
  only: string[] | undefined,
  envNames: Set<string>,
): ResolvedCredential[] {
  const unknown = [...(only ?? []), ...envNames].filter((name) => !manifest.credential(name));
  if (unknown.length > 0) {
    throw new UserError(`not declared in ${manifest.path}: ${[...new Set(unknown)].join(', ')}`, {
      fix: `Name credentials the manifest declares: ${manifest.credentials.map((c) => c.name).join(', ')}.`,
    });
  }
  if (!only || only.length === 0) return manifest.credentials;
  const wanted = new Set([...only, ...envNames]);
  return manifest.credentials.filter((credential) => wanted.has(credential.name));
}

/** The job's value, registered for redaction the moment it is read; null when unset. */
function jobValue(ctx: RunContext, name: string): SecretValue | null {
  const value = ctx.env[name];
  return value === undefined ? null : SecretValue.load(value, ctx.redactor);
}

/** Asks the vendor once per distinct value and verify block, however many copies hold it. */
function cachedVerifier(ctx: RunContext): VerifyValue {
  const cache = new CloudflareVerdictCache(ctx);
  return async (credential, copy) => {
    if (!credential.verify) return { healthy: true, findings: [] };
    return verifyCloudflareToken({
      credential: credential.name,
      copy: copy.copy,
      value: copy.value,
      config: credential.verify,
      ctx,
      cache,
    });
  };
}
