/** The findings `tend sync` raises itself; the verdict findings come from the vendor adapter. */
import { finding, type Finding } from '../core/findings.js';
import type { StoreError } from '../core/store.js';

export function storeFailure(credential: string, error: StoreError, where: string): Finding {
  const auth = error.kind === 'auth';
  return finding({
    credential,
    store: error.store,
    class: auth ? 'store-auth-failed' : 'store-unreachable',
    message: `${where} could not be read: ${error.message}`,
    fix: auth
      ? `Renew the credential tend uses for ${error.store} (see its token/auth field).`
      : `Check ${error.store}'s URL or path in the manifest and whether it is up, then re-run.`,
  });
}

export function missingInSource(credential: string, source: string, where: string): Finding {
  return finding({
    credential,
    store: source,
    class: 'missing-in-source',
    message: `${credential} is not in the source ${where}, so there is nothing to push`,
    fix: `Create ${credential} in ${where}, then run \`tend sync --apply --only ${credential}\`.`,
  });
}

export function pushFailed(credential: string, mirror: string, why: string): Finding {
  return finding({
    credential,
    store: mirror,
    class: 'push-failed',
    message: `${credential} could not be written to ${mirror}: ${why}`,
  });
}

export function notRecorded(credential: string, mirror: string, why: string): Finding {
  return finding({
    credential,
    store: mirror,
    class: 'push-failed',
    message:
      `${credential} was written to ${mirror}, but the ledger could not record the push: ${why}`,
    fix:
      'Fix the ledger (see the message), then run `tend sync --apply` again: ' +
      'the next plan will push it once more and record it.',
  });
}

export function pushRefused(input: {
  credential: string;
  source: string;
  mirrors: string[];
  reason: string;
}): Finding {
  return finding({
    credential: input.credential,
    store: input.source,
    class: 'push-refused',
    message:
      `${input.credential} was not pushed to ${input.mirrors.join(', ')}: the source value ` +
      `fails verification (${input.reason})`,
    fix:
      `Put a working value in ${input.source} and run \`tend sync --apply\` again; ` +
      '`--force` pushes the failing value anyway.',
  });
}

export function strayInMirror(mirror: string, name: string): Finding {
  return finding({
    store: mirror,
    class: 'stray-in-mirror',
    message: `${name} is in the mirror ${mirror}, but no credential in the manifest declares it`,
    fix:
      `Declare ${name} as a credential mirrored to ${mirror}, or delete it from ${mirror} ` +
      'by hand if nothing uses it; tend sync never deletes it.',
  });
}
