/**
 * A reviewed plan, bound to what it deletes: `--save-plan FILE` writes the plan with a
 * sha256 checksum over the sweep, its zone (or account) and the ids; `--apply --plan FILE`
 * re-plans and deletes only when the same ids result. The file is written atomically
 * (a temporary file renamed over it) with mode 0600.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import { sweepFinding, type PlanLine } from './outcome.js';
import { planChecksum } from './plan.js';

export const SAVED_PLAN_VERSION = 1;

export interface SavedPlan {
  version: number;
  sweep: string;
  /** Zone id (DNS sweeps) or account id (tunnel sweeps). */
  scope: string;
  createdAt: string;
  items: { id: string; name: string; type?: string; owner: string; rule: string }[];
  checksum: string;
}

export function savePlan(
  path: string,
  input: { sweep: string; scope: string; lines: PlanLine[]; now: Date },
): SavedPlan {
  const items = input.lines.map((line) => ({
    id: line.id,
    name: line.name,
    ...(line.type !== undefined ? { type: line.type } : {}),
    owner: line.owner,
    rule: line.rule,
  }));
  const ids = items.map((item) => item.id);
  const plan: SavedPlan = {
    version: SAVED_PLAN_VERSION,
    sweep: input.sweep,
    scope: input.scope,
    createdAt: input.now.toISOString(),
    items,
    checksum: planChecksum({ sweep: input.sweep, scope: input.scope, ids }),
  };
  writeAtomically(path, `${JSON.stringify(plan, null, 2)}\n`);
  return plan;
}

export function loadPlan(path: string, sweep: string): SavedPlan {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new UserError(`cannot read the saved plan ${path}: ${(error as Error).message}`, {
      fix: `Write it with \`tend sweep ${sweep} --save-plan ${path}\`.`,
      cause: error,
    });
  }
  const plan = data as Partial<SavedPlan>;
  if (
    plan.version !== SAVED_PLAN_VERSION ||
    typeof plan.sweep !== 'string' ||
    typeof plan.scope !== 'string' ||
    !Array.isArray(plan.items) ||
    typeof plan.checksum !== 'string'
  ) {
    throw new UserError(`${path} is not a plan saved by \`tend sweep --save-plan\``);
  }
  if (plan.sweep !== sweep) {
    throw new UserError(`${path} is a plan of sweep ${plan.sweep}, not of ${sweep}`, {
      fix: `Run \`tend sweep ${plan.sweep} --apply --plan ${path}\`, or save a plan of ${sweep}.`,
    });
  }
  const ids = plan.items.map((item) => String((item as { id?: unknown }).id));
  const expected = planChecksum({ sweep: plan.sweep, scope: plan.scope, ids });
  if (expected !== plan.checksum) {
    throw new UserError(`the checksum of ${path} does not match its items: it was altered`, {
      fix: `Save the plan again with \`tend sweep ${sweep} --save-plan ${path}\` and review it.`,
    });
  }
  return plan as SavedPlan;
}

/** `plan-changed` when the plan made now differs from the saved one. */
export function comparePlans(input: {
  saved: SavedPlan;
  path: string;
  scope: string;
  lines: PlanLine[];
  store: string;
}): Finding | undefined {
  const { saved } = input;
  const now = new Set(input.lines.map((line) => line.id));
  const before = new Set(saved.items.map((item) => item.id));
  const added = [...now].filter((id) => !before.has(id)).length;
  const dropped = [...before].filter((id) => !now.has(id)).length;
  const sameScope = saved.scope === input.scope;
  if (sameScope && added === 0 && dropped === 0) return undefined;
  const what = sameScope
    ? `${added} deletion(s) are new and ${dropped} are no longer orphans`
    : `it was made for ${saved.scope}, the sweep now resolves to ${input.scope}`;
  return sweepFinding(saved.sweep, {
    store: input.store,
    class: 'plan-changed',
    message:
      `the plan saved in ${input.path} (${saved.createdAt}) no longer holds: ${what}; ` +
      'nothing was deleted',
  });
}

function writeAtomically(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UserError(`cannot write the plan to ${path}: ${(error as Error).message}`, {
      fix: 'Choose a writable path for --save-plan.',
      cause: error,
    });
  }
}
