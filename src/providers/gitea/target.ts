/** Which repository or organisation a Gitea mirror writes to, and how to name it. */
import type { MirrorConfig } from '../../core/manifest/schema.js';

export type GiteaConfig = Extract<MirrorConfig, { type: 'gitea' }>;

export type GiteaTarget =
  { kind: 'repo'; owner: string; repo: string } | { kind: 'org'; org: string };

export function giteaTarget(config: Pick<GiteaConfig, 'repo' | 'org'>): GiteaTarget {
  if (config.repo !== undefined) {
    const [owner = '', repo = ''] = config.repo.split('/');
    return { kind: 'repo', owner, repo };
  }
  return { kind: 'org', org: config.org ?? '' };
}

/** `/repos/acme/core` or `/orgs/acme`, each segment encoded. */
export function targetPath(target: GiteaTarget): string {
  return target.kind === 'repo'
    ? `/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}`
    : `/orgs/${encodeURIComponent(target.org)}`;
}

/** `repository acme/core` or `organisation acme`. */
export function targetLabel(target: GiteaTarget): string {
  return target.kind === 'repo'
    ? `repository ${target.owner}/${target.repo}`
    : `organisation ${target.org}`;
}

/** The manifest field that chose the target, for fixes: `repo: acme/core`. */
export function targetField(target: GiteaTarget): string {
  return target.kind === 'repo' ? `repo: ${target.owner}/${target.repo}` : `org: ${target.org}`;
}

/** The access-token scope Gitea asks for to write the target's secrets. */
export function writeScope(target: GiteaTarget): string {
  return target.kind === 'repo' ? 'write:repository' : 'write:organization';
}

/** The API base under the configured server URL; tolerates a trailing `/` or `/api/v1`. */
export function giteaApiBase(url: string): string {
  return `${url.replace(/\/+$/, '').replace(/\/api\/v1$/, '')}/api/v1`;
}
