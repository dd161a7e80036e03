/**
 * The provisioner's "live owners" endpoint that a sweep's `live.url` points into. The
 * world maps paths to fixed answers; anything else is a 404.
 */
import type { SimResponse } from './harness.js';
import type { VendorSim } from './vendor.js';
import type { LiveEntryWorld } from './world.js';

export function createLiveSim(entries: Record<string, LiveEntryWorld> = {}): VendorSim {
  return {
    handler: (request): SimResponse => {
      const entry = entries[request.path];
      if (!entry || request.method !== 'GET') {
        return { status: 404, body: { error: `no live entry at ${request.path}` } };
      }
      return { status: entry.status, headers: entry.headers ?? {}, body: entry.body };
    },
    snapshot: () => entries,
  };
}
