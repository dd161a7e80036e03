/**
 * The simulated GitHub REST API (Actions secrets only), following
 * `specs/github.openapi.json` at the server root: repository, organisation and
 * environment secrets, sealed with a real libsodium key pair per scope.
 */
import type { Params, Route } from '../gitea/route.js';
import { matchRoute } from '../gitea/route.js';
import type { SimRequest, SimResponse } from '../harness.js';
import type { Clock, VendorSim } from '../vendor.js';
import type { GithubWorld } from '../world.js';
import { githubError, notFound } from './answers.js';
import { KeyRing } from './keys.js';
import { secretRoutes } from './secrets.js';
import { GithubState } from './state.js';

export function createGithubSim(world: GithubWorld = {}, clock: Clock): VendorSim {
  const state = new GithubState(world, clock);
  const routes = buildRoutes(state, new KeyRing());
  return {
    handler: (request) => serve(state, routes, request),
    snapshot: () => state.snapshot(),
  };
}

function buildRoutes(state: GithubState, keys: KeyRing): Route<string>[] {
  const repo = (p: Params) => state.repo(p.owner ?? '', p.repo ?? '');
  const org = (p: Params) => state.org(p.org ?? '');
  const environment = (p: Params) =>
    state.environment(p.owner ?? '', p.repo ?? '', p.environment_name ?? '');
  return [
    ...secretRoutes('/repos/{owner}/{repo}/actions', repo, keys),
    ...secretRoutes('/orgs/{org}/actions', org, keys),
    ...secretRoutes('/repos/{owner}/{repo}/environments/{environment_name}', environment, keys),
  ];
}

async function serve(
  state: GithubState,
  routes: Route<string>[],
  request: SimRequest,
): Promise<SimResponse> {
  const token = presentedToken(request);
  if (token === undefined) return githubError(401, 'Requires authentication');
  const user = state.userForToken(token);
  if (!user) return githubError(401, 'Bad credentials');
  const match = matchRoute(routes, request);
  if (match.kind !== 'found') return notFound();
  return match.route.handle(request, match.params, user);
}

/** `Authorization: Bearer …` or `token …`; another form counts as a wrong token (''). */
function presentedToken(request: SimRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  return /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim())?.[1] ?? '';
}
