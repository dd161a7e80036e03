/** The simulated GitHub's mutable state: the secrets of repositories, orgs, environments. */
import { SecretBook } from '../gitea/book.js';
import type { Clock } from '../vendor.js';
import type { GithubWorld } from '../world.js';

export type ScopeKind = 'repo' | 'org' | 'environment';

/** One place secrets live, with the id of its sealing key. */
export interface GithubScope {
  kind: ScopeKind;
  id: string;
  secrets: SecretBook;
}

type RepoWorld = NonNullable<GithubWorld['repos']>[number];
type OrgWorld = NonNullable<GithubWorld['orgs']>[number];

interface RepoState {
  owner: string;
  name: string;
  scope: GithubScope;
  environments: Map<string, { name: string; scope: GithubScope }>;
}

/** What seeded organisation secrets are visible to, until a write says otherwise. */
const SEEDED_VISIBILITY = 'all';

export class GithubState {
  readonly #users = new Map<string, string>();
  readonly #repos = new Map<string, RepoState>();
  readonly #orgs = new Map<string, { name: string; scope: GithubScope }>();

  constructor(world: GithubWorld, clock: Clock) {
    for (const token of world.tokens ?? []) this.#users.set(token.value, token.user);
    for (const org of world.orgs ?? []) this.#addOrg(org, clock);
    for (const repo of world.repos ?? []) this.#addRepo(repo, clock);
  }

  userForToken(token: string): string | undefined {
    return this.#users.get(token);
  }

  /** Owner, repository, organisation and environment names are case-insensitive. */
  repo(owner: string, name: string): GithubScope | undefined {
    return this.#repos.get(`${owner}/${name}`.toLowerCase())?.scope;
  }

  org(name: string): GithubScope | undefined {
    return this.#orgs.get(name.toLowerCase())?.scope;
  }

  environment(owner: string, name: string, environment: string): GithubScope | undefined {
    const repo = this.#repos.get(`${owner}/${name}`.toLowerCase());
    return repo?.environments.get(environment.toLowerCase())?.scope;
  }

  /** Every stored secret with its value, so tests can check what a push wrote. */
  snapshot(): unknown {
    return {
      repos: [...this.#repos.values()].map((repo) => ({
        owner: repo.owner,
        name: repo.name,
        secrets: repo.scope.secrets.snapshot(),
        environments: [...repo.environments.values()].map((env) => ({
          name: env.name,
          secrets: env.scope.secrets.snapshot(),
        })),
      })),
      orgs: [...this.#orgs.values()].map((org) => ({
        name: org.name,
        secrets: org.scope.secrets.snapshot(),
      })),
    };
  }

  #addOrg(org: OrgWorld, clock: Clock): void {
    const id = `org:${org.name.toLowerCase()}`;
    const secrets = new SecretBook(org.secrets, clock, { visibility: SEEDED_VISIBILITY });
    this.#orgs.set(org.name.toLowerCase(), { name: org.name, scope: { kind: 'org', id, secrets } });
  }

  #addRepo(repo: RepoWorld, clock: Clock): void {
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    const environments = new Map<string, { name: string; scope: GithubScope }>();
    for (const env of repo.environments ?? []) {
      const id = `environment:${key}/${env.name.toLowerCase()}`;
      const secrets = new SecretBook(env.secrets, clock);
      environments.set(env.name.toLowerCase(), {
        name: env.name,
        scope: { kind: 'environment', id, secrets },
      });
    }
    const scope: GithubScope = {
      kind: 'repo',
      id: `repo:${key}`,
      secrets: new SecretBook(repo.secrets, clock),
    };
    this.#repos.set(key, { owner: repo.owner, name: repo.name, scope, environments });
  }
}
