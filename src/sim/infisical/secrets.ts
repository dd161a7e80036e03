/**
 * The secrets routes of `specs/infisical-api.md` §2 (v4, `projectId`) and §3 (v3 raw,
 * `workspaceId`): list, get, create, update, delete and batch create. A missing folder
 * lists as empty; writing into one is a 404, as in Infisical.
 */
import { randomUUID } from 'node:crypto';
import type { SimRequest, SimResponse } from '../harness.js';
import type { Clock } from '../vendor.js';
import { expandReferences } from './references.js';
import { failure, field, flag, ok } from './reply.js';
import {
  foldersUnder,
  normalizeSecretPath,
  normalizeSecretValue,
  toSecretRaw,
  writableFolder,
  type Folders,
  type ProjectState,
  type SecretRecord,
} from './state.js';

/** `projectId` in v4, `workspaceId` in the deprecated v3 raw routes. */
export type ProjectParam = 'projectId' | 'workspaceId';

interface Target {
  project: ProjectState;
  environment: string;
  folders: Folders;
  secretPath: string;
}

interface Where {
  projectId: string | undefined;
  environment: string | undefined;
  secretPath: string | undefined;
}

export class SecretRoutes {
  readonly #projects: Map<string, ProjectState>;
  readonly #clock: Clock;

  constructor(projects: Map<string, ProjectState>, clock: Clock) {
    this.#projects = projects;
    this.#clock = clock;
  }

  list(request: SimRequest, param: ProjectParam): SimResponse {
    const where = fromQuery(request.query, param);
    if (!where.projectId || !where.environment) {
      return failure('BadRequestError', 'Missing project id or environment');
    }
    const target = this.#target(where);
    if (!('folders' in target)) return target;
    const { query } = request;
    const filtered = Boolean(query.get('tagSlugs') || query.get('metadataFilter'));
    const recursive = flag(query, 'recursive', false);
    const paths = filtered ? [] : foldersUnder(target.folders, target.secretPath, recursive);
    const secrets = paths.flatMap((path) =>
      [...(target.folders.get(path)?.values() ?? [])].map((record) =>
        this.#raw(record, { ...target, secretPath: path }, query),
      ),
    );
    return ok({ secrets, imports: [] });
  }

  get(request: SimRequest, param: ProjectParam, name: string): SimResponse {
    const where = fromQuery(request.query, param);
    if (!where.projectId || !where.environment) {
      return failure('ValidationFailure', `${param} and environment are required`);
    }
    const target = this.#target(where);
    if (!('folders' in target)) return target;
    const record = target.folders.get(target.secretPath)?.get(name);
    const version = request.query.get('version');
    const personal = request.query.get('type') === 'personal';
    if (!record || personal || (version !== null && Number(version) !== record.version)) {
      return secretNotFound(name);
    }
    return ok({ secret: this.#raw(record, target, request.query) });
  }

  create(request: SimRequest, param: ProjectParam, name: string): SimResponse {
    const value = field(request.body, 'secretValue');
    const prepared = this.#prepareWrite(request, param, name);
    if (!('records' in prepared)) return prepared;
    if (value === undefined) return failure('ValidationFailure', 'secretValue is required');
    if (prepared.records.has(name)) return exists(name);
    const record = this.#newRecord(name, value, field(request.body, 'secretComment'));
    prepared.records.set(name, record);
    return ok({ secret: this.#raw(record, prepared.target) });
  }

  update(request: SimRequest, param: ProjectParam, name: string): SimResponse {
    const prepared = this.#prepareWrite(request, param, name);
    if (!('records' in prepared)) return prepared;
    const record = prepared.records.get(name);
    if (!record) return secretNotFound(name);
    const rename = field(request.body, 'newSecretName');
    if (rename !== undefined && rename !== name) {
      const taken = prepared.records.has(rename) ? exists(rename) : undefined;
      const refusal = checkName(rename) ?? taken;
      if (refusal) return refusal;
      prepared.records.delete(name);
      record.key = rename;
      prepared.records.set(rename, record);
    }
    this.#applyChanges(record, request.body);
    return ok({ secret: this.#raw(record, prepared.target) });
  }

  remove(request: SimRequest, param: ProjectParam, name: string): SimResponse {
    const prepared = this.#prepareWrite(request, param, name);
    if (!('records' in prepared)) return prepared;
    const record = prepared.records.get(name);
    if (!record) return secretNotFound(name);
    prepared.records.delete(name);
    return ok({ secret: this.#raw(record, prepared.target) });
  }

  createBatch(request: SimRequest): SimResponse {
    const items = (request.body as { secrets?: unknown } | undefined)?.secrets;
    if (!Array.isArray(items) || items.length === 0) {
      return failure('ValidationFailure', 'secrets must be a non-empty array');
    }
    const prepared = this.#prepareWrite(request, 'projectId', undefined);
    if (!('records' in prepared)) return prepared;
    const wanted = items.map((item: unknown) => ({
      key: field(item, 'secretKey') ?? '',
      value: field(item, 'secretValue'),
      comment: field(item, 'secretComment'),
    }));
    for (const { key, value } of wanted) {
      const refusal = checkName(key) ?? (prepared.records.has(key) ? exists(key) : undefined);
      if (refusal) return refusal;
      if (value === undefined) return failure('ValidationFailure', 'secretValue is required');
    }
    const created = wanted.map(({ key, value, comment }) => {
      const record = this.#newRecord(key, value ?? '', comment);
      prepared.records.set(key, record);
      return this.#raw(record, prepared.target);
    });
    return ok({ secrets: created });
  }

  #prepareWrite(
    request: SimRequest,
    param: ProjectParam,
    name: string | undefined,
  ): { target: Target; records: Map<string, SecretRecord> } | SimResponse {
    const where = fromBody(request.body, param);
    if (!where.projectId || !where.environment) {
      return failure('ValidationFailure', `${param} and environment are required`);
    }
    const refusal = name === undefined ? undefined : checkName(name);
    if (refusal) return refusal;
    const target = this.#target(where);
    if (!('folders' in target)) return target;
    const records = writableFolder(target.folders, target.secretPath);
    if (!records) {
      return failure(
        'NotFoundError',
        `Folder with path '${target.secretPath}' in environment with slug ` +
          `'${target.environment}' not found`,
      );
    }
    return { target, records };
  }

  #target(where: Where): Target | SimResponse {
    const projectId = where.projectId ?? '';
    const environment = where.environment ?? '';
    const project = this.#projects.get(projectId);
    if (!project) return failure('NotFoundError', `Project with ID '${projectId}' not found`);
    const folders = project.environments.get(environment);
    if (!folders) {
      return failure(
        'NotFoundError',
        `Environment with slug '${environment}' in project with ID '${projectId}' not found`,
      );
    }
    return { project, environment, folders, secretPath: normalizeSecretPath(where.secretPath) };
  }

  #newRecord(key: string, value: string, comment: string | undefined): SecretRecord {
    const now = this.#clock().toISOString();
    return {
      id: randomUUID(),
      key,
      value: normalizeSecretValue(value),
      comment: comment ?? '',
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
  }

  #applyChanges(record: SecretRecord, body: unknown): void {
    const value = field(body, 'secretValue');
    if (value !== undefined && normalizeSecretValue(value) !== record.value) {
      record.value = normalizeSecretValue(value);
      record.version += 1;
    }
    record.comment = field(body, 'secretComment') ?? record.comment;
    record.updatedAt = this.#clock().toISOString();
  }

  #raw(record: SecretRecord, target: Target, query?: URLSearchParams): Record<string, unknown> {
    const hidden = query ? !flag(query, 'viewSecretValue', true) : false;
    const expand = query ? flag(query, 'expandSecretReferences', false) : false;
    const shownValue = expand ? expandReferences(record.value, target) : record.value;
    return toSecretRaw(record, {
      projectId: target.project.id,
      environment: target.environment,
      secretPath: target.secretPath,
      hidden,
      shownValue,
    });
  }
}

function fromQuery(query: URLSearchParams, param: ProjectParam): Where {
  return {
    projectId: query.get(param) ?? undefined,
    environment: query.get('environment') ?? undefined,
    secretPath: query.get('secretPath') ?? undefined,
  };
}

function fromBody(body: unknown, param: ProjectParam): Where {
  return {
    projectId: field(body, param),
    environment: field(body, 'environment'),
    secretPath: field(body, 'secretPath'),
  };
}

/** `SecretNameSchema`: non-empty once trimmed, no spaces. */
function checkName(name: string): SimResponse | undefined {
  if (name.trim() === '') return failure('ValidationFailure', 'Secret name is required');
  if (name.includes(' ')) return failure('ValidationFailure', 'Secret name cannot contain spaces.');
  return undefined;
}

function exists(name: string): SimResponse {
  return failure('BadRequestError', `Secret with name '${name}' already exist`);
}

function secretNotFound(name: string): SimResponse {
  return failure('NotFoundError', `Secret with name '${name}' not found`);
}
