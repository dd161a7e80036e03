/**
 * Runs a handed case (`test/cases/<name>/case.json`, format in test/cases/README.md): loads
 * its world into the simulators, writes its manifest and files, runs tend as the case says
 * and checks every expectation. A case is data; this file is the only code behind them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startSimulators, type Simulators } from '../../src/sim/index.js';
import { pathPattern, type RequestRecord } from '../../src/sim/harness.js';
import { renderPlaceholders, type World } from '../../src/sim/world.js';
import { lastJson, runTend, type TendRun } from './tend.js';

export interface FindingPattern {
  credential?: string;
  class?: string | string[];
  severity?: string;
  store?: string;
}

export interface CaseExpect {
  exit: number | number[];
  findings?: FindingPattern[];
  absent?: FindingPattern[];
  deleted?: string[];
  kept?: string[];
  maxRequests?: Record<string, number>;
  minRequests?: Record<string, number>;
  output?: unknown;
  anyOf?: Omit<CaseExpect, 'exit' | 'anyOf'>[] | CaseExpect[];
  unchanged?: boolean;
}

export interface CaseFile {
  title: string;
  story?: string;
  world: World;
  manifest: string;
  files?: Record<string, string>;
  env?: Record<string, string>;
  command: string[];
  expect: CaseExpect;
}

export interface CaseRun {
  run: TendRun;
  json: unknown;
  before: CloudflareState;
  after: CloudflareState;
  requests: RequestRecord[];
}

interface CloudflareState {
  records: Map<string, unknown>;
  tunnels: Map<string, unknown>;
}

export function readCase(dir: string): CaseFile {
  return JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as CaseFile;
}

export async function runCase(spec: CaseFile): Promise<CaseRun> {
  const now = new Date();
  const world = renderPlaceholders(spec.world, {}, now);
  const sims = await startSimulators(world);
  const dir = mkdtempSync(join(tmpdir(), 'tend-case-'));
  try {
    const vars = {
      CLOUDFLARE_URL: sims.urls.cloudflare,
      GITEA_URL: sims.urls.gitea,
      INFISICAL_URL: sims.urls.infisical,
      LIVE_URL: sims.urls.live,
      DIR: dir,
    };
    writeFileSync(join(dir, 'tend.yaml'), renderPlaceholders(spec.manifest, vars, now));
    for (const [name, text] of Object.entries(spec.files ?? {})) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, renderPlaceholders(text, vars, now), { mode: 0o600 });
    }
    const env = renderPlaceholders(spec.env ?? {}, vars, now);
    const before = cloudflareState(sims);
    const run = await runTend(spec.command, { cwd: dir, env });
    let json: unknown;
    try {
      json = lastJson(run.stdout);
    } catch {
      json = undefined;
    }
    return { run, json, before, after: cloudflareState(sims), requests: [...sims.requests] };
  } finally {
    await sims.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every broken expectation, in words; empty when the case passes. */
export function checkExpectations(expect: CaseExpect, result: CaseRun): string[] {
  const problems: string[] = [];
  const exits = Array.isArray(expect.exit) ? expect.exit : [expect.exit];
  if (!exits.includes(result.run.exit)) {
    problems.push(`exit ${result.run.exit}, expected ${exits.join(' or ')}`);
  }
  problems.push(...checkRest(expect, result));
  if (expect.anyOf && expect.anyOf.length > 0) {
    const outcomes = expect.anyOf.map((alternative) => checkRest(alternative, result));
    if (!outcomes.some((list) => list.length === 0)) {
      problems.push(`none of anyOf holds: ${outcomes.map((list) => list.join('; ')).join(' | ')}`);
    }
  }
  return problems;
}

function checkRest(expect: Omit<CaseExpect, 'exit'>, result: CaseRun): string[] {
  const problems: string[] = [];
  const findings = findingsOf(result.json);
  for (const pattern of expect.findings ?? []) {
    if (!findings.some((item) => matches(item, pattern))) {
      problems.push(`missing finding ${JSON.stringify(pattern)}`);
    }
  }
  for (const pattern of expect.absent ?? []) {
    const hit = findings.find((item) => matches(item, pattern));
    if (hit) problems.push(`unexpected finding ${JSON.stringify(hit)}`);
  }
  for (const id of expect.deleted ?? []) {
    if (result.after.records.has(id) || liveTunnel(result.after, id)) {
      problems.push(`${id} should be deleted`);
    }
  }
  for (const id of expect.kept ?? []) {
    if (!result.after.records.has(id) && !liveTunnel(result.after, id)) {
      problems.push(`${id} should be kept`);
    }
  }
  if (expect.unchanged && !sameState(result.before, result.after)) {
    problems.push('Cloudflare records or tunnels changed');
  }
  for (const [key, limit] of Object.entries(expect.maxRequests ?? {})) {
    const count = countRequests(result.requests, key);
    if (count > limit) problems.push(`${count} requests for ${key}, at most ${limit} allowed`);
  }
  for (const [key, floor] of Object.entries(expect.minRequests ?? {})) {
    const count = countRequests(result.requests, key);
    if (count < floor) problems.push(`${count} requests for ${key}, at least ${floor} expected`);
  }
  if (expect.output !== undefined && !containsDeep(result.json, expect.output)) {
    problems.push(`output lacks ${JSON.stringify(expect.output)}`);
  }
  return problems;
}

interface FoundFinding {
  credential?: string;
  class: string;
  severity: string;
  store: string;
}

function findingsOf(json: unknown): FoundFinding[] {
  const list = (json as { findings?: unknown } | undefined)?.findings;
  return Array.isArray(list) ? (list as FoundFinding[]) : [];
}

function matches(item: FoundFinding, pattern: FindingPattern): boolean {
  if (pattern.credential !== undefined && item.credential !== pattern.credential) return false;
  if (pattern.severity !== undefined && item.severity !== pattern.severity) return false;
  if (pattern.store !== undefined && !String(item.store).includes(pattern.store)) return false;
  if (pattern.class !== undefined) {
    const classes = Array.isArray(pattern.class) ? pattern.class : [pattern.class];
    if (!classes.includes(item.class)) return false;
  }
  return true;
}

function countRequests(requests: RequestRecord[], key: string): number {
  const alternatives = key.split(' | ').map((alternative) => {
    const [method, path = ''] = alternative.trim().split(/\s+/, 2);
    return { method: method?.toUpperCase(), pattern: pathPattern(path) };
  });
  return requests.filter((request) =>
    alternatives.some((alt) => alt.method === request.method && alt.pattern.test(request.path)),
  ).length;
}

function containsDeep(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return actual === expected;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      expected.every((item) => actual.some((candidate) => containsDeep(candidate, item)))
    );
  }
  if (actual === null || typeof actual !== 'object') return false;
  return Object.entries(expected).every(([key, value]) =>
    containsDeep((actual as Record<string, unknown>)[key], value),
  );
}

function cloudflareState(sims: Simulators): CloudflareState {
  const state = sims.snapshot().cloudflare as {
    zones?: { records?: { id: string }[] }[];
    tunnels?: { id: string }[];
  };
  const records = new Map<string, unknown>();
  for (const zone of state.zones ?? []) {
    for (const record of zone.records ?? []) records.set(record.id, record);
  }
  const tunnels = new Map<string, unknown>();
  for (const tunnel of state.tunnels ?? []) tunnels.set(tunnel.id, tunnel);
  return { records, tunnels };
}

function liveTunnel(state: CloudflareState, id: string): boolean {
  const tunnel = state.tunnels.get(id) as { deleted_at?: string | null } | undefined;
  return tunnel !== undefined && !tunnel.deleted_at;
}

function sameState(a: CloudflareState, b: CloudflareState): boolean {
  const flat = (state: CloudflareState): string =>
    JSON.stringify([[...state.records].sort(), [...state.tunnels].sort()]);
  return flat(a) === flat(b);
}
