/**
 * The first steps every sweep shares: its credential (environment, else source), the
 * preflight, and the live set. Each step that fails adds its findings and ends the run
 * before anything is listed or deleted.
 */
import type { RunContext } from '../core/context.js';
import { UserError } from '../core/errors.js';
import { hasErrors } from '../core/findings.js';
import type { Manifest, ResolvedCredential } from '../core/manifest/load.js';
import type { SweepConfig } from '../core/manifest/schema.js';
import { describeHolder, type Ledger } from '../ledger/index.js';
import {
  cloudflareBaseUrl,
  CloudflareApi,
  type TokenVerdict,
} from '../providers/cloudflare/index.js';
import { sweepCredential } from './credential.js';
import { fetchLiveOwners, LiveSetError } from './live.js';
import { sweepFinding, type SweepOutcome } from './outcome.js';
import { preflightConfig, runPreflight } from './preflight.js';

export interface SweepRequest {
  ctx: RunContext;
  manifest: Manifest;
  name: string;
  apply: boolean;
  force: boolean;
  savePlan?: string;
  plan?: string;
  backupDir?: string;
  /** Required to apply: backups and the lock live there. */
  ledger?: Ledger;
  runId?: string;
  /** How long to wait for another run's lock on this sweep. */
  lockWaitMs?: number;
}

export interface Started {
  api: CloudflareApi;
  verdict: TokenVerdict;
  credential: ResolvedCredential;
}

export function sweepCredentialConfig(manifest: Manifest, sweep: SweepConfig, name: string) {
  const credential = manifest.credential(sweep.credential);
  if (!credential) {
    throw new UserError(
      `sweep ${name} names the credential ${sweep.credential}, which the manifest does not declare`,
      { fix: `Declare ${sweep.credential} under credentials:, or fix sweeps.${name}.credential.` },
    );
  }
  return credential;
}

/** Credential and preflight; undefined (with findings in `outcome`) when the run must stop. */
export async function startSweep(
  request: SweepRequest,
  sweep: SweepConfig,
  outcome: SweepOutcome,
): Promise<Started | undefined> {
  const { ctx, manifest, name } = request;
  const credential = sweepCredentialConfig(manifest, sweep, name);
  const found = await sweepCredential(ctx, manifest, credential);
  if (!found.found) {
    outcome.findings.push(...found.findings.map((item) => ({ ...item, sweep: name })));
    return undefined;
  }
  ctx.log.info(`sweep ${name}: using ${found.from}`);
  outcome.notes.push(`credential: ${found.from}`);
  outcome.stage = 'preflight';
  const config = preflightConfig(credential.verify, sweep);
  const verdict = await runPreflight({
    ctx,
    credential: credential.name,
    copy: found.copy,
    value: found.value,
    config,
  });
  outcome.findings.push(...verdict.findings.map((item) => ({ ...item, sweep: name })));
  if (hasErrors(verdict.findings)) return undefined;
  const api = new CloudflareApi({
    baseUrl: cloudflareBaseUrl(config, ctx.env),
    auth: { kind: 'token', token: found.value },
    ctx,
  });
  return { api, verdict, credential };
}

/** The live owners, complete and at least `live.minimum` of them, or undefined. */
export async function liveOwners(
  request: SweepRequest,
  sweep: SweepConfig,
  outcome: SweepOutcome,
): Promise<Set<string> | undefined> {
  outcome.stage = 'live';
  const source = describeLiveSource(sweep);
  let owners: Set<string>;
  try {
    owners = await fetchLiveOwners(request.ctx, sweep.live, request.manifest.dir);
  } catch (error) {
    if (!(error instanceof LiveSetError)) throw error;
    outcome.findings.push(
      sweepFinding(request.name, {
        store: 'live',
        class: 'live-set-unavailable',
        message:
          `the live owners from ${source} could not be had: ${error.message}; ` +
          'nothing was deleted',
      }),
    );
    return undefined;
  }
  outcome.liveOwners = owners.size;
  if (owners.size < sweep.live.minimum) {
    outcome.findings.push(
      sweepFinding(request.name, {
        store: 'live',
        class: 'live-set-too-small',
        message:
          `${source} gave ${owners.size} live owner(s), fewer than live.minimum ` +
          `${sweep.live.minimum}; nothing was deleted`,
      }),
    );
    return undefined;
  }
  return owners;
}

function describeLiveSource(sweep: SweepConfig): string {
  if (sweep.live.url) return sweep.live.url;
  if (sweep.live.file) return `the file ${sweep.live.file}`;
  return `the command ${(sweep.live.command ?? []).join(' ')}`;
}

/** Runs `work` under the sweep's ledger lock when it applies; plain otherwise. */
export function underLock<T>(request: SweepRequest, work: () => Promise<T>): Promise<T> {
  if (!request.apply || !request.ledger) return work();
  return request.ledger.withLock(
    `sweep:${request.name}`,
    {
      command: `sweep ${request.name}`,
      waitMs: request.lockWaitMs ?? 60_000,
      onWait: (holder) =>
        request.ctx.log.info(`sweep ${request.name}: waiting for ${describeHolder(holder)}`),
    },
    work,
  );
}
