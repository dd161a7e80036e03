/** Placeholder until the simulated Infisical lands: every request is a 501. */
import type { Clock, VendorSim } from './vendor.js';
import type { InfisicalWorld } from './world.js';

export function createInfisicalSim(world: InfisicalWorld = {}, clock: Clock): VendorSim {
  void clock;
  return {
    handler: () => ({ status: 501, body: { message: 'not simulated yet' } }),
    snapshot: () => structuredClone(world),
  };
}
