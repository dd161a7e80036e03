/**
 * The interface every source and mirror adapter implements. A store is listed once per
 * run and scope (an Infisical folder, a Gitea repository), never once per secret.
 */
import type { SecretValue } from './secret.js';

export interface StoreEntry {
  name: string;
  /** Absent for write-only stores (Gitea, GitHub): they never give a value back. */
  value?: SecretValue;
  createdAt?: string;
  updatedAt?: string;
}

export interface StoreListing {
  entries: Map<string, StoreEntry>;
}

export type PutOutcome = 'created' | 'updated';

/** The entry for `name`; forges store names upper-case, so that form is tried second. */
export function findEntry(listing: StoreListing, name: string): StoreEntry | undefined {
  return listing.entries.get(name) ?? listing.entries.get(name.toUpperCase());
}

export interface SecretStore {
  /** The manifest's name for the store. */
  readonly name: string;
  readonly type: string;
  /** True when listed entries carry their values. */
  readonly readable: boolean;
  /** Lists one scope (a folder path inside the store, or undefined for the whole store). */
  list(scope: string | undefined): Promise<StoreListing>;
  /** Writes one value. Absent on stores tend cannot write to. */
  put?(name: string, value: SecretValue, scope: string | undefined): Promise<PutOutcome>;
}

/** Why a store could not be used; mapped to `store-auth-failed` / `store-unreachable`. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly kind: 'auth' | 'unreachable' | 'config' | 'refused';
  readonly store: string;

  constructor(
    store: string,
    kind: 'auth' | 'unreachable' | 'config' | 'refused',
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.store = store;
    this.kind = kind;
  }
}
