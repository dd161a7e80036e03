/**
 * Turns GitHub's failed answers into `StoreError`s that say who must act: the token's
 * owner (401, 403), the manifest's author (404), or nobody yet (5xx, rate limits,
 * network). Messages name the method, the URL and the status, never the token.
 */
import type { VendorError } from '../../core/errors.js';
import type { HttpResponse } from '../../core/http.js';
import { StoreError } from '../../core/store.js';
import { describeForgeAnswer, forgeUnreachable } from '../forge/errors.js';
import { neededAccess, targetLabel, type GithubTarget } from './target.js';

export interface GithubErrorContext {
  store: string;
  target: GithubTarget;
  /** The manifest's `token:` reference, e.g. `env:GH_TOKEN`. */
  tokenRef: string;
  redact(text: string): string;
}

export interface GithubCall {
  method: string;
  url: string;
}

export function githubFailure(
  context: GithubErrorContext,
  call: GithubCall,
  response: HttpResponse,
): StoreError {
  const what = describeAnswer(context, call, response);
  const label = targetLabel(context.target);
  const fail = (kind: StoreError['kind'], text: string): StoreError =>
    new StoreError(context.store, kind, `${what}: ${text}`);
  if (isRateLimited(response)) {
    return fail('unreachable', 'GitHub is rate-limiting this token; try again later.');
  }
  if (response.status === 401) {
    return fail(
      'auth',
      `GitHub refused the token from ${context.tokenRef}. ` +
        `Fix: create a token with ${neededAccess(context.target)} and put it there.`,
    );
  }
  if (response.status === 403) {
    return fail(
      'auth',
      `the token from ${context.tokenRef} may not manage the secrets of the ${label}. ` +
        `Fix: give it ${neededAccess(context.target)}.`,
    );
  }
  if (response.status === 404) {
    return fail(
      'config',
      `the ${label} does not exist, or the token cannot see it (GitHub answers 404 for ` +
        `both). Fix: check \`repo:\`, \`org:\`, \`environment:\` and \`url:\` of mirror ` +
        `${context.store}, and that the token has ${neededAccess(context.target)}.`,
    );
  }
  if (response.status >= 500 || response.status === 429) {
    const tries = response.attempts === 1 ? '1 attempt' : `${response.attempts} attempts`;
    return fail('unreachable', `GitHub could not answer after ${tries}; try again later.`);
  }
  return fail('unreachable', 'an answer tend does not expect from GitHub here.');
}

/** No answer came at all (network, timeout) after the transport's retries. */
export function githubUnreachable(context: GithubErrorContext, error: VendorError): StoreError {
  return forgeUnreachable(context.store, error);
}

export function describeAnswer(
  context: GithubErrorContext,
  call: GithubCall,
  response: HttpResponse,
): string {
  return describeForgeAnswer('github', context.redact, call, response);
}

/** GitHub answers an exhausted rate limit with 403 (or 429) and `x-ratelimit-remaining: 0`. */
function isRateLimited(response: HttpResponse): boolean {
  if (response.status !== 403 && response.status !== 429) return false;
  return response.headers.get('x-ratelimit-remaining') === '0';
}
