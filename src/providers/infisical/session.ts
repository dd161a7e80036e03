/**
 * One machine-identity session per store and run: tend logs in once, shares the access
 * token between concurrent calls, and logs in again at most once per refused token.
 */
import type { RunContext } from '../../core/context.js';
import { VendorError } from '../../core/errors.js';
import type { HttpResponse } from '../../core/http.js';
import { loadPlainRef, loadSecretRef, SecretRefError } from '../../core/manifest/refs.js';
import type { SourceConfig } from '../../core/manifest/schema.js';
import { SecretValue } from '../../core/secret.js';
import { StoreError } from '../../core/store.js';
import { login, type Answer, type SecretsTarget } from './api.js';
import {
  describeAnswer,
  isTokenRejection,
  isUnavailable,
  unexpected,
  unreachable,
} from './errors.js';

export type InfisicalConfig = Extract<SourceConfig, { type: 'infisical' }>;

export interface SessionOptions {
  store: string;
  config: InfisicalConfig;
  ctx: RunContext;
  baseDir: string;
}

export class InfisicalSession {
  readonly #options: SessionOptions;
  #token: Promise<SecretValue> | undefined;
  /** The settled token of `#token`; undefined while a login is under way. */
  #current: SecretValue | undefined;

  constructor(options: SessionOptions) {
    this.#options = options;
  }

  /**
   * Sends `call` with the session's token. A `401`, or a `403 TokenError`, gets one fresh
   * login and one more try; a network failure or a `5xx` is a StoreError 'unreachable'.
   */
  async authorized<T>(
    attempt: string,
    call: (target: SecretsTarget) => Promise<Answer<T>>,
  ): Promise<Answer<T>> {
    const token = await this.#session();
    const answer = await this.#send(attempt, () => call(this.#target(token)));
    if (answer.ok || !isTokenRejection(answer.response)) return answer;
    const fresh = await this.#session(token);
    return this.#send(attempt, () => call(this.#target(fresh)));
  }

  #target(token: SecretValue): SecretsTarget {
    const { ctx, config } = this.#options;
    return {
      ctx,
      baseUrl: config.url,
      token,
      projectId: config.projectId,
      environment: config.environment,
    };
  }

  /** The current token, or a new login when there is none or `stale` was refused. */
  #session(stale?: SecretValue): Promise<SecretValue> {
    const refused = stale !== undefined && this.#current === stale;
    if (!this.#token || refused) {
      this.#current = undefined;
      this.#token = this.#login();
    }
    return this.#token;
  }

  async #login(): Promise<SecretValue> {
    const { ctx, config, store } = this.#options;
    const credentials = this.#credentials();
    const answer = await this.#send('log in', () =>
      login({ ctx, baseUrl: config.url }, credentials),
    );
    if (!answer.ok) throw this.#loginFailure(answer.response);
    const token = SecretValue.load(answer.data.accessToken, ctx.redactor);
    ctx.log.debug(`${store}: logged in to Infisical as a machine identity`);
    this.#current = token;
    return token;
  }

  #credentials(): { clientId: string; clientSecret: SecretValue } {
    const { ctx, config, baseDir, store } = this.#options;
    try {
      return {
        clientId: loadPlainRef(config.auth.clientId, ctx, baseDir),
        clientSecret: loadSecretRef(config.auth.clientSecret, ctx, baseDir),
      };
    } catch (error) {
      if (!(error instanceof SecretRefError)) throw error;
      throw new StoreError(store, 'auth', `cannot load its machine identity: ${error.message}`, {
        cause: error,
      });
    }
  }

  #loginFailure(response: HttpResponse): Error {
    const { store, config } = this.#options;
    if (response.status === 404) {
      return new StoreError(
        store,
        'config',
        `no Infisical login endpoint under ${config.url} (${describeAnswer(response)}); ` +
          'set url to the server root, e.g. https://app.infisical.com',
      );
    }
    if ([400, 401, 403, 422].includes(response.status)) {
      return new StoreError(
        store,
        'auth',
        `Infisical refused the machine identity's login (${describeAnswer(response)}); ` +
          `check the client secret in ${refName(config.auth.clientSecret)} and the client id ` +
          `in ${refName(config.auth.clientId)}`,
      );
    }
    return unexpected(response, 'POST', `${config.url}/api/v1/auth/universal-auth/login`);
  }

  async #send<T>(attempt: string, call: () => Promise<Answer<T>>): Promise<Answer<T>> {
    let answer: Answer<T>;
    try {
      answer = await call();
    } catch (error) {
      if (error instanceof VendorError && error.status === undefined) {
        throw unreachable(this.#options.store, attempt, error);
      }
      throw error;
    }
    if (!answer.ok && isUnavailable(answer.response)) {
      throw unreachable(this.#options.store, attempt, answer.response);
    }
    return answer;
  }
}

/** Where the user fixes a reference: `the environment variable NAME`, `the file PATH`. */
export function refName(ref: string): string {
  if (ref.startsWith('env:')) return `the environment variable ${ref.slice(4)}`;
  if (ref.startsWith('file:')) return `the file ${ref.slice(5)}`;
  return 'the manifest';
}
