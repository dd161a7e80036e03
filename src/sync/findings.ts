/** The findings `tend sync` raises itself; the verdict findings come from the vendor adapter. */
import { finding, type Finding } from '../core/findings.js';

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
      `${credential} was written to ${mirror}, ` +
      `but the ledger could not record the push: ${why}`,
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
