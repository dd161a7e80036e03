/** What tend reads of GitHub's answers, checked at the boundary (`specs/github.openapi.json`). */
import { z } from 'zod';

/** `#/components/schemas/actions-secret`, with the organisation-only fields optional. */
export const githubSecretSchema = z.object({
  name: z.string().min(1),
  created_at: z.string(),
  updated_at: z.string(),
  visibility: z.enum(['all', 'private', 'selected']).optional(),
});

export const githubSecretListSchema = z.object({
  total_count: z.number().int().min(0),
  secrets: z.array(githubSecretSchema),
});

/** `#/components/schemas/actions-public-key`: `key` is a base64 Curve25519 public key. */
export const githubPublicKeySchema = z.object({
  key_id: z.string().min(1),
  key: z.string().min(1),
});

export type GithubSecret = z.infer<typeof githubSecretSchema>;
export type GithubSecretList = z.infer<typeof githubSecretListSchema>;
export type GithubPublicKey = z.infer<typeof githubPublicKeySchema>;
