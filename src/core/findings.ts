/**
 * A finding is one classified problem with one credential (or sweep) at one store.
 * Classes are a stable contract: scripts match on them, the README lists them.
 */

export type Severity = 'error' | 'warning';

export interface Finding {
  /** The credential's manifest name; absent for findings about a sweep or a zone alone. */
  credential?: string;
  /** The source's or mirror's manifest name, or the vendor's name for vendor verdicts. */
  store: string;
  class: FindingClass;
  severity: Severity;
  message: string;
  fix: string;
  /** Which copy of the value a vendor verdict concerns: `source`, `env`, or a mirror name. */
  copy?: string;
  /** The sweep a sweep finding belongs to. */
  sweep?: string;
}

interface ClassInfo {
  severity: Severity;
  /** What the class means, for the README and `--help`. */
  meaning: string;
  /** The default fix; a finding may say something more precise. */
  fix: string;
}

export const FINDING_CLASSES = {
  'missing-in-source': {
    severity: 'error',
    meaning: 'the source of truth lacks the credential',
    fix: 'Create the credential in the source, then run `tend sync --apply` to push it.',
  },
  'missing-in-mirror': {
    severity: 'error',
    meaning: 'a mirror lacks the credential',
    fix: 'Run `tend sync --apply --only NAME` to copy the source value into the mirror.',
  },
  'value-mismatch': {
    severity: 'error',
    meaning: 'a readable copy holds a different value from the source',
    fix: 'Run `tend sync --apply --only NAME` to overwrite the copy with the source value.',
  },
  'store-auth-failed': {
    severity: 'error',
    meaning: "tend's own credential for a store was refused",
    fix: 'Renew the store credential that the manifest names for this store.',
  },
  'store-unreachable': {
    severity: 'error',
    meaning: 'a store could not be read (network, 5xx after retries)',
    fix: "Check the store's URL in the manifest and whether the service is up, then re-run.",
  },
  'token-invalid': {
    severity: 'error',
    meaning: 'the vendor does not know the token (revoked, deleted, malformed)',
    fix: 'Create a new token, put it in the source, then run `tend sync --apply`.',
  },
  'token-wrong-owner': {
    severity: 'error',
    meaning:
      'the token is valid but owned by an account where the manifest says user, or the reverse',
    fix: 'Create the token under the owner the manifest names, or change `verify.owner`.',
  },
  'token-disabled': {
    severity: 'error',
    meaning: 'the vendor reports the token disabled',
    fix: 'Re-enable the token at the vendor, or replace it and run `tend sync --apply`.',
  },
  'token-expired': {
    severity: 'error',
    meaning: 'the token is past its expiry',
    fix: 'Roll or replace the token, put the new value in the source, run `tend sync --apply`.',
  },
  'token-not-yet-valid': {
    severity: 'error',
    meaning: 'the token is not valid before a later time',
    fix: "Wait for the token's start time, or remove its not-before condition.",
  },
  'token-expiring': {
    severity: 'warning',
    meaning: 'the token expires within `expiresWithin`',
    fix: 'Roll the token before it expires and run `tend sync --apply`.',
  },
  'global-key-as-token': {
    severity: 'error',
    meaning: 'a Global API Key sits where an API token is expected',
    fix: 'Create a scoped API token with the rights in `needs`; never use the Global API Key.',
  },
  'zone-not-found': {
    severity: 'error',
    meaning: 'the token is valid but the zone is not visible to it',
    fix: "Add the zone to the token's zone resources, or fix `verify.zone`.",
  },
  'permission-missing': {
    severity: 'error',
    meaning: 'the token is valid and sees the zone, but a right in `needs` is missing',
    fix: 'Edit the token at the vendor and add the missing permission.',
  },
  'vendor-unreachable': {
    severity: 'error',
    meaning: 'the vendor could not be asked; the credential is unverified, not healthy',
    fix: 'Check the vendor API URL and the network, then re-run.',
  },
  unverified: {
    severity: 'error',
    meaning:
      'no readable copy of the value exists, so validity could not be checked (a warning ' +
      'when only one right, such as tunnel:edit, cannot be proven safely)',
    fix: 'Put the credential in a readable source, or run `tend check --env NAME` inside the job.',
  },
  'stale-in-mirror': {
    severity: 'error',
    meaning: 'the source value changed after tend last pushed to this write-only mirror',
    fix: 'Run `tend sync --apply --only NAME` to push the current value.',
  },
  'unknown-provenance': {
    severity: 'warning',
    meaning: 'a write-only mirror has the name, but tend has no record of pushing it',
    fix: 'Run `tend sync --apply --only NAME` so the ledger knows what the mirror holds.',
  },
  'changed-outside': {
    severity: 'error',
    meaning: 'a job observed a value in this mirror that tend never pushed',
    fix: 'Find who changed the mirror, then run `tend sync --apply --only NAME`.',
  },
  'stray-in-mirror': {
    severity: 'warning',
    meaning: 'the mirror holds a secret that no credential declares',
    fix: 'Declare it in the manifest, or delete it from the mirror by hand if it is unused.',
  },
  'failing-streak': {
    severity: 'error',
    meaning: 'the same error finding has been seen in N runs in a row',
    fix: 'Fix the underlying finding; `tend history` shows since when it fails.',
  },
  'live-set-unavailable': {
    severity: 'error',
    meaning: 'the live owners could not be fetched completely, so nothing is deleted',
    fix: "Check the sweep's `live` source; the sweep refuses to guess.",
  },
  'live-set-too-small': {
    severity: 'error',
    meaning: 'fewer live owners came back than `live.minimum`, so nothing is deleted',
    fix: 'Check the provisioner; lower `live.minimum` only if the live set really shrank.',
  },
  'listing-incomplete': {
    severity: 'error',
    meaning: 'the zone listing was not complete (pages or counts disagree), so nothing is deleted',
    fix: 'Re-run later; if it persists, check the vendor status page.',
  },
  'limit-exceeded': {
    severity: 'error',
    meaning: 'the plan would delete more than `maxDeletes` or `maxFraction` allows',
    fix: 'Review the plan; raise the limit or pass `--force` if the deletions are right.',
  },
  'delete-failed': {
    severity: 'error',
    meaning: 'a deletion was refused or could not be completed',
    fix: 'Read the vendor code in the message, fix the cause and re-run the sweep.',
  },
  'plan-changed': {
    severity: 'error',
    meaning: 'a saved plan no longer matches what the zone and the live set give now',
    fix: 'Plan again with `--save-plan`, review it, then apply the new plan.',
  },
  'zone-quota-near': {
    severity: 'warning',
    meaning: 'the zone uses 80% or more of its record quota',
    fix: 'Run the sweep, or raise the quota before new tenants fail with 81045.',
  },
  'zone-quota-full': {
    severity: 'error',
    meaning: 'the zone uses 95% or more of its record quota',
    fix: 'Run the sweep now: new records fail with Cloudflare error 81045 at the quota.',
  },
  'tunnel-connected': {
    severity: 'warning',
    meaning: 'an orphaned tunnel still has live connections and was kept',
    fix: 'Stop its connectors, or set `cleanConnections: true` on the sweep.',
  },
  'fingerprint-key-missing': {
    severity: 'warning',
    meaning: 'write-only mirrors cannot be compared with the ledger: the fingerprint key is absent',
    fix: 'Run `tend init` to create the fingerprint key in the source.',
  },
  'ledger-unavailable': {
    severity: 'warning',
    meaning: 'the ledger could not be opened, so history-based checks did not run',
    fix: "Check the manifest's `ledger:` setting and that its file or database is reachable.",
  },
  'tunnel-dns-unchecked': {
    severity: 'warning',
    meaning: 'the token sees no zone of the account, so DNS records naming a tunnel went unchecked',
    fix: "Grant the tunnel sweep's token Zone Read and DNS Read on the account's zones.",
  },
  'restore-failed': {
    severity: 'error',
    meaning: 'tend restore could not put back an item a sweep removed',
    fix: 'Read the reason in the message; recreate the item by hand from its backup if needed.',
  },
  'push-failed': {
    severity: 'error',
    meaning: 'tend sync could not write the value to the mirror',
    fix: 'Read the vendor answer in the message, fix the cause and re-run `tend sync --apply`.',
  },
  'push-refused': {
    severity: 'error',
    meaning: 'tend sync refused to push a source value that failed verification',
    fix: 'Fix the source value first; `--force` pushes it anyway.',
  },
} as const satisfies Record<string, ClassInfo>;

export type FindingClass = keyof typeof FINDING_CLASSES;

export interface FindingInput {
  credential?: string;
  store: string;
  class: FindingClass;
  message: string;
  fix?: string;
  severity?: Severity;
  copy?: string;
  sweep?: string;
}

/** Builds a finding with the class's default severity and fix unless told otherwise. */
export function finding(input: FindingInput): Finding {
  const info: ClassInfo = FINDING_CLASSES[input.class];
  const result: Finding = {
    store: input.store,
    class: input.class,
    severity: input.severity ?? info.severity,
    message: input.message,
    fix: input.fix ?? info.fix,
  };
  if (input.credential !== undefined) result.credential = input.credential;
  if (input.copy !== undefined) result.copy = input.copy;
  if (input.sweep !== undefined) result.sweep = input.sweep;
  return result;
}

export interface FindingCounts {
  error: number;
  warning: number;
  total: number;
  byClass: Record<string, number>;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { error: 0, warning: 0, total: findings.length, byClass: {} };
  for (const item of findings) {
    counts[item.severity] += 1;
    counts.byClass[item.class] = (counts.byClass[item.class] ?? 0) + 1;
  }
  return counts;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((item) => item.severity === 'error');
}
