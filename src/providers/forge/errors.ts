/**
 * What Gitea and GitHub failures have in common: both answer errors as `{ message }`, and
 * a forge that gives no answer at all is the same problem on either side.
 */
import { z } from 'zod';
import type { VendorError } from '../../core/errors.js';
import type { HttpResponse } from '../../core/http.js';
import { StoreError } from '../../core/store.js';

const forgeErrorSchema = z.object({ message: z.string() });

export interface ForgeCall {
  method: string;
  url: string;
}

/** `gitea: PUT <url> answered 400 (invalid name)`, redacted. */
export function describeForgeAnswer(
  vendor: 'gitea' | 'github',
  redact: (text: string) => string,
  call: ForgeCall,
  response: HttpResponse,
): string {
  const parsed = forgeErrorSchema.safeParse(response.body);
  const message = parsed.success ? parsed.data.message.replace(/\s+/g, ' ').trim() : '';
  const said = message ? ` (${message})` : '';
  return redact(`${vendor}: ${call.method} ${call.url} answered ${response.status}${said}`);
}

/** No answer came at all (network, timeout) after the transport's retries. */
export function forgeUnreachable(store: string, error: VendorError): StoreError {
  return new StoreError(
    store,
    'unreachable',
    `${error.message}. Fix: check that mirror ${store}'s \`url:\` is reachable from here.`,
    { cause: error },
  );
}
