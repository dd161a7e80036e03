/**
 * Starts every simulated vendor of a world on its own loopback port. Used by the tests,
 * the case runner, `tend demo` and `npm run sim`.
 */
import { createCloudflareSim } from './cloudflare/index.js';
import { createGiteaSim } from './gitea/index.js';
import { createGithubSim } from './github/index.js';
import { FaultSet, startVendorServer, type RequestRecord, type RunningServer } from './harness.js';
import { createInfisicalSim } from './infisical/index.js';
import { createLiveSim } from './live.js';
import type { Clock, VendorSim } from './vendor.js';
import type { Vendor, World } from './world.js';

export interface SimulatorUrls {
  /** The v4 API base, the equivalent of https://api.cloudflare.com/client/v4 */
  cloudflare: string;
  /** Server root; the API is under /api/v1. */
  gitea: string;
  /** Server root; the API is under /api. */
  infisical: string;
  /** Server root of the GitHub REST API. */
  github: string;
  /** Root of the provisioner's HTTP API. */
  live: string;
}

export interface Simulators {
  urls: SimulatorUrls;
  /** Every request every simulator received, in order. */
  requests: RequestRecord[];
  /** A JSON copy of each vendor's state. */
  snapshot(): Record<Vendor, unknown>;
  stop(): Promise<void>;
}

const BASE_PATHS: Record<Vendor, string> = {
  cloudflare: '/client/v4',
  gitea: '/api/v1',
  infisical: '/api',
  github: '',
  live: '',
};

export async function startSimulators(world: World): Promise<Simulators> {
  const clock: Clock = world.now ? () => new Date(world.now as string) : () => new Date();
  const sims: Record<Vendor, VendorSim> = {
    cloudflare: createCloudflareSim(world.cloudflare ?? {}, clock),
    gitea: createGiteaSim(world.gitea ?? {}, clock),
    infisical: createInfisicalSim(world.infisical ?? {}, clock),
    github: createGithubSim(world.github ?? {}, clock),
    live: createLiveSim(world.live ?? {}),
  };
  const faults = new FaultSet(world.faults ?? []);
  const requests: RequestRecord[] = [];
  const servers = {} as Record<Vendor, RunningServer>;
  for (const vendor of Object.keys(sims) as Vendor[]) {
    const sim = sims[vendor];
    servers[vendor] = await startVendorServer({
      vendor,
      basePath: BASE_PATHS[vendor],
      handler: sim.handler,
      faults,
      log: requests,
      ...(sim.onDeleteRecords ? { onDeleteRecords: sim.onDeleteRecords } : {}),
    });
  }
  return {
    urls: {
      cloudflare: `${servers.cloudflare.root}/client/v4`,
      gitea: servers.gitea.root,
      infisical: servers.infisical.root,
      github: servers.github.root,
      live: servers.live.root,
    },
    requests,
    snapshot: () =>
      Object.fromEntries(
        (Object.keys(sims) as Vendor[]).map((vendor) => [vendor, sims[vendor].snapshot()]),
      ) as Record<Vendor, unknown>,
    stop: async () => {
      await Promise.all(Object.values(servers).map((server) => server.close()));
    },
  };
}
