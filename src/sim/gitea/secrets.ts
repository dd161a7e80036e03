/** `/actions/secrets` of a repository or an organisation: list, create or update, delete. */
import type { SimRequest, SimResponse } from '../harness.js';
import { giteaError, notFound, pageOf } from './answers.js';
import { MAX_DESCRIPTION_CHARS, MAX_SECRET_BYTES, isValidGiteaName } from './names.js';
import type { Params, Route } from './route.js';
import type { GiteaScope, GiteaUser } from './state.js';

export type ScopeLookup = (params: Params) => GiteaScope | undefined;

export function secretRoutes(prefix: string, lookup: ScopeLookup): Route<GiteaUser | undefined>[] {
  const withScope =
    (act: (request: SimRequest, scope: GiteaScope, params: Params) => SimResponse) =>
    (request: SimRequest, params: Params): SimResponse => {
      const scope = lookup(params);
      return scope ? act(request, scope, params) : notFound(request);
    };
  return [
    { method: 'GET', path: `${prefix}/actions/secrets`, handle: withScope(listSecrets) },
    {
      method: 'PUT',
      path: `${prefix}/actions/secrets/{secretname}`,
      handle: withScope(putSecret),
    },
    {
      method: 'DELETE',
      path: `${prefix}/actions/secrets/{secretname}`,
      handle: withScope(deleteSecret),
    },
  ];
}

function listSecrets(request: SimRequest, scope: GiteaScope): SimResponse {
  const items = scope.secrets.list().map((secret) => ({
    name: secret.name,
    description: secret.description ?? '',
    created_at: secret.created_at,
  }));
  return pageOf(request, items);
}

function putSecret(request: SimRequest, scope: GiteaScope, params: Params): SimResponse {
  const body = request.body as { data?: unknown; description?: unknown } | undefined;
  if (typeof body?.data !== 'string' || body.data === '') {
    return bindingError('Data', 'Required');
  }
  const name = params.secretname ?? '';
  if (!isValidGiteaName(name)) return giteaError(request, 400, 'invalid name');
  if (Buffer.byteLength(body.data, 'utf8') > MAX_SECRET_BYTES) {
    return giteaError(request, 400, 'data too long');
  }
  const description = typeof body.description === 'string' ? body.description : undefined;
  if (description !== undefined && description.length > MAX_DESCRIPTION_CHARS) {
    return giteaError(request, 400, 'description too long');
  }
  const outcome = scope.secrets.put(name, body.data, { description });
  return { status: outcome === 'created' ? 201 : 204 };
}

function deleteSecret(request: SimRequest, scope: GiteaScope, params: Params): SimResponse {
  const name = params.secretname ?? '';
  if (!isValidGiteaName(name)) return giteaError(request, 400, 'invalid name');
  return scope.secrets.delete(name) ? { status: 204 } : notFound(request);
}

/** What Gitea's form binding answers for a missing required field. */
export function bindingError(field: string, classification: string): SimResponse {
  return {
    status: 422,
    body: [
      { fieldNames: [field], classification: `${classification}Error`, message: classification },
    ],
  };
}
