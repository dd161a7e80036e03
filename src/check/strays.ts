/**
 * Secrets a write-only mirror holds that no credential of the manifest declares there.
 * They are reported, never removed: tend deletes nothing it did not create. Readable
 * mirrors (env files) are left out: they hold settings too. Shared by check and sync.
 */
import { finding, type Finding } from '../core/findings.js';
import type { Manifest } from '../core/manifest/load.js';
import { fingerprintKeyLocation } from '../runs/fingerprint-key.js';
import type { StoreReads } from './listings.js';

/** `mirrors` are the mirrors this run looked at; declarations come from the whole manifest. */
export function strayFindings(manifest: Manifest, mirrors: string[], reads: StoreReads): Finding[] {
  const findings: Finding[] = [];
  for (const mirror of mirrors) {
    const outcome = reads.mirror(mirror);
    if (!outcome?.ok || outcome.store.readable) continue;
    const declared = declaredNames(manifest, mirror);
    for (const name of outcome.listing.entries.keys()) {
      // Write-only forges store names upper-case, whatever case they were written in.
      if (!declared.has(name.toUpperCase())) findings.push(strayInMirror(mirror, name));
    }
  }
  return findings;
}

function declaredNames(manifest: Manifest, mirror: string): Set<string> {
  const names = new Set([fingerprintKeyLocation(manifest).name.toUpperCase()]);
  for (const credential of manifest.credentials) {
    for (const target of credential.mirrors) {
      if (target.mirror === mirror) names.add(target.as.toUpperCase());
    }
  }
  return names;
}

function strayInMirror(mirror: string, name: string): Finding {
  return finding({
    store: mirror,
    class: 'stray-in-mirror',
    message: `${name} is in the mirror ${mirror}, but no credential in the manifest declares it`,
    fix:
      `Declare ${name} as a credential mirrored to ${mirror}, or delete it from ${mirror} ` +
      'by hand if nothing uses it; tend never deletes it.',
  });
}
