/**
 * Turns Gitea's failed answers into `StoreError`s that say who must act: the token's
 * owner (401/403), the manifest's author (404), or nobody yet (5xx, network). Messages
 * name the method, the URL and the status, never the token.
 */
import { VendorError } from '../../core/errors.js';
import type { HttpResponse } from '../../core/http.js';
import { StoreError } from '../../core/store.js';
import { describeForgeAnswer, forgeUnreachable } from '../forge/errors.js';
import { targetField, targetLabel, writeScope, type GiteaTarget } from './target.js';

export interface GiteaErrorContext {
  store: string;
  target: GiteaTarget;
  /** The manifest's `token:` reference, e.g. `env:GITEA_TOKEN`. */
  tokenRef: string;
  redact(text: string): string;
}

export interface GiteaCall {
  method: string;
  url: string;
}

export function giteaFailure(
  context: GiteaErrorContext,
  call: GiteaCall,
  response: HttpResponse,
): StoreError {
  const what = describeAnswer(context, call, response);
  const label = targetLabel(context.target);
  const scope = writeScope(context.target);
  const fail = (kind: StoreError['kind'], text: string): StoreError =>
    new StoreError(context.store, kind, `${what}: ${text}`);
  switch (response.status) {
    case 401:
      return fail(
        'auth',
        `Gitea refused the token from ${context.tokenRef}. ` +
          `Fix: create an access token with the ${scope} scope and put it there.`,
      );
    case 403:
      return fail(
        'auth',
        `the token from ${context.tokenRef} may not manage the Actions secrets of ${label}. ` +
          `Fix: give it the ${scope} scope, and its user admin rights on the ${label}.`,
      );
    case 404:
      return fail(
        'config',
        `the ${label} does not exist there, or the token's user cannot see it. ` +
          `Fix: check \`${targetField(context.target)}\` and \`url:\` of mirror ` +
          `${context.store}, and the user's access.`,
      );
  }
  if (response.status >= 500 || response.status === 429) {
    const tries = response.attempts === 1 ? '1 attempt' : `${response.attempts} attempts`;
    return fail('unreachable', `Gitea could not answer after ${tries}; try again later.`);
  }
  return fail('unreachable', 'an answer tend does not expect from Gitea here.');
}

/** No answer came at all (network, timeout) after the transport's retries. */
export function giteaUnreachable(context: GiteaErrorContext, error: VendorError): StoreError {
  return forgeUnreachable(context.store, error);
}

export function describeAnswer(
  context: GiteaErrorContext,
  call: GiteaCall,
  response: HttpResponse,
): string {
  return describeForgeAnswer('gitea', context.redact, call, response);
}
