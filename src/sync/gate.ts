/**
 * A dead token must not be spread to every mirror: before a credential with a `verify`
 * block is pushed, its source value is verified at the vendor. A value with any error
 * finding is refused, unless `--force`, which pushes it and says so.
 */
import type { RunContext } from '../core/context.js';
import { hasErrors, type Finding } from '../core/findings.js';
import { CloudflareVerdictCache, verifyCloudflareToken } from '../providers/cloudflare/index.js';
import { pushRefused } from './findings.js';
import type { PlannedPush } from './plan.js';

export interface GateInput {
  ctx: RunContext;
  pushes: PlannedPush[];
  force: boolean;
}

/** Marks refused pushes (`result: 'refused'`) and returns the findings to report. */
export async function gateOnVerification(input: GateInput): Promise<Finding[]> {
  const cache = new CloudflareVerdictCache(input.ctx);
  const findings: Finding[] = [];
  for (const pushes of byCredential(input.pushes.filter(wouldWrite)).values()) {
    const first = pushes[0];
    const verify = first?.credential.verify;
    if (!first?.value || !verify) continue;
    const verdict = await verifyCloudflareToken({
      credential: first.credential.name,
      copy: 'source',
      value: first.value,
      config: verify,
      ctx: input.ctx,
      cache,
    });
    if (!hasErrors(verdict.findings)) {
      findings.push(...verdict.findings);
      continue;
    }
    if (input.force) {
      findings.push(...forced(input.ctx, pushes, verdict.findings));
      continue;
    }
    findings.push(...verdict.findings, refuse(pushes, verdict.findings));
  }
  return findings;
}

export function wouldWrite(push: PlannedPush): boolean {
  const { action, result } = push.item;
  return (action === 'create' || action === 'update') && result === undefined;
}

function refuse(pushes: PlannedPush[], verdict: Finding[]): Finding {
  for (const push of pushes) push.item.result = 'refused';
  const credential = (pushes[0] as PlannedPush).credential;
  const errors = verdict.filter((item) => item.severity === 'error');
  return pushRefused({
    credential: credential.name,
    source: credential.source,
    mirrors: pushes.map((push) => push.item.mirror),
    reason: errors.map((item) => `${item.class}: ${item.message}`).join('; '),
  });
}

/**
 * `--force`: the pushes go ahead. The verdict is still shown, as warnings, since the user
 * chose to push this value; the exit code then tells whether the pushes succeeded.
 */
function forced(ctx: RunContext, pushes: PlannedPush[], verdict: Finding[]): Finding[] {
  const credential = (pushes[0] as PlannedPush).credential.name;
  const classes = [...new Set(verdict.map((item) => item.class))].join(', ');
  const mirrors = pushes.map((push) => push.item.mirror).join(', ');
  ctx.log.warn(
    `--force: pushing ${credential} to ${mirrors} although its source value FAILS ` +
      `verification (${classes})`,
  );
  return verdict.map((item) => ({
    ...item,
    severity: 'warning',
    message: `pushed anyway with --force: ${item.message}`,
  }));
}

function byCredential(pushes: PlannedPush[]): Map<string, PlannedPush[]> {
  const groups = new Map<string, PlannedPush[]>();
  for (const push of pushes) {
    const group = groups.get(push.credential.name);
    if (group) group.push(push);
    else groups.set(push.credential.name, [push]);
  }
  return groups;
}
