/**
 * `tend restore RUN_ID`: puts back what one sweep run removed, from the backups the run
 * saved in the ledger before it deleted anything.
 *
 * - DNS records are created again with their type, name, content (or data), TTL,
 *   proxied flag, comment, tags and priority. They get new ids and a new creation time,
 *   so the sweep's grace protects them for a while; their owner is still not live,
 *   though, so the next sweep removes them again after the grace unless the owner comes
 *   back or the record is added to `keep`.
 * - A record that exists again (same type, name and content) is skipped.
 * - Tunnels cannot be restored: Cloudflare gives a new tunnel a new id and secret, and
 *   connectors configured for the old one cannot use it. Each is reported
 *   (`restore-failed`) instead of faking it.
 */
import type { Finding } from '../core/findings.js';
import type { SweepConfig } from '../core/manifest/schema.js';
import type { BackupRecord } from '../ledger/index.js';
import { defaultBatchSize, type CfRecord } from '../providers/cloudflare/index.js';
import { recordSchema } from '../providers/cloudflare/schema.js';
import { listingFinding, listZoneRecords } from './listing.js';
import { emptyOutcome, sweepFinding } from './outcome.js';
import { createRecords, type CreateResult } from './restore-create.js';
import { normaliseName } from './rules.js';
import { startSweep, underLock, type SweepRequest } from './start.js';

export interface RestoreLine {
  id: string;
  name: string;
  type: string;
  status: 'restored' | 'exists' | 'failed' | 'unrestorable';
  newId?: string;
  reason?: string;
}

export interface RestoreOutcome {
  runId: string;
  sweep: string;
  lines: RestoreLine[];
  findings: Finding[];
  notes: string[];
}

export async function restoreRun(input: {
  request: SweepRequest;
  sweep: SweepConfig;
  runId: string;
  backups: BackupRecord[];
}): Promise<RestoreOutcome> {
  const { request, runId, backups } = input;
  const outcome: RestoreOutcome = {
    runId,
    sweep: request.name,
    lines: [],
    findings: [],
    notes: [],
  };
  reportTunnels(
    outcome,
    backups.filter((backup) => backup.kind === 'tunnel'),
  );
  const byZone = new Map<string, CfRecord[]>();
  for (const backup of backups) {
    if (backup.kind !== 'dns-record') continue;
    const parsed = recordSchema.safeParse(backup.item);
    if (!parsed.success) {
      outcome.lines.push(unreadable(backup));
      continue;
    }
    byZone.set(backup.scope, [...(byZone.get(backup.scope) ?? []), parsed.data]);
  }
  for (const [zoneId, records] of byZone) {
    await restoreZone({ ...input, outcome, zoneId, records });
  }
  outcome.findings.push(...failureFindings(request.name, outcome.lines));
  return outcome;
}

async function restoreZone(input: {
  request: SweepRequest;
  sweep: SweepConfig;
  outcome: RestoreOutcome;
  zoneId: string;
  records: CfRecord[];
}): Promise<void> {
  const { request, outcome, zoneId, records } = input;
  const dnsSweep: SweepConfig = {
    ...input.sweep,
    type: 'cloudflare-dns',
    zone: zoneId,
    tunnelTargets: false,
  } as SweepConfig;
  const progress = emptyOutcome(request.name, 'cloudflare-dns');
  const started = await startSweep(request, dnsSweep, progress);
  outcome.findings.push(...progress.findings);
  outcome.notes.push(...progress.notes);
  const zone = started?.verdict.zone;
  if (!started || !zone) {
    outcome.lines.push(...records.map((record) => line(record, 'failed', 'preflight failed')));
    return;
  }
  await underLock(request, async () => {
    let present;
    try {
      present = await listZoneRecords(started.api, zone.id, zone.name);
    } catch (error) {
      const credential = started.credential.name;
      const context = { sweep: request.name, credential, store: zone.name };
      outcome.findings.push(listingFinding(error, context));
      outcome.lines.push(...records.map((record) => line(record, 'failed', 'listing failed')));
      return;
    }
    const existing = new Set(present.map(identity));
    const missing = records.filter((record) => !existing.has(identity(record)));
    const results = await createRecords(started.api, zone.id, missing, defaultBatchSize(zone.plan));
    const byId = new Map(results.map((result) => [result.id, result]));
    for (const record of records) {
      outcome.lines.push(fromResult(record, byId.get(record.id)));
    }
  });
}

/** Same type, name and content: the record exists again. */
function identity(record: { type: string; name: string; content?: string }): string {
  const content = (record.content ?? '').trim();
  const plain = ['CNAME', 'MX', 'NS', 'PTR'].includes(record.type.toUpperCase())
    ? normaliseName(content)
    : content;
  return `${record.type.toUpperCase()}\u0000${normaliseName(record.name)}\u0000${plain}`;
}

function fromResult(record: CfRecord, result: CreateResult | undefined): RestoreLine {
  if (!result) return line(record, 'exists');
  const restored = line(record, result.status, result.reason);
  if (result.newId !== undefined) restored.newId = result.newId;
  return restored;
}

function unreadable(backup: BackupRecord): RestoreLine {
  return {
    id: backup.itemId,
    name: backup.itemId,
    type: '?',
    status: 'failed',
    reason: 'its backup is not a DNS record tend can read',
  };
}

function line(record: CfRecord, status: RestoreLine['status'], reason?: string): RestoreLine {
  const result: RestoreLine = { id: record.id, name: record.name, type: record.type, status };
  if (reason !== undefined) result.reason = reason;
  return result;
}

function failureFindings(sweep: string, lines: RestoreLine[]): Finding[] {
  const failed = lines.filter((item) => item.status === 'failed');
  if (failed.length === 0) return [];
  const shown = failed
    .slice(0, 5)
    .map((item) => `${item.name} ${item.type} (${item.reason ?? 'unknown'})`)
    .join('; ');
  const more = failed.length > 5 ? `; and ${failed.length - 5} more` : '';
  return [
    sweepFinding(sweep, {
      store: 'cloudflare',
      class: 'restore-failed',
      message: `${failed.length} record(s) could not be restored: ${shown}${more}`,
      fix:
        'Fix the cause (quota, rights, rate limit) and run `tend restore` again: ' +
        'what is back already is skipped.',
    }),
  ];
}

function reportTunnels(outcome: RestoreOutcome, tunnels: BackupRecord[]): void {
  for (const backup of tunnels) {
    const item = backup.item as { id?: unknown; name?: unknown };
    const name = typeof item.name === 'string' ? item.name : backup.itemId;
    outcome.lines.push({
      id: backup.itemId,
      name,
      type: 'tunnel',
      status: 'unrestorable',
      reason: 'a deleted tunnel cannot be recreated with its id',
    });
    outcome.findings.push(
      sweepFinding(outcome.sweep, {
        store: `account ${backup.scope}`,
        class: 'restore-failed',
        message:
          `tunnel ${name} (${backup.itemId}) cannot be restored: Cloudflare gives a new ` +
          'tunnel a new id and secret, so connectors and DNS records made for the old one ' +
          'cannot use it',
        fix:
          `Create a new tunnel for ${name} (\`cloudflared tunnel create\`), then point its ` +
          'connectors and DNS records at the new id.',
      }),
    );
  }
}
