/**
 * The demo's remedy: the operator stores a new token in Infisical (through its API, as
 * the web console would), then `tend sync --apply` pushes it to every mirror.
 */
import type { RunContext } from '../core/context.js';
import type { SimulatorUrls } from '../sim/index.js';
import type { DemoValues } from './world.js';
import { runTendStep } from './steps.js';

export interface RotateInput {
  ctx: RunContext;
  dir: string;
  env: Record<string, string>;
  urls: SimulatorUrls;
  values: DemoValues;
}

export async function putFreshToken(input: RotateInput): Promise<void> {
  const { urls, values, ctx } = input;
  const login = await fetch(`${urls.infisical}/api/v1/auth/universal-auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: values.clientId, clientSecret: values.clientSecret }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  ctx.log.out('The operator stores a new token in Infisical at /shared/cloudflare.\n');
  await fetch(`${urls.infisical}/api/v4/secrets/CF_API_TOKEN`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({
      projectId: values.projectId,
      environment: 'prod',
      secretPath: '/shared/cloudflare',
      secretValue: values.freshToken,
    }),
  });
  ctx.log.out('\n== Once per manifest, the operator runs: tend init\n');
  await runTendStep({ ctx, cwd: input.dir, env: input.env, args: ['init'] });
  ctx.log.out('\n== The operator runs: tend sync --apply\n');
  await runTendStep({ ctx, cwd: input.dir, env: input.env, args: ['sync', '--apply'] });
}
