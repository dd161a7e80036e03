/**
 * A Gitea repository's or organisation's Actions secrets as a write-only mirror: tend
 * can list names and creation dates, and write values, but never read one back.
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
import { GiteaApi } from './api.js';
import { giteaNameProblem, giteaValueProblem } from './names.js';
import { giteaApiBase, giteaTarget, targetLabel, type GiteaConfig } from './target.js';

/** The largest page Gitea serves by default (`MAX_RESPONSE_ITEMS`). */
export const GITEA_PAGE_SIZE = 50;
/** A guard against a server that never ends its listing: 50,000 secrets. */
const MAX_PAGES = 1000;

export function createGiteaStore(
  name: string,
  config: GiteaConfig,
  ctx: RunContext,
  baseDir: string,
): SecretStore {
  return new GiteaStore({ name, config, ctx, baseDir });
}

export interface GiteaStoreOptions {
  name: string;
  config: GiteaConfig;
  ctx: RunContext;
  /** Where a `file:` token reference is resolved from: the manifest's directory. */
  baseDir: string;
}

export class GiteaStore implements SecretStore {
  readonly name: string;
  readonly type = 'gitea';
  readonly readable = false;
  readonly #api: GiteaApi;
  readonly #label: string;

  constructor(options: GiteaStoreOptions) {
    const { name, config, ctx, baseDir } = options;
    this.name = name;
    const target = giteaTarget(config);
    this.#label = targetLabel(target);
    let token: SecretValue | undefined;
    this.#api = new GiteaApi({
      baseUrl: giteaApiBase(config.url),
      target,
      token: () => (token ??= loadToken(name, config.token, ctx, baseDir)),
      ctx,
      errors: { store: name, target, tokenRef: config.token, redact: (t) => ctx.log.redact(t) },
    });
  }

  /**
   * One listing of the whole repository or organisation, 50 secrets a page. `scope` is
   * ignored: a Gitea mirror has no folders.
   */
  async list(_scope?: string): Promise<StoreListing> {
    const entries = new Map<string, StoreEntry>();
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const { secrets, total } = await this.#api.listSecrets(page, GITEA_PAGE_SIZE);
      const before = entries.size;
      for (const secret of secrets) {
        const entry: StoreEntry = { name: secret.name };
        if (secret.created_at) entry.createdAt = secret.created_at;
        entries.set(secret.name, entry);
      }
      const added = entries.size - before;
      const facts = { pageLength: secrets.length, added, total, seen: entries.size };
      if (!hasMorePages(facts)) break;
    }
    return { entries };
  }

  /** Checks Gitea's rules first, so a refused name or value is never sent. */
  async put(name: string, value: SecretValue, _scope?: string): Promise<PutOutcome> {
    const problem = giteaNameProblem(name) ?? giteaValueProblem(value);
    if (problem) {
      const where = `the ${this.#label}`;
      throw new StoreError(this.name, 'refused', `cannot store ${name} in ${where}: ${problem}`);
    }
    return this.#api.putSecret(name.toUpperCase(), value);
  }
}

interface PageFacts {
  pageLength: number;
  /** Names this page added that earlier pages did not have. */
  added: number;
  total: number | undefined;
  seen: number;
}

/**
 * `X-Total-Count` decides when Gitea gives it: an admin may lower the page size below
 * what tend asks, so a short page is the end only when the total is unknown. A page
 * that adds nothing new ends the listing either way.
 */
function hasMorePages(facts: PageFacts): boolean {
  if (facts.pageLength === 0 || facts.added === 0) return false;
  if (facts.total !== undefined) return facts.seen < facts.total;
  return facts.pageLength >= GITEA_PAGE_SIZE;
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
