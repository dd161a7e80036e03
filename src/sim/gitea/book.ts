/**
 * The stored Actions secrets of one repository, organisation or environment. Gitea and
 * GitHub keep them the same way: names are case-insensitive and stored upper-case, and
 * the value is kept but never listed.
 */
import type { Clock } from '../vendor.js';
import type { StoredSecretWorld } from '../world.js';

export interface StoredSecret {
  name: string;
  value: string;
  created_at: string;
  updated_at: string;
  description?: string;
  visibility?: string;
}

/** Fields a write may set besides the value. */
export type SecretExtras = Pick<StoredSecret, 'description' | 'visibility'>;

export class SecretBook {
  readonly #byName = new Map<string, StoredSecret>();
  readonly #clock: Clock;

  constructor(seed: StoredSecretWorld[] = [], clock: Clock, defaults: SecretExtras = {}) {
    this.#clock = clock;
    for (const secret of seed) {
      const created = secret.created_at ?? isoSeconds(clock());
      this.#byName.set(secret.name.toUpperCase(), {
        ...defaults,
        name: secret.name.toUpperCase(),
        value: secret.value,
        created_at: created,
        updated_at: secret.updated_at ?? created,
      });
    }
  }

  get size(): number {
    return this.#byName.size;
  }

  /** Sorted by name (byte order), as both forges list them. */
  list(): StoredSecret[] {
    return [...this.#byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  get(name: string): StoredSecret | undefined {
    return this.#byName.get(name.toUpperCase());
  }

  put(name: string, value: string, extras: SecretExtras = {}): 'created' | 'updated' {
    const key = name.toUpperCase();
    const now = isoSeconds(this.#clock());
    const existing = this.#byName.get(key);
    if (existing) {
      this.#byName.set(key, { ...existing, ...defined(extras), value, updated_at: now });
      return 'updated';
    }
    const created = { name: key, value, created_at: now, updated_at: now };
    this.#byName.set(key, { ...defined(extras), ...created });
    return 'created';
  }

  delete(name: string): boolean {
    return this.#byName.delete(name.toUpperCase());
  }

  snapshot(): StoredSecret[] {
    return structuredClone(this.list());
  }
}

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function defined(extras: SecretExtras): SecretExtras {
  return Object.fromEntries(Object.entries(extras).filter(([, v]) => v !== undefined));
}
