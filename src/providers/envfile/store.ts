/**
 * An env file as a source or a mirror: read once per run, values readable, written
 * atomically.
 *
 * Writing keeps the file's mode (0600 for a new file) and owner where permitted, keeps
 * every unrelated line, and saves the previous file as `<file>.bak` beside it, with the
 * same mode; each write that changes the file replaces that one backup. A write re-reads
 * the file first, so that lines edited since the run's listing are kept too.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { RunContext } from '../../core/context.js';
import type { MirrorConfig } from '../../core/manifest/schema.js';
import type { SecretValue } from '../../core/secret.js';
import { secretEntry } from '../../core/store-entry.js';
import {
  StoreError,
  type PutOutcome,
  type SecretStore,
  type StoreEntry,
  type StoreListing,
} from '../../core/store.js';
import { writeFileAtomic, type AtomicWriteOptions } from './atomic.js';
import { NAME_PATTERN, parseEnvFile, type EnvFile } from './parse.js';
import { applyValues } from './write.js';

export type EnvfileConfig = Extract<MirrorConfig, { type: 'envfile' }>;

export interface EnvfileWrite {
  name: string;
  value: SecretValue;
}

export interface EnvfileStore extends SecretStore {
  /** `scope` is ignored: an env file has no folders. */
  put(name: string, value: SecretValue, scope?: string): Promise<PutOutcome>;
  /** Writes several values with one rewrite of the file; a name given twice: the last counts. */
  putMany(entries: readonly EnvfileWrite[]): Promise<Map<string, PutOutcome>>;
}

/** The mode of an env file tend creates: its values are secrets. */
const NEW_FILE_MODE = 0o600;

export function createEnvfileStore(
  name: string,
  config: EnvfileConfig,
  ctx: RunContext,
  baseDir: string,
  options: { mustExist?: boolean } = {},
): EnvfileStore {
  const path = isAbsolute(config.path) ? config.path : resolve(baseDir, config.path);
  return new LocalEnvfileStore(name, path, ctx, options.mustExist ?? false);
}

interface FileState {
  bytes: Buffer;
  mode: number;
  owner: { uid: number; gid: number };
}

class LocalEnvfileStore implements EnvfileStore {
  readonly type = 'envfile';
  readonly readable = true;
  readonly name: string;
  readonly #path: string;
  readonly #ctx: RunContext;
  /** The run's one read; undefined content means the file does not exist. */
  #parsed: Promise<EnvFile | undefined> | undefined;
  readonly #mustExist: boolean;

  constructor(name: string, path: string, ctx: RunContext, mustExist: boolean) {
    this.name = name;
    this.#path = path;
    this.#ctx = ctx;
    this.#mustExist = mustExist;
  }

  /**
   * An env file has no folders, so `scope` is ignored. A missing mirror file lists as
   * empty: every credential then shows as missing there, which is true and says what to
   * do. A missing source file is one finding naming the path, not one per credential.
   */
  async list(scope: string | undefined): Promise<StoreListing> {
    void scope;
    this.#parsed ??= this.#read().then((state) => state && this.#parse(state.bytes, true));
    const file = await this.#parsed;
    if (!file && this.#mustExist) {
      throw new StoreError(this.name, 'config', `${this.#path} does not exist`);
    }
    const entries = new Map<string, StoreEntry>();
    for (const [name, assignment] of file?.values ?? []) {
      const { value } = assignment;
      entries.set(name, secretEntry({ name, value, redactor: this.#ctx.redactor }));
    }
    return { entries };
  }

  async put(name: string, value: SecretValue): Promise<PutOutcome> {
    const outcomes = await this.putMany([{ name, value }]);
    return outcomes.get(name) ?? 'updated';
  }

  async putMany(entries: readonly EnvfileWrite[]): Promise<Map<string, PutOutcome>> {
    const values = new Map(entries.map((entry) => [entry.name, entry.value.reveal()]));
    for (const name of values.keys()) this.#checkName(name);
    const before = await this.#read();
    const file = this.#parse(before?.bytes ?? Buffer.alloc(0), false);
    const edit = applyValues(file, values);
    if (edit.changed) await this.#write(edit.text, before);
    this.#parsed = Promise.resolve(this.#parse(Buffer.from(edit.text, 'utf8'), false));
    return edit.outcomes;
  }

  async #write(text: string, before: FileState | undefined): Promise<void> {
    const target = before ? await realpath(this.#path) : this.#path;
    const options: AtomicWriteOptions = {
      mode: before?.mode ?? NEW_FILE_MODE,
      owner: before?.owner,
    };
    try {
      if (before) await writeFileAtomic(`${target}.bak`, before.bytes, options);
      await writeFileAtomic(target, text, options);
    } catch (error) {
      throw this.#fileFailure('write', error);
    }
    const backup = before ? ` (previous file kept as ${target}.bak)` : '';
    this.#ctx.log.debug(`${this.name}: wrote ${target}${backup}`);
  }

  async #read(): Promise<FileState | undefined> {
    try {
      const [bytes, info] = await Promise.all([readFile(this.#path), stat(this.#path)]);
      return { bytes, mode: info.mode & 0o7777, owner: { uid: info.uid, gid: info.gid } };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw this.#fileFailure('read', error);
    }
  }

  #parse(bytes: Buffer, warn: boolean): EnvFile {
    const file = parseEnvFile(bytes.toString('utf8'), this.#path);
    if (!warn) return file;
    for (const [name, lines] of file.duplicates) {
      this.#ctx.log.warn(
        `${this.#path}: ${name} is assigned on lines ${lines.join(', ')}; the last one counts`,
      );
    }
    return file;
  }

  #checkName(name: string): void {
    if (NAME_PATTERN.test(name)) return;
    throw new StoreError(
      this.name,
      'refused',
      `"${name}" cannot be a name in an env file: use letters, digits, "_", "." and "-", ` +
        'not starting with a digit',
    );
  }

  #fileFailure(action: 'read' | 'write', error: unknown): StoreError {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    const where = `cannot ${action} ${this.#path} (${code})`;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      const fix = `run tend as a user that may ${action} it`;
      return new StoreError(this.name, 'auth', `${where}: ${fix}`, { cause: error });
    }
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') {
      return new StoreError(this.name, 'config', `${where}: check the path in the manifest`, {
        cause: error,
      });
    }
    return new StoreError(this.name, 'unreachable', where, { cause: error });
  }
}
