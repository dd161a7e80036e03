/**
 * One simulated world per test, a real temp directory with the manifest, and the CLI run
 * as a user runs it, as often as the test needs (a sweep, then a restore) against the
 * same simulators and the same ledger.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathPattern } from '../../src/sim/harness.js';
import { startSimulators, type Simulators } from '../../src/sim/index.js';
import type { CfRecordWorld, CfTunnelWorld, World } from '../../src/sim/world.js';
import { renderPlaceholders } from '../../src/sim/world.js';
import { lastJson, runTend, type TendRun } from '../helpers/tend.js';

export interface SweepRun extends TendRun {
  /** The last JSON object on stdout, when there is one. */
  json: SweepJson | undefined;
}

export interface SweepJson {
  ok: boolean;
  runId?: string;
  applied?: boolean;
  counts: Record<string, number>;
  quota?: { used: number; limit: number | null; after: number } | null;
  plan?: { id: string; name: string; type?: string; owner: string }[];
  items?: { id: string; name: string; type: string; status: string; newId?: string }[];
  findings: { class: string; severity: string; message: string; credential?: string }[];
}

export interface SweepWorld {
  sims: Simulators;
  dir: string;
  /** Renders `${CLOUDFLARE_URL}`, `${LIVE_URL}`, `${DIR}` and time placeholders. */
  writeManifest(text: string): void;
  run(args: string[], env?: Record<string, string>): Promise<SweepRun>;
  records(): CfRecordWorld[];
  tunnels(): CfTunnelWorld[];
  /** Requests to Cloudflare matching `METHOD /path/{template}`, since the world started. */
  count(key: string): number;
}

export interface WorldOptions {
  /** The job's environment on top of `TEND_CLOUDFLARE_API_URL`. */
  env?: Record<string, string>;
  files?: Record<string, string>;
}

export async function withSweepWorld(
  world: World,
  manifest: string,
  options: WorldOptions,
  test: (world: SweepWorld) => Promise<void>,
): Promise<void> {
  const now = new Date();
  const sims = await startSimulators(renderPlaceholders(world, {}, now));
  const dir = mkdtempSync(join(tmpdir(), 'tend-sweep-'));
  const vars = { CLOUDFLARE_URL: sims.urls.cloudflare, LIVE_URL: sims.urls.live, DIR: dir };
  const render = (text: string): string => renderPlaceholders(text, vars, now);
  const state = (): { zones: { records: CfRecordWorld[] }[]; tunnels: CfTunnelWorld[] } =>
    sims.snapshot().cloudflare as { zones: { records: CfRecordWorld[] }[]; tunnels: [] };
  const harness: SweepWorld = {
    sims,
    dir,
    writeManifest: (text) => writeFileSync(join(dir, 'tend.yaml'), render(text)),
    run: async (args, env = {}) => {
      const result = await runTend(args, {
        cwd: dir,
        env: {
          TEND_CLOUDFLARE_API_URL: sims.urls.cloudflare,
          ...renderPlaceholders(options.env ?? {}, vars, now),
          ...env,
        },
      });
      let json: SweepJson | undefined;
      try {
        json = lastJson(result.stdout) as SweepJson;
      } catch {
        json = undefined;
      }
      return { ...result, json };
    },
    records: () => state().zones.flatMap((zone) => zone.records),
    tunnels: () => state().tunnels,
    count: (key) => {
      const [method, path = ''] = key.split(/\s+/, 2);
      const pattern = pathPattern(path);
      return sims.requests.filter(
        (request) =>
          request.vendor === 'cloudflare' &&
          request.method === method &&
          pattern.test(request.path),
      ).length;
    },
  };
  try {
    harness.writeManifest(manifest);
    for (const [name, text] of Object.entries(options.files ?? {})) {
      writeFileSync(join(dir, name), render(text), { mode: 0o600 });
    }
    await test(harness);
  } finally {
    await sims.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The classes of a run's findings, for messages that show what came instead. */
export function classesOf(run: SweepRun): string[] {
  return (run.json?.findings ?? []).map((item) => item.class);
}

/** What a failed assertion should show: exit, findings, stderr. */
export function explain(run: SweepRun): string {
  const findings = (run.json?.findings ?? []).map((item) => `${item.class}: ${item.message}`);
  return `exit ${run.exit}\nfindings:\n${findings.join('\n')}\nstderr:\n${run.stderr}`;
}
