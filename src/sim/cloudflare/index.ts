/**
 * The simulated Cloudflare API v4 (paths relative to `/client/v4`), following
 * `specs/cloudflare.openapi.json` and the rules of `test/cases/README.md`.
 */
import type { Clock, VendorSim } from '../vendor.js';
import type { CloudflareWorld } from '../world.js';
import { createRateGate } from './rate-limit.js';
import { Router } from './router.js';
import { CLOUDFLARE_ROUTES } from './routes.js';
import { createState, removeRecords, snapshotOf } from './state.js';

export function createCloudflareSim(world: CloudflareWorld, clock: Clock): VendorSim {
  const state = createState(world, clock);
  const router = new Router(CLOUDFLARE_ROUTES);
  const rateGate = createRateGate(world.rateLimit);
  return {
    handler: (request) => rateGate() ?? router.dispatch(state, request),
    snapshot: () => snapshotOf(state),
    onDeleteRecords: (ids) => removeRecords(state, ids),
  };
}
