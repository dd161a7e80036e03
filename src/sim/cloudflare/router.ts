/** Matches a request to one route of the table; path templates name segments `{like_this}`. */
import type { SimRequest, SimResponse } from '../harness.js';
import { refusals } from './envelope.js';
import type { CfState } from './state.js';

export interface RouteContext {
  state: CfState;
  request: SimRequest;
  params: Record<string, string>;
}

export interface Route {
  method: string;
  path: string;
  handle: (context: RouteContext) => SimResponse;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

export class Router {
  readonly #routes: CompiledRoute[];

  constructor(routes: Route[]) {
    this.#routes = routes.map(compile);
  }

  dispatch(state: CfState, request: SimRequest): SimResponse {
    let pathKnown = false;
    for (const route of this.#routes) {
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      pathKnown = true;
      if (route.method !== request.method) continue;
      const params = Object.fromEntries(
        route.names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]),
      );
      return route.handle({ state, request, params });
    }
    return pathKnown ? refusals.badMethod(request.method) : refusals.noRoute();
  }
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/\{([a-z_]+)\}/g, (_all, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { ...route, names, pattern: new RegExp(`^${source}/?$`) };
}
