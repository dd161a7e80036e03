/** `/version`, `/user` and `/repos/{owner}/{repo}`: what a client asks before the secrets. */
import type { SimRequest, SimResponse } from '../harness.js';
import { notFound } from './answers.js';
import type { Params, Route } from './route.js';
import type { GiteaRepo, GiteaState, GiteaUser } from './state.js';

type Caller = GiteaUser | undefined;

const CREATED = '2024-01-01T00:00:00Z';

export function metaRoutes(state: GiteaState): Route<Caller>[] {
  return [
    {
      method: 'GET',
      path: '/version',
      handle: () => ({ status: 200, body: { version: state.version } }),
    },
    {
      method: 'GET',
      path: '/user',
      handle: (request, _params, caller) =>
        caller ? { status: 200, body: userJson(request, caller) } : notFound(request),
    },
    {
      method: 'GET',
      path: '/repos/{owner}/{repo}',
      handle: (request: SimRequest, params: Params): SimResponse => {
        const repo = state.repo(params.owner ?? '', params.repo ?? '');
        return repo ? { status: 200, body: repoJson(request, repo) } : notFound(request);
      },
    },
  ];
}

function userJson(request: SimRequest, user: GiteaUser): unknown {
  const root = `http://${request.headers.host ?? '127.0.0.1'}`;
  return {
    id: user.id,
    login: user.login,
    login_name: '',
    source_id: 0,
    full_name: '',
    email: `${user.login}@noreply.localhost`,
    avatar_url: `${root}/avatars/${user.id}`,
    html_url: `${root}/${user.login}`,
    language: '',
    is_admin: false,
    last_login: CREATED,
    created: CREATED,
    restricted: false,
    active: true,
    prohibit_login: false,
    location: '',
    website: '',
    description: '',
    visibility: 'public',
    followers_count: 0,
    following_count: 0,
    starred_repos_count: 0,
    username: user.login,
  };
}

function repoJson(request: SimRequest, repo: GiteaRepo): unknown {
  const root = `http://${request.headers.host ?? '127.0.0.1'}`;
  const fullName = `${repo.owner.login}/${repo.name}`;
  return {
    id: repo.repoId,
    owner: userJson(request, repo.owner),
    name: repo.name,
    full_name: fullName,
    description: '',
    empty: false,
    private: true,
    fork: false,
    template: false,
    mirror: false,
    archived: false,
    has_actions: true,
    html_url: `${root}/${fullName}`,
    clone_url: `${root}/${fullName}.git`,
    url: `${root}/api/v1/repos/${fullName}`,
    default_branch: 'main',
    created_at: CREATED,
    updated_at: CREATED,
    permissions: { admin: true, push: true, pull: true },
  };
}
