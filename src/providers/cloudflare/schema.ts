/**
 * Schemas of the Cloudflare v4 answers tend reads, after `specs/cloudflare.openapi.json`.
 * Objects are loose: unknown fields are kept (a record's full JSON is what a sweep backs
 * up), while the fields tend relies on must be present with the right type.
 */
import { z } from 'zod';

export const cfMessageSchema = z.looseObject({
  code: z.number(),
  message: z.string(),
  error_chain: z.array(z.looseObject({ code: z.number(), message: z.string() })).optional(),
  source: z.looseObject({ pointer: z.string().optional() }).optional(),
});
export type CfMessage = z.infer<typeof cfMessageSchema>;

/** The envelope every JSON answer shares, whatever its status. */
export const envelopeSchema = z.looseObject({
  success: z.boolean(),
  errors: z.array(cfMessageSchema),
  // Informational entries; some endpoints send them without a code.
  messages: z
    .array(z.looseObject({ code: z.number().optional(), message: z.string().optional() }))
    .optional(),
  result: z.unknown().optional(),
  result_info: z.unknown().optional(),
});

export const resultInfoSchema = z.looseObject({
  page: z.number().optional(),
  per_page: z.number().optional(),
  count: z.number().optional(),
  total_count: z.number().optional(),
  total_pages: z.number().optional(),
});
export type ResultInfo = z.infer<typeof resultInfoSchema>;

export const tokenStatusSchema = z.looseObject({
  id: z.string(),
  // A string, not an enum: an unknown status is judged `unverified`, not a broken answer.
  status: z.string(),
  expires_on: z.string().nullable().optional(),
  not_before: z.string().nullable().optional(),
});
export type TokenStatus = z.infer<typeof tokenStatusSchema>;

const permissionGroupSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

export const tokenPolicySchema = z.looseObject({
  id: z.string().optional(),
  effect: z.string(),
  permission_groups: z.array(permissionGroupSchema),
  resources: z.record(z.string(), z.unknown()),
});
export type TokenPolicy = z.infer<typeof tokenPolicySchema>;

export const tokenDetailsSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  status: z.string(),
  policies: z.array(tokenPolicySchema),
  expires_on: z.string().nullable().optional(),
  not_before: z.string().nullable().optional(),
});
export type TokenDetails = z.infer<typeof tokenDetailsSchema>;

export const zoneSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  account: z.looseObject({ id: z.string(), name: z.string().optional() }),
  // The real API sends an object ({ id, name, legacy_id, … }); accept a bare name too.
  plan: z
    .union([
      z.string(),
      z.looseObject({
        id: z.string().optional(),
        name: z.string().optional(),
        legacy_id: z.string().optional(),
      }),
    ])
    .nullable()
    .optional(),
  status: z.string().optional(),
});
export type CfZone = z.infer<typeof zoneSchema>;

export const recordSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  content: z.string().optional(),
  ttl: z.number().optional(),
  proxied: z.boolean().optional(),
  comment: z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
  created_on: z.string().optional(),
  modified_on: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type CfRecord = z.infer<typeof recordSchema>;

export const usageSchema = z.looseObject({
  record_usage: z.number(),
  record_quota: z.number().nullable(),
});
export type RecordsUsage = z.infer<typeof usageSchema>;

export const batchResultSchema = z.looseObject({
  deletes: z.array(recordSchema).optional(),
  posts: z.array(recordSchema).optional(),
  patches: z.array(recordSchema).optional(),
  puts: z.array(recordSchema).optional(),
});
export type BatchResult = z.infer<typeof batchResultSchema>;

export const deletedIdSchema = z.looseObject({ id: z.string() });

export const tunnelSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  account_tag: z.string().optional(),
  created_at: z.string().optional(),
  deleted_at: z.string().nullable().optional(),
  status: z.string().optional(),
  connections: z.array(z.record(z.string(), z.unknown())).optional(),
});
export type CfTunnel = z.infer<typeof tunnelSchema>;

export const tunnelClientSchema = z.looseObject({
  id: z.string().optional(),
  conns: z.array(z.record(z.string(), z.unknown())).optional(),
});
export type CfTunnelClient = z.infer<typeof tunnelClientSchema>;

/** Endpoints that answer `result: {}` or `null` on success. */
export const anyResultSchema = z.unknown();
