/**
 * Every operation of `specs/gitea.swagger.json`, asked of the simulator in its success
 * and failure forms: each answer must carry a documented status and a body the
 * description's schema accepts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startSimulators, type Simulators } from '../../src/sim/index.js';
import { repoRoot } from '../helpers/paths.js';
import { call } from './gitea-http.js';
import { ApiDescription } from './openapi.js';

const SPEC = join(repoRoot(), 'specs', 'gitea.swagger.json');

const TOKEN = 'gitea-conformance-token-0001';

interface Exchange {
  method: string;
  template: string;
  path: string;
  json?: unknown;
  status: number;
}

const R = '/repos/{owner}/{repo}';
const O = '/orgs/{org}';

/** In order: later exchanges rely on what earlier ones created. */
const exchanges: Exchange[] = [
  { method: 'GET', template: '/version', path: '/version', status: 200 },
  { method: 'GET', template: '/user', path: '/user', status: 200 },
  { method: 'GET', template: R, path: '/repos/acme/core', status: 200 },
  { method: 'GET', template: R, path: '/repos/acme/none', status: 404 },
  ...scopeExchanges(R, '/repos/acme/core', '/repos/acme/none'),
  ...scopeExchanges(O, '/orgs/acme', '/orgs/none'),
];

function scopeExchanges(prefix: string, real: string, missing: string): Exchange[] {
  const secrets = `${prefix}/actions/secrets`;
  const secret = `${secrets}/{secretname}`;
  const variables = `${prefix}/actions/variables`;
  const variable = `${variables}/{variablename}`;
  return [
    { method: 'GET', template: secrets, path: `${real}/actions/secrets?limit=2`, status: 200 },
    { method: 'GET', template: secrets, path: `${missing}/actions/secrets`, status: 404 },
    {
      method: 'PUT',
      template: secret,
      path: `${real}/actions/secrets/DEPLOY_KEY`,
      json: { data: 'deploy-value', description: 'for deploys' },
      status: 201,
    },
    {
      method: 'PUT',
      template: secret,
      path: `${real}/actions/secrets/deploy_key`,
      json: { data: 'deploy-value-2' },
      status: 204,
    },
    {
      method: 'PUT',
      template: secret,
      path: `${real}/actions/secrets/GITEA_NOPE`,
      json: { data: 'x' },
      status: 400,
    },
    {
      method: 'PUT',
      template: secret,
      path: `${missing}/actions/secrets/X`,
      json: { data: 'x' },
      status: 404,
    },
    { method: 'DELETE', template: secret, path: `${real}/actions/secrets/DEPLOY_KEY`, status: 204 },
    { method: 'DELETE', template: secret, path: `${real}/actions/secrets/DEPLOY_KEY`, status: 404 },
    {
      method: 'POST',
      template: variable,
      path: `${real}/actions/variables/REGION`,
      json: { value: 'eu', description: 'where' },
      status: 201,
    },
    {
      method: 'POST',
      template: variable,
      path: `${real}/actions/variables/REGION`,
      json: { value: 'eu' },
      status: 409,
    },
    { method: 'GET', template: variables, path: `${real}/actions/variables`, status: 200 },
    { method: 'GET', template: variables, path: `${missing}/actions/variables`, status: 404 },
    { method: 'GET', template: variable, path: `${real}/actions/variables/REGION`, status: 200 },
    {
      method: 'PUT',
      template: variable,
      path: `${real}/actions/variables/REGION`,
      json: { value: 'us' },
      status: 204,
    },
    {
      method: 'PUT',
      template: variable,
      path: `${real}/actions/variables/NONE`,
      json: { value: 'us' },
      status: 404,
    },
    { method: 'DELETE', template: variable, path: `${real}/actions/variables/REGION`, status: 204 },
    { method: 'GET', template: variable, path: `${real}/actions/variables/REGION`, status: 404 },
  ];
}

let sims: Simulators;

before(async () => {
  sims = await startSimulators({
    gitea: {
      tokens: [{ value: TOKEN, user: 'ci-bot' }],
      repos: [{ owner: 'acme', name: 'core', secrets: [{ name: 'A', value: 'a-value' }] }],
      orgs: [{ name: 'acme', secrets: [{ name: 'B', value: 'b-value' }] }],
    },
  });
});
after(() => sims.stop());

test('every answer has a documented status and a body the description accepts', async () => {
  const spec = ApiDescription.load(SPEC);
  for (const exchange of exchanges) {
    const label = `${exchange.method} ${exchange.path}`;
    const path = exchange.path.replace(/\?.*$/, '');
    assert.equal(spec.templateOf(exchange.method, path), exchange.template, label);
    const answer = await call(`${sims.urls.gitea}/api/v1${exchange.path}`, {
      method: exchange.method,
      auth: `token ${TOKEN}`,
      ...(exchange.json !== undefined ? { json: exchange.json } : {}),
    });
    assert.equal(answer.status, exchange.status, label);
    assert.deepEqual(spec.problems(exchange.method, path, answer.status, answer.body), [], label);
  }
});

test('the checker itself refuses a wrong body and an undocumented status', () => {
  const spec = ApiDescription.load(SPEC);
  const list = '/repos/acme/core/actions/secrets';
  assert.notDeepEqual(spec.problems('GET', list, 200, [{ name: 7 }]), []);
  assert.notDeepEqual(spec.problems('GET', list, 200, { name: 'A' }), []);
  assert.throws(() => spec.problems('GET', list, 418, undefined));
});

test('the exchanges cover every operation in the description', () => {
  const asked = new Set(exchanges.map((e) => `${e.method} ${e.template}`));
  const missing = operations(SPEC).filter((operation) => !asked.has(operation));
  assert.deepEqual(missing, []);
});

test('listings are arrays of Secret with no value field, and carry X-Total-Count', async () => {
  const answer = await call(`${sims.urls.gitea}/api/v1/repos/acme/core/actions/secrets`, {
    auth: `token ${TOKEN}`,
  });
  assert.equal(answer.headers.get('x-total-count'), '1');
  for (const item of answer.body as Record<string, unknown>[]) {
    assert.ok(!('data' in item) && !('value' in item));
  }
});

/** Every `METHOD /template` the description holds. */
function operations(file: string): string[] {
  const spec = JSON.parse(readFileSync(file, 'utf8')) as { paths: Record<string, object> };
  return Object.entries(spec.paths).flatMap(([template, item]) =>
    Object.keys(item)
      .filter((key) => ['get', 'put', 'post', 'patch', 'delete'].includes(key))
      .map((method) => `${method.toUpperCase()} ${template}`),
  );
}
