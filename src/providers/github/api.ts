/**
 * The GitHub Actions-secrets endpoints tend uses, one method each, over `ctx.http`.
 * Answers are checked against `schema.ts`; every failure leaves here as a `StoreError`.
 */
import type { z } from 'zod';
import type { RunContext } from '../../core/context.js';
import { VendorError } from '../../core/errors.js';
import type { HttpResponse } from '../../core/http.js';
import type { SecretValue } from '../../core/secret.js';
import { StoreError, type PutOutcome } from '../../core/store.js';
import {
  describeAnswer,
  githubFailure,
  githubUnreachable,
  type GithubCall,
  type GithubErrorContext,
} from './errors.js';
import {
  githubPublicKeySchema,
  githubSecretListSchema,
  githubSecretSchema,
  type GithubPublicKey,
  type GithubSecret,
  type GithubSecretList,
} from './schema.js';
import { targetPath, type GithubTarget } from './target.js';

export const VENDOR = 'github';
const API_VERSION = '2022-11-28';

export interface GithubApiOptions {
  /** The REST API root, e.g. `https://api.github.com`. */
  baseUrl: string;
  target: GithubTarget;
  /** Loaded on first use, so a missing token fails the store, not the run. */
  token: () => SecretValue;
  ctx: RunContext;
  errors: GithubErrorContext;
}

export interface SealedSecret {
  encrypted_value: string;
  key_id: string;
  /** Required for organisation secrets only. */
  visibility?: 'all' | 'private' | 'selected';
}

export class GithubApi {
  readonly #options: GithubApiOptions;

  constructor(options: GithubApiOptions) {
    this.#options = options;
  }

  /** `GET …/secrets?per_page=&page=` */
  async listSecrets(page: number, perPage: number): Promise<GithubSecretList> {
    const answer = await this.#send('GET', '/secrets', { per_page: perPage, page });
    if (answer.response.status !== 200) throw this.#failure(answer);
    return this.#parse(answer, githubSecretListSchema, 'a secret list');
  }

  /** `GET …/secrets/public-key`: the key values must be sealed to. */
  async getPublicKey(): Promise<GithubPublicKey> {
    const answer = await this.#send('GET', '/secrets/public-key');
    if (answer.response.status !== 200) throw this.#failure(answer);
    return this.#parse(answer, githubPublicKeySchema, 'a public key');
  }

  /** `GET …/secrets/{name}`; undefined when there is no such secret. */
  async getSecret(name: string): Promise<GithubSecret | undefined> {
    const answer = await this.#send('GET', `/secrets/${encodeURIComponent(name)}`);
    if (answer.response.status === 404) return undefined;
    if (answer.response.status !== 200) throw this.#failure(answer);
    return this.#parse(answer, githubSecretSchema, 'a secret');
  }

  /** `PUT …/secrets/{name}`: 201 created, 204 updated, 422 refused. */
  async putSecret(name: string, sealed: SealedSecret): Promise<PutOutcome> {
    const answer = await this.#send('PUT', `/secrets/${encodeURIComponent(name)}`, {}, sealed);
    if (answer.response.status === 201) return 'created';
    if (answer.response.status === 204) return 'updated';
    if (answer.response.status === 422) {
      const what = describeAnswer(this.#options.errors, answer.call, answer.response);
      throw new StoreError(this.#options.errors.store, 'refused', `${what}: refused ${name}.`);
    }
    throw this.#failure(answer);
  }

  async #send(
    method: string,
    subpath: string,
    query: Record<string, number> = {},
    json?: unknown,
  ): Promise<Answer> {
    const pairs = Object.entries(query).map(([key, value]): [string, string] => [key, `${value}`]);
    const search = new URLSearchParams(pairs).toString();
    const path = `${targetPath(this.#options.target)}${subpath}`;
    const url = `${this.#options.baseUrl}${path}${search ? `?${search}` : ''}`;
    const headers = {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${this.#options.token().reveal()}`,
      'x-github-api-version': API_VERSION,
    };
    try {
      const request = { vendor: VENDOR, method, url, headers };
      const response = await this.#options.ctx.http.request(
        json === undefined ? request : { ...request, json },
      );
      return { call: { method, url }, response };
    } catch (error) {
      if (error instanceof VendorError) throw githubUnreachable(this.#options.errors, error);
      throw error;
    }
  }

  #failure(answer: Answer): StoreError {
    return githubFailure(this.#options.errors, answer.call, answer.response);
  }

  #parse<S extends z.ZodType>(answer: Answer, schema: S, what: string): z.infer<S> {
    const parsed = schema.safeParse(answer.response.body);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]?.message ?? 'unexpected shape';
    throw new StoreError(
      this.#options.errors.store,
      'config',
      `${describeAnswer(this.#options.errors, answer.call, answer.response)}, not ${what} ` +
        `(${issue}). Fix: point \`url:\` at the GitHub REST API root.`,
    );
  }
}

interface Answer {
  call: GithubCall;
  response: HttpResponse;
}
