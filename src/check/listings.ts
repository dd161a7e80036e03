/**
 * Reads every store a run needs exactly once per scope, concurrently, before any
 * credential is judged. A store that fails is remembered as its failure, not retried per
 * credential.
 */
import type { RunContext } from '../core/context.js';
import { UserError, VendorError } from '../core/errors.js';
import type { Manifest, ResolvedCredential } from '../core/manifest/load.js';
import { SecretRefError } from '../core/manifest/refs.js';
import { StoreError, type SecretStore, type StoreListing } from '../core/store.js';
import { openStore } from '../providers/stores.js';

export type ListingOutcome =
  { ok: true; listing: StoreListing; store: SecretStore } | { ok: false; error: StoreError };

export interface StoreReads {
  source(credential: ResolvedCredential): ListingOutcome;
  mirror(mirror: string): ListingOutcome;
  /** A source scope read on request (`extraScopes`), e.g. where the fingerprint key lives. */
  scope(source: string, path: string | undefined): ListingOutcome | undefined;
  store(name: string): SecretStore | undefined;
}

export interface SourceScope {
  source: string;
  path: string | undefined;
}

const key = (store: string, scope: string | undefined): string => `${store}\u0000${scope ?? ''}`;

export async function readStores(
  ctx: RunContext,
  manifest: Manifest,
  credentials: ResolvedCredential[],
  extraScopes: SourceScope[] = [],
): Promise<StoreReads> {
  const stores = new Map<string, SecretStore | StoreError>();
  const open = (name: string, isSource: boolean): SecretStore | StoreError => {
    const id = `${isSource ? 'source' : 'mirror'}:${name}`;
    let store = stores.get(id);
    if (!store) {
      const config = isSource ? manifest.source(name) : manifest.mirror(name);
      store = tryOpen(name, () =>
        openStore(name, config, ctx, manifest.dir, isSource ? 'source' : 'mirror'),
      );
      stores.set(id, store);
    }
    return store;
  };
  const wanted = new Map<string, { store: SecretStore | StoreError; scope: string | undefined }>();
  for (const credential of credentials) {
    const source = open(credential.source, true);
    wanted.set(key(`source:${credential.source}`, credential.sourcePath), {
      store: source,
      scope: credential.sourcePath,
    });
    for (const target of credential.mirrors) {
      wanted.set(key(`mirror:${target.mirror}`, undefined), {
        store: open(target.mirror, false),
        scope: undefined,
      });
    }
  }
  for (const extra of extraScopes) {
    wanted.set(key(`source:${extra.source}`, extra.path), {
      store: open(extra.source, true),
      scope: extra.path,
    });
  }
  const outcomes = new Map<string, ListingOutcome>();
  await Promise.all(
    [...wanted].map(async ([id, { store, scope }]) => {
      outcomes.set(id, await list(store, scope));
    }),
  );
  const get = (id: string): ListingOutcome => outcomes.get(id) as ListingOutcome;
  return {
    source: (credential) => get(key(`source:${credential.source}`, credential.sourcePath)),
    mirror: (mirror) => get(key(`mirror:${mirror}`, undefined)),
    scope: (source, path) => outcomes.get(key(`source:${source}`, path)),
    store: (name) => {
      const store = stores.get(`mirror:${name}`) ?? stores.get(`source:${name}`);
      return store instanceof StoreError ? undefined : store;
    },
  };
}

function tryOpen(name: string, open: () => SecretStore): SecretStore | StoreError {
  try {
    return open();
  } catch (error) {
    return asStoreError(name, error);
  }
}

async function list(
  store: SecretStore | StoreError,
  scope: string | undefined,
): Promise<ListingOutcome> {
  if (store instanceof StoreError) return { ok: false, error: store };
  try {
    return { ok: true, listing: await store.list(scope), store };
  } catch (error) {
    return { ok: false, error: asStoreError(store.name, error) };
  }
}

/** Anything a store throws becomes a StoreError; tend's own bugs keep propagating. */
function asStoreError(store: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  // A malformed env file is one store's problem: the rest of the run goes on.
  if (error instanceof UserError) {
    const fix = error.fix ? ` Fix: ${error.fix}` : '';
    return new StoreError(store, 'config', `${error.message}.${fix}`, { cause: error });
  }
  if (error instanceof SecretRefError) {
    return new StoreError(store, 'auth', `its credential is missing: ${error.message}`, {
      cause: error,
    });
  }
  if (error instanceof VendorError) {
    const kind = error.status === 401 || error.status === 403 ? 'auth' : 'unreachable';
    return new StoreError(store, kind, error.message, { cause: error });
  }
  throw error;
}
