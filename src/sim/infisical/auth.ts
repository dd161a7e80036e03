/**
 * Machine-identity Universal Auth (`specs/infisical-api.md` §1): login, renew, and the
 * Bearer check every secrets route runs. Tokens live for the documented default TTL by
 * the simulators' clock; an expired one gets the observed `403 TokenError`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { SimRequest, SimResponse } from '../harness.js';
import type { Clock } from '../vendor.js';
import type { InfisicalWorld } from '../world.js';
import { failure, field, ok } from './reply.js';

/** 30 days, the identity defaults for `accessTokenTTL` and `accessTokenMaxTTL`. */
export const ACCESS_TOKEN_TTL_SECONDS = 2_592_000;

interface IssuedToken {
  identityId: string;
  expiresAt: number;
  maxExpiresAt: number;
}

export interface Caller {
  identityId: string;
}

export class InfisicalAuth {
  readonly #identities: Map<string, { secret: string; id: string }>;
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #clock: Clock;

  constructor(world: InfisicalWorld, clock: Clock) {
    this.#clock = clock;
    this.#identities = new Map(
      (world.identities ?? []).map((identity) => [
        identity.clientId,
        { secret: identity.clientSecret, id: randomUUID() },
      ]),
    );
  }

  login(request: SimRequest): SimResponse {
    const clientId = field(request.body, 'clientId')?.trim();
    const clientSecret = field(request.body, 'clientSecret')?.trim();
    if (!clientId || !clientSecret) {
      return failure('ValidationFailure', 'clientId and clientSecret are required strings');
    }
    const identity = this.#identities.get(clientId);
    if (!identity || identity.secret !== clientSecret) {
      return failure('UnauthorizedError', 'Invalid credentials');
    }
    const now = this.#clock().getTime();
    const maxExpiresAt = now + ACCESS_TOKEN_TTL_SECONDS * 1000;
    return ok(this.#issue({ identityId: identity.id, expiresAt: maxExpiresAt, maxExpiresAt }));
  }

  renew(request: SimRequest): SimResponse {
    const token = field(request.body, 'accessToken');
    if (!token) return failure('ValidationFailure', 'accessToken is a required string');
    const known = this.#tokens.get(token);
    if (!known) return failure('UnauthorizedError', 'Invalid access token');
    const now = this.#clock().getTime();
    if (known.expiresAt <= now) return expired();
    if (known.maxExpiresAt <= now + 1000) {
      return failure('BadRequestError', 'Failed to renew access token due to Max TTL expiration');
    }
    const expiresAt = Math.min(now + ACCESS_TOKEN_TTL_SECONDS * 1000, known.maxExpiresAt);
    return ok(this.#issue({ ...known, expiresAt }));
  }

  /** The caller behind `Authorization: Bearer …`, or the answer that refuses it. */
  authenticate(request: SimRequest): Caller | SimResponse {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return failure('UnauthorizedError', 'Missing Authorization header');
    const known = this.#tokens.get(match[1]);
    if (!known) return failure('UnauthorizedError', 'Invalid token');
    if (known.expiresAt <= this.#clock().getTime()) return expired();
    return { identityId: known.identityId };
  }

  #issue(token: IssuedToken): Record<string, unknown> {
    const accessToken = jwtLike(token);
    this.#tokens.set(accessToken, token);
    const now = this.#clock().getTime();
    return {
      accessToken,
      expiresIn: Math.round((token.expiresAt - now) / 1000),
      accessTokenMaxTTL: ACCESS_TOKEN_TTL_SECONDS,
      tokenType: 'Bearer',
    };
  }
}

function expired(): SimResponse {
  return failure('TokenError', 'Your token has expired. Please re-authenticate.');
}

/** Looks like the real JWT (three base64url parts); only this simulator can read it. */
function jwtLike(token: IssuedToken): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = part({ alg: 'HS256', typ: 'JWT' });
  const payload = part({
    identityId: token.identityId,
    authTokenType: 'identityAccessToken',
    exp: Math.floor(token.expiresAt / 1000),
    jti: randomUUID(),
  });
  return `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
}
