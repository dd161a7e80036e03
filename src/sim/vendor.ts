import type { SimHandler } from './harness.js';

/** The simulators' present: `world.now` when the world sets it, else the real clock. */
export type Clock = () => Date;

/** What each simulated vendor module gives the harness. */
export interface VendorSim {
  handler: SimHandler;
  /** A JSON copy of the vendor's mutable state, for "unchanged" and "deleted" checks. */
  snapshot(): unknown;
  onDeleteRecords?(ids: string[]): void;
}
