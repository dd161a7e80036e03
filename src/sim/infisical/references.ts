/**
 * Secret references, resolved when a read asks for `expandSecretReferences=true`:
 * `${KEY}` in the same folder, `${env.KEY}` at an environment's root and
 * `${env.folder.sub.KEY}` in a folder of that environment.
 */
import type { ProjectState } from './state.js';

const REFERENCE = /\$\{([^}]+)\}/g;
const MAX_DEPTH = 5;

export interface ReferenceScope {
  project: ProjectState;
  environment: string;
  secretPath: string;
}

export function expandReferences(value: string, scope: ReferenceScope, depth = 0): string {
  if (depth >= MAX_DEPTH) return value;
  return value.replace(REFERENCE, (whole, reference: string) => {
    const target = locate(reference, scope);
    if (!target) return whole;
    const record = target.project.environments
      .get(target.environment)
      ?.get(target.secretPath)
      ?.get(target.key);
    return record ? expandReferences(record.value, target, depth + 1) : whole;
  });
}

function locate(
  reference: string,
  scope: ReferenceScope,
): (ReferenceScope & { key: string }) | undefined {
  const parts = reference.split('.');
  const key = parts.at(-1);
  if (!key) return undefined;
  if (parts.length === 1) return { ...scope, key };
  const [environment = '', ...folders] = parts.slice(0, -1);
  return {
    project: scope.project,
    environment,
    secretPath: `/${folders.join('/')}`,
    key,
  };
}
