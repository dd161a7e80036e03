/**
 * `tend check` without its output: select credentials, read every store once, judge
 * each credential, add what the ledger knows, and remember the run.
 */
import type { RunContext } from '../core/context.js';
import { UserError } from '../core/errors.js';
import { finding, type Finding } from '../core/findings.js';
import type { Manifest, ResolvedCredential } from '../core/manifest/load.js';
import { SecretValue } from '../core/secret.js';
import type { Ledger } from '../ledger/index.js';
import { CloudflareVerdictCache, verifyCloudflareToken } from '../providers/cloudflare/index.js';
import { fingerprintKeyLocation } from '../runs/fingerprint-key.js';
import {
  finishRun,
  openManifestLedger,
  startRun,
  streakFindings,
  type RecordedRun,
} from '../runs/recorder.js';
import { judgeCredential, type CredentialStatus, type VerifyValue } from './judge.js';
import { ledgerFindings } from './ledger-findings.js';
import { readStores, type StoreReads } from './listings.js';
import { sweepZoneQuotas, type ZoneUsage } from './quota.js';

export interface CheckOptions {
  /** Narrow the run to these credentials. */
  only?: string[];
  /** Credentials to check as this job's environment holds them. */
  env?: string[];
  /** The mirror that fills the job's environment, for recording what the job saw. */
  from?: string;
  /** The command line, for the ledger. */
  argv?: string[];
}

export interface CheckResult {
  findings: Finding[];
  credentials: CredentialStatus[];
  zones: ZoneUsage[];
  runId: string | undefined;
}

export async function runCheck(
  ctx: RunContext,
  manifest: Manifest,
  options: CheckOptions,
): Promise<CheckResult> {
  const envNames = new Set(options.env ?? []);
  const selected = selectCredentials(manifest, options.only, envNames);
  checkFrom(manifest, options.from, envNames);
  const keyAt = fingerprintKeyLocation(manifest);
  const [reads, history] = await Promise.all([
    readStores(ctx, manifest, selected, [{ source: keyAt.source, path: keyAt.path }]),
    openHistory(ctx, manifest, options.argv ?? []),
  ]);
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
  const findings = judged.flatMap((item) => item.findings);
  const quotas = await sweepZoneQuotas(
    ctx,
    manifest,
    new Map(judged.map((item) => [item.status.name, item])),
  );
  findings.push(...quotas.findings);
  if ('error' in history) {
    findings.push(history.error);
  } else {
    try {
      findings.push(
        ...(await ledgerFindings({
          ctx,
          manifest,
          reads,
          ledger: history.run.ledger,
          runId: history.run.id,
          key: fingerprintKey(reads, keyAt),
          keyName: keyAt.name,
          judged: judged.map((item, index) => ({
            credential: selected[index] as ResolvedCredential,
            source: item.sourceValue,
            job: item.jobValue,
          })),
          envFrom: options.from,
          wholeManifest: !options.only?.length,
        })),
      );
      findings.push(
        ...(await streakFindings(history.run, 'check', findings, manifest.data.failingStreak)),
      );
      const outcome = findings.some((item) => item.severity === 'error') ? 'failed' : 'ok';
      await finishRun(history.run, outcome, findings, { credentials: selected.length });
    } finally {
      await history.run.ledger.close();
    }
  }
  return {
    findings,
    credentials: judged.map((item) => item.status),
    zones: quotas.zones,
    runId: 'run' in history ? history.run.id : undefined,
  };
}

/** A check still runs when the ledger cannot be opened; it says so as a finding. */
async function openHistory(
  ctx: RunContext,
  manifest: Manifest,
  argv: string[],
): Promise<{ run: RecordedRun } | { error: Finding }> {
  let ledger: Ledger | undefined;
  try {
    ledger = await openManifestLedger(ctx, manifest);
    return { run: await startRun(ledger, 'check', argv) };
  } catch (error) {
    await ledger?.close().catch(() => undefined);
    if (!(error instanceof UserError || error instanceof Error)) throw error;
    return {
      error: finding({
        store: 'ledger',
        class: 'ledger-unavailable',
        message: `the ledger could not be used: ${error.message}`,
      }),
    };
  }
}

function fingerprintKey(
  reads: StoreReads,
  at: { source: string; path: string | undefined; name: string },
): SecretValue | undefined {
  const outcome = reads.scope(at.source, at.path);
  if (!outcome?.ok) return undefined;
  const value = outcome.listing.entries.get(at.name)?.value;
  return value && !value.isEmpty() ? value : undefined;
}

function selectCredentials(
  manifest: Manifest,
  only: string[] | undefined,
  envNames: Set<string>,
): ResolvedCredential[] {
  const unknown = [...(only ?? []), ...envNames].filter((name) => !manifest.credential(name));
  if (unknown.length > 0) {
    throw new UserError(`not declared in ${manifest.path}: ${[...new Set(unknown)].join(', ')}`, {
      fix: `Name credentials the manifest declares: ${declaredNames(manifest)}.`,
    });
  }
  if (!only || only.length === 0) return manifest.credentials;
  const wanted = new Set([...only, ...envNames]);
  return manifest.credentials.filter((credential) => wanted.has(credential.name));
}

/** `--from` names the mirror that fills the job: it must be one, and go with --env. */
function checkFrom(manifest: Manifest, from: string | undefined, envNames: Set<string>): void {
  if (from === undefined) return;
  if (envNames.size === 0) {
    throw new UserError('--from goes with --env', {
      fix: 'Name the variables the job received: --env NAME,… --from MIRROR.',
    });
  }
  const feeds = [...envNames].filter((name) =>
    manifest.credential(name)?.mirrors.some((target) => target.mirror === from),
  );
  if (feeds.length === 0) {
    const mirrors = Object.keys(manifest.data.mirrors).join(', ') || '(none)';
    throw new UserError(`--from ${from}: no credential named in --env is mirrored there`, {
      fix: `Name the mirror that fills this job; the manifest declares: ${mirrors}.`,
    });
  }
}

function declaredNames(manifest: Manifest): string {
  return manifest.credentials.map((credential) => credential.name).join(', ');
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
