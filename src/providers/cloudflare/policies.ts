/**
 * Reading a token's own policies (`GET /user/tokens/{id}`) for a right no harmless
 * request can prove. Permission groups are matched by their published names
 * ("Cloudflare Tunnel Write", formerly "Argo Tunnel Write"); resources by the account
 * they name, or every account.
 */
import type { TokenPolicy } from './schema.js';

const TUNNEL_WRITE = /^(cloudflare|argo) tunnel (write|edit)$/i;

export type PolicyVerdict = 'granted' | 'denied' | 'absent';

/** Whether the policies allow editing Cloudflare Tunnels on `accountId`. */
export function tunnelEditGrant(
  policies: readonly TokenPolicy[],
  accountId: string,
): PolicyVerdict {
  const covering = policies.filter(
    (policy) => namesTunnelWrite(policy) && coversAccount(policy, accountId),
  );
  if (covering.some((policy) => policy.effect === 'deny')) return 'denied';
  return covering.some((policy) => policy.effect === 'allow') ? 'granted' : 'absent';
}

function namesTunnelWrite(policy: TokenPolicy): boolean {
  return policy.permission_groups.some((group) => TUNNEL_WRITE.test(group.name?.trim() ?? ''));
}

function coversAccount(policy: TokenPolicy, accountId: string): boolean {
  const wanted = new Set([
    `com.cloudflare.api.account.${accountId}`,
    'com.cloudflare.api.account.*',
  ]);
  return Object.keys(policy.resources).some((key) => wanted.has(key));
}
