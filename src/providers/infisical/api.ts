/**
 * One function per Infisical endpoint tend uses. Each sends one request through
 * `ctx.http` and returns the parsed answer, or the raw response when the status is not a
 * success, for the store to translate where it knows what was being attempted.
 */
import type { z } from 'zod';
import type { RunContext } from '../../core/context.js';
import { VendorError } from '../../core/errors.js';
import type { HttpResponse } from '../../core/http.js';
import type { SecretValue } from '../../core/secret.js';
import { listSchema, loginSchema, writeSchema } from './schema.js';

export const VENDOR = 'infisical';

export interface Endpoint {
  ctx: RunContext;
  /** Server root, e.g. https://app.infisical.com */
  baseUrl: string;
}

export interface SecretsTarget extends Endpoint {
  token: SecretValue;
  projectId: string;
  environment: string;
}

export type Answer<T> = { ok: true; data: T } | { ok: false; response: HttpResponse };

export async function login(
  endpoint: Endpoint,
  credentials: { clientId: string; clientSecret: SecretValue },
): Promise<Answer<z.infer<typeof loginSchema>>> {
  const url = apiUrl(endpoint, '/v1/auth/universal-auth/login');
  const response = await endpoint.ctx.http.request({
    vendor: VENDOR,
    method: 'POST',
    url,
    json: { clientId: credentials.clientId, clientSecret: credentials.clientSecret.reveal() },
    // A login changes nothing, so a lost answer may be asked again.
    idempotent: true,
  });
  return parsed(endpoint, response, loginSchema, 'POST', url);
}

export async function listSecrets(
  target: SecretsTarget,
  secretPath: string,
): Promise<Answer<z.infer<typeof listSchema>>> {
  const query = new URLSearchParams({
    projectId: target.projectId,
    environment: target.environment,
    secretPath,
    recursive: 'false',
    include_imports: 'true',
    // What a consumer of the secret sees: references resolved, values shown.
    expandSecretReferences: 'true',
    viewSecretValue: 'true',
  });
  const url = `${apiUrl(target, '/v4/secrets')}?${query.toString()}`;
  const response = await target.ctx.http.request({
    vendor: VENDOR,
    method: 'GET',
    url,
    headers: bearer(target.token),
  });
  return parsed(target, response, listSchema, 'GET', url);
}

export interface SecretWrite {
  name: string;
  value: SecretValue;
  secretPath: string;
}

/** `PATCH /api/v4/secrets/{name}`: sets the value of an existing secret. */
export async function updateSecret(
  target: SecretsTarget,
  write: SecretWrite,
): Promise<Answer<z.infer<typeof writeSchema>>> {
  // Setting the same value twice ends in the same state, so a lost answer may be retried.
  return sendWrite(target, write, 'PATCH', true);
}

/** `POST /api/v4/secrets/{name}`: creates a secret that does not exist yet. */
export async function createSecret(
  target: SecretsTarget,
  write: SecretWrite,
): Promise<Answer<z.infer<typeof writeSchema>>> {
  return sendWrite(target, write, 'POST', false);
}

async function sendWrite(
  target: SecretsTarget,
  write: SecretWrite,
  method: 'PATCH' | 'POST',
  idempotent: boolean,
): Promise<Answer<z.infer<typeof writeSchema>>> {
  const url = apiUrl(target, `/v4/secrets/${encodeURIComponent(write.name)}`);
  const response = await target.ctx.http.request({
    vendor: VENDOR,
    method,
    url,
    headers: bearer(target.token),
    json: {
      projectId: target.projectId,
      environment: target.environment,
      secretPath: write.secretPath,
      secretValue: write.value.reveal(),
      type: 'shared',
    },
    idempotent,
  });
  return parsed(target, response, writeSchema, method, url);
}

/** Accepts `https://host`, `https://host/` and `https://host/api` alike. */
function apiUrl(endpoint: Endpoint, path: string): string {
  const root = endpoint.baseUrl.replace(/\/+$/, '').replace(/\/api$/, '');
  return `${root}/api${path}`;
}

function bearer(token: SecretValue): Record<string, string> {
  return { authorization: `Bearer ${token.reveal()}` };
}

function parsed<T>(
  endpoint: Endpoint,
  response: HttpResponse,
  schema: z.ZodType<T>,
  method: string,
  url: string,
): Answer<T> {
  if (response.status < 200 || response.status >= 300) return { ok: false, response };
  const result = schema.safeParse(response.body);
  if (result.success) return { ok: true, data: result.data };
  // Issue paths and messages only: zod does not quote the received values in them.
  const issue = result.error.issues[0];
  const where = issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'no JSON body';
  throw new VendorError({
    vendor: VENDOR,
    method,
    url: endpoint.ctx.log.redact(url),
    status: response.status,
    messages: [`the answer does not have the documented shape (${where})`],
    retryable: false,
  });
}
