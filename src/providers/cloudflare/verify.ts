/**
 * The verdict on a Cloudflare API token, for `tend check` and a sweep's preflight. Nothing
 * at Cloudflare is changed; every request below is a read or a write that cannot write.
 *
 * How a token is judged:
 * 1. Shape, before any request. `cfut_` is a user token, `cfat_` an account token, `cfk_`
 *    and 37–45 lowercase hex characters are Global API Keys (`global-key-as-token`; a
 *    40-character hex value is asked about first, since it may be a legacy token), and
 *    40 characters of `[A-Za-z0-9_-]` a legacy token. Whitespace or control characters make
 *    the value unusable (`token-invalid`).
 * 2. Owner. `GET /user/tokens/verify` for user tokens, `GET /accounts/{accountId}/tokens/verify`
 *    for account tokens (the order follows `verify.owner`, or the prefix for `auto`). An
 *    account token answers `401` code `1000` at the user endpoint although it is valid, so a
 *    `1000` at one endpoint is followed by the other when `verify.accountId` allows: valid
 *    there is `token-wrong-owner` (or fine for `auto`); unknown at both is `token-invalid`.
 *    A `cfat_` token where a user token is required is `token-wrong-owner` from its prefix.
 * 3. Status, by tend's clock: `disabled`, `expired` (or `expires_on` past), `not_before`
 *    ahead, and `token-expiring` within `verify.expiresWithin`. An unusable token stops here.
 * 4. Zone: `GET /zones/{id}` for a 32-hex id; for a name, `GET /zones?name=…` finds it and
 *    (when zone:read is needed) `GET /zones/{id}` reads it, since a listing shows the zones
 *    a token names whatever its rights. `403` code `9109`, `404` or an empty listing is
 *    `zone-not-found`; `403` code `10000` is a missing zone:read. A read proves zone:read.
 * 5. `needs`: dns:read by `GET /zones/{id}/dns_records?per_page=1`; dns:edit by
 *    `POST /zones/{id}/dns_records/batch` with the empty body `{}`: the API authorises a write
 *    before it validates the body, and an empty batch changes nothing, so `200` (or a `400`
 *    about the body alone) proves the right and `403` code `10000` shows it missing;
 *    tunnel:read by `GET /accounts/{accountId}/cfd_tunnel?per_page=1`. tunnel:edit has no
 *    harmless proof: when the token may read itself (`GET /user/tokens/{id}`, which needs
 *    API Tokens Read) its policies are read, otherwise a warning says it cannot be proven.
 *
 * Answers are classified by their status and every code in `errors[]` (`10000` in verify's
 * `messages` is success; in a write's `errors` it is a missing right). Any other answer is
 * reported as `unverified` with its status and codes, never guessed. When Cloudflare cannot
 * be asked (no answer, 5xx or 429 after retries) the verdict is `vendor-unreachable`: never
 * healthy. Each distinct value is verified once per run (`CloudflareVerdictCache`).
 */
import { randomBytes } from 'node:crypto';
import type { RunContext } from '../../core/context.js';
import { parseDuration } from '../../core/duration.js';
import { VendorError } from '../../core/errors.js';
import { finding, hasErrors, type Finding } from '../../core/findings.js';
import type { CloudflareRight, CloudflareVerifyConfig } from '../../core/manifest/schema.js';
import { SecretValue } from '../../core/secret.js';
import { cloudflareBaseUrl, CloudflareApi } from './api.js';
import { describeShape, isCertainGlobalKey, isGlobalKeyShape, tokenShape } from './tokens.js';
import { ownerProblems } from './owner-problems.js';
import { findOwner, type TokenOwner } from './verify-owner.js';
import { proveRights } from './verify-rights.js';
import { judgeStatus, type Problem } from './verify-status.js';
import type { ResolvedZone } from './zones.js';

export interface TokenVerdict {
  /** True only when no error finding was raised. */
  healthy: boolean;
  findings: Finding[];
  owner?: TokenOwner;
  tokenId?: string;
  expiresOn?: string;
  zone?: ResolvedZone;
  proven: CloudflareRight[];
}

export interface VerifyTokenOptions {
  /** The credential's manifest name. */
  credential: string;
  /** Which copy of the value is judged: `source`, `env`, or a mirror's name. */
  copy: string;
  value: SecretValue;
  config: CloudflareVerifyConfig;
  ctx: RunContext;
  /** Shared by every verification of one run, so a value is asked about once. */
  cache?: CloudflareVerdictCache;
}

/** The judgement of one value, before it is told about any particular copy. */
export interface Judgement {
  problems: Problem[];
  owner?: TokenOwner;
  tokenId?: string;
  expiresOn?: string;
  zone?: ResolvedZone;
  proven: CloudflareRight[];
}

/**
 * Per-run memory of judgements, keyed by a fingerprint of the value (under a key that
 * lives only as long as the cache) and the verify settings. Create one per run.
 */
export class CloudflareVerdictCache {
  readonly #key: SecretValue;
  readonly #judgements = new Map<string, Promise<Judgement>>();

  constructor(ctx: RunContext) {
    this.#key = SecretValue.load(randomBytes(32).toString('hex'), ctx.redactor);
  }

  get size(): number {
    return this.#judgements.size;
  }

  lookup(
    value: SecretValue,
    settings: string,
    judge: () => Promise<Judgement>,
  ): Promise<Judgement> {
    const key = `${value.fingerprint(this.#key)} ${settings}`;
    let judgement = this.#judgements.get(key);
    if (judgement === undefined) {
      judgement = judge();
      this.#judgements.set(key, judgement);
    }
    return judgement;
  }
}

export async function verifyCloudflareToken(options: VerifyTokenOptions): Promise<TokenVerdict> {
  const { value, config, ctx } = options;
  const baseUrl = cloudflareBaseUrl(config, ctx.env);
  const judge = (): Promise<Judgement> => judgeToken(value, config, baseUrl, ctx);
  const settings = JSON.stringify({ baseUrl, ...config });
  const judgement = options.cache
    ? await options.cache.lookup(value, settings, judge)
    : await judge();
  return toVerdict(judgement, options.credential, options.copy);
}

async function judgeToken(
  value: SecretValue,
  config: CloudflareVerifyConfig,
  baseUrl: string,
  ctx: RunContext,
): Promise<Judgement> {
  const judgement: Judgement = { problems: [], proven: [] };
  try {
    const api = new CloudflareApi({ baseUrl, auth: { kind: 'token', token: value }, ctx });
    await judgeSteps(value, config, api, ctx, judgement);
  } catch (error) {
    if (!(error instanceof VendorError)) throw error;
    judgement.problems.push(
      error.unreachable
        ? { class: 'vendor-unreachable', text: `Cloudflare could not be asked: ${error.message}` }
        : { class: 'unverified', text: `tend cannot judge Cloudflare's answer: ${error.message}` },
    );
  }
  return judgement;
}

async function judgeSteps(
  value: SecretValue,
  config: CloudflareVerifyConfig,
  api: CloudflareApi,
  ctx: RunContext,
  judgement: Judgement,
): Promise<void> {
  const shape = tokenShape(value.reveal());
  const problems = judgement.problems;
  if (shape === 'malformed') {
    problems.push({
      class: 'token-invalid',
      text:
        'the value is empty or holds whitespace or control characters (often a trailing ' +
        'newline from copy and paste), so it cannot be a Cloudflare token',
    });
    return;
  }
  if (isCertainGlobalKey(shape, value.reveal())) {
    problems.push(globalKeyProblem(describeShape(shape)));
    return;
  }
  const owner = await findOwner(api, shape, config);
  if (owner.kind === 'unknown' && isGlobalKeyShape(shape)) {
    problems.push(globalKeyProblem(`${describeShape(shape)} unknown to Cloudflare as a token`));
    return;
  }
  if (owner.kind !== 'valid') {
    problems.push(...ownerProblems(owner, shape, config, ctx.now()));
    return;
  }
  judgement.owner = owner.owner;
  judgement.tokenId = owner.status.id;
  if (owner.status.expires_on) judgement.expiresOn = owner.status.expires_on;
  const within = config.expiresWithin ? parseDuration(config.expiresWithin) : undefined;
  const status = judgeStatus(owner.status, ctx.now(), within);
  problems.push(...status.problems);
  if (!status.usable) return;
  const rights = await proveRights(api, config, { owner: owner.owner, tokenId: owner.status.id });
  problems.push(...rights.problems);
  judgement.proven = rights.proven;
  if (rights.zone) judgement.zone = rights.zone;
}

function globalKeyProblem(what: string): Problem {
  return {
    class: 'global-key-as-token',
    text: `the value looks like ${what}, where an API token is expected`,
  };
}

function toVerdict(judgement: Judgement, credential: string, copy: string): TokenVerdict {
  const where = copyPhrase(copy);
  const findings = judgement.problems.map((problem) =>
    finding({
      credential,
      store: 'cloudflare',
      class: problem.class,
      copy,
      message: `${where}: ${problem.text}`,
      ...(problem.fix !== undefined ? { fix: problem.fix } : {}),
      ...(problem.severity !== undefined ? { severity: problem.severity } : {}),
    }),
  );
  const verdict: TokenVerdict = {
    healthy: !hasErrors(findings),
    findings,
    proven: [...judgement.proven],
  };
  if (judgement.owner) verdict.owner = judgement.owner;
  if (judgement.tokenId) verdict.tokenId = judgement.tokenId;
  if (judgement.expiresOn) verdict.expiresOn = judgement.expiresOn;
  if (judgement.zone) verdict.zone = { ...judgement.zone };
  return verdict;
}

/** Which copy was judged, as the start of a finding's message. */
export function copyPhrase(copy: string): string {
  if (copy === 'source') return 'The value in the source';
  if (copy === 'env') return "The value in the job's environment";
  return `The value in mirror ${copy}`;
}
