/**
 * A world for `tend sync`: an Infisical source, an env-file mirror, two Gitea repositories
 * (and optionally a GitHub one), Cloudflare knowing two good tokens, all on loopback, and
 * a manifest in a real temp directory. Every CLI run is checked for leaked values.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext } from '../../src/core/context.js';
import { memorySink } from '../../src/core/log.js';
import { SecretValue } from '../../src/core/secret.js';
import { createInfisicalStore } from '../../src/providers/infisical/store.js';
import type { InfisicalConfig } from '../../src/providers/infisical/session.js';
import type { RequestRecord } from '../../src/sim/harness.js';
import { startSimulators, type Simulators } from '../../src/sim/index.js';
import type { CloudflareWorld, FaultWorld, StoredSecretWorld } from '../../src/sim/world.js';
import { runTend, type TendRun } from '../helpers/tend.js';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const cfToken = (): string => `cfut_${randomBytes(30).toString('base64url').slice(0, 40)}${hex(4)}`;

export interface Values {
  goodToken: string;
  nextToken: string;
  revokedToken: string;
  zoneId: string;
  giteaToken: string;
  githubToken: string;
  clientId: string;
  clientSecret: string;
  projectId: string;
}

export function freshValues(): Values {
  return {
    goodToken: cfToken(),
    nextToken: cfToken(),
    revokedToken: cfToken(),
    zoneId: hex(16),
    giteaToken: hex(20),
    githubToken: `ghp_${hex(18)}`,
    clientId: randomUUID(),
    clientSecret: hex(32),
    projectId: randomUUID(),
  };
}

export interface SyncWorldOptions {
  /** The value CF_API_TOKEN has in the source; the good token unless told. */
  sourceToken?: 'good' | 'revoked';
  github?: boolean;
  /** Secrets already in the Gitea repository acme/core. */
  coreSecrets?: StoredSecretWorld[];
  /** The env-file mirror's text before the run, and its mode. */
  envFile?: { text: string; mode: number };
  /** The manifest's `ledger:` setting. */
  ledger?: string;
  faults?: FaultWorld[];
  /** More YAML under `credentials:`, indented by two spaces. */
  moreCredentials?: string;
}

export interface SyncWorld {
  dir: string;
  sims: Simulators;
  values: Values;
  env: Record<string, string>;
  envFilePath: string;
  /** Runs the CLI in the world's directory and fails the test if any value leaks. */
  tend(args: string[], extraEnv?: Record<string, string>): Promise<TendRun>;
  /** Requests that change something (any method but GET), from `from` on in the log. */
  writes(from?: number): RequestRecord[];
  giteaValue(repo: string, name: string): string | undefined;
  githubValue(repo: string, name: string): string | undefined;
  infisicalValue(path: string, name: string): string | undefined;
  setSource(name: string, value: string): Promise<void>;
  /** Values no output may contain; the fingerprint key joins after `tend init`. */
  secrets(): string[];
  stop(): Promise<void>;
}

export async function startSyncWorld(options: SyncWorldOptions = {}): Promise<SyncWorld> {
  const values = freshValues();
  const sims = await startSimulators({
    cloudflare: cloudflareWorld(values),
    gitea: {
      tokens: [{ value: values.giteaToken, user: 'ci-bot' }],
      repos: [
        { owner: 'acme', name: 'core', secrets: options.coreSecrets ?? [] },
        { owner: 'acme', name: 'web', secrets: [] },
      ],
    },
    github: {
      tokens: [{ value: values.githubToken, user: 'octo-bot' }],
      repos: [{ owner: 'acme', name: 'app', secrets: [] }],
    },
    infisical: {
      identities: [{ clientId: values.clientId, clientSecret: values.clientSecret }],
      projects: [
        {
          id: values.projectId,
          environments: {
            prod: {
              '/shared/cloudflare': {
                CF_API_TOKEN:
                  options.sourceToken === 'revoked' ? values.revokedToken : values.goodToken,
                CF_ZONE_ID: values.zoneId,
              },
            },
          },
        },
      ],
    },
    faults: options.faults ?? [],
  });
  const dir = mkdtempSync(join(tmpdir(), 'tend-sync-'));
  const envFilePath = join(dir, 'operator.env');
  if (options.envFile) {
    writeFileSync(envFilePath, options.envFile.text, { mode: options.envFile.mode });
  }
  writeFileSync(join(dir, 'tend.yaml'), manifest(sims, values, options));
  const env = {
    TEND_CLOUDFLARE_API_URL: sims.urls.cloudflare,
    GITEA_TOKEN: values.giteaToken,
    GH_TOKEN: values.githubToken,
    INFISICAL_CLIENT_ID: values.clientId,
    INFISICAL_CLIENT_SECRET: values.clientSecret,
    // The database URL carries a password: the manifest names it, never holds it.
    ...(options.ledger ? { TEND_LEDGER_URL: options.ledger } : {}),
  };
  const world: SyncWorld = {
    dir,
    sims,
    values,
    env,
    envFilePath,
    async tend(args, extraEnv = {}) {
      const run = await runTend(args, { cwd: dir, env: { ...env, ...extraEnv } });
      assertNoSecret(run, world.secrets());
      return run;
    },
    writes: (from = 0) => sims.requests.slice(from).filter((r) => r.method !== 'GET'),
    giteaValue: (repo, name) => storedValue(sims.snapshot().gitea, repo, name),
    githubValue: (repo, name) => storedValue(sims.snapshot().github, repo, name),
    infisicalValue: (path, name) => infisicalValue(sims, values, path, name),
    setSource: (name, value) => setSource(sims, values, dir, name, value),
    secrets: () => {
      const key = infisicalValue(sims, values, '/shared/cloudflare', 'TEND_FINGERPRINT_KEY');
      const known = Object.values(values).filter((value) => value !== values.projectId);
      return key ? [...known, key] : known;
    },
    stop: async () => {
      await sims.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

export function assertNoSecret(run: TendRun, secrets: string[]): void {
  for (const secret of secrets) {
    assert.ok(!run.stdout.includes(secret), 'a secret value appeared on stdout');
    assert.ok(!run.stderr.includes(secret), 'a secret value appeared on stderr');
  }
}

function manifest(sims: Simulators, values: Values, options: SyncWorldOptions): string {
  const mirrors = ['operator-host', 'core-ci', 'web-ci', ...(options.github ? ['app-gh'] : [])];
  return `version: 1
${options.ledger ? 'ledger: env:TEND_LEDGER_URL\n' : ''}sources:
  vault:
    type: infisical
    url: ${sims.urls.infisical}
    projectId: ${values.projectId}
    environment: prod
    auth: { clientId: env:INFISICAL_CLIENT_ID, clientSecret: env:INFISICAL_CLIENT_SECRET }
mirrors:
  operator-host:
    type: envfile
    path: ./operator.env
  core-ci:
    type: gitea
    url: ${sims.urls.gitea}
    repo: acme/core
    token: env:GITEA_TOKEN
  web-ci:
    type: gitea
    url: ${sims.urls.gitea}
    repo: acme/web
    token: env:GITEA_TOKEN
  app-gh:
    type: github
    url: ${sims.urls.github}
    repo: acme/app
    token: env:GH_TOKEN
credentials:
  CF_API_TOKEN:
    source: vault:/shared/cloudflare
    mirrors: [${mirrors.join(', ')}]
    verify:
      type: cloudflare-token
      owner: user
      zone: example.com
      needs: [zone:read, dns:read]
  CF_ZONE_ID:
    source: vault:/shared/cloudflare
    mirrors: [${mirrors.join(', ')}]
${options.moreCredentials ?? ''}`;
}

function cloudflareWorld(values: Values): CloudflareWorld {
  const account = hex(16);
  const token = (value: string) => ({
    value,
    id: hex(16),
    owner: 'user' as const,
    status: 'active' as const,
    zones: { 'example.com': ['zone:read', 'dns:read'] },
  });
  return {
    accounts: [{ id: account, name: 'Acme' }],
    tokens: [token(values.goodToken), token(values.nextToken)],
    zones: [{ id: values.zoneId, name: 'example.com', account, records: [] }],
  };
}

interface Snapshot {
  repos: { owner: string; name: string; secrets: { name: string; value: string }[] }[];
}

function storedValue(snapshot: unknown, repo: string, name: string): string | undefined {
  const [owner, repoName] = repo.split('/');
  const found = (snapshot as Snapshot).repos.find((r) => r.owner === owner && r.name === repoName);
  return found?.secrets.find((secret) => secret.name === name)?.value;
}

type Folder = Record<string, { value: string }>;
interface InfisicalSnapshot {
  projects: { id: string; environments: Record<string, Record<string, Folder>> }[];
}

function infisicalValue(sims: Simulators, values: Values, path: string, name: string) {
  const snapshot = sims.snapshot().infisical as InfisicalSnapshot;
  const project = snapshot.projects.find((p) => p.id === values.projectId);
  return project?.environments.prod?.[path]?.[name]?.value;
}

/** The operator changes a value in Infisical, through its API as the console does. */
async function setSource(
  sims: Simulators,
  values: Values,
  dir: string,
  name: string,
  value: string,
): Promise<void> {
  const ctx = createContext({
    env: { INFISICAL_CLIENT_ID: values.clientId, INFISICAL_CLIENT_SECRET: values.clientSecret },
    stdout: memorySink(),
    stderr: memorySink(),
  });
  const config: InfisicalConfig = {
    type: 'infisical',
    url: sims.urls.infisical,
    projectId: values.projectId,
    environment: 'prod',
    auth: { clientId: 'env:INFISICAL_CLIENT_ID', clientSecret: 'env:INFISICAL_CLIENT_SECRET' },
  };
  const store = createInfisicalStore('vault', config, ctx, dir);
  await store.put(name, SecretValue.load(value, ctx.redactor), '/shared/cloudflare');
}
