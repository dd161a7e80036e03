/** Sweeps: the janitor that removes what deprovisioned tenants left behind (issue 4). */
import type { SweepConfig } from '../core/manifest/schema.js';
import { runDnsSweep } from './dns.js';
import type { SweepOutcome } from './outcome.js';
import type { SweepRequest } from './start.js';
import { runTunnelSweep } from './tunnels.js';

export { zoneQuota, quotaFinding, type ZoneQuota } from './quota.js';
export type { SweepOutcome } from './outcome.js';
export type { SweepRequest } from './start.js';

export function runSweep(request: SweepRequest, sweep: SweepConfig): Promise<SweepOutcome> {
  return sweep.type === 'cloudflare-dns'
    ? runDnsSweep(request, sweep)
    : runTunnelSweep(request, sweep);
}
