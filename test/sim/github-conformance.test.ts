/**
 * Every operation of `specs/github.openapi.json`, asked of the simulator for a
 * repository, an organisation and an environment: each answer must carry a documented
 * status and a body the description's schema accepts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startSimulators, type Simulators } from '../../src/sim/index.js';
import { repoRoot } from '../helpers/paths.js';
import { call } from './gitea-http.js';
import { sealTo } from './github-sealing.js';
import { ApiDescription } from './openapi.js';

const SPEC = join(repoRoot(), 'specs', 'github.openapi.json');
const TOKEN = 'ghp_conformanceToken000000000000000000';

const SCOPES = [
  { template: '/repos/{owner}/{repo}/actions', path: '/repos/acme/core/actions', extra: {} },
  { template: '/orgs/{org}/actions', path: '/orgs/acme/actions', extra: { visibility: 'all' } },
  {
    template: '/repos/{owner}/{repo}/environments/{environment_name}',
    path: '/repos/acme/core/environments/production',
    extra: {},
  },
];

let sims: Simulators;

before(async () => {
  sims = await startSimulators({
    github: {
      tokens: [{ value: TOKEN, user: 'octo-bot' }],
      repos: [
        {
          owner: 'acme',
          name: 'core',
          secrets: [{ name: 'A', value: 'a-value' }],
          environments: [{ name: 'production', secrets: [{ name: 'P', value: 'p-value' }] }],
        },
      ],
      orgs: [{ name: 'acme', secrets: [{ name: 'B', value: 'b-value' }] }],
    },
  });
});
after(() => sims.stop());

test('every answer has a documented status and a body the description accepts', async () => {
  const spec = ApiDescription.load(SPEC);
  const asked = new Set<string>();
  const exchange = async (method: string, path: string, json?: unknown) => {
    const template = spec.templateOf(method, path);
    assert.ok(template, `${method} ${path} is not described`);
    asked.add(`${method} ${template}`);
    const answer = await call(`${sims.urls.github}${path}`, {
      method,
      auth: `Bearer ${TOKEN}`,
      ...(json === undefined ? {} : { json }),
    });
    const problems = spec.problems(method, path, answer.status, answer.body);
    assert.deepEqual(problems, [], `${method} ${path} → ${answer.status}`);
    return answer;
  };
  for (const scope of SCOPES) {
    assert.equal((await exchange('GET', `${scope.path}/secrets`)).status, 200);
    const key = (await exchange('GET', `${scope.path}/secrets/public-key`)).body as {
      key_id: string;
      key: string;
    };
    const json = {
      encrypted_value: await sealTo(key.key, 'conformance value'),
      key_id: key.key_id,
      ...scope.extra,
    };
    assert.equal((await exchange('PUT', `${scope.path}/secrets/NEW_ONE`, json)).status, 201);
    assert.equal((await exchange('PUT', `${scope.path}/secrets/NEW_ONE`, json)).status, 204);
    assert.equal((await exchange('GET', `${scope.path}/secrets/NEW_ONE`)).status, 200);
    assert.equal((await exchange('DELETE', `${scope.path}/secrets/NEW_ONE`)).status, 204);
  }
  const missing = operations().filter((operation) => !asked.has(operation));
  assert.deepEqual(missing, [], 'operations never exercised');
});

test('list and get answers carry exactly the described fields, never a value', async () => {
  const answer = await call(`${sims.urls.github}/orgs/acme/actions/secrets`, {
    auth: `token ${TOKEN}`,
  });
  const secret = (answer.body as { secrets: Record<string, unknown>[] }).secrets[0] ?? {};
  assert.deepEqual(Object.keys(secret).sort(), ['created_at', 'name', 'updated_at', 'visibility']);
});

function operations(): string[] {
  const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as { paths: Record<string, object> };
  return Object.entries(spec.paths).flatMap(([template, item]) =>
    Object.keys(item)
      .filter((key) => ['get', 'put', 'post', 'patch', 'delete'].includes(key))
      .map((method) => `${method.toUpperCase()} ${template}`),
  );
}
