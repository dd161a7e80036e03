/**
 * The ledger over either SQL backend. Every write is committed before its promise
 * resolves: nothing is buffered, so a run killed at any point leaves exactly the pushes
 * that were recorded before it died.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { SqlDriver } from './driver.js';
import { ledgerFailure } from './failure.js';
import type { Release } from './lock-wait.js';
import {
  groupFindings,
  readBackup,
  readObservation,
  readPush,
  readRun,
  requireFingerprint,
  type BackupRow,
  type FindingRow,
  type ObservationRow,
  type PushRow,
  type RunRow,
} from './rows.js';
import type {
  BackupInput,
  BackupRecord,
  Ledger,
  LockOptions,
  ObservationRecord,
  PushRecord,
  RunRecord,
  RunResult,
  RunStart,
} from './types.js';

export interface LockStrategy {
  acquire(name: string, options: LockOptions): Promise<Release>;
}

const RUN_COLUMNS = 'id, command, argv, host, pid, started_at, finished_at, outcome, counts';
const PUSH_COLUMNS = 'run_id, credential, mirror, target, fingerprint, at';
const BACKUP_COLUMNS = 'run_id, kind, scope, item_id, CAST(item AS TEXT) AS item, saved_at';

export class SqlLedger implements Ledger {
  readonly kind: Ledger['kind'];
  readonly location: string;
  readonly #db: SqlDriver;
  readonly #locks: LockStrategy;

  constructor(options: { driver: SqlDriver; locks: LockStrategy; location: string }) {
    this.#db = options.driver;
    this.#locks = options.locks;
    this.kind = options.driver.kind;
    this.location = options.location;
  }

  startRun(input: RunStart): Promise<{ id: string; startedAt: Date }> {
    const id = randomUUID();
    const startedAt = input.startedAt ?? new Date();
    return this.#guard('start a run', async () => {
      await this.#db.execute(
        'INSERT INTO runs (id, command, argv, host, pid, started_at) VALUES (?, ?, ?, ?, ?, ?)',
        [
          id,
          input.command,
          JSON.stringify(input.argv ?? []),
          hostname(),
          process.pid,
          startedAt.toISOString(),
        ],
      );
      return { id, startedAt };
    });
  }

  finishRun(id: string, result: RunResult): Promise<void> {
    const finishedAt = (result.finishedAt ?? new Date()).toISOString();
    const findings = result.findings.map((item, position) => ({
      sql: `INSERT INTO run_findings (run_id, position, credential, store, class, severity)
        VALUES (?, ?, ?, ?, ?, ?)`,
      params: [id, position, item.credential ?? null, item.store, item.class, item.severity],
    }));
    return this.#guard('finish a run', async () => {
      const open = await this.#db.query('SELECT 1 FROM runs WHERE id = ? AND outcome IS NULL', [
        id,
      ]);
      if (open.length === 0) throw ledgerFailure.bug(`run ${id} is unknown or already finished`);
      await this.#db.batch([
        {
          sql: 'UPDATE runs SET finished_at = ?, outcome = ?, counts = ? WHERE id = ?',
          params: [finishedAt, result.outcome, JSON.stringify(result.counts), id],
        },
        ...findings,
      ]);
    });
  }

  recentRuns(options: { command?: string; limit: number }): Promise<RunRecord[]> {
    return this.#guard('read runs', async () => {
      const filter = options.command === undefined ? '' : 'WHERE command = ?';
      const params = options.command === undefined ? [] : [options.command];
      const runs = await this.#db.query<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM runs ${filter} ORDER BY started_at DESC, seq DESC LIMIT ?`,
        [...params, options.limit],
      );
      if (runs.length === 0) return [];
      const findings = await this.#db.query<FindingRow>(
        `SELECT run_id, credential, store, class, severity FROM run_findings
          WHERE run_id IN (${runs.map(() => '?').join(', ')}) ORDER BY run_id, position`,
        runs.map((run) => run.id),
      );
      const byRun = groupFindings(findings);
      return runs.map((run) => readRun(run, byRun));
    });
  }

  async recordPush(push: PushRecord): Promise<void> {
    requireFingerprint(push);
    await this.#guard('record a push', async () => {
      await this.#db.execute(`INSERT INTO pushes (${PUSH_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`, [
        push.runId,
        push.credential,
        push.mirror,
        push.target,
        push.fingerprint,
        push.at.toISOString(),
      ]);
    });
  }

  lastPush(credential: string, mirror: string, target: string): Promise<PushRecord | undefined> {
    return this.#guard('read pushes', async () => {
      const rows = await this.#db.query<PushRow>(
        `SELECT ${PUSH_COLUMNS} FROM pushes WHERE credential = ? AND mirror = ? AND target = ?
          ORDER BY at DESC, seq DESC LIMIT 1`,
        [credential, mirror, target],
      );
      return rows[0] === undefined ? undefined : readPush(rows[0]);
    });
  }

  pushedFingerprints(mirror: string, target: string): Promise<Set<string>> {
    return this.#guard('read pushes', async () => {
      const rows = await this.#db.query<{ fingerprint: string }>(
        'SELECT DISTINCT fingerprint FROM pushes WHERE mirror = ? AND target = ?',
        [mirror, target],
      );
      return new Set(rows.map((row) => row.fingerprint));
    });
  }

  async recordObservation(observation: ObservationRecord): Promise<void> {
    requireFingerprint(observation);
    await this.#guard('record an observation', async () => {
      await this.#db.execute(
        `INSERT INTO observations (${PUSH_COLUMNS}, job) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [
          observation.runId,
          observation.credential,
          observation.mirror,
          observation.target,
          observation.fingerprint,
          observation.at.toISOString(),
          observation.job ?? null,
        ],
      );
    });
  }

  observations(credential: string, mirror: string): Promise<ObservationRecord[]> {
    return this.#guard('read observations', async () => {
      const rows = await this.#db.query<ObservationRow>(
        `SELECT ${PUSH_COLUMNS}, job FROM observations WHERE credential = ? AND mirror = ?
          ORDER BY at DESC, seq DESC`,
        [credential, mirror],
      );
      return rows.map(readObservation);
    });
  }

  async saveBackup(backup: BackupInput): Promise<void> {
    await this.saveBackups([backup]);
  }

  /** One transaction for the lot: a sweep of 3,500 records is one commit, not 3,500. */
  async saveBackups(backups: BackupInput[]): Promise<void> {
    const savedAt = new Date().toISOString();
    const statements = backups.map((backup) => {
      const item = JSON.stringify(backup.item);
      if (item === undefined) throw ledgerFailure.bug(`backup of ${backup.itemId} is not JSON`);
      return {
        sql: `INSERT INTO backups (run_id, kind, scope, item_id, item, saved_at)
          VALUES (?, ?, ?, ?, ?, ?)`,
        params: [backup.runId, backup.kind, backup.scope, backup.itemId, item, savedAt],
      };
    });
    if (statements.length === 0) return;
    await this.#guard('save backups', () => this.#db.batch(statements));
  }

  backups(runId: string): Promise<BackupRecord[]> {
    return this.#guard('read backups', async () => {
      const rows = await this.#db.query<BackupRow>(
        `SELECT ${BACKUP_COLUMNS} FROM backups WHERE run_id = ? ORDER BY seq`,
        [runId],
      );
      return rows.map(readBackup);
    });
  }

  async withLock<T>(name: string, options: LockOptions, fn: () => Promise<T>): Promise<T> {
    const release = await this.#guard('take a lock', () => this.#locks.acquire(name, options));
    let result: T;
    try {
      result = await fn();
    } catch (error) {
      // The work's own failure is the one to report; a failed release must not hide it.
      await release().catch(() => undefined);
      throw error;
    }
    await this.#guard('release a lock', release);
    return result;
  }

  close(): Promise<void> {
    return this.#guard('close', () => this.#db.close());
  }

  async #guard<T>(action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw ledgerFailure.wrap({ location: this.location, action, error });
    }
  }
}
