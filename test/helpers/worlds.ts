/**
 * The usual world of tend's tests: one Cloudflare account and zone, a healthy user token,
 * an Infisical project as the source, a Gitea repository and an env file as mirrors.
 * Tests change what they need on the returned object.
 */
import type { World } from '../../src/sim/world.js';

export const IDS = {
  account: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  zone: '1f2e3d4c5b6a79881726354453627181',
  project: '3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d',
};

export const SECRETS = {
  goodToken: 'cfut_GoodTokenValue0123456789abcdefghijklmnopqrstuv',
  giteaToken: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
  clientId: '5b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
  clientSecret: 'c1d2e3f4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233445566',
};

export function standardWorld(): World {
  return {
    cloudflare: {
      accounts: [{ id: IDS.account, name: 'Acme' }],
      tokens: [
        {
          value: SECRETS.goodToken,
          id: 'aa11bb22cc33dd44ee55ff6600778899',
          owner: 'user',
          status: 'active',
          zones: { 'example.com': ['zone:read', 'dns:read', 'dns:edit'] },
        },
      ],
      zones: [
        {
          id: IDS.zone,
          name: 'example.com',
          account: IDS.account,
          plan: 'free',
          quota: 200,
          records: [],
        },
      ],
    },
    gitea: {
      tokens: [{ value: SECRETS.giteaToken, user: 'ci-bot' }],
      repos: [{ owner: 'acme', name: 'core', secrets: [] }],
    },
    infisical: {
      identities: [{ clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret }],
      projects: [
        {
          id: IDS.project,
          environments: { prod: { '/shared/cloudflare': { CF_API_TOKEN: SECRETS.goodToken } } },
        },
      ],
    },
  };
}

export const STANDARD_ENV = {
  GITEA_TOKEN: SECRETS.giteaToken,
  INFISICAL_CLIENT_ID: SECRETS.clientId,
  INFISICAL_CLIENT_SECRET: SECRETS.clientSecret,
};

export const STANDARD_MANIFEST = `version: 1
sources:
  vault:
    type: infisical
    url: \${INFISICAL_URL}
    projectId: ${IDS.project}
    environment: prod
    auth: { clientId: env:INFISICAL_CLIENT_ID, clientSecret: env:INFISICAL_CLIENT_SECRET }
mirrors:
  core-ci:
    type: gitea
    url: \${GITEA_URL}
    repo: acme/core
    token: env:GITEA_TOKEN
  operator-host:
    type: envfile
    path: ./host.env
credentials:
  CF_API_TOKEN:
    source: vault:/shared/cloudflare
    mirrors: [core-ci, operator-host]
    verify:
      type: cloudflare-token
      owner: user
      zone: example.com
      needs: [zone:read, dns:read, dns:edit]
      expiresWithin: 14d
`;
