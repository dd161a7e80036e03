/**
 * The simulated Infisical's data: projects, their environments, folders and secrets, and
 * the `SecretRaw` shape the API answers with (`specs/infisical-api.md` §2.1).
 */
import { randomUUID } from 'node:crypto';
import type { InfisicalSecretWorld, InfisicalWorld } from '../world.js';

export interface SecretRecord {
  id: string;
  key: string;
  value: string;
  comment: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Folder path ("/", "/shared/cloudflare") to the secrets directly inside it. */
export type Folders = Map<string, Map<string, SecretRecord>>;

export interface ProjectState {
  id: string;
  environments: Map<string, Folders>;
}

/** What Infisical shows instead of a value when `viewSecretValue=false`. */
export const HIDDEN_VALUE = '<hidden-by-infisical>';

export function buildProjects(world: InfisicalWorld, now: string): Map<string, ProjectState> {
  const projects = new Map<string, ProjectState>();
  for (const project of world.projects ?? []) {
    const environments = new Map<string, Folders>();
    for (const [slug, folders] of Object.entries(project.environments)) {
      const state: Folders = new Map([['/', new Map()]]);
      for (const [path, secrets] of Object.entries(folders)) {
        const records = folderOf(state, normalizeSecretPath(path));
        for (const [key, secret] of Object.entries(secrets)) {
          records.set(key, recordFromWorld(key, secret, now));
        }
      }
      environments.set(slug, state);
    }
    projects.set(project.id, { id: project.id, environments });
  }
  return projects;
}

function recordFromWorld(key: string, secret: InfisicalSecretWorld, now: string): SecretRecord {
  const given = typeof secret === 'string' ? { value: secret } : secret;
  const createdAt = given.createdAt ?? now;
  return {
    id: randomUUID(),
    key,
    value: given.value,
    comment: given.comment ?? '',
    version: given.version ?? 1,
    createdAt,
    updatedAt: given.updatedAt ?? createdAt,
  };
}

/** Infisical drops the trailing slash; a path without a leading one still names a folder. */
export function normalizeSecretPath(raw: string | undefined | null): string {
  const segments = (raw ?? '/').split('/').filter((segment) => segment !== '');
  return `/${segments.join('/')}`;
}

/** The folder's secrets, creating the (implicitly existing) folder entry when absent. */
function folderOf(folders: Folders, path: string): Map<string, SecretRecord> {
  let records = folders.get(path);
  if (!records) {
    records = new Map();
    folders.set(path, records);
  }
  return records;
}

/** A folder exists when the world names it or any folder below it. */
export function folderExists(folders: Folders, path: string): boolean {
  if (path === '/' || folders.has(path)) return true;
  return [...folders.keys()].some((known) => known.startsWith(`${path}/`));
}

/** The secrets of an existing folder, for writing; undefined when the folder is missing. */
export function writableFolder(
  folders: Folders,
  path: string,
): Map<string, SecretRecord> | undefined {
  return folderExists(folders, path) ? folderOf(folders, path) : undefined;
}

/** Folder paths at or below `path`, in a stable order. */
export function foldersUnder(folders: Folders, path: string, recursive: boolean): string[] {
  if (!recursive) return folders.has(path) ? [path] : [];
  const prefix = path === '/' ? '/' : `${path}/`;
  return [...folders.keys()].filter((known) => known === path || known.startsWith(prefix)).sort();
}

export interface RawContext {
  projectId: string;
  environment: string;
  secretPath: string;
  hidden: boolean;
  /** The value to show, when it differs from the stored one (an expanded reference). */
  shownValue?: string;
}

/** `SecretRaw` plus the fields the v4 list and get routes add. */
export function toSecretRaw(record: SecretRecord, context: RawContext): Record<string, unknown> {
  const value = context.shownValue ?? record.value;
  return {
    id: record.id,
    _id: record.id,
    workspace: context.projectId,
    environment: context.environment,
    version: record.version,
    type: 'shared',
    secretKey: record.key,
    secretValue: context.hidden ? HIDDEN_VALUE : value,
    secretComment: record.comment,
    secretReminderNote: null,
    secretReminderRepeatDays: null,
    skipMultilineEncoding: false,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    actor: null,
    isRotatedSecret: false,
    rotationId: null,
    secretPath: context.secretPath,
    secretValueHidden: context.hidden,
    tags: [],
    secretMetadata: [],
  };
}

/**
 * The server-side normalisation of §2.3: trimmed, and one trailing newline kept when the
 * original ended with one.
 */
export function normalizeSecretValue(value: string): string {
  return value.at(-1) === '\n' ? `${value.trim()}\n` : value.trim();
}

/** The projects in world form, every secret spelled out, for "what changed" checks. */
export function snapshotProjects(projects: Map<string, ProjectState>): unknown {
  return {
    projects: [...projects.values()].map((project) => ({
      id: project.id,
      environments: Object.fromEntries(
        [...project.environments].map(([slug, folders]) => [slug, snapshotFolders(folders)]),
      ),
    })),
  };
}

function snapshotFolders(folders: Folders): Record<string, unknown> {
  return Object.fromEntries(
    [...folders]
      .filter(([, records]) => records.size > 0)
      .map(([path, records]) => [
        path,
        Object.fromEntries(
          [...records.values()].map((record) => [
            record.key,
            {
              value: record.value,
              comment: record.comment,
              version: record.version,
              createdAt: record.createdAt,
              updatedAt: record.updatedAt,
            },
          ]),
        ),
      ]),
  );
}
