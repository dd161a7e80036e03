/**
 * Infisical's answers as `specs/infisical-api.md` describes them; only the fields tend
 * reads are required, so that added fields never break a run.
 */
import { z } from 'zod';

/** §1.1 Universal Auth login (and §1.2 renew). */
export const loginSchema = z.object({
  accessToken: z.string().min(1),
  expiresIn: z.coerce.number(),
  accessTokenMaxTTL: z.coerce.number().optional(),
  tokenType: z.literal('Bearer'),
});

/** `secretRawSchema`; `createdAt`/`updatedAt` are absent on imported secrets. */
export const secretRawSchema = z.object({
  secretKey: z.string(),
  secretValue: z.string(),
  secretValueHidden: z.boolean().optional(),
  version: z.number().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

export type SecretRaw = z.infer<typeof secretRawSchema>;

/** §2.1 `GET /api/v4/secrets`. */
export const listSchema = z.object({
  secrets: z.array(secretRawSchema),
  imports: z
    .array(
      z.object({
        secretPath: z.string(),
        environment: z.string(),
        secrets: z.array(secretRawSchema),
      }),
    )
    .optional(),
});

/** §2.3/§2.4: the secret written, or an approval request when a policy holds the change. */
export const writeSchema = z.union([
  z.object({ approval: z.object({}).loose() }),
  z.object({ secret: secretRawSchema }),
]);

/** The error body: `{ reqId, statusCode, message, error }`. */
export const errorSchema = z.object({
  statusCode: z.number().optional(),
  message: z.string().optional(),
  error: z.string().optional(),
});

export type InfisicalErrorBody = z.infer<typeof errorSchema>;
