/**
 * A small route table for the simulated forges: path templates with `{name}` segments,
 * matched against the request path relative to the API base.
 */
import type { SimRequest, SimResponse } from '../harness.js';

export type Params = Record<string, string>;

export interface Route<Caller> {
  method: string;
  /** e.g. `/repos/{owner}/{repo}/actions/secrets` */
  path: string;
  handle(request: SimRequest, params: Params, caller: Caller): SimResponse | Promise<SimResponse>;
}

export type RouteMatch<Caller> =
  | { kind: 'found'; route: Route<Caller>; params: Params }
  | { kind: 'wrong-method' }
  | { kind: 'none' };

interface Compiled {
  pattern: RegExp;
  names: string[];
}

const compiled = new Map<string, Compiled>();

function compile(template: string): Compiled {
  const cached = compiled.get(template);
  if (cached) return cached;
  const names: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const param = /^\{([^}]+)\}$/.exec(segment);
      if (!param?.[1]) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(param[1]);
      return '([^/]+)';
    })
    .join('/');
  const result = { pattern: new RegExp(`^${source}/?$`), names };
  compiled.set(template, result);
  return result;
}

export function matchRoute<Caller>(
  routes: Route<Caller>[],
  request: SimRequest,
): RouteMatch<Caller> {
  let pathMatched = false;
  for (const route of routes) {
    const { pattern, names } = compile(route.path);
    const found = pattern.exec(request.path);
    if (!found) continue;
    pathMatched = true;
    if (route.method !== request.method) continue;
    const params: Params = {};
    names.forEach((name, index) => {
      params[name] = decodeURIComponent(found[index + 1] ?? '');
    });
    return { kind: 'found', route, params };
  }
  return pathMatched ? { kind: 'wrong-method' } : { kind: 'none' };
}
