/**
 * Actions secrets of a repository, an organisation or an environment: list, get, the
 * sealing key, create or update (a libsodium sealed box, opened here so the state holds
 * the real value), delete.
 */
import type { StoredSecret } from '../gitea/book.js';
import type { Params, Route } from '../gitea/route.js';
import type { SimRequest, SimResponse } from '../harness.js';
import { githubError, notFound, pageOf } from './answers.js';
import { openSealed, publicKeyBase64, type KeyRing } from './keys.js';
import { MAX_SECRET_BYTES, isValidGithubName } from './names.js';
import type { GithubScope } from './state.js';

export type ScopeLookup = (params: Params) => GithubScope | undefined;
type Act = (request: SimRequest, scope: GithubScope, name: string) => Promise<SimResponse>;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
const VISIBILITIES = ['all', 'private', 'selected'];

export function secretRoutes(prefix: string, lookup: ScopeLookup, keys: KeyRing): Route<string>[] {
  const withScope =
    (act: Act) =>
    async (request: SimRequest, params: Params): Promise<SimResponse> => {
      const scope = lookup(params);
      return scope ? act(request, scope, params.secret_name ?? '') : notFound();
    };
  const one = `${prefix}/secrets/{secret_name}`;
  return [
    { method: 'GET', path: `${prefix}/secrets`, handle: withScope(listSecrets) },
    {
      method: 'GET',
      path: `${prefix}/secrets/public-key`,
      handle: withScope(async (_request, scope) => {
        const key = await keys.keyFor(scope.id);
        return { status: 200, body: { key_id: key.keyId, key: publicKeyBase64(key) } };
      }),
    },
    { method: 'GET', path: one, handle: withScope(getSecret) },
    {
      method: 'PUT',
      path: one,
      handle: withScope((request, scope, name) => putSecret(keys, request, scope, name)),
    },
    {
      method: 'DELETE',
      path: one,
      handle: withScope(async (_request, scope, name) =>
        scope.secrets.delete(name) ? { status: 204 } : notFound(),
      ),
    },
  ];
}

async function listSecrets(request: SimRequest, scope: GithubScope): Promise<SimResponse> {
  const all = scope.secrets.list();
  const page = pageOf(request, all);
  return {
    status: 200,
    headers: page.headers,
    body: { total_count: all.length, secrets: page.items.map((s) => shown(request, scope, s)) },
  };
}

async function getSecret(
  request: SimRequest,
  scope: GithubScope,
  name: string,
): Promise<SimResponse> {
  const secret = scope.secrets.get(name);
  return secret ? { status: 200, body: shown(request, scope, secret) } : notFound();
}

async function putSecret(
  keys: KeyRing,
  request: SimRequest,
  scope: GithubScope,
  name: string,
): Promise<SimResponse> {
  const body = readPutBody(request.body, scope.kind === 'org');
  if (typeof body === 'string') return githubError(422, `Invalid request.\n\n${body}`);
  if (!isValidGithubName(name)) {
    return githubError(422, 'Failed to add secret. Name is invalid');
  }
  const key = await keys.keyFor(scope.id);
  if (body.keyId !== key.keyId) return githubError(422, 'Bad request - key_id is not valid');
  const value = openSealed(key, body.encryptedValue);
  if (value === undefined) return githubError(422, 'Bad request - could not decrypt the value');
  if (Buffer.byteLength(value, 'utf8') > MAX_SECRET_BYTES) {
    return githubError(422, 'Secret value is too large (over 48 KB)');
  }
  const extras = scope.kind === 'org' ? { visibility: body.visibility } : {};
  const outcome = scope.secrets.put(name, value, extras);
  return outcome === 'created' ? { status: 201, body: {} } : { status: 204 };
}

interface PutBody {
  encryptedValue: string;
  keyId: string;
  visibility?: string;
}

/** The parsed body, or what is wrong with it in GitHub's words. */
function readPutBody(raw: unknown, needsVisibility: boolean): PutBody | string {
  if (typeof raw !== 'object' || raw === null) return 'Body must be a JSON object.';
  const body = raw as Record<string, unknown>;
  for (const field of ['encrypted_value', 'key_id', ...(needsVisibility ? ['visibility'] : [])]) {
    if (body[field] === undefined) return `"${field}" wasn't supplied.`;
    if (typeof body[field] !== 'string') {
      return `For '${field}', ${JSON.stringify(body[field])} is not a string.`;
    }
  }
  const encryptedValue = body.encrypted_value as string;
  if (!BASE64.test(encryptedValue)) return `For 'encrypted_value', the value is not base64.`;
  const visibility = body.visibility as string | undefined;
  if (visibility !== undefined && !VISIBILITIES.includes(visibility)) {
    return `For 'visibility', "${visibility}" is not a member of ${JSON.stringify(VISIBILITIES)}.`;
  }
  return { encryptedValue, keyId: body.key_id as string, ...(visibility ? { visibility } : {}) };
}

function shown(request: SimRequest, scope: GithubScope, secret: StoredSecret): unknown {
  const base = { name: secret.name, created_at: secret.created_at, updated_at: secret.updated_at };
  if (scope.kind !== 'org') return base;
  const visibility = secret.visibility ?? 'private';
  if (visibility !== 'selected') return { ...base, visibility };
  const root = `http://${request.headers.host ?? '127.0.0.1'}`;
  const scopePath = request.path.replace(/\/secrets(\/.*)?$/, '');
  const url = `${root}${scopePath}/secrets/${secret.name}/repositories`;
  return { ...base, visibility, selected_repositories_url: url };
}
