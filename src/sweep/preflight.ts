/**
 * A sweep's preflight: its credential judged as `tend check` judges it, with the rights
 * the sweep needs added to whatever the credential's own `verify` block asks for.
 *
 * The read rights are not probed here. The sweep's complete listing proves them (a DNS
 * sweep's record listing proves dns:read, a tunnel sweep's tunnel listing tunnel:read),
 * and a refusal there is reported as `permission-missing` before anything is deleted:
 * one request fewer per run. The write rights are proven here, before any listing.
 */
import type { RunContext } from '../core/context.js';
import type {
  CloudflareRight,
  CloudflareVerifyConfig,
  SweepConfig,
} from '../core/manifest/schema.js';
import type { SecretValue } from '../core/secret.js';
import { verifyCloudflareToken, type TokenVerdict } from '../providers/cloudflare/index.js';

const DNS_RIGHTS: CloudflareRight[] = ['zone:read', 'dns:edit'];
const DNS_PROVEN_BY_LISTING: CloudflareRight = 'dns:read';
const TUNNEL_RIGHTS: CloudflareRight[] = ['tunnel:edit'];
const TUNNEL_PROVEN_BY_LISTING: CloudflareRight = 'tunnel:read';

/** The verify settings a sweep's preflight uses: the sweep's zone, the sweep's rights. */
export function preflightConfig(
  base: CloudflareVerifyConfig | undefined,
  sweep: SweepConfig,
): CloudflareVerifyConfig {
  const config: CloudflareVerifyConfig = base ?? {
    type: 'cloudflare-token',
    owner: 'auto',
    needs: [],
  };
  if (sweep.type === 'cloudflare-dns') {
    return {
      ...config,
      zone: sweep.zone,
      accountId: config.accountId ?? sweep.accountId,
      needs: merge(config.needs, DNS_RIGHTS, DNS_PROVEN_BY_LISTING),
    };
  }
  return {
    ...config,
    accountId: sweep.accountId,
    needs: merge(config.needs, TUNNEL_RIGHTS, TUNNEL_PROVEN_BY_LISTING),
  };
}

export function runPreflight(input: {
  ctx: RunContext;
  credential: string;
  copy: string;
  value: SecretValue;
  config: CloudflareVerifyConfig;
}): Promise<TokenVerdict> {
  return verifyCloudflareToken(input);
}

function merge(
  declared: CloudflareRight[],
  required: CloudflareRight[],
  provenLater: CloudflareRight,
): CloudflareRight[] {
  return [...new Set([...declared, ...required])].filter((right) => right !== provenLater);
}
