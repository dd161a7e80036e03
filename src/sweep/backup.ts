/**
 * Backup before delete: every item's full JSON goes into the ledger under the run's id,
 * and with `--backup-dir` into `<dir>/<sweep>-<run>.json`, plus (DNS sweeps) the zone's
 * BIND export in `<dir>/<sweep>-<run>.zone`. Any failure here stops the sweep before it
 * deletes anything.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InternalError } from '../core/errors.js';
import type { BackupKind, Ledger } from '../ledger/index.js';
import { describeAnswer, type CloudflareApi } from '../providers/cloudflare/index.js';
import { sweepFinding, type SweepOutcome } from './outcome.js';
import type { SweepRequest } from './start.js';

export interface BackupInput {
  ledger: Ledger;
  runId: string;
  sweep: string;
  kind: BackupKind;
  /** Zone id or account id. */
  scope: string;
  items: { id: string }[];
  dir?: string;
  /** For the BIND export of a DNS sweep's zone. */
  api?: CloudflareApi;
}

/** Where the backups went, for the report. Throws when any backup could not be made. */
export async function backUp(input: BackupInput): Promise<string[]> {
  const places: string[] = [];
  if (input.dir !== undefined) places.push(...(await backUpToDir(input, input.dir)));
  await input.ledger.saveBackups(
    input.items.map((item) => ({
      runId: input.runId,
      kind: input.kind,
      scope: input.scope,
      itemId: item.id,
      item,
    })),
  );
  places.unshift(`the ledger (${input.ledger.location}), run ${input.runId}`);
  return places;
}

async function backUpToDir(input: BackupInput, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const stem = join(dir, `${input.sweep}-${input.runId}`);
  const json = `${stem}.json`;
  writeFileSync(json, `${JSON.stringify(input.items, null, 2)}\n`, { mode: 0o600 });
  if (input.kind !== 'dns-record' || !input.api) return [json];
  const answer = await input.api.exportRecords(input.scope);
  if (!answer.success) {
    throw new Error(`the BIND export of zone ${input.scope} failed: ${describeAnswer(answer)}`);
  }
  const zoneFile = `${stem}.zone`;
  writeFileSync(zoneFile, answer.result, { mode: 0o600 });
  return [json, zoneFile];
}

/**
 * Backs the items up for a sweep that is about to delete them. True when it may go on;
 * false (with a `delete-failed` finding, every line not done) when a backup failed.
 */
export async function backUpBeforeDelete(input: {
  request: SweepRequest;
  outcome: SweepOutcome;
  kind: BackupKind;
  scope: string;
  store: string;
  items: { id: string }[];
  api?: CloudflareApi;
}): Promise<boolean> {
  const { request, outcome, items } = input;
  if (!request.ledger || request.runId === undefined) {
    throw new InternalError('a sweep applies only with a ledger to back up into');
  }
  const noun = input.kind === 'dns-record' ? 'record' : 'tunnel';
  try {
    const places = await backUp({
      ledger: request.ledger,
      runId: request.runId,
      sweep: request.name,
      kind: input.kind,
      scope: input.scope,
      items,
      ...(input.api ? { api: input.api } : {}),
      ...(request.backupDir !== undefined ? { dir: request.backupDir } : {}),
    });
    outcome.notes.push(`backed up ${items.length} ${noun}(s) to ${places.join(' and ')}`);
    return true;
  } catch (error) {
    if (error instanceof InternalError) throw error;
    for (const line of outcome.plan) if (line.status === 'planned') line.status = 'not-done';
    const reason = error instanceof Error ? error.message : String(error);
    outcome.findings.push(
      sweepFinding(request.name, {
        store: input.store,
        class: 'delete-failed',
        message: `the backup before deletion failed, so nothing was deleted: ${reason}`,
        fix: 'Fix the ledger or the --backup-dir path, then re-run the sweep.',
      }),
    );
    return false;
  }
}
