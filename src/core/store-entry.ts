/**
 * Listing entries whose value is registered with the redactor when it is first read.
 *
 * A listed folder or env file often holds more than credentials (`LOG_LEVEL=info`,
 * `PORT=8080`). Registering every such value eagerly would make the redactor hide ordinary
 * words in every report. The raw value stays inside this closure, and the only way out is
 * the `value` getter, which wraps it with `SecretValue.load` first: nothing can print a
 * value that has not been registered.
 */
import type { Redactor } from './redact.js';
import { SecretValue } from './secret.js';
import type { StoreEntry } from './store.js';

export interface SecretEntryFields {
  name: string;
  value: string;
  redactor: Redactor;
  createdAt?: string | undefined;
  updatedAt?: string | undefined;
}

export function secretEntry(fields: SecretEntryFields): StoreEntry {
  const { name, value: raw, redactor, createdAt, updatedAt } = fields;
  let loaded: SecretValue | undefined;
  const entry: StoreEntry = {
    name,
    ...(createdAt === undefined ? {} : { createdAt }),
    ...(updatedAt === undefined ? {} : { updatedAt }),
  };
  Object.defineProperty(entry, 'value', {
    enumerable: true,
    get: () => (loaded ??= SecretValue.load(raw, redactor)),
  });
  return entry;
}
