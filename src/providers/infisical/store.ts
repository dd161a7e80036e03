/**
 * Infisical as a source of truth: one `GET /api/v4/secrets` per folder and run, values
 * readable, and writes through PATCH (or POST for a new secret).
 */
import type { RunContext } from '../../core/context.js';
import type { HttpResponse } from '../../core/http.js';
import type { SecretValue } from '../../core/secret.js';
import { secretEntry } from '../../core/store-entry.js';
import {
  StoreError,
  type PutOutcome,
  type SecretStore,
  type StoreEntry,
  type StoreListing,
} from '../../core/store.js';
import { createSecret, listSecrets, updateSecret, type SecretWrite } from './api.js';
import { describeAnswer, isTokenRejection, unexpected } from './errors.js';
import type { SecretRaw } from './schema.js';
import { InfisicalSession, type InfisicalConfig, type SessionOptions } from './session.js';

export function createInfisicalStore(
  name: string,
  config: InfisicalConfig,
  ctx: RunContext,
  baseDir: string,
): InfisicalStore {
  return new InfisicalStore({ store: name, config, ctx, baseDir });
}

export class InfisicalStore implements SecretStore {
  readonly type = 'infisical';
  readonly readable = true;
  readonly name: string;
  readonly #config: InfisicalConfig;
  readonly #ctx: RunContext;
  readonly #session: InfisicalSession;
  /** One listing per folder and run, shared by every credential that lives there. */
  readonly #listings = new Map<string, Promise<StoreListing>>();

  constructor(options: SessionOptions) {
    this.name = options.store;
    this.#config = options.config;
    this.#ctx = options.ctx;
    this.#session = new InfisicalSession(options);
  }

  /** `scope` is the folder (`/shared/cloudflare`); the environment's root by default. */
  list(scope: string | undefined): Promise<StoreListing> {
    const path = folderPath(scope);
    let listing = this.#listings.get(path);
    if (!listing) {
      listing = this.#fetch(path);
      this.#listings.set(path, listing);
    }
    return listing;
  }

  /**
   * Updates with PATCH and creates with POST only when PATCH answers 404: an update, the
   * usual write, costs one request, and no listing that may be stale decides the method.
   */
  async put(name: string, value: SecretValue, scope: string | undefined): Promise<PutOutcome> {
    const write: SecretWrite = { name, value, secretPath: folderPath(scope) };
    this.#refuseTrimmed(write);
    let outcome: PutOutcome = 'updated';
    let answer = await this.#session.authorized(`update ${name}`, (t) => updateSecret(t, write));
    if (!answer.ok && answer.response.status === 404) {
      outcome = 'created';
      answer = await this.#session.authorized(`create ${name}`, (t) => createSecret(t, write));
    }
    this.#listings.delete(write.secretPath);
    if (!answer.ok) throw this.#writeFailure(answer.response, write);
    if ('approval' in answer.data) {
      throw new StoreError(
        this.name,
        'refused',
        `an approval policy holds the change to ${name} in ${this.#where(write.secretPath)}; ` +
          'it is not written until someone approves the request in Infisical',
      );
    }
    return outcome;
  }

  async #fetch(path: string): Promise<StoreListing> {
    const answer = await this.#session.authorized(`list ${this.#where(path)}`, (target) =>
      listSecrets(target, path),
    );
    if (!answer.ok) throw this.#listFailure(answer.response, path);
    const { secrets, imports = [] } = answer.data;
    // The folder's own secrets win over imported ones, as in Infisical's SDK.
    const imported = imports.flatMap((item) => item.secrets);
    return { entries: this.#entries([...secrets, ...imported], path) };
  }

  #entries(secrets: SecretRaw[], path: string): Map<string, StoreEntry> {
    const entries = new Map<string, StoreEntry>();
    const hidden: string[] = [];
    for (const secret of secrets) {
      const name = secret.secretKey;
      if (entries.has(name)) continue;
      const dates = { createdAt: secret.createdAt, updatedAt: secret.updatedAt };
      if (secret.secretValueHidden) {
        hidden.push(name);
        entries.set(name, { name, ...definedOnly(dates) });
        continue;
      }
      const redactor = this.#ctx.redactor;
      entries.set(name, secretEntry({ name, value: secret.secretValue, redactor, ...dates }));
    }
    if (hidden.length > 0) {
      this.#ctx.log.warn(
        `${this.name}: Infisical hides the values of ${hidden.join(', ')} in ` +
          `${this.#where(path)} from this machine identity; grant it read access to values`,
      );
    }
    return entries;
  }

  /** Infisical trims values (§2.3): one with surrounding whitespace would be stored changed. */
  #refuseTrimmed(write: SecretWrite): void {
    const raw = write.value.reveal();
    const stored = raw.at(-1) === '\n' ? `${raw.trim()}\n` : raw.trim();
    if (stored === raw) return;
    throw new StoreError(
      this.name,
      'refused',
      `the value of ${write.name} starts or ends with whitespace, which Infisical removes, ` +
        'so it would not be stored as given; remove the whitespace where the value comes from',
    );
  }

  #listFailure(response: HttpResponse, path: string): Error {
    const where = this.#where(path);
    const answer = describeAnswer(response);
    if (response.status === 401 || response.status === 403) {
      const why = isTokenRejection(response)
        ? 'refused a fresh access token'
        : 'does not let this machine identity read secrets there';
      return new StoreError(
        this.name,
        'auth',
        `Infisical ${why} (${where}: ${answer}); give the identity read access to the ` +
          'project, environment and path',
      );
    }
    if ([400, 404, 422].includes(response.status)) {
      return new StoreError(
        this.name,
        'config',
        `Infisical cannot list ${where} (${answer}); check projectId and environment ` +
          'in the manifest',
      );
    }
    return unexpected(response, 'GET', `${this.#config.url}/api/v4/secrets`);
  }

  #writeFailure(response: HttpResponse, write: SecretWrite): Error {
    const where = this.#where(write.secretPath);
    const answer = describeAnswer(response);
    if (response.status === 401 || response.status === 403) {
      return new StoreError(
        this.name,
        'auth',
        `Infisical does not let this machine identity write ${write.name} in ${where} ` +
          `(${answer}); give it write access to that path`,
      );
    }
    if (response.status === 404) {
      return new StoreError(
        this.name,
        'config',
        `Infisical cannot create ${write.name} in ${where} (${answer}); create that folder ` +
          'in Infisical, or fix projectId and environment in the manifest',
      );
    }
    if (response.status === 400 || response.status === 422) {
      return new StoreError(this.name, 'refused', `Infisical refused ${write.name} (${answer})`);
    }
    return unexpected(response, 'POST', `${this.#config.url}/api/v4/secrets/${write.name}`);
  }

  #where(path: string): string {
    const { projectId, environment } = this.#config;
    return `project ${projectId}, environment ${environment}, path ${path}`;
  }
}

/** `/shared/cloudflare` from `shared/cloudflare/`; `/` when no scope is given. */
export function folderPath(scope: string | undefined): string {
  const segments = (scope ?? '/').split('/').filter((segment) => segment !== '');
  return `/${segments.join('/')}`;
}

function definedOnly(dates: { createdAt?: string; updatedAt?: string }): Partial<StoreEntry> {
  return Object.fromEntries(Object.entries(dates).filter(([, value]) => value !== undefined));
}
