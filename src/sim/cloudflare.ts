/** Placeholder until the simulated Cloudflare lands: every request is a 501. */
import type { Clock, VendorSim } from './vendor.js';
import type { CloudflareWorld } from './world.js';

export function createCloudflareSim(world: CloudflareWorld = {}, clock: Clock): VendorSim {
  void clock;
  return {
    handler: () => ({ status: 501, body: { message: 'not simulated yet' } }),
    snapshot: () => structuredClone(world),
  };
}
