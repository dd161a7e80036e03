/**
 * Judging the status a verify endpoint reports, by tend's own clock: `expires_on` in
 * the past is expired whatever `status` says, and an expired token is not also "expiring".
 */
import { formatDuration } from '../../core/duration.js';
import type { FindingClass, Severity } from '../../core/findings.js';
import type { TokenStatus } from './schema.js';

/** One problem before it becomes a finding for a particular copy of the value. */
export interface Problem {
  class: FindingClass;
  text: string;
  fix?: string;
  severity?: Severity;
}

export interface StatusJudgement {
  problems: Problem[];
  /** True when the token can be used now (an expiry warning does not change that). */
  usable: boolean;
}

const KNOWN_STATUSES = new Set(['active', 'disabled', 'expired']);

export function judgeStatus(
  status: TokenStatus,
  now: Date,
  expiresWithinMs: number | undefined,
): StatusJudgement {
  const problems: Problem[] = [];
  const expires = parseTime(status.expires_on, 'expires_on', problems);
  const notBefore = parseTime(status.not_before, 'not_before', problems);
  if (!KNOWN_STATUSES.has(status.status)) {
    problems.push({
      class: 'unverified',
      text: `Cloudflare reports the token's status as "${status.status}", which tend does not know`,
    });
  }
  if (status.status === 'disabled') {
    problems.push({ class: 'token-disabled', text: 'Cloudflare reports the token disabled' });
  }
  const pastExpiry = expires !== undefined && expires.getTime() <= now.getTime();
  if (status.status === 'expired' || pastExpiry) {
    const when = expires ? ` on ${iso(expires)}` : '';
    problems.push({ class: 'token-expired', text: `the token expired${when}` });
  }
  if (notBefore !== undefined && notBefore.getTime() > now.getTime()) {
    problems.push({
      class: 'token-not-yet-valid',
      text: `the token is not valid before ${iso(notBefore)}`,
    });
  }
  const usable = problems.length === 0;
  if (usable && expires && expiresWithinMs !== undefined) {
    const left = expires.getTime() - now.getTime();
    if (left <= expiresWithinMs) {
      problems.push({
        class: 'token-expiring',
        text:
          `the token expires on ${iso(expires)}, in ${formatDuration(left)} ` +
          `(warning window ${formatDuration(expiresWithinMs)})`,
      });
    }
  }
  return { problems, usable };
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

function parseTime(
  value: string | null | undefined,
  field: string,
  problems: Problem[],
): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    problems.push({
      class: 'unverified',
      text: `Cloudflare's ${field} "${value}" is not a time tend can read`,
    });
    return undefined;
  }
  return new Date(time);
}
