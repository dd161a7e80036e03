/**
 * A scenario for CLI tests: a world in the simulators, a manifest and files in a real
 * temp directory, and `tend` run there as a user runs it. Cases from test/cases use the
 * same pieces through test/helpers/cases.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulators, type Simulators } from '../../src/sim/index.js';
import { renderPlaceholders, type World } from '../../src/sim/world.js';
import { runTend, type TendRun } from './tend.js';

export interface Scenario {
  dir: string;
  sims: Simulators;
  vars: Record<string, string>;
  env: Record<string, string>;
  tend(args: string[], env?: Record<string, string>): Promise<TendRun>;
  write(name: string, text: string): void;
  close(): Promise<void>;
}

export interface ScenarioInput {
  world: World;
  /** May use ${CLOUDFLARE_URL}, ${GITEA_URL}, ${INFISICAL_URL}, ${LIVE_URL}, ${DIR}. */
  manifest: string;
  files?: Record<string, string>;
  env?: Record<string, string>;
}

export async function openScenario(input: ScenarioInput): Promise<Scenario> {
  const now = new Date();
  const sims = await startSimulators(renderPlaceholders(input.world, {}, now));
  const dir = mkdtempSync(join(tmpdir(), 'tend-test-'));
  const vars = {
    CLOUDFLARE_URL: sims.urls.cloudflare,
    GITEA_URL: sims.urls.gitea,
    INFISICAL_URL: sims.urls.infisical,
    GITHUB_URL: sims.urls.github,
    LIVE_URL: sims.urls.live,
    DIR: dir,
  };
  const write = (name: string, text: string): void =>
    writeFileSync(join(dir, name), renderPlaceholders(text, vars, now), { mode: 0o600 });
  write('tend.yaml', input.manifest);
  for (const [name, text] of Object.entries(input.files ?? {})) write(name, text);
  const env = {
    TEND_CLOUDFLARE_API_URL: sims.urls.cloudflare,
    ...renderPlaceholders(input.env ?? {}, vars, now),
  };
  return {
    dir,
    sims,
    vars,
    env,
    write,
    tend: (args, extra = {}) => runTend(args, { cwd: dir, env: { ...env, ...extra } }),
    close: async () => {
      await sims.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Findings from a `--json` run. */
export function findingsOf(
  run: TendRun,
): { credential?: string; class: string; store: string; severity: string; message: string }[] {
  const body = JSON.parse(run.stdout) as { findings: [] };
  return body.findings;
}

/** Opens a scenario for `body` and always closes it. */
export async function withScenario<T>(
  input: ScenarioInput,
  body: (scenario: Scenario) => Promise<T>,
): Promise<T> {
  const scenario = await openScenario(input);
  try {
    return await body(scenario);
  } finally {
    await scenario.close();
  }
}
