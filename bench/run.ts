/**
 * `npm run bench`: runs each scenario's command as a user would (a child process against
 * the simulators on loopback), several times, and prints requests against the minimum,
 * median wall time and peak memory. Numbers, not assertions: tests never time anything.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulators } from '../src/sim/index.js';
import { renderPlaceholders } from '../src/sim/world.js';
import { runTend } from '../test/helpers/tend.js';
import { scenarios, type BenchScenario } from './scenarios.js';

const RUNS = Number(process.env.TEND_BENCH_RUNS ?? 5);

interface Measure {
  requests: Record<string, number>;
  ms: number;
  rssMb: number;
  exit: number;
}

async function measureOnce(scenario: BenchScenario): Promise<Measure> {
  const sims = await startSimulators(structuredClone(scenario.world));
  const dir = mkdtempSync(join(tmpdir(), 'tend-bench-'));
  try {
    const vars = {
      INFISICAL_URL: sims.urls.infisical,
      GITEA_URL: sims.urls.gitea,
      LIVE_URL: sims.urls.live,
      CLOUDFLARE_URL: sims.urls.cloudflare,
    };
    writeFileSync(join(dir, 'tend.yaml'), renderPlaceholders(scenario.manifest, vars, new Date()));
    for (const [name, text] of Object.entries(scenario.files)) writeFileSync(join(dir, name), text);
    const env = { ...scenario.env, TEND_CLOUDFLARE_API_URL: sims.urls.cloudflare };
    for (const args of scenario.setup) await runTend(args, { cwd: dir, env });
    const run = await runTend([...scenario.command, '--debug'], { cwd: dir, env });
    const cost = /cost: requests (.*); (\d+)ms; max RSS (\d+) MB/.exec(run.stderr);
    const requests = Object.fromEntries(
      (cost?.[1] ?? '')
        .split(' ')
        .filter((part) => part.includes('='))
        .map((part) => {
          const [vendor, count] = part.split('=');
          return [vendor as string, Number(count)];
        }),
    );
    return {
      requests,
      ms: Number(cost?.[2] ?? Number.NaN),
      rssMb: Number(cost?.[3] ?? Number.NaN),
      exit: run.exit,
    };
  } finally {
    await sims.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  process.stdout.write(`tend benchmark: ${RUNS} runs per scenario, Node ${process.version}\n\n`);
  for (const scenario of scenarios()) {
    const measures: Measure[] = [];
    for (let i = 0; i < RUNS; i += 1) measures.push(await measureOnce(scenario));
    const first = measures[0] as Measure;
    process.stdout.write(`${scenario.name}\n  exit ${first.exit}\n`);
    for (const [vendor, count] of Object.entries(first.requests)) {
      const minimum = scenario.minimum[vendor];
      const against =
        minimum === undefined ? '' : ` (minimum ${minimum}, ${(count / minimum).toFixed(2)}x)`;
      process.stdout.write(`  ${vendor}: ${count} requests${against}\n`);
    }
    process.stdout.write(`  minimum: ${scenario.why}\n`);
    process.stdout.write(
      `  command time (median of ${RUNS}): ${median(measures.map((m) => m.ms))} ms;` +
        ` peak RSS ${median(measures.map((m) => m.rssMb))} MB\n\n`,
    );
  }
}

await main();
