/** Placeholder until the simulated Gitea lands: every request is a 501. */
import type { Clock, VendorSim } from './vendor.js';
import type { GiteaWorld } from './world.js';

export function createGiteaSim(world: GiteaWorld = {}, clock: Clock): VendorSim {
  void clock;
  return {
    handler: () => ({ status: 501, body: { message: 'not simulated yet' } }),
    snapshot: () => structuredClone(world),
  };
}
