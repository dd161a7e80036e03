/**
 * The Cloudflare v4 API, one method per endpoint tend uses, over `ctx.http`. Every method
 * returns the whole answer (status, success, errors, messages, result, result_info),
 * validated at this boundary, so callers classify by status and every vendor code.
 * A `VendorError` is thrown only when no judgeable answer came: no answer at all, 5xx or
 * 429 after the transport's retries, or a body that does not match the API description.
 */
import type { z } from 'zod';
import type { RunContext } from '../../core/context.js';
import type { HttpResponse } from '../../core/http.js';
import type { CloudflareVerifyConfig } from '../../core/manifest/schema.js';
import type { SecretValue } from '../../core/secret.js';
import { readAnswer, vendorError, VENDOR, type AnswerSource, type CfAnswer } from './envelope.js';
import {
  anyResultSchema,
  batchResultSchema,
  deletedIdSchema,
  recordSchema,
  tokenDetailsSchema,
  tokenStatusSchema,
  tunnelClientSchema,
  tunnelSchema,
  usageSchema,
  zoneSchema,
} from './schema.js';

export {
  describeAnswer,
  errorCodes,
  type CfAnswer,
  type CfFailure,
  type CfSuccess,
} from './envelope.js';

export const DEFAULT_CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4';

/** Manifest `verify.apiUrl`, else `TEND_CLOUDFLARE_API_URL`, else the public API. */
export function cloudflareBaseUrl(
  config: Pick<CloudflareVerifyConfig, 'apiUrl'> | undefined,
  env: NodeJS.ProcessEnv,
): string {
  const fromEnv = env.TEND_CLOUDFLARE_API_URL;
  const chosen = config?.apiUrl ?? (fromEnv ? fromEnv : DEFAULT_CLOUDFLARE_API);
  return chosen.replace(/\/+$/, '');
}

export type CloudflareAuth =
  { kind: 'token'; token: SecretValue } | { kind: 'global-key'; email: string; key: SecretValue };

export interface CloudflareApiOptions {
  baseUrl: string;
  auth: CloudflareAuth;
  ctx: RunContext;
}

export interface PageQuery {
  page: number;
  perPage: number;
}

export interface BatchBody {
  deletes?: { id: string }[];
  posts?: Record<string, unknown>[];
}

type Query = Record<string, string | number | boolean | undefined>;

interface CallOptions<S extends z.ZodType> {
  query?: Query;
  json?: unknown;
  schema: S;
  idempotent?: boolean;
}

export class CloudflareApi {
  readonly baseUrl: string;
  readonly #auth: CloudflareAuth;
  readonly #ctx: RunContext;

  constructor(options: CloudflareApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#auth = options.auth;
    this.#ctx = options.ctx;
  }

  verifyUserToken() {
    return this.#call('GET', '/user/tokens/verify', { schema: tokenStatusSchema });
  }

  verifyAccountToken(accountId: string) {
    return this.#call('GET', `/accounts/${seg(accountId)}/tokens/verify`, {
      schema: tokenStatusSchema,
    });
  }

  getUserToken(tokenId: string) {
    return this.#call('GET', `/user/tokens/${seg(tokenId)}`, { schema: tokenDetailsSchema });
  }

  listZones(query: { name?: string } & PageQuery) {
    return this.#call('GET', '/zones', {
      query: { name: query.name, page: query.page, per_page: query.perPage },
      schema: zoneSchema.array(),
    });
  }

  getZone(zoneId: string) {
    return this.#call('GET', `/zones/${seg(zoneId)}`, { schema: zoneSchema });
  }

  listRecords(zoneId: string, query: PageQuery) {
    return this.#call('GET', `/zones/${seg(zoneId)}/dns_records`, {
      query: { page: query.page, per_page: query.perPage },
      schema: recordSchema.array(),
    });
  }

  getRecordsUsage(zoneId: string) {
    return this.#call('GET', `/zones/${seg(zoneId)}/dns_records/usage`, { schema: usageSchema });
  }

  /** An empty body `{}` changes nothing; tend's `dns:edit` proof relies on that. */
  batchRecords(zoneId: string, body: BatchBody, options: { idempotent?: boolean } = {}) {
    return this.#call('POST', `/zones/${seg(zoneId)}/dns_records/batch`, {
      json: body,
      schema: batchResultSchema,
      ...(options.idempotent !== undefined ? { idempotent: options.idempotent } : {}),
    });
  }

  deleteRecord(zoneId: string, recordId: string) {
    return this.#call('DELETE', `/zones/${seg(zoneId)}/dns_records/${seg(recordId)}`, {
      json: {},
      schema: deletedIdSchema,
    });
  }

  createRecord(zoneId: string, record: Record<string, unknown>) {
    return this.#call('POST', `/zones/${seg(zoneId)}/dns_records`, {
      json: record,
      schema: recordSchema,
    });
  }

  /** The zone as a BIND file; `result` is the text. */
  async exportRecords(zoneId: string): Promise<CfAnswer<string>> {
    const path = `/zones/${seg(zoneId)}/dns_records/export`;
    const response = await this.#send('GET', path, {});
    const isText = typeof response.body !== 'object' || response.body === null;
    if (response.status < 200 || response.status >= 300 || !isText) {
      const source = this.#source('GET', path);
      const answer = readAnswer(source, response, anyResultSchema);
      if (!answer.success) return answer;
      throw vendorError(source, response.status, [], 'the export is not BIND text');
    }
    return {
      status: response.status,
      success: true,
      errors: [],
      messages: [],
      result: response.text,
      resultInfo: undefined,
      request: `GET ${path}`,
    };
  }

  listTunnels(accountId: string, query: { name?: string; isDeleted?: boolean } & PageQuery) {
    return this.#call('GET', `/accounts/${seg(accountId)}/cfd_tunnel`, {
      query: {
        name: query.name,
        is_deleted: query.isDeleted ?? false,
        page: query.page,
        per_page: query.perPage,
      },
      schema: tunnelSchema.array(),
    });
  }

  getTunnel(accountId: string, tunnelId: string) {
    return this.#call('GET', `/accounts/${seg(accountId)}/cfd_tunnel/${seg(tunnelId)}`, {
      schema: tunnelSchema,
    });
  }

  deleteTunnel(accountId: string, tunnelId: string) {
    return this.#call('DELETE', `/accounts/${seg(accountId)}/cfd_tunnel/${seg(tunnelId)}`, {
      json: {},
      schema: tunnelSchema,
    });
  }

  listTunnelConnections(accountId: string, tunnelId: string) {
    const path = `/accounts/${seg(accountId)}/cfd_tunnel/${seg(tunnelId)}/connections`;
    return this.#call('GET', path, { schema: tunnelClientSchema.array() });
  }

  deleteTunnelConnections(accountId: string, tunnelId: string) {
    const path = `/accounts/${seg(accountId)}/cfd_tunnel/${seg(tunnelId)}/connections`;
    return this.#call('DELETE', path, { json: {}, schema: anyResultSchema });
  }

  async #call<S extends z.ZodType>(
    method: string,
    path: string,
    options: CallOptions<S>,
  ): Promise<CfAnswer<z.infer<S>>> {
    const response = await this.#send(method, path, options);
    return readAnswer(this.#source(method, path, options.query), response, options.schema);
  }

  #source(method: string, path: string, query?: Query): AnswerSource {
    return { method, path, url: this.#ctx.log.redact(this.#url(path, query)) };
  }

  #send(
    method: string,
    path: string,
    options: { query?: Query; json?: unknown; idempotent?: boolean },
  ): Promise<HttpResponse> {
    return this.#ctx.http.request({
      vendor: VENDOR,
      method,
      url: this.#url(path, options.query),
      headers: this.#authHeaders(),
      ...(options.json !== undefined ? { json: options.json } : {}),
      ...(options.idempotent !== undefined ? { idempotent: options.idempotent } : {}),
    });
  }

  #url(path: string, query: Query | undefined): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return `${this.baseUrl}${path}${search}`;
  }

  #authHeaders(): Record<string, string> {
    if (this.#auth.kind === 'token') {
      return { authorization: `Bearer ${this.#auth.token.reveal()}` };
    }
    return { 'x-auth-email': this.#auth.email, 'x-auth-key': this.#auth.key.reveal() };
  }
}

/** One path segment; ids come from the manifest and the vendor, never trusted raw. */
function seg(value: string): string {
  return encodeURIComponent(value);
}
