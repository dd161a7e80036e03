/**
 * The manifest's schema, version 1. Field names are a contract with users: extend,
 * never rename. Every vendor URL is a field, so the same manifest shape serves the real
 * vendor, a self-hosted instance and the simulators.
 */
import { z } from 'zod';
import { DURATION_PATTERN } from '../duration.js';

/** `env:NAME` or `file:PATH`. Inline secrets in the manifest are refused. */
export const SECRET_REF = /^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$/;

const secretRef = z
  .string()
  .regex(SECRET_REF, 'must be env:NAME or file:PATH; an inline secret is not allowed here');

/** A value that is not secret but may still come from the environment. */
const plainOrRef = z.string().min(1);

const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const duration = z.string().regex(DURATION_PATTERN, 'must be a duration such as 90m, 2h or 14d');
const name = z.string().min(1);

const infisicalSource = z.strictObject({
  type: z.literal('infisical'),
  url,
  projectId: name,
  environment: name,
  auth: z.strictObject({ clientId: plainOrRef, clientSecret: secretRef }),
});

const envfileStore = z.strictObject({
  type: z.literal('envfile'),
  path: name,
});

const giteaMirror = z
  .strictObject({
    type: z.literal('gitea'),
    url,
    repo: z
      .string()
      .regex(/^[^/\s]+\/[^/\s]+$/, 'must be OWNER/NAME')
      .optional(),
    org: name.optional(),
    token: secretRef,
  })
  .refine((value) => (value.repo === undefined) !== (value.org === undefined), {
    message: 'give exactly one of repo (OWNER/NAME) or org',
  });

const githubMirror = z
  .strictObject({
    type: z.literal('github'),
    url: url.default('https://api.github.com'),
    repo: z
      .string()
      .regex(/^[^/\s]+\/[^/\s]+$/, 'must be OWNER/NAME')
      .optional(),
    org: name.optional(),
    environment: name.optional(),
    token: secretRef,
  })
  .refine((value) => (value.repo === undefined) !== (value.org === undefined), {
    message: 'give exactly one of repo (OWNER/NAME) or org',
  });

export const sourceSchema = z.discriminatedUnion('type', [infisicalSource, envfileStore]);
export const mirrorSchema = z.discriminatedUnion('type', [giteaMirror, githubMirror, envfileStore]);

export const CLOUDFLARE_RIGHTS = [
  'zone:read',
  'dns:read',
  'dns:edit',
  'tunnel:read',
  'tunnel:edit',
] as const;
export type CloudflareRight = (typeof CLOUDFLARE_RIGHTS)[number];

const cloudflareVerify = z.strictObject({
  type: z.literal('cloudflare-token'),
  owner: z.enum(['user', 'account', 'auto']).default('auto'),
  accountId: z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'must be a 32-character hex account id')
    .optional(),
  zone: name.optional(),
  needs: z.array(z.enum(CLOUDFLARE_RIGHTS)).default([]),
  expiresWithin: duration.optional(),
  /** Overrides TEND_CLOUDFLARE_API_URL and the default API base. */
  apiUrl: url.optional(),
});

const mirrorItem = z.union([
  name,
  z.strictObject({ mirror: name, as: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }),
]);

const credential = z.strictObject({
  source: z
    .string()
    .regex(/^[^:\s]+(:\/\S*)?$/, 'must be SOURCE or SOURCE:/path (a source name, then a path)'),
  mirrors: z.array(mirrorItem).default([]),
  verify: cloudflareVerify.optional(),
  description: z.string().optional(),
});

const ownsRule = z.union([
  z.strictObject({
    name: z.string().includes('{owner}', { message: 'a name rule must contain {owner}' }),
    types: z.array(z.string().min(1)).optional(),
  }),
  z.strictObject({
    comment: z.string().includes('{owner}', { message: 'a comment rule must contain {owner}' }),
    types: z.array(z.string().min(1)).optional(),
  }),
]);

const liveSource = z
  .strictObject({
    url: url.optional(),
    file: name.optional(),
    command: z.array(z.string()).min(1).optional(),
    field: name.optional(),
    headers: z.record(z.string(), secretRef).optional(),
    minimum: z.number().int().min(0).default(1),
  })
  .refine(
    (value) => [value.url, value.file, value.command].filter((x) => x !== undefined).length === 1,
    { message: 'give exactly one of url, file or command' },
  );

const limits = z.strictObject({
  maxDeletes: z.number().int().min(0).default(25),
  maxFraction: z.number().min(0).max(1).default(0.1),
});

const sweepCommon = {
  credential: name,
  owns: z.array(ownsRule).min(1),
  live: liveSource,
  grace: duration.default('2h'),
  limits: limits.default({ maxDeletes: 25, maxFraction: 0.1 }),
  keep: z.array(name).default([]),
};

const dnsSweep = z.strictObject({
  type: z.literal('cloudflare-dns'),
  zone: name,
  tunnelTargets: z.boolean().default(false),
  accountId: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
  batchSize: z.number().int().min(1).optional(),
  ...sweepCommon,
});

const tunnelSweep = z.strictObject({
  type: z.literal('cloudflare-tunnels'),
  accountId: z.string().regex(/^[0-9a-f]{32}$/, 'must be a 32-character hex account id'),
  cleanConnections: z.boolean().default(false),
  ...sweepCommon,
});

export const sweepSchema = z.discriminatedUnion('type', [dnsSweep, tunnelSweep]);

export const manifestSchema = z.strictObject({
  version: z.literal(1, { error: 'version must be 1' }),
  /** A SQLite path or a postgres:// URL; `env:NAME` keeps a password out of the file. */
  ledger: z
    .string()
    .min(1)
    .refine((value) => !hasInlinePassword(value), {
      message: 'a password in the ledger URL is an inline secret; write ledger: env:NAME',
    })
    .optional(),
  /** Runs in a row with the same error before `failing-streak` is reported. */
  failingStreak: z.number().int().min(1).default(3),
  /** Where the key for keyed fingerprints lives; `tend init` creates it there. */
  fingerprintKey: z
    .strictObject({
      source: z
        .string()
        .regex(/^[^:\s]+(:\/\S*)?$/, 'must be SOURCE or SOURCE:/path')
        .optional(),
      name: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
        .optional(),
    })
    .optional(),
  sources: z.record(name, sourceSchema).refine((value) => Object.keys(value).length > 0, {
    message: 'declare at least one source',
  }),
  mirrors: z.record(name, mirrorSchema).default({}),
  credentials: z.record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'credential names are letters, digits and _'),
    credential,
  ),
  sweeps: z.record(name, sweepSchema).default({}),
});

/** `postgres://user:password@host/db`: the password belongs in env:NAME, not the file. */
function hasInlinePassword(value: string): boolean {
  if (!/^postgres(ql)?:\/\//i.test(value)) return false;
  try {
    return new URL(value).password !== '';
  } catch {
    return false;
  }
}

export type ManifestData = z.infer<typeof manifestSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;
export type MirrorConfig = z.infer<typeof mirrorSchema>;
export type CredentialConfig = z.infer<typeof credential>;
export type CloudflareVerifyConfig = z.infer<typeof cloudflareVerify>;
export type SweepConfig = z.infer<typeof sweepSchema>;
export type DnsSweepConfig = z.infer<typeof dnsSweep>;
export type TunnelSweepConfig = z.infer<typeof tunnelSweep>;
export type OwnsRule = z.infer<typeof ownsRule>;
export type LiveSourceConfig = z.infer<typeof liveSource>;
