#!/usr/bin/env node
/**
 * `npm run sim -- PATH`: starts the simulated vendors for a world (a case folder, its
 * case.json, or a world JSON file) on loopback and keeps them up until interrupted, so
 * that tend can be tried by hand against them. Writes the case's manifest and files into
 * a temporary directory when given a case.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulators } from './index.js';
import { renderPlaceholders, type World } from './world.js';

interface CaseLike {
  world?: World;
  manifest?: string;
  files?: Record<string, string>;
  env?: Record<string, string>;
}

async function main(path: string | undefined): Promise<void> {
  if (!path) {
    process.stderr.write('usage: npm run sim -- CASE_DIR | case.json | world.json\n');
    process.exitCode = 2;
    return;
  }
  const file = statSync(path).isDirectory() ? join(path, 'case.json') : path;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as CaseLike & World;
  const now = new Date();
  const world = renderPlaceholders(parsed.world ?? parsed, {}, now);
  const sims = await startSimulators(world);
  const dir = mkdtempSync(join(tmpdir(), 'tend-sim-'));
  const vars = {
    CLOUDFLARE_URL: sims.urls.cloudflare,
    GITEA_URL: sims.urls.gitea,
    INFISICAL_URL: sims.urls.infisical,
    LIVE_URL: sims.urls.live,
    DIR: dir,
  };
  const lines = Object.entries(sims.urls).map(([vendor, url]) => `  ${vendor.padEnd(10)} ${url}`);
  process.stdout.write(`Simulated vendors on loopback:\n${lines.join('\n')}\n`);
  if (parsed.manifest) {
    writeFileSync(join(dir, 'tend.yaml'), renderPlaceholders(parsed.manifest, vars, now));
    for (const [name, text] of Object.entries(parsed.files ?? {})) {
      writeFileSync(join(dir, name), renderPlaceholders(text, vars, now), { mode: 0o600 });
    }
    const env = renderPlaceholders(parsed.env ?? {}, vars, now);
    // Addresses are shown; anything else in a case's env is a (synthetic) secret.
    const exports = Object.entries(env).map(([name, value]) =>
      /^https?:\/\/127\.0\.0\.1:/.test(value) ? `export ${name}=${value}` : `export ${name}=…`,
    );
    process.stdout.write(
      `\nThe case's manifest and files are in ${dir}.\nIts environment (values in ` +
        `${file}, under "env"):\n  ${exports.join('\n  ')}\n`,
    );
  }
  process.stdout.write('\nPress Ctrl-C to stop.\n');
  process.on('SIGINT', () => void sims.stop().then(() => process.exit(0)));
}

await main(process.argv[2]);
