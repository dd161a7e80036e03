/**
 * A GitHub repository's, organisation's or environment's Actions secrets as a write-only
 * mirror: tend lists names and dates, and writes values sealed to the scope's public
 * key; GitHub never gives a value back.
 */
import type { RunContext } from '../../core/context.js';
import { SecretRefError, loadSecretRef } from '../../core/manifest/refs.js';
import type { SecretValue } from '../../core/secret.js';
import {
  StoreError,
  type PutOutcome,
  type SecretStore,
  type StoreEntry,
  type StoreListing,
} from '../../core/store.js';
import { GithubApi, type SealedSecret } from './api.js';
import { githubNameProblem, githubValueProblem } from './names.js';
import type { GithubPublicKey } from './schema.js';
import { sealForGithub } from './seal.js';
import {
  githubApiBase,
  githubTarget,
  targetLabel,
  type GithubConfig,
  type GithubTarget,
} from './target.js';

/** The largest page GitHub serves. */
export const GITHUB_PAGE_SIZE = 100;
const MAX_PAGES = 1000;
/**
 * The visibility a new organisation secret gets: private and internal repositories
 * only. An existing secret keeps the visibility it has.
 */
export const NEW_ORG_SECRET_VISIBILITY = 'private';

export function createGithubStore(
  name: string,
  config: GithubConfig,
  ctx: RunContext,
  baseDir: string,
): SecretStore {
  return new GithubStore({ name, config, ctx, baseDir });
}

export interface GithubStoreOptions {
  name: string;
  config: GithubConfig;
  ctx: RunContext;
  /** Where a `file:` token reference is resolved from: the manifest's directory. */
  baseDir: string;
}

export class GithubStore implements SecretStore {
  readonly name: string;
  readonly type = 'github';
  readonly readable = false;
  readonly #api: GithubApi;
  readonly #target: GithubTarget;
  #publicKey: Promise<GithubPublicKey> | undefined;

  constructor(options: GithubStoreOptions) {
    const { name, config, ctx, baseDir } = options;
    this.name = name;
    const target = githubTarget(config);
    if (typeof target === 'string') throw new StoreError(name, 'config', target);
    this.#target = target;
    let token: SecretValue | undefined;
    this.#api = new GithubApi({
      baseUrl: githubApiBase(config.url),
      target,
      token: () => (token ??= loadToken(name, config.token, ctx, baseDir)),
      ctx,
      errors: { store: name, target, tokenRef: config.token, redact: (t) => ctx.log.redact(t) },
    });
  }

  /** One listing, 100 secrets a page, until `total_count` is reached. `scope` is ignored. */
  async list(_scope?: string): Promise<StoreListing> {
    const entries = new Map<string, StoreEntry>();
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const { secrets, total_count: total } = await this.#api.listSecrets(page, GITHUB_PAGE_SIZE);
      const before = entries.size;
      for (const secret of secrets) {
        entries.set(secret.name, {
          name: secret.name,
          createdAt: secret.created_at,
          updatedAt: secret.updated_at,
        });
      }
      const added = entries.size - before;
      if (secrets.length === 0 || added === 0 || entries.size >= total) break;
    }
    return { entries };
  }

  /** Checks GitHub's rules first, then seals the value to the scope's key and writes it. */
  async put(name: string, value: SecretValue, _scope?: string): Promise<PutOutcome> {
    const problem = githubNameProblem(name) ?? githubValueProblem(value);
    if (problem) {
      const where = `the ${targetLabel(this.#target)}`;
      throw new StoreError(this.name, 'refused', `cannot store ${name} in ${where}: ${problem}`);
    }
    const upper = name.toUpperCase();
    const key = await this.#key();
    const sealed: SealedSecret = {
      encrypted_value: await this.#seal(value, key),
      key_id: key.key_id,
    };
    if (this.#target.kind === 'org') sealed.visibility = await this.#visibility(upper);
    return this.#api.putSecret(upper, sealed);
  }

  /** Fetched once per store and run; a failed fetch is not kept, so a later put may retry. */
  #key(): Promise<GithubPublicKey> {
    this.#publicKey ??= this.#api.getPublicKey().catch((error: unknown) => {
      this.#publicKey = undefined;
      throw error;
    });
    return this.#publicKey;
  }

  async #seal(value: SecretValue, key: GithubPublicKey): Promise<string> {
    try {
      return await sealForGithub(value, key.key);
    } catch (error) {
      const where = targetLabel(this.#target);
      const message = `GitHub's public key ${key.key_id} for the ${where} is not a usable key`;
      throw new StoreError(this.name, 'unreachable', `${message}; try again later.`, {
        cause: error,
      });
    }
  }

  /** An organisation secret keeps the visibility it has; see NEW_ORG_SECRET_VISIBILITY. */
  async #visibility(name: string): Promise<NonNullable<SealedSecret['visibility']>> {
    const existing = await this.#api.getSecret(name);
    return existing?.visibility ?? NEW_ORG_SECRET_VISIBILITY;
  }
}

function loadToken(store: string, ref: string, ctx: RunContext, baseDir: string): SecretValue {
  try {
    return loadSecretRef(ref, ctx, baseDir);
  } catch (error) {
    if (!(error instanceof SecretRefError)) throw error;
    throw new StoreError(store, 'auth', `its token ${ref} could not be loaded: ${error.message}`, {
      cause: error,
    });
  }
}
