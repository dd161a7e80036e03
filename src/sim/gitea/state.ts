/** The simulated Gitea's mutable state: users, repositories and organisations. */
import type { Clock } from '../vendor.js';
import type { GiteaWorld } from '../world.js';
import { SecretBook } from './book.js';
import { VariableBook } from './variable-book.js';

export interface GiteaUser {
  id: number;
  login: string;
}

/** Where Actions secrets and variables live: a repository or an organisation. */
export interface GiteaScope {
  ownerId: number;
  repoId: number;
  secrets: SecretBook;
  variables: VariableBook;
}

export interface GiteaRepo extends GiteaScope {
  owner: GiteaUser;
  name: string;
}

export interface GiteaOrg extends GiteaScope {
  name: string;
}

export class GiteaState {
  readonly version: string;
  readonly #usersByToken = new Map<string, GiteaUser>();
  readonly #accounts = new Map<string, GiteaUser>();
  readonly #repos = new Map<string, GiteaRepo>();
  readonly #orgs = new Map<string, GiteaOrg>();
  #nextId = 1;

  constructor(world: GiteaWorld, clock: Clock) {
    this.version = world.version ?? '1.24.0';
    for (const token of world.tokens ?? []) {
      this.#usersByToken.set(token.value, this.#account(token.user));
    }
    for (const org of world.orgs ?? []) {
      const account = this.#account(org.name);
      this.#orgs.set(org.name.toLowerCase(), {
        name: org.name,
        ownerId: account.id,
        repoId: 0,
        secrets: new SecretBook(org.secrets, clock),
        variables: new VariableBook(),
      });
    }
    for (const repo of world.repos ?? []) {
      this.#repos.set(repoKey(repo.owner, repo.name), {
        owner: this.#account(repo.owner),
        name: repo.name,
        ownerId: 0,
        repoId: this.#nextId++,
        secrets: new SecretBook(repo.secrets, clock),
        variables: new VariableBook(),
      });
    }
  }

  userForToken(token: string): GiteaUser | undefined {
    return this.#usersByToken.get(token);
  }

  /** Owner and repository names are case-insensitive, as in Gitea. */
  repo(owner: string, name: string): GiteaRepo | undefined {
    return this.#repos.get(repoKey(owner, name));
  }

  org(name: string): GiteaOrg | undefined {
    return this.#orgs.get(name.toLowerCase());
  }

  snapshot(): unknown {
    return {
      version: this.version,
      repos: [...this.#repos.values()].map((repo) => ({
        owner: repo.owner.login,
        name: repo.name,
        secrets: repo.secrets.snapshot(),
        variables: repo.variables.snapshot(),
      })),
      orgs: [...this.#orgs.values()].map((org) => ({
        name: org.name,
        secrets: org.secrets.snapshot(),
        variables: org.variables.snapshot(),
      })),
    };
  }

  #account(login: string): GiteaUser {
    const key = login.toLowerCase();
    let account = this.#accounts.get(key);
    if (!account) {
      account = { id: this.#nextId++, login };
      this.#accounts.set(key, account);
    }
    return account;
  }
}

function repoKey(owner: string, name: string): string {
  return `${owner.toLowerCase()}/${name.toLowerCase()}`;
}
