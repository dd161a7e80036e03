/**
 * Opens the adapter for a source or mirror by its manifest `type`. A new store type is a
 * new folder under `providers/` and one line here.
 */
import type { RunContext } from '../core/context.js';
import type { MirrorConfig, SourceConfig } from '../core/manifest/schema.js';
import type { SecretStore } from '../core/store.js';
import { createEnvfileStore } from './envfile/store.js';
import { createGiteaStore } from './gitea/store.js';
import { createGithubStore } from './github/store.js';
import { createInfisicalStore } from './infisical/store.js';

/** A source must exist to be read; a mirror that does not exist yet is simply empty. */
export type StoreRole = 'source' | 'mirror';

export function openStore(
  name: string,
  config: SourceConfig | MirrorConfig,
  ctx: RunContext,
  baseDir: string,
  role: StoreRole,
): SecretStore {
  switch (config.type) {
    case 'infisical':
      return createInfisicalStore(name, config, ctx, baseDir);
    case 'envfile':
      return createEnvfileStore(name, config, ctx, baseDir, { mustExist: role === 'source' });
    case 'gitea':
      return createGiteaStore(name, config, ctx, baseDir);
    case 'github':
      return createGithubStore(name, config, ctx, baseDir);
  }
}
