/**
 * What jobs saw in a write-only mirror, compared with what tend pushed there. Shared by
 * `check` (which reports `changed-outside`) and `sync` (which repairs it).
 */
import type { MirrorTarget } from '../core/manifest/load.js';
import type { Ledger, ObservationRecord } from '../ledger/index.js';

/** An observation since the last push of a value tend never pushed to that target. */
export async function foreignObservation(
  ledger: Ledger,
  credential: string,
  target: MirrorTarget,
  lastPushAt: Date,
): Promise<ObservationRecord | undefined> {
  const observed = await ledger.observations(credential, target.mirror);
  const recent = observed.filter((item) => item.at >= lastPushAt && item.target === target.as);
  if (recent.length === 0) return undefined;
  const pushed = await ledger.pushedFingerprints(target.mirror, target.as);
  return recent.find((item) => !pushed.has(item.fingerprint));
}
