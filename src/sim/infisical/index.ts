/**
 * The simulated Infisical, following `specs/infisical-api.md`: Universal Auth login and
 * renew, and the v4 and v3-raw secrets routes, under the `/api` base the harness strips.
 */
import type { SimRequest, SimResponse } from '../harness.js';
import type { Clock, VendorSim } from '../vendor.js';
import type { InfisicalWorld } from '../world.js';
import { InfisicalAuth } from './auth.js';
import { dispatch, failure, route, type Params, type Route } from './reply.js';
import { SecretRoutes, type ProjectParam } from './secrets.js';
import { buildProjects, snapshotProjects } from './state.js';

/**
 * `snapshot()` answers `{ projects: [{ id, environments: { slug: { path: { KEY:
 * { value, comment, version, createdAt, updatedAt } } } } }] }`: every secret in object
 * form, whether the world gave a string or an object; empty folders are left out.
 */
export function createInfisicalSim(world: InfisicalWorld = {}, clock: Clock): VendorSim {
  const projects = buildProjects(world, clock().toISOString());
  const auth = new InfisicalAuth(world, clock);
  const secrets = new SecretRoutes(projects, clock);
  const routes = [
    route('POST', '/v1/auth/universal-auth/login', (request) => auth.login(request)),
    route('POST', '/v1/auth/token/renew', (request) => auth.renew(request)),
    ...secretRoutes(auth, secrets),
  ];
  return {
    handler: (request) => dispatch(routes, request),
    snapshot: () => snapshotProjects(projects),
  };
}

function secretRoutes(auth: InfisicalAuth, secrets: SecretRoutes): Route[] {
  const guarded = (
    method: string,
    path: string,
    handle: (request: SimRequest, params: Params) => SimResponse,
  ): Route =>
    route(method, path, (request, params) => {
      const caller = auth.authenticate(request);
      return 'status' in caller ? caller : handle(request, params);
    });
  const family = (base: string, param: ProjectParam): Route[] => [
    guarded('GET', base, (request) => secrets.list(request, param)),
    guarded('GET', `${base}/{name}`, (r, p) => secrets.get(r, param, p.name ?? '')),
    guarded('POST', `${base}/{name}`, (r, p) => secrets.create(r, param, p.name ?? '')),
    guarded('PATCH', `${base}/{name}`, (r, p) => secrets.update(r, param, p.name ?? '')),
    guarded('DELETE', `${base}/{name}`, (r, p) => secrets.remove(r, param, p.name ?? '')),
  ];
  const notSimulated = (): SimResponse =>
    failure('NotImplemented', 'batch update and delete are not simulated');
  return [
    guarded('POST', '/v4/secrets/batch', (request) => secrets.createBatch(request)),
    guarded('PATCH', '/v4/secrets/batch', notSimulated),
    guarded('DELETE', '/v4/secrets/batch', notSimulated),
    ...family('/v4/secrets', 'projectId'),
    ...family('/v3/secrets/raw', 'workspaceId'),
  ];
}
