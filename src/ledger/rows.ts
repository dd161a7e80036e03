/**
 * Rows as the backends return them, and their records. SQLite gives times and JSON as
 * text; PostgreSQL gives times as Date and JSON parsed, except where a query casts it.
 */
import { ledgerFailure } from './failure.js';
import { toDate } from './time.js';
import type {
  BackupKind,
  BackupRecord,
  ObservationRecord,
  PushRecord,
  RunFinding,
  RunOutcome,
  RunRecord,
} from './types.js';

type Time = string | Date;

export interface RunRow {
  id: string;
  command: string;
  argv: string | string[];
  host: string;
  pid: number;
  started_at: Time;
  finished_at: Time | null;
  outcome: RunOutcome | null;
  counts: string | Record<string, number> | null;
}

export interface FindingRow {
  run_id: string;
  credential: string | null;
  store: string;
  class: string;
  severity: string;
}

export interface PushRow {
  run_id: string;
  credential: string;
  mirror: string;
  target: string;
  fingerprint: string;
  at: Time;
}

export interface ObservationRow extends PushRow {
  job: string | null;
}

export interface BackupRow {
  run_id: string;
  kind: BackupKind;
  scope: string;
  item_id: string;
  item: string;
  saved_at: Time;
}

function fromJson<T>(value: string | T): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

/** Findings grouped by run id, in the order they were recorded. */
export function groupFindings(rows: FindingRow[]): Map<string, RunFinding[]> {
  const byRun = new Map<string, RunFinding[]>();
  for (const row of rows) {
    const list = byRun.get(row.run_id) ?? [];
    list.push(readFinding(row));
    byRun.set(row.run_id, list);
  }
  return byRun;
}

export function readRun(row: RunRow, findings: Map<string, RunFinding[]>): RunRecord {
  const run: RunRecord = {
    id: row.id,
    command: row.command,
    argv: fromJson(row.argv),
    host: row.host,
    pid: Number(row.pid),
    startedAt: toDate(row.started_at),
    counts: row.counts === null ? {} : fromJson(row.counts),
    findings: findings.get(row.id) ?? [],
  };
  if (row.finished_at !== null) run.finishedAt = toDate(row.finished_at);
  if (row.outcome !== null) run.outcome = row.outcome;
  return run;
}

function readFinding(row: FindingRow): RunFinding {
  const item: RunFinding = { store: row.store, class: row.class, severity: row.severity };
  if (row.credential !== null) item.credential = row.credential;
  return item;
}

export function readPush(row: PushRow): PushRecord {
  return {
    runId: row.run_id,
    credential: row.credential,
    mirror: row.mirror,
    target: row.target,
    fingerprint: row.fingerprint,
    at: toDate(row.at),
  };
}

export function readObservation(row: ObservationRow): ObservationRecord {
  const observation: ObservationRecord = readPush(row);
  if (row.job !== null) observation.job = row.job;
  return observation;
}

export function readBackup(row: BackupRow): BackupRecord {
  return {
    runId: row.run_id,
    kind: row.kind,
    scope: row.scope,
    itemId: row.item_id,
    item: JSON.parse(row.item) as unknown,
    savedAt: toDate(row.saved_at),
  };
}

const FINGERPRINT = /^[0-9a-f]{64}$/;

/**
 * The ledger's last guard against storing a secret: only a 64-digit lower-case hex HMAC
 * is accepted as a fingerprint. The message never repeats what was given.
 */
export function requireFingerprint(record: {
  credential: string;
  mirror: string;
  fingerprint: string;
}): void {
  if (FINGERPRINT.test(record.fingerprint)) return;
  throw ledgerFailure.bug(
    `the fingerprint given for ${record.credential} at ${record.mirror} is not a ` +
      'lower-case hex HMAC-SHA-256; refusing to store it',
  );
}
