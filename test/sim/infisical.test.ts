/**
 * The simulated Infisical against `specs/infisical-api.md`: every answer is checked with
 * schemas written from that document, over real loopback sockets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { startSimulators, type Simulators } from '../../src/sim/index.js';
import { FaultSet, startVendorServer, type RunningServer } from '../../src/sim/harness.js';
import { createInfisicalSim } from '../../src/sim/infisical/index.js';
import type { World } from '../../src/sim/world.js';

// §1.1 login answer.
const loginDoc = z.strictObject({
  accessToken: z.string().min(1),
  expiresIn: z.number(),
  accessTokenMaxTTL: z.number(),
  tokenType: z.literal('Bearer'),
});

// The error body of the live document.
const errorDoc = z.strictObject({
  reqId: z.string(),
  statusCode: z.union([400, 401, 403, 404, 422, 500].map((code) => z.literal(code))),
  message: z.string(),
  error: z.string(),
  details: z.unknown().optional(),
});

// §2.1 `secretRawSchema` plus the fields the list and get routes add.
const secretDoc = z.strictObject({
  id: z.string(),
  _id: z.string(),
  workspace: z.string(),
  environment: z.string(),
  version: z.number(),
  type: z.enum(['shared', 'personal']),
  secretKey: z.string(),
  secretValue: z.string(),
  secretComment: z.string(),
  secretReminderNote: z.string().nullable().optional(),
  secretReminderRepeatDays: z.number().nullable().optional(),
  skipMultilineEncoding: z.boolean().nullable().optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  actor: z.object({}).loose().nullable().optional(),
  isRotatedSecret: z.boolean().optional(),
  rotationId: z.uuid().nullable().optional(),
  secretPath: z.string().optional(),
  secretValueHidden: z.boolean(),
  secretMetadata: z.array(z.unknown()).optional(),
  tags: z
    .array(
      z.strictObject({ id: z.string(), slug: z.string(), color: z.string(), name: z.string() }),
    )
    .optional(),
});

const listDoc = z.strictObject({
  secrets: z.array(secretDoc),
  imports: z
    .array(
      z.strictObject({
        secretPath: z.string(),
        environment: z.string(),
        folderId: z.string().optional(),
        secrets: z.array(z.unknown()),
      }),
    )
    .optional(),
});

const oneSecretDoc = z.strictObject({ secret: secretDoc });

const PROJECT = '68c82786-3c8d-42fb-8c9e-972109482a46';
const CLIENT = { clientId: 'ce95c992-0965-411a-8023', clientSecret: 'identity-secret-5e457cd7' };

function world(): World {
  return {
    infisical: {
      identities: [CLIENT],
      projects: [
        {
          id: PROJECT,
          environments: {
            prod: {
              '/': { ROOT_KEY: 'root-value-1' },
              '/shared/cloudflare': {
                CF_API_TOKEN: 'cfut_value_one_abcdef',
                CF_ZONE: {
                  value: 'zone-ref-${CF_API_TOKEN}',
                  comment: 'points at the token',
                  createdAt: '2026-01-02T03:04:05Z',
                  updatedAt: '2026-02-03T04:05:06Z',
                  version: 4,
                },
              },
              '/shared/cloudflare/deeper': { DEEP: 'deep-value-1' },
            },
            dev: {},
          },
        },
      ],
    },
  };
}

interface Call {
  token?: string;
  query?: Record<string, string>;
  body?: unknown;
}

async function call(
  root: string,
  method: string,
  path: string,
  options: Call = {},
): Promise<{ status: number; body: unknown }> {
  const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${root}/api${path}${query}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

async function loginToken(root: string): Promise<string> {
  const answer = await call(root, 'POST', '/v1/auth/universal-auth/login', { body: CLIENT });
  assert.equal(answer.status, 200);
  return loginDoc.parse(answer.body).accessToken;
}

describe('simulated Infisical', () => {
  let sims: Simulators;
  let root: string;
  let token: string;
  const where = { projectId: PROJECT, environment: 'prod' };

  before(async () => {
    sims = await startSimulators(world());
    root = sims.urls.infisical;
    token = await loginToken(root);
  });
  after(() => sims.stop());

  test('login answers the documented shape, a wrong secret a 401 UnauthorizedError', async () => {
    const answer = await call(root, 'POST', '/v1/auth/universal-auth/login', { body: CLIENT });
    const login = loginDoc.parse(answer.body);
    assert.equal(login.expiresIn, 2_592_000);
    const wrong = await call(root, 'POST', '/v1/auth/universal-auth/login', {
      body: { ...CLIENT, clientSecret: 'not-the-secret' },
    });
    assert.equal(wrong.status, 401);
    assert.equal(errorDoc.parse(wrong.body).error, 'UnauthorizedError');
    const empty = await call(root, 'POST', '/v1/auth/universal-auth/login', { body: {} });
    assert.equal(errorDoc.parse(empty.body).statusCode, 422);
  });

  test('a folder lists its own secrets in the documented shape', async () => {
    const answer = await call(root, 'GET', '/v4/secrets', {
      token,
      query: { ...where, secretPath: '/shared/cloudflare/' },
    });
    assert.equal(answer.status, 200);
    const list = listDoc.parse(answer.body);
    assert.deepEqual(list.imports, []);
    const byKey = new Map(list.secrets.map((secret) => [secret.secretKey, secret]));
    assert.deepEqual([...byKey.keys()], ['CF_API_TOKEN', 'CF_ZONE']);
    const zone = byKey.get('CF_ZONE');
    assert.equal(zone?.secretValue, 'zone-ref-${CF_API_TOKEN}');
    assert.equal(zone?.secretComment, 'points at the token');
    assert.equal(zone?.version, 4);
    assert.equal(zone?.updatedAt, '2026-02-03T04:05:06Z');
    assert.equal(zone?.id, zone?._id);
    assert.equal(zone?.workspace, PROJECT);
    assert.equal(zone?.secretPath, '/shared/cloudflare');
    assert.equal(zone?.type, 'shared');
  });

  test('options: references, recursion, hidden values, a missing folder', async () => {
    const list = async (query: Record<string, string>) => {
      const all = { ...where, ...query };
      const answer = await call(root, 'GET', '/v4/secrets', { token, query: all });
      return listDoc.parse(answer.body);
    };
    const expanded = await list({
      secretPath: '/shared/cloudflare',
      expandSecretReferences: 'true',
    });
    const zone = expanded.secrets.find((secret) => secret.secretKey === 'CF_ZONE');
    assert.equal(zone?.secretValue, 'zone-ref-cfut_value_one_abcdef');
    const everything = await list({ secretPath: '/', recursive: 'true' });
    assert.deepEqual(
      everything.secrets.map((secret) => `${secret.secretPath}:${secret.secretKey}`),
      [
        '/:ROOT_KEY',
        '/shared/cloudflare:CF_API_TOKEN',
        '/shared/cloudflare:CF_ZONE',
        '/shared/cloudflare/deeper:DEEP',
      ],
    );
    const hidden = await list({ secretPath: '/', viewSecretValue: 'false' });
    assert.equal(hidden.secrets[0]?.secretValueHidden, true);
    assert.notEqual(hidden.secrets[0]?.secretValue, 'root-value-1');
    assert.deepEqual((await list({ secretPath: '/no/such/folder' })).secrets, []);
    assert.deepEqual((await list({ secretPath: '/shared' })).secrets, []);
  });

  test('listing errors: missing parameters 400, unknown project or environment 404', async () => {
    const missing = await call(root, 'GET', '/v4/secrets', {
      token,
      query: { projectId: PROJECT },
    });
    assert.equal(missing.status, 400);
    assert.equal(errorDoc.parse(missing.body).message, 'Missing project id or environment');
    const project = await call(root, 'GET', '/v4/secrets', {
      token,
      query: { projectId: 'nope', environment: 'prod' },
    });
    assert.equal(project.status, 404);
    assert.equal(errorDoc.parse(project.body).error, 'NotFoundError');
    const env = await call(root, 'GET', '/v4/secrets', {
      token,
      query: { projectId: PROJECT, environment: 'staging' },
    });
    assert.equal(env.status, 404);
  });

  test('a missing or unknown access token is a 401', async () => {
    const none = await call(root, 'GET', '/v4/secrets', { query: where });
    assert.equal(none.status, 401);
    errorDoc.parse(none.body);
    const unknown = await call(root, 'GET', '/v4/secrets', {
      token: 'eyJ.forged.token',
      query: where,
    });
    assert.equal(unknown.status, 401);
    assert.equal(errorDoc.parse(unknown.body).error, 'UnauthorizedError');
  });

  test('get, create, update and delete one secret, with value normalisation', async () => {
    const path = '/shared/cloudflare';
    const created = await call(root, 'POST', '/v4/secrets/NEW_KEY', {
      token,
      body: { ...where, secretPath: path, secretValue: '  padded value \n\n' },
    });
    assert.equal(created.status, 200);
    const secret = oneSecretDoc.parse(created.body).secret;
    assert.equal(secret.secretValue, 'padded value\n');
    assert.equal(secret.version, 1);

    const again = await call(root, 'POST', '/v4/secrets/NEW_KEY', {
      token,
      body: { ...where, secretPath: path, secretValue: 'x' },
    });
    assert.equal(again.status, 400);
    errorDoc.parse(again.body);

    const updated = await call(root, 'PATCH', '/v4/secrets/NEW_KEY', {
      token,
      body: { ...where, secretPath: path, secretValue: ' second ' },
    });
    assert.equal(oneSecretDoc.parse(updated.body).secret.secretValue, 'second');
    assert.equal(oneSecretDoc.parse(updated.body).secret.version, 2);

    const got = await call(root, 'GET', '/v4/secrets/NEW_KEY', {
      token,
      query: { ...where, secretPath: path },
    });
    assert.equal(oneSecretDoc.parse(got.body).secret.secretValue, 'second');

    const deleted = await call(root, 'DELETE', '/v4/secrets/NEW_KEY', {
      token,
      body: { ...where, secretPath: path },
    });
    assert.equal(deleted.status, 200);
    const gone = await call(root, 'GET', '/v4/secrets/NEW_KEY', {
      token,
      query: { ...where, secretPath: path },
    });
    assert.equal(gone.status, 404);
    assert.equal(errorDoc.parse(gone.body).error, 'NotFoundError');
  });

  test('writing into a missing folder or an unknown secret is a 404', async () => {
    const folder = await call(root, 'POST', '/v4/secrets/K', {
      token,
      body: { ...where, secretPath: '/absent', secretValue: 'v' },
    });
    assert.equal(folder.status, 404);
    errorDoc.parse(folder.body);
    const patch = await call(root, 'PATCH', '/v4/secrets/ABSENT', {
      token,
      body: { ...where, secretValue: 'v' },
    });
    assert.equal(patch.status, 404);
    const spaced = await call(root, 'POST', '/v4/secrets/has%20space', {
      token,
      body: { ...where, secretValue: 'v' },
    });
    assert.equal(spaced.status, 422);
  });

  test('the v3 raw routes take workspaceId', async () => {
    const list = await call(root, 'GET', '/v3/secrets/raw', {
      token,
      query: { workspaceId: PROJECT, environment: 'prod', secretPath: '/' },
    });
    assert.deepEqual(
      listDoc.parse(list.body).secrets.map((secret) => secret.secretKey),
      ['ROOT_KEY'],
    );
    const created = await call(root, 'POST', '/v3/secrets/raw/V3_KEY', {
      token,
      body: { workspaceId: PROJECT, environment: 'dev', secretValue: 'v3-value' },
    });
    assert.equal(oneSecretDoc.parse(created.body).secret.environment, 'dev');
  });

  test('snapshot shows every secret in object form', () => {
    type Folder = Record<string, { value: string }>;
    const snapshot = sims.snapshot().infisical as {
      projects: { environments: Record<string, Record<string, Folder>> }[];
    };
    const prod = snapshot.projects[0]?.environments.prod;
    assert.equal(prod?.['/shared/cloudflare']?.CF_API_TOKEN?.value, 'cfut_value_one_abcdef');
    assert.equal(snapshot.projects[0]?.environments.dev?.['/']?.V3_KEY?.value, 'v3-value');
  });
});

describe('simulated Infisical access tokens', () => {
  let now = new Date('2026-05-01T00:00:00Z');
  let server: RunningServer;

  before(async () => {
    const sim = createInfisicalSim(world().infisical, () => now);
    server = await startVendorServer({
      vendor: 'infisical',
      basePath: '/api',
      handler: sim.handler,
      faults: new FaultSet(),
      log: [],
    });
  });
  after(() => server.close());

  test('an expired token is a 403 TokenError; renew gives a working token', async () => {
    const token = await loginToken(server.root);
    const query = { projectId: PROJECT, environment: 'prod' };
    now = new Date(now.getTime() + 29 * 86_400_000);
    const renewed = await call(server.root, 'POST', '/v1/auth/token/renew', {
      body: { accessToken: token },
    });
    const fresh = loginDoc.parse(renewed.body);
    assert.ok(fresh.expiresIn <= 86_400);
    now = new Date(now.getTime() + 2 * 86_400_000);
    const expired = await call(server.root, 'GET', '/v4/secrets', { token, query });
    assert.equal(expired.status, 403);
    const body = errorDoc.parse(expired.body);
    assert.equal(body.error, 'TokenError');
    assert.match(body.message, /expired/);
    const relogin = await loginToken(server.root);
    const listed = await call(server.root, 'GET', '/v4/secrets', { token: relogin, query });
    assert.equal(listed.status, 200);
  });
});
