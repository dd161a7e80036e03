/** What tend reads of Gitea's answers, checked at the boundary (`specs/gitea.swagger.json`). */
import { z } from 'zod';

/** One item of `GET …/actions/secrets` (`#/definitions/Secret`): never a value. */
export const giteaSecretSchema = z.object({
  name: z.string().min(1),
  created_at: z.string().optional(),
  description: z.string().optional(),
});

export const giteaSecretListSchema = z.array(giteaSecretSchema);

/** Gitea's `APIError` body. */

export type GiteaSecret = z.infer<typeof giteaSecretSchema>;
