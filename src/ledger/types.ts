/**
 * The ledger: tend's own memory of runs, pushes, observations and sweep backups.
 * It never holds a secret value: only names, keyed fingerprints, times, ids, counts,
 * finding classes, and the (non-secret) JSON of deleted DNS records and tunnels.
 */

export type RunOutcome = 'ok' | 'findings' | 'failed' | 'refused';

/** A finding as the ledger keeps it: the class, never the message. */
export interface RunFinding {
  credential?: string;
  store: string;
  class: string;
  severity: string;
}

export interface RunRecord {
  id: string;
  command: string;
  argv: string[];
  host: string;
  pid: number;
  startedAt: Date;
  /** Absent while the run is going on, or when it was killed before it finished. */
  finishedAt?: Date;
  outcome?: RunOutcome;
  counts: Record<string, number>;
  findings: RunFinding[];
}

export interface RunStart {
  command: string;
  /** The command line as typed; tend never takes a secret on its command line. */
  argv?: string[];
  /** Defaults to now; given when replaying or importing runs. */
  startedAt?: Date;
}

export interface RunResult {
  outcome: RunOutcome;
  counts: Record<string, number>;
  findings: RunFinding[];
  /** Defaults to now. */
  finishedAt?: Date;
}

export interface PushRecord {
  runId: string;
  credential: string;
  mirror: string;
  /** The name the credential has inside the mirror. */
  target: string;
  /** Lower-case hex HMAC-SHA-256 of the value (`SecretValue.fingerprint`). */
  fingerprint: string;
  at: Date;
}

export interface ObservationRecord extends PushRecord {
  /** The CI job that observed the value, when the job said which one it is. */
  job?: string;
}

export type BackupKind = 'dns-record' | 'tunnel';

export interface BackupInput {
  runId: string;
  kind: BackupKind;
  /** The zone id (DNS records) or the account id (tunnels). */
  scope: string;
  itemId: string;
  /** The vendor's full JSON of the item, as it was before deletion. */
  item: unknown;
}

export interface BackupRecord extends BackupInput {
  savedAt: Date;
}

/** Who holds a lock, as the ledger recorded it when the lock was taken. */
export interface LockHolder {
  name: string;
  command: string;
  pid: number;
  host: string;
  since: Date;
  /** SQLite only: when the lease runs out unless the holder renews it. */
  expiresAt?: Date;
}

export interface LockOptions {
  /** The command taking the lock, shown to whoever has to wait for it. */
  command: string;
  /** How long to wait for a busy lock before giving up with `LockBusyError`. */
  waitMs: number;
  /** Called once, when the first attempt finds the lock busy and waiting begins. */
  onWait?: (holder: LockHolder | undefined) => void;
}

export type LedgerKind = 'sqlite' | 'postgres';

export interface Ledger {
  readonly kind: LedgerKind;
  /** Where the ledger lives, without any password: a file path or a redacted URL. */
  readonly location: string;

  startRun(input: RunStart): Promise<{ id: string; startedAt: Date }>;
  /** Records the end of a run once; a second call for the same run is a bug. */
  finishRun(id: string, result: RunResult): Promise<void>;
  /** Newest first, each with its findings. */
  recentRuns(options: { command?: string; limit: number }): Promise<RunRecord[]>;

  recordPush(push: PushRecord): Promise<void>;
  /** The newest push of this credential to this target, if tend ever pushed it. */
  lastPush(credential: string, mirror: string, target: string): Promise<PushRecord | undefined>;
  /** Every fingerprint tend ever pushed to this target, by any credential. */
  pushedFingerprints(mirror: string, target: string): Promise<Set<string>>;

  recordObservation(observation: ObservationRecord): Promise<void>;
  /** Newest first. */
  observations(credential: string, mirror: string): Promise<ObservationRecord[]>;

  saveBackup(backup: BackupInput): Promise<void>;
  /** Every backup or none, in one transaction. */
  saveBackups(backups: BackupInput[]): Promise<void>;
  /** In the order they were saved. */
  backups(runId: string): Promise<BackupRecord[]>;

  /**
   * Runs `fn` while holding the named lock, across processes sharing this ledger.
   * Waits up to `waitMs` for a busy lock, then throws `LockBusyError` naming the holder.
   * Not re-entrant: taking a lock this process already holds waits like anyone else.
   */
  withLock<T>(name: string, options: LockOptions, fn: () => Promise<T>): Promise<T>;

  close(): Promise<void>;
}
