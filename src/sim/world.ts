/**
 * The world format of `shared/cases/README.md`: the vendors' state and failure modes,
 * as data. Loading a case is rendering its placeholders and handing the world to the
 * simulators; no case needs code of its own.
 */

export type Vendor = 'cloudflare' | 'gitea' | 'infisical' | 'live' | 'github';

export interface CfTokenWorld {
  value: string;
  id: string;
  owner: 'user' | { account: string };
  status?: 'active' | 'disabled' | 'expired';
  expires_on?: string;
  not_before?: string;
  zones?: Record<string, string[]>;
  accounts?: Record<string, string[]>;
  user?: string[];
}

export interface CfRecordWorld {
  id: string;
  type: string;
  name: string;
  content: string;
  ttl?: number;
  proxied?: boolean;
  comment?: string | null;
  tags?: string[];
  created_on?: string;
  modified_on?: string;
  priority?: number;
  meta?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface CfZoneWorld {
  id: string;
  name: string;
  account: string;
  plan?: 'free' | 'paid' | string;
  quota?: number | null;
  maxPerPage?: number;
  batchLimit?: number;
  records: CfRecordWorld[];
}

export interface CfTunnelWorld {
  id: string;
  account: string;
  name: string;
  status?: string;
  created_at?: string;
  deleted_at?: string | null;
  connections?: number;
}

export interface CloudflareWorld {
  accounts?: { id: string; name: string }[];
  tokens?: CfTokenWorld[];
  globalKeys?: { email: string; key: string }[];
  zones?: CfZoneWorld[];
  tunnels?: CfTunnelWorld[];
  rateLimit?: { requests: number; windowSeconds: number };
}

export interface StoredSecretWorld {
  name: string;
  value: string;
  created_at?: string;
  /** Defaults to `created_at`. */
  updated_at?: string;
}

export interface GiteaWorld {
  version?: string;
  tokens?: { value: string; user: string }[];
  repos?: { owner: string; name: string; secrets?: StoredSecretWorld[] }[];
  orgs?: { name: string; secrets?: StoredSecretWorld[] }[];
}

export type InfisicalSecretWorld =
  | string
  | { value: string; comment?: string; createdAt?: string; updatedAt?: string; version?: number };

export interface InfisicalWorld {
  identities?: { clientId: string; clientSecret: string }[];
  projects?: {
    id: string;
    environments: Record<string, Record<string, Record<string, InfisicalSecretWorld>>>;
  }[];
}

export interface GithubWorld {
  tokens?: { value: string; user: string }[];
  repos?: {
    owner: string;
    name: string;
    secrets?: StoredSecretWorld[];
    /** Deployment environments; one that is absent answers 404. */
    environments?: { name: string; secrets?: StoredSecretWorld[] }[];
  }[];
  orgs?: { name: string; secrets?: StoredSecretWorld[] }[];
}

export interface LiveEntryWorld {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FaultWorld {
  vendor: Vendor;
  method?: string;
  path: string;
  nth?: number;
  times?: number;
  query?: Record<string, string>;
  bodyContains?: string;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  hang?: number;
  reset?: boolean;
  blockAll?: number;
  deleteRecords?: string[];
}

export interface World {
  cloudflare?: CloudflareWorld;
  gitea?: GiteaWorld;
  infisical?: InfisicalWorld;
  github?: GithubWorld;
  live?: Record<string, LiveEntryWorld>;
  faults?: FaultWorld[];
  now?: string;
}

const TIME_PLACEHOLDER = /\$\{NOW(?:([+-])(\d+)([smhdw]))?\}/g;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/**
 * Replaces `${NAME}` from `vars` and `${NOW}`, `${NOW-90m}`, `${NOW+5d}` from `now`, in
 * every string inside `value`. Unknown placeholders are left as they are.
 */
export function renderPlaceholders<T>(value: T, vars: Record<string, string>, now: Date): T {
  const renderText = (text: string): string =>
    text
      .replace(TIME_PLACEHOLDER, (_all, sign?: string, amount?: string, unit?: string) => {
        if (!sign || !amount || !unit) return isoSeconds(now);
        const delta = Number(amount) * (UNIT_SECONDS[unit] ?? 0) * 1000;
        return isoSeconds(new Date(now.getTime() + (sign === '+' ? delta : -delta)));
      })
      .replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (all, name: string) => vars[name] ?? all);
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return renderText(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item && typeof item === 'object') {
      return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, walk(v)]));
    }
    return item;
  };
  return walk(value) as T;
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
