/**
 * The demo's world: the incident from the README. An hourly janitor reads CF_API_TOKEN
 * from Gitea; Cloudflare revoked that token; it never reached Infisical nor the operator
 * host's env file. Values are made fresh on every run; none is a real credential.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { World } from '../sim/world.js';

export interface DemoValues {
  revokedToken: string;
  freshToken: string;
  giteaToken: string;
  clientId: string;
  clientSecret: string;
  zoneId: string;
  accountId: string;
  projectId: string;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const token = (prefix: string): string =>
  `${prefix}${randomBytes(30).toString('base64url').slice(0, 40)}${hex(4)}`;

export function demoValues(): DemoValues {
  return {
    revokedToken: token('cfut_'),
    freshToken: token('cfut_'),
    giteaToken: hex(20),
    clientId: randomUUID(),
    clientSecret: hex(32),
    zoneId: hex(16),
    accountId: hex(16),
    projectId: randomUUID(),
  };
}

export function demoWorld(values: DemoValues): World {
  const created = '2026-09-14T08:12:00Z';
  return {
    cloudflare: {
      accounts: [{ id: values.accountId, name: 'Acme Platform' }],
      tokens: [
        {
          value: values.freshToken,
          id: hex(16),
          owner: 'user',
          status: 'active',
          zones: { 'example.com': ['zone:read', 'dns:read', 'dns:edit'] },
        },
      ],
      zones: [
        {
          id: values.zoneId,
          name: 'example.com',
          account: values.accountId,
          plan: 'free',
          quota: 200,
          records: [
            record('A', 'example.com', '203.0.113.10'),
            record('CNAME', 'www.example.com', 'example.com'),
            record('A', 'ws-17.example.com', '192.0.2.17'),
          ],
        },
      ],
    },
    gitea: {
      tokens: [{ value: values.giteaToken, user: 'ci-bot' }],
      repos: [
        {
          owner: 'acme',
          name: 'core',
          secrets: [
            { name: 'CF_API_TOKEN', value: values.revokedToken, created_at: created },
            { name: 'CF_ZONE_ID', value: values.zoneId, created_at: created },
          ],
        },
      ],
    },
    infisical: {
      identities: [{ clientId: values.clientId, clientSecret: values.clientSecret }],
      projects: [
        {
          id: values.projectId,
          environments: { prod: { '/shared/cloudflare': { CF_ZONE_ID: values.zoneId } } },
        },
      ],
    },
  };
}

function record(
  type: string,
  name: string,
  content: string,
): {
  id: string;
  type: string;
  name: string;
  content: string;
  ttl: number;
  proxied: boolean;
  created_on: string;
  modified_on: string;
} {
  const at = '2026-03-01T00:00:00Z';
  return {
    id: hex(16),
    type,
    name,
    content,
    ttl: 1,
    proxied: true,
    created_on: at,
    modified_on: at,
  };
}

export function demoManifest(
  urls: { gitea: string; infisical: string },
  values: DemoValues,
): string {
  return `version: 1
sources:
  infisical:
    type: infisical
    url: ${urls.infisical}
    projectId: ${values.projectId}
    environment: prod
    auth: { clientId: env:INFISICAL_CLIENT_ID, clientSecret: env:INFISICAL_CLIENT_SECRET }
mirrors:
  core-ci:
    type: gitea
    url: ${urls.gitea}
    repo: acme/core
    token: env:GITEA_TOKEN
  operator-host:
    type: envfile
    path: ./all-credentials.env
credentials:
  CF_API_TOKEN:
    source: infisical:/shared/cloudflare
    mirrors: [core-ci, operator-host]
    verify:
      type: cloudflare-token
      owner: user
      zone: example.com
      needs: [zone:read, dns:read, dns:edit]
      expiresWithin: 14d
  CF_ZONE_ID:
    source: infisical:/shared/cloudflare
    mirrors: [core-ci, operator-host]
`;
}
