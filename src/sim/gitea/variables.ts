/** `/actions/variables` of a repository or an organisation. */
import type { SimRequest, SimResponse } from '../harness.js';
import { giteaError, notFound, pageOf } from './answers.js';
import { isValidGiteaName } from './names.js';
import type { Params, Route } from './route.js';
import { bindingError, type ScopeLookup } from './secrets.js';
import type { GiteaScope, GiteaUser } from './state.js';
import type { StoredVariable } from './variable-book.js';

type Act = (request: SimRequest, scope: GiteaScope, name: string) => SimResponse;

type Caller = GiteaUser | undefined;

export function variableRoutes(prefix: string, lookup: ScopeLookup): Route<Caller>[] {
  const one = `${prefix}/actions/variables/{variablename}`;
  const withScope =
    (act: Act) =>
    (request: SimRequest, params: Params): SimResponse => {
      const scope = lookup(params);
      return scope ? act(request, scope, params.variablename ?? '') : notFound(request);
    };
  return [
    {
      method: 'GET',
      path: `${prefix}/actions/variables`,
      handle: withScope((request, scope) =>
        pageOf(
          request,
          scope.variables.list().map((v) => shown(v, scope)),
        ),
      ),
    },
    { method: 'GET', path: one, handle: withScope(getVariable) },
    { method: 'POST', path: one, handle: withScope(createVariable) },
    { method: 'PUT', path: one, handle: withScope(updateVariable) },
    { method: 'DELETE', path: one, handle: withScope(deleteVariable) },
  ];
}

function getVariable(request: SimRequest, scope: GiteaScope, name: string): SimResponse {
  const variable = scope.variables.get(name);
  return variable ? { status: 200, body: shown(variable, scope) } : notFound(request);
}

function createVariable(request: SimRequest, scope: GiteaScope, name: string): SimResponse {
  const body = request.body as { value?: unknown; description?: unknown } | undefined;
  if (typeof body?.value !== 'string' || body.value === '') {
    return bindingError('Value', 'Required');
  }
  if (!isValidGiteaName(name)) return giteaError(request, 400, 'invalid variable name');
  const description = typeof body.description === 'string' ? body.description : '';
  const outcome = scope.variables.create(name, body.value, description);
  if (outcome === 'conflict') return giteaError(request, 409, 'variable name already exists');
  return { status: 201 };
}

function updateVariable(request: SimRequest, scope: GiteaScope, name: string): SimResponse {
  const body = request.body as
    { value?: unknown; name?: unknown; description?: unknown } | undefined;
  if (typeof body?.value !== 'string' || body.value === '') {
    return bindingError('Value', 'Required');
  }
  const rename = typeof body.name === 'string' && body.name !== '' ? body.name : undefined;
  if (rename !== undefined && !isValidGiteaName(rename)) {
    return giteaError(request, 400, 'invalid variable name');
  }
  const outcome = scope.variables.update(name, {
    data: body.value,
    ...(rename ? { rename } : {}),
    ...(typeof body.description === 'string' ? { description: body.description } : {}),
  });
  if (outcome === 'missing') return notFound(request);
  if (outcome === 'conflict') return giteaError(request, 400, 'variable name already exists');
  return { status: 204 };
}

function deleteVariable(request: SimRequest, scope: GiteaScope, name: string): SimResponse {
  return scope.variables.delete(name) ? { status: 204 } : notFound(request);
}

function shown(variable: StoredVariable, scope: GiteaScope): unknown {
  return {
    owner_id: scope.ownerId,
    repo_id: scope.repoId,
    name: variable.name,
    data: variable.data,
    description: variable.description,
  };
}
