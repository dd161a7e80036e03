/** What an owner outcome other than `valid` means for the user, with the fix. */
import type { CloudflareVerifyConfig } from '../../core/manifest/schema.js';
import { describeShape, type TokenShape } from './tokens.js';
import type { OwnerOutcome } from './verify-owner.js';
import { judgeStatus, type Problem } from './verify-status.js';

type NotValid = Exclude<OwnerOutcome, { kind: 'valid' }>;

export function ownerProblems(
  owner: NotValid,
  shape: TokenShape,
  config: CloudflareVerifyConfig,
  now: Date,
): Problem[] {
  switch (owner.kind) {
    case 'wrong-owner': {
      // The status is known already: a disabled or expired token is worth saying too.
      const status = owner.status ? judgeStatus(owner.status, now, undefined).problems : [];
      return [wrongOwnerProblem(owner, config), ...status];
    }
    case 'unknown':
      return [unknownTokenProblem(owner, shape)];
    case 'needs-account-id':
      return [
        {
          class: 'unverified',
          text: `the token cannot be verified: ${owner.detail}`,
          fix: 'Set verify.accountId to the id of the account that owns the token.',
        },
      ];
    case 'unrecognised':
      return [
        {
          class: 'unverified',
          text: `tend does not recognise Cloudflare's answer: ${owner.detail}`,
        },
      ];
  }
}

function unknownTokenProblem(
  owner: Extract<OwnerOutcome, { kind: 'unknown' }>,
  shape: TokenShape,
): Problem {
  const hint =
    owner.accountAsked || shape === 'user-token'
      ? ''
      : '. If it is an account-owned token, set verify.accountId so that tend can ask the ' +
        'account endpoint too';
  return {
    class: 'token-invalid',
    text: `Cloudflare does not know this token, ${describeShape(shape)}: ${owner.detail}${hint}`,
  };
}

function wrongOwnerProblem(
  owner: Extract<OwnerOutcome, { kind: 'wrong-owner' }>,
  config: CloudflareVerifyConfig,
): Problem {
  const found = owner.owner === 'account' ? 'an account' : 'a user';
  const wanted = config.owner === 'account' ? 'an account' : 'a user';
  let fix: string;
  if (owner.status === undefined) {
    fix =
      'Create a user token under My Profile > API Tokens, or set verify.accountId so that ' +
      'tend can confirm who owns this one.';
  } else if (owner.owner === 'account') {
    fix =
      'Create the token under My Profile > API Tokens (a user token), or set ' +
      'verify.owner: account if an account token is intended.';
  } else {
    fix =
      'Create the token under Manage Account > API Tokens (an account token), or set ' +
      'verify.owner: user if a user token is intended.';
  }
  return {
    class: 'token-wrong-owner',
    text:
      `the token is valid but owned by ${found}, and the manifest asks for ${wanted} ` +
      `token: ${owner.detail}`,
    fix,
  };
}
