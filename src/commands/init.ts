/**
 * `tend init`: creates what tend's memory needs, leaving alone what exists: the ledger
 * (opened and migrated) and the fingerprint key in the source of truth.
 */
import { ExitCode } from '../core/errors.js';
import { ensureFingerprintKey, type KeySetup } from '../sync/init.js';
import { withRecordedRun } from '../sync/record.js';
import { readManifest } from './options.js';
import { registerCommand } from './registry.js';

registerCommand({
  name: 'init',
  summary: 'create the ledger and the fingerprint key in the source, unless they exist',
  configure: () => undefined,
  run: async (ctx, input) => {
    const manifest = readManifest(ctx, input);
    return withRecordedRun(ctx, manifest, 'init', async (run) => {
      const backend = run.ledger.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
      ctx.log.out(`Ledger: ready at ${run.ledger.location} (${backend}, schema up to date)\n`);
      const setup = await ensureFingerprintKey(ctx, manifest);
      ctx.log.out(`${describeSetup(setup)}\n`);
      if (setup.status !== 'failed') return { exit: ExitCode.ok, findings: [], counts: {} };
      ctx.log.error(setup.error.message);
      return { exit: ExitCode.findings, findings: [], counts: {}, outcome: 'failed' };
    });
  },
});

function describeSetup(setup: KeySetup): string {
  switch (setup.status) {
    case 'exists':
      return `Fingerprint key: ${setup.where} exists already; left unchanged`;
    case 'created':
      return `Fingerprint key: created ${setup.where} (32 random bytes, hex; never shown)`;
    case 'failed':
      return `Fingerprint key: ${setup.where} could not be created`;
  }
}
