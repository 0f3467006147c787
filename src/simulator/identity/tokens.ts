/**
 * Minting access and identity tokens, and checking bearer tokens on API calls. Claims follow
 * xero-platform-facts.md §3.2; times come from the simulator clock.
 */
import { randomBytes } from 'node:crypto';
import type { SimApp, SimUser } from '../apps.js';
import type { SimClock } from '../clock.js';
import { tokenExpiredStamp } from './dates.js';
import { signJwt, verifyJwt, type SigningKey } from './jwt.js';
import type { BearerCheck } from './types.js';

/** Access tokens live 30 minutes (§3.4, §3.5). */
export const ACCESS_TOKEN_LIFETIME_S = 1800;
/** IdentityServer's default identity-token lifetime; Xero's id_token lifetime is not documented. */
const ID_TOKEN_LIFETIME_S = 300;
/** `typ` of access tokens (RFC 9068), so an id_token cannot be used as a bearer token. */
const ACCESS_TOKEN_TYP = 'at+jwt';
const UNSUCCESSFUL: BearerCheck = { ok: false, detail: 'AuthenticationUnsuccessful' };

/** The person and grant a user token speaks for. */
export interface UserTokenSubject {
  readonly clientId: string;
  readonly user: SimUser;
  readonly scopes: readonly string[];
  readonly authEventId: string;
  readonly authTimeMs: number;
  /** Echoed in the id_token of a code exchange (not on refresh, per OIDC Core §12.2). */
  readonly nonce?: string;
}

/** Signs tokens with the run's key and checks them against it. */
export class TokenMinter {
  readonly #key: SigningKey;
  readonly #clock: SimClock;
  readonly #apps: readonly SimApp[];

  constructor(key: SigningKey, clock: SimClock, apps: readonly SimApp[]) {
    this.#key = key;
    this.#clock = clock;
    this.#apps = apps;
  }

  /** An access token for a person (authorization code and refresh grants). */
  userAccessToken(issuer: string, s: UserTokenSubject): string {
    return signJwt(
      this.#key,
      {
        ...this.#standard(issuer, `${issuer}/resources`, ACCESS_TOKEN_LIFETIME_S),
        client_id: s.clientId,
        sub: subjectOf(s.user),
        auth_time: Math.floor(s.authTimeMs / 1000),
        idp: 'local',
        xero_userid: s.user.userId,
        global_session_id: s.user.globalSessionId,
        sid: s.user.globalSessionId,
        jti: jti(),
        authentication_event_id: s.authEventId,
        scope: [...s.scopes],
        amr: ['pwd'],
      },
      ACCESS_TOKEN_TYP,
    );
  }

  /** An access token for a custom connection (client credentials): no person, no session. */
  clientAccessToken(issuer: string, clientId: string, scopes: readonly string[]): string {
    return signJwt(
      this.#key,
      { ...this.#standard(issuer, `${issuer}/resources`, ACCESS_TOKEN_LIFETIME_S), client_id: clientId, jti: jti(), scope: [...scopes] },
      ACCESS_TOKEN_TYP,
    );
  }

  /**
   * An OpenID Connect id_token. `email` needs the `email` scope and the name claims the `profile`
   * scope, as OIDC Core §5.4 ties them (Xero's scopes page describes the scopes the same way).
   */
  idToken(issuer: string, s: UserTokenSubject): string {
    const profile = s.scopes.includes('profile');
    return signJwt(this.#key, {
      ...this.#standard(issuer, s.clientId, ID_TOKEN_LIFETIME_S),
      auth_time: Math.floor(s.authTimeMs / 1000),
      sub: subjectOf(s.user),
      idp: 'local',
      amr: ['pwd'],
      ...(s.scopes.includes('email') ? { email: s.user.email } : {}),
      ...(profile
        ? { given_name: s.user.givenName, family_name: s.user.familyName, preferred_username: s.user.email }
        : {}),
      xero_userid: s.user.userId,
      global_session_id: s.user.globalSessionId,
      sid: s.user.globalSessionId,
      ...(s.nonce !== undefined ? { nonce: s.nonce } : {}),
    });
  }

  /**
   * Checks an `Authorization` header: signature, token kind, known client and `exp`. `nbf` is not
   * checked: it is always the issue time, so it can only lie ahead when a test has wound the
   * simulator clock back, and failing such a token would surprise rather than simulate.
   */
  checkBearer(authorization: string | undefined): BearerCheck {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) return UNSUCCESSFUL;
    const verified = verifyJwt(match[1], this.#key.publicKey, this.#key.kid);
    if (!verified || verified.header.typ !== ACCESS_TOKEN_TYP) return UNSUCCESSFUL;
    const { exp, client_id: clientId, scope, xero_userid: userId, authentication_event_id: authEventId } = verified.payload;
    if (typeof exp !== 'number' || typeof clientId !== 'string') return UNSUCCESSFUL;
    if (!Array.isArray(scope) || !scope.every((s): s is string => typeof s === 'string')) return UNSUCCESSFUL;
    const app = this.#apps.find((a) => a.clientId === clientId);
    if (!app) return UNSUCCESSFUL;
    if (this.#clock.now() >= exp * 1000) return { ok: false, detail: `TokenExpired: token expired at ${tokenExpiredStamp(exp * 1000)}` };
    return {
      ok: true,
      principal: {
        clientId,
        appKind: app.kind,
        ...(typeof userId === 'string' ? { userId } : {}),
        scopes: scope,
        ...(typeof authEventId === 'string' ? { authEventId } : {}),
        expiresAtMs: exp * 1000,
      },
    };
  }

  #standard(issuer: string, audience: string, lifetimeS: number): Record<string, unknown> {
    const now = Math.floor(this.#clock.now() / 1000);
    return { nbf: now, iat: now, exp: now + lifetimeS, iss: issuer, aud: audience };
  }
}

/** Xero's `sub` is a 32-hex-digit id, distinct in form from the dashed `xero_userid`. */
export function subjectOf(user: SimUser): string {
  return user.userId.replace(/-/g, '');
}

function jti(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}
