/**
 * The simulated Gitea, following `specs/gitea.swagger.json` under `/api/v1`: Actions
 * secrets and variables of repositories and organisations, plus the few endpoints a
 * client asks first. Secrets are write-only: listings carry names and dates, never values.
 */
import type { SimRequest, SimResponse } from '../harness.js';
import type { Clock, VendorSim } from '../vendor.js';
import type { GiteaWorld } from '../world.js';
import { giteaError, notFound } from './answers.js';
import { metaRoutes } from './meta.js';
import { matchRoute, type Params, type Route } from './route.js';
import { secretRoutes, type ScopeLookup } from './secrets.js';
import { GiteaState, type GiteaUser } from './state.js';
import { variableRoutes } from './variables.js';

/** Gitea answers `/version` without a token; everything simulated here needs one. */
const PUBLIC_PATHS = new Set(['/version']);

export function createGiteaSim(world: GiteaWorld = {}, clock: Clock): VendorSim {
  const state = new GiteaState(world, clock);
  const routes = buildRoutes(state);
  return {
    handler: (request) => serve(state, routes, request),
    snapshot: () => state.snapshot(),
  };
}

function buildRoutes(state: GiteaState): Route<GiteaUser | undefined>[] {
  const repo: ScopeLookup = (p: Params) => state.repo(p.owner ?? '', p.repo ?? '');
  const org: ScopeLookup = (p: Params) => state.org(p.org ?? '');
  return [
    ...metaRoutes(state),
    ...secretRoutes('/repos/{owner}/{repo}', repo),
    ...secretRoutes('/orgs/{org}', org),
    ...variableRoutes('/repos/{owner}/{repo}', repo),
    ...variableRoutes('/orgs/{org}', org),
  ];
}

async function serve(
  state: GiteaState,
  routes: Route<GiteaUser | undefined>[],
  request: SimRequest,
): Promise<SimResponse> {
  const token = presentedToken(request);
  const caller = token === undefined ? undefined : state.userForToken(token);
  if (token !== undefined && !caller) return giteaError(request, 401, 'invalid token');
  const match = matchRoute(routes, request);
  if (match.kind === 'none') return notFound(request);
  if (match.kind === 'wrong-method') return { status: 405, body: 'Method Not Allowed' };
  if (!caller && !PUBLIC_PATHS.has(match.route.path)) {
    return giteaError(request, 401, 'token is required');
  }
  return match.route.handle(request, match.params, caller);
}

/**
 * The token from `Authorization: token …` or `bearer …` (any case), or from the
 * deprecated `access_token`/`token` query parameters. An Authorization header of
 * another form counts as a wrong token ('').
 */
function presentedToken(request: SimRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    return /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim())?.[1] ?? '';
  }
  return request.query.get('access_token') ?? request.query.get('token') ?? undefined;
}
