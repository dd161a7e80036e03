/**
 * A separate process that opens a ledger, for the cross-process tests. It reports each
 * step as one JSON line on stdout and waits for the test's word on stdin between steps.
 *
 *   node child.js '{"mode":"lock", "setting":…, "dir":…, "name":…, "waitMs":…}'
 *   node child.js '{"mode":"pushes", "setting":…, "dir":…, "count":…}'
 */
import { createInterface } from 'node:readline';
import { LockBusyError } from '../../src/core/errors.js';
import { openLedger, type Ledger } from '../../src/ledger/index.js';

export interface ChildConfig {
  mode: 'lock' | 'pushes';
  setting: string | undefined;
  dir: string;
  name?: string;
  command?: string;
  waitMs?: number;
  leaseMs?: number;
  count?: number;
}

const lines = createInterface({ input: process.stdin });
const told: string[] = [];
let wake: (() => void) | undefined;
lines.on('line', (line) => {
  told.push(line.trim());
  wake?.();
});
// The test went away: do not linger holding a lock.
lines.on('close', () => process.exit(9));

function emit(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

async function heard(word: string): Promise<void> {
  while (!told.includes(word)) await new Promise<void>((resolve) => (wake = resolve));
  told.splice(told.indexOf(word), 1);
}

async function holdLock(ledger: Ledger, config: ChildConfig): Promise<void> {
  const options = {
    command: config.command ?? 'sync',
    waitMs: config.waitMs ?? 0,
    onWait: (holder: unknown) => emit({ event: 'waiting', holder }),
  };
  await ledger.withLock(config.name ?? 'sync', options, async () => {
    emit({ event: 'acquired', pid: process.pid });
    await heard('release');
  });
  emit({ event: 'released' });
}

async function pushOneByOne(ledger: Ledger, config: ChildConfig): Promise<void> {
  const run = await ledger.startRun({ command: 'sync' });
  for (let index = 0; index < (config.count ?? 3); index += 1) {
    await ledger.recordPush({
      runId: run.id,
      credential: `C${index}`,
      mirror: 'gitea',
      target: `C${index}`,
      fingerprint: index.toString(16).repeat(64).slice(0, 64),
      at: new Date(),
    });
    emit({ event: 'pushed', index, runId: run.id });
    await heard('next');
  }
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  const options = config.leaseMs === undefined ? {} : { leaseMs: config.leaseMs };
  const ledger = await openLedger(config.setting, config.dir, options);
  emit({ event: 'opened', pid: process.pid });
  try {
    if (config.mode === 'lock') await holdLock(ledger, config);
    else await pushOneByOne(ledger, config);
  } catch (error) {
    const busy = error instanceof LockBusyError;
    const message = error instanceof Error ? error.message : String(error);
    emit({ event: busy ? 'busy' : 'error', message, fix: busy ? error.fix : undefined });
    process.exitCode = busy ? 4 : 5;
  } finally {
    await ledger.close();
    lines.removeAllListeners('close');
    lines.close();
  }
}

await main();
