/**
 * Calls Xero's token endpoint: code exchange, refresh, client credentials (xero-platform-facts.md
 * §3). Client authentication is HTTP Basic when there is a secret, else `client_id` in the body
 * (PKCE apps have no secret). Xero's OAuth errors become `XSQL_AUTH` errors that say what to do.
 */
import { ErrorCode, XeroSqlError } from '../errors.js';
import { describeUrl, send } from '../http/transport.js';

/** Tokens as the token endpoint issued them. Times are epoch ms. */
export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly expiresAt: number;
  readonly obtainedAt: number;
  readonly scopes: readonly string[];
}

export interface TokenClientOptions {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly timeoutMs: number;
  readonly now: () => number;
  readonly log?: (level: number, message: string) => void;
}

/** An OAuth error answer from the token endpoint. */
export class OAuthError extends XeroSqlError {
  /** `invalid_grant`, `invalid_client`, ... */
  readonly oauthError: string;

  constructor(oauthError: string, message: string) {
    super(ErrorCode.Auth, message);
    this.name = 'OAuthError';
    this.oauthError = oauthError;
  }
}

export class TokenClient {
  readonly #o: TokenClientOptions;

  constructor(options: TokenClientOptions) {
    this.#o = options;
  }

  /** Exchanges an authorization code (the "verifier" in the commercial driver's words). */
  exchangeCode(code: string, redirectUri: string, codeVerifier?: string): Promise<TokenSet> {
    return this.#grant('authorization_code', {
      code,
      redirect_uri: redirectUri,
      ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
    });
  }

  /** Exchanges a refresh token for a new token pair (Xero rotates the refresh token). */
  refresh(refreshToken: string): Promise<TokenSet> {
    return this.#grant('refresh_token', { refresh_token: refreshToken });
  }

  /** A custom connection's token (no refresh token). */
  clientCredentials(scopes?: readonly string[]): Promise<TokenSet> {
    return this.#grant('client_credentials', scopes && scopes.length > 0 ? { scope: scopes.join(' ') } : {});
  }

  async #grant(grantType: string, fields: Record<string, string>): Promise<TokenSet> {
    const o = this.#o;
    const body = new URLSearchParams({ grant_type: grantType, ...fields });
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (o.clientSecret !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`).toString('base64')}`;
    } else {
      body.set('client_id', o.clientId);
    }
    const requestedAt = o.now();
    const res = await send({ method: 'POST', url: o.tokenUrl, headers, body: body.toString(), timeoutMs: o.timeoutMs, ...(o.log ? { log: o.log } : {}) });
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(res.body) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    if (res.status !== 200 || !json || typeof json.access_token !== 'string') {
      const error = typeof json?.error === 'string' ? json.error : undefined;
      o.log?.(1, `token request (${grantType}) refused: ${error ?? `HTTP ${res.status}`}`);
      if (error) throw oauthError(error, grantType);
      throw new XeroSqlError(
        ErrorCode.Auth,
        `The token endpoint ${describeUrl(o.tokenUrl)} answered HTTP ${res.status} without a token (${grantType}).`,
      );
    }
    o.log?.(1, `token request (${grantType}) succeeded${typeof json.refresh_token === 'string' ? '; refresh token rotated' : ''}`);
    const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : Number(json.expires_in ?? 1800);
    return Object.freeze({
      accessToken: json.access_token,
      ...(typeof json.refresh_token === 'string' ? { refreshToken: json.refresh_token } : {}),
      obtainedAt: requestedAt,
      // Count the lifetime from when we asked, not when the answer arrived: never later than Xero's clock.
      expiresAt: requestedAt + (Number.isFinite(expiresIn) ? expiresIn : 1800) * 1000,
      scopes: Object.freeze(typeof json.scope === 'string' ? json.scope.split(/\s+/).filter(Boolean) : []),
    });
  }
}

function oauthError(error: string, grantType: string): OAuthError {
  const hints: Record<string, string> = {
    invalid_grant:
      grantType === 'refresh_token'
        ? 'Xero refused the refresh token (invalid_grant): it expired (unused for 60 days), was revoked, the app was disconnected, or a newer refresh token replaced it more than 30 minutes ago. Sign in again (InitiateOAuth=GETANDREFRESH, or the GetOAuthAuthorizationURL and GetOAuthAccessToken procedures).'
        : grantType === 'authorization_code'
          ? 'Xero refused the authorization code (invalid_grant): codes work once, within 5 minutes, with the same CallbackURL (and PKCE verifier) used to get them, and are case-sensitive. Get a new code and try again.'
          : 'Xero refused the grant (invalid_grant).',
    invalid_client:
      'Xero did not accept the client credentials (invalid_client): check OAuthClientId and OAuthClientSecret (PKCE apps have no secret: use AuthScheme=PKCE without OAuthClientSecret).',
    unauthorized_client:
      grantType === 'client_credentials'
        ? 'This app may not use client credentials (unauthorized_client): AuthScheme=OAuthClient needs a Xero custom connection app.'
        : `This app may not use the ${grantType} grant (unauthorized_client).`,
    invalid_scope:
      'Xero refused the requested scopes (invalid_scope): ask only for scopes the app or custom connection has (Scope property). Apps created since 2 March 2026 must use granular scopes.',
    unsupported_grant_type: `Xero does not support the ${grantType} grant here (unsupported_grant_type).`,
    invalid_request: `Xero rejected the ${grantType} request as malformed (invalid_request).`,
  };
  return new OAuthError(error, hints[error] ?? `Xero refused the ${grantType} request (${error}).`);
}
