/**
 * `tend demo`: the whole story on simulated vendors, with no account and no network.
 * Each step runs the real `tend` binary against real loopback servers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunContext } from '../core/context.js';
import { ExitCode } from '../core/errors.js';
import { SecretValue } from '../core/secret.js';
import { demoManifest, demoValues, demoWorld, type DemoValues } from '../demo/world.js';
import { putFreshToken } from '../demo/rotate.js';
import { runTendStep } from '../demo/steps.js';
import { registerCommand } from './registry.js';

registerCommand({
  name: 'demo',
  summary: 'play the revoked-token incident on simulated vendors (no account needed)',
  configure: (command) => {
    command.option('--keep', 'keep the demo directory and print its path');
  },
  run: async (ctx, input) => {
    const values = demoValues();
    for (const value of Object.values(values)) SecretValue.load(value, ctx.redactor);
    // The simulators load only for the demo, not for every command.
    const { startSimulators } = await import('../sim/index.js');
    const sims = await startSimulators(demoWorld(values));
    const dir = mkdtempSync(join(tmpdir(), 'tend-demo-'));
    try {
      writeFileSync(join(dir, 'tend.yaml'), demoManifest(sims.urls, values));
      writeFileSync(join(dir, 'all-credentials.env'), `CF_ZONE_ID=${values.zoneId}\n`, {
        mode: 0o600,
      });
      ctx.log.out(INTRO);
      const story = new Story(ctx, dir, operatorEnv(ctx, sims.urls.cloudflare, values));
      const before = await story.play(values, values.revokedToken);
      ctx.log.out(
        '\n== The fix: a new token goes into Infisical, and tend sync pushes it to every mirror\n',
      );
      await putFreshToken({ ctx, dir, env: story.env, urls: sims.urls, values });
      const after = await story.play(values, values.freshToken);
      const told =
        before.every((code) => code === ExitCode.findings) && after.every((c) => c === 0);
      ctx.log.out(
        told
          ? '\nDemo complete: the broken state was caught, and the re-check is green.\n'
          : '\nThe demo did not go as expected; see the reports above.\n',
      );
      if (input.options.keep) ctx.log.out(`Demo files kept in ${dir}\n`);
      return told ? ExitCode.ok : ExitCode.internal;
    } finally {
      await sims.stop();
      if (!input.options.keep) rmSync(dir, { recursive: true, force: true });
    }
  },
});

const INTRO = `tend demo: simulated Cloudflare, Gitea and Infisical run on 127.0.0.1; each step
below runs the real tend binary against them, with no account and no network.

The incident: an hourly janitor job reads CF_API_TOKEN from the Gitea repository acme/core.
Its pre-check sees the secret is set and passes, while Cloudflare refuses the token on every
call: it was revoked. The token never reached Infisical (the source of truth) nor the
operator host's env file, so nobody can rotate it from one place.
`;

class Story {
  constructor(
    readonly ctx: RunContext,
    readonly dir: string,
    readonly env: Record<string, string>,
  ) {}

  /** The operator's check, then the janitor job's pre-check with the value it receives. */
  async play(values: DemoValues, jobToken: string): Promise<number[]> {
    this.ctx.log.out('\n== The operator runs: tend check\n');
    const operator = await this.run(['check'], {});
    this.ctx.log.out(
      '\n== Inside the hourly janitor job: tend check --env CF_API_TOKEN,CF_ZONE_ID\n',
    );
    const job = await this.run(['check', '--env', 'CF_API_TOKEN,CF_ZONE_ID'], {
      CF_API_TOKEN: jobToken,
      CF_ZONE_ID: values.zoneId,
    });
    return [operator, job];
  }

  run(args: string[], extraEnv: Record<string, string>): Promise<number> {
    return runTendStep({ ctx: this.ctx, cwd: this.dir, env: { ...this.env, ...extraEnv }, args });
  }
}

function operatorEnv(
  ctx: RunContext,
  cloudflareUrl: string,
  values: DemoValues,
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: ctx.env.PATH ?? '',
    TEND_CLOUDFLARE_API_URL: cloudflareUrl,
    GITEA_TOKEN: values.giteaToken,
    INFISICAL_CLIENT_ID: values.clientId,
    INFISICAL_CLIENT_SECRET: values.clientSecret,
  };
  if (ctx.env.NO_COLOR !== undefined) env.NO_COLOR = ctx.env.NO_COLOR;
  else if (process.stdout.isTTY) env.FORCE_COLOR = '1';
  return env;
}
