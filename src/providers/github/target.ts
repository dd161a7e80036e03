/** Which repository, organisation or environment a GitHub mirror writes to. */
import type { MirrorConfig } from '../../core/manifest/schema.js';

export type GithubConfig = Extract<MirrorConfig, { type: 'github' }>;

export type GithubTarget =
  | { kind: 'repo'; owner: string; repo: string }
  | { kind: 'org'; org: string }
  | { kind: 'environment'; owner: string; repo: string; environment: string };

/** The target, or a sentence saying why the config names none. */
export function githubTarget(
  config: Pick<GithubConfig, 'repo' | 'org' | 'environment'>,
): GithubTarget | string {
  if (config.repo !== undefined) {
    const [owner = '', repo = ''] = config.repo.split('/');
    if (config.environment === undefined) return { kind: 'repo', owner, repo };
    return { kind: 'environment', owner, repo, environment: config.environment };
  }
  if (config.environment !== undefined) {
    return 'an `environment:` belongs to a repository; give `repo: OWNER/NAME` with it';
  }
  return { kind: 'org', org: config.org ?? '' };
}

/** The path the secrets endpoints hang under: `…/secrets`, `…/secrets/public-key`. */
export function targetPath(target: GithubTarget): string {
  const seg = encodeURIComponent;
  switch (target.kind) {
    case 'repo':
      return `/repos/${seg(target.owner)}/${seg(target.repo)}/actions`;
    case 'org':
      return `/orgs/${seg(target.org)}/actions`;
    case 'environment':
      return (
        `/repos/${seg(target.owner)}/${seg(target.repo)}` +
        `/environments/${seg(target.environment)}`
      );
  }
}

export function targetLabel(target: GithubTarget): string {
  switch (target.kind) {
    case 'repo':
      return `repository ${target.owner}/${target.repo}`;
    case 'org':
      return `organisation ${target.org}`;
    case 'environment':
      return `environment ${target.environment} of ${target.owner}/${target.repo}`;
  }
}

/** What a token needs to write the target's secrets, for fixes. */
export function neededAccess(target: GithubTarget): string {
  switch (target.kind) {
    case 'repo':
      return 'the "Secrets" repository permission (write), or the classic `repo` scope';
    case 'org':
      return 'the "Secrets" organisation permission (write), or the classic `admin:org` scope';
    case 'environment':
      return 'the "Environments" repository permission (write), or the classic `repo` scope';
  }
}

export function githubApiBase(url: string): string {
  return url.replace(/\/+$/, '');
}
