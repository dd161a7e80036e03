/** Placeholder until the simulated Github lands: every request is a 501. */
import type { Clock, VendorSim } from './vendor.js';
import type { GithubWorld } from './world.js';

export function createGithubSim(world: GithubWorld = {}, clock: Clock): VendorSim {
  void clock;
  return {
    handler: () => ({ status: 501, body: { message: 'not simulated yet' } }),
    snapshot: () => structuredClone(world),
  };
}
