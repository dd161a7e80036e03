/**
 * The Gitea endpoints tend uses, one method each, over `ctx.http`. Answers are checked
 * against `schema.ts`; every failure leaves here as a `StoreError` (see `errors.ts`).
 */
import type { RunContext } from '../../core/context.js';
import { VendorError } from '../../core/errors.js';
import type { HttpResponse } from '../../core/http.js';
import type { SecretValue } from '../../core/secret.js';
import { StoreError, type PutOutcome } from '../../core/store.js';
import {
  describeAnswer,
  giteaFailure,
  giteaUnreachable,
  type GiteaErrorContext,
} from './errors.js';
import { giteaSecretListSchema, type GiteaSecret } from './schema.js';
import { targetPath, type GiteaTarget } from './target.js';

export const VENDOR = 'gitea';

export interface GiteaApiOptions {
  /** The API base, e.g. `https://git.example.com/api/v1`. */
  baseUrl: string;
  target: GiteaTarget;
  /** Loaded on first use, so a missing token fails the store, not the run. */
  token: () => SecretValue;
  ctx: RunContext;
  errors: GiteaErrorContext;
}

export interface SecretPage {
  secrets: GiteaSecret[];
  /** `X-Total-Count`: secrets in the whole listing; undefined when Gitea did not say. */
  total: number | undefined;
}

export class GiteaApi {
  readonly #options: GiteaApiOptions;

  constructor(options: GiteaApiOptions) {
    this.#options = options;
  }

  /** `GET /repos/{owner}/{repo}/actions/secrets` or `GET /orgs/{org}/actions/secrets`. */
  async listSecrets(page: number, limit: number): Promise<SecretPage> {
    const path = `${targetPath(this.#options.target)}/actions/secrets`;
    const { call, response } = await this.#send('GET', path, { page, limit });
    if (response.status !== 200) throw giteaFailure(this.#options.errors, call, response);
    const parsed = giteaSecretListSchema.safeParse(response.body);
    if (!parsed.success) {
      throw new StoreError(
        this.#options.errors.store,
        'config',
        `${describeAnswer(this.#options.errors, call, response)}, not a Gitea secret list ` +
          `(${parsed.error.issues[0]?.message ?? 'unexpected shape'}). ` +
          'Fix: point `url:` at the Gitea server root.',
      );
    }
    return { secrets: parsed.data, total: totalCount(response) };
  }

  /** `PUT …/actions/secrets/{secretname}` with `{data}`: 201 created, 204 updated. */
  async putSecret(name: string, value: SecretValue): Promise<PutOutcome> {
    const path = `${targetPath(this.#options.target)}/actions/secrets/${encodeURIComponent(name)}`;
    const { call, response } = await this.#send('PUT', path, {}, { data: value.reveal() });
    if (response.status === 201) return 'created';
    if (response.status === 204) return 'updated';
    if (response.status === 400 || response.status === 422) {
      const what = describeAnswer(this.#options.errors, call, response);
      throw new StoreError(this.#options.errors.store, 'refused', `${what}: refused ${name}.`);
    }
    throw giteaFailure(this.#options.errors, call, response);
  }

  async #send(
    method: string,
    path: string,
    query: Record<string, number>,
    json?: unknown,
  ): Promise<{ call: { method: string; url: string }; response: HttpResponse }> {
    const pairs = Object.entries(query).map(([key, value]): [string, string] => [key, `${value}`]);
    const search = new URLSearchParams(pairs).toString();
    const url = `${this.#options.baseUrl}${path}${search ? `?${search}` : ''}`;
    const call = { method, url };
    const headers = { authorization: `token ${this.#options.token().reveal()}` };
    try {
      const request = { vendor: VENDOR, method, url, headers };
      const response = await this.#options.ctx.http.request(
        json === undefined ? request : { ...request, json },
      );
      return { call, response };
    } catch (error) {
      if (error instanceof VendorError) throw giteaUnreachable(this.#options.errors, error);
      throw error;
    }
  }
}

function totalCount(response: HttpResponse): number | undefined {
  const header = response.headers.get('x-total-count');
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number.parseInt(header, 10);
}
