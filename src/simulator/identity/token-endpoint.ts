/**
 * `POST /connect/token` (authorization_code, refresh_token, client_credentials) and
 * `POST /connect/revocation` (xero-platform-facts.md §3). Errors are exactly `{"error":"..."}`
 * with status 400, as Xero sends them (§9); whether Xero sometimes adds `error_description` is
 * UNCERTAIN (§3.4), so the simulator never does and a client must not rely on it. Each response
 * is annotated `<grant_type>:<ok|error>` in the request log; no token, code or secret ever is.
 */
import { formBody, header, json, type Route, type SimRequest, type SimResponse } from '../http.js';
import type { SimApp } from '../apps.js';
import { authenticateClient } from './client-auth.js';
import { pkceMatches } from './pkce.js';
import type { IdentityRuntime } from './runtime.js';
import { parseScopes } from './scopes.js';
import { ACCESS_TOKEN_LIFETIME_S, type UserTokenSubject } from './tokens.js';

/** The OAuth error codes the token and revocation endpoints answer with. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope';

/** The token endpoint's success body. */
export interface TokenResponseBody {
  readonly id_token?: string;
  readonly access_token: string;
  readonly expires_in: number;
  readonly token_type: 'Bearer';
  readonly refresh_token?: string;
  readonly scope: string;
}

type GrantResult = { readonly ok: true; readonly body: TokenResponseBody } | { readonly ok: false; readonly error: OAuthErrorCode };

/** RFC 6749 §5.1: token responses must not be cached. */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** The token and revocation routes. */
export function tokenRoutes(rt: IdentityRuntime): Route[] {
  return [
    { method: 'POST', pattern: '/connect/token', handler: (req) => token(rt, req) },
    { method: 'POST', pattern: '/connect/revocation', handler: (req) => revoke(rt, req) },
  ];
}

function token(rt: IdentityRuntime, req: SimRequest): SimResponse {
  const form = formBody(req);
  const grantType = form.get('grant_type');
  const result = runGrant(rt, req, form, grantType);
  const label = grantType && /^[A-Za-z0-9_:.-]{1,80}$/.test(grantType) ? grantType : grantType ? 'unknown' : 'missing';
  const response = result.ok ? json(200, result.body, NO_STORE) : json(400, { error: result.error }, NO_STORE);
  return { ...response, logDetail: `${label}:${result.ok ? 'ok' : result.error}` };
}

function runGrant(rt: IdentityRuntime, req: SimRequest, form: URLSearchParams, grantType: string | null): GrantResult {
  // IdentityServer refuses a token request that is not a form post before looking at anything else.
  if (!isFormPost(req)) return { ok: false, error: 'invalid_request' };
  const app = authenticateClient(req, form, rt.ctx.apps);
  if (!app) return { ok: false, error: 'invalid_client' };
  switch (grantType) {
    case 'authorization_code':
      return authorizationCode(rt, req, form, app);
    case 'refresh_token':
      return refreshToken(rt, req, form, app);
    case 'client_credentials':
      return clientCredentials(rt, req, form, app);
    case null:
    case '':
      return { ok: false, error: 'invalid_request' };
    default:
      return { ok: false, error: 'unsupported_grant_type' };
  }
}

function authorizationCode(rt: IdentityRuntime, req: SimRequest, form: URLSearchParams, app: SimApp): GrantResult {
  if (app.kind === 'custom-connection') return { ok: false, error: 'unauthorized_client' };
  const code = form.get('code');
  const redirectUri = form.get('redirect_uri');
  if (!code || !redirectUri) return { ok: false, error: 'invalid_request' };
  const redeemed = rt.grants.redeemCode(code, rt.ctx.clock.now());
  if (!redeemed.ok) return { ok: false, error: 'invalid_grant' };
  const grant = redeemed.grant;
  if (grant.clientId !== app.clientId || grant.redirectUri !== redirectUri) return { ok: false, error: 'invalid_grant' };
  const verifier = form.get('code_verifier');
  // RFC 7636 §4.6 when a challenge was sent; a verifier for a code issued without one is refused
  // too, as IdentityServer does, since it means the client lost track of its own flow.
  if (grant.codeChallenge !== undefined ? !verifier || !pkceMatches(verifier, grant.codeChallenge) : verifier !== null) {
    return { ok: false, error: 'invalid_grant' };
  }
  const subject: UserTokenSubject = {
    clientId: app.clientId,
    user: rt.ctx.user,
    scopes: grant.scopes,
    authEventId: grant.authEventId,
    authTimeMs: grant.authTimeMs,
    ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
  };
  const refresh = grant.scopes.includes('offline_access') ? rt.grants.startFamily(code, grant, rt.ctx.clock.now()) : undefined;
  return { ok: true, body: userTokens(rt, req.origin, subject, refresh) };
}

function refreshToken(rt: IdentityRuntime, req: SimRequest, form: URLSearchParams, app: SimApp): GrantResult {
  if (app.kind === 'custom-connection') return { ok: false, error: 'unauthorized_client' };
  const presented = form.get('refresh_token');
  if (!presented) return { ok: false, error: 'invalid_request' };
  // A `scope` parameter (RFC 6749 §6 down-scoping) is ignored: Xero documents none for refresh.
  const redeemed = rt.grants.redeemRefresh(presented, app.clientId, rt.ctx.clock.now());
  if (!redeemed.ok) return { ok: false, error: 'invalid_grant' };
  const f = redeemed.family;
  const subject: UserTokenSubject = { clientId: f.clientId, user: rt.ctx.user, scopes: f.scopes, authEventId: f.authEventId, authTimeMs: f.authTimeMs };
  return { ok: true, body: userTokens(rt, req.origin, subject, redeemed.refreshToken) };
}

/** Custom connections only (§3.5): no refresh token, no id_token, one organisation. */
function clientCredentials(rt: IdentityRuntime, req: SimRequest, form: URLSearchParams, app: SimApp): GrantResult {
  if (app.kind !== 'custom-connection') return { ok: false, error: 'unauthorized_client' };
  const granted = app.scopes ?? [];
  const requested = parseScopes(form.get('scope'));
  if (requested.some((s) => !granted.includes(s))) return { ok: false, error: 'invalid_scope' };
  const scopes = requested.length > 0 ? requested : granted;
  return {
    ok: true,
    body: {
      access_token: rt.tokens.clientAccessToken(req.origin, app.clientId, scopes),
      expires_in: ACCESS_TOKEN_LIFETIME_S,
      token_type: 'Bearer',
      scope: scopes.join(' '),
    },
  };
}

/** The response for a person's grant: id_token only with `openid`, refresh token only when given. */
function userTokens(rt: IdentityRuntime, issuer: string, subject: UserTokenSubject, refreshToken: string | undefined): TokenResponseBody {
  return {
    ...(subject.scopes.includes('openid') ? { id_token: rt.tokens.idToken(issuer, subject) } : {}),
    access_token: rt.tokens.userAccessToken(issuer, subject),
    expires_in: ACCESS_TOKEN_LIFETIME_S,
    token_type: 'Bearer',
    ...(refreshToken !== undefined ? { refresh_token: refreshToken } : {}),
    scope: subject.scopes.join(' '),
  };
}

/**
 * RFC 7009 revocation of a refresh token: 200 with an empty body whether or not the token was
 * known (§3.6; Xero's exact answer is UNCERTAIN). Revoking removes all of the person's
 * connections to the app and ends every grant they gave it: "all granted scopes, and all
 * connected tenants being removed" (§3.6). A token of another client, or an access token (a
 * self-contained JWT), is left alone, as IdentityServer does.
 */
function revoke(rt: IdentityRuntime, req: SimRequest): SimResponse {
  const form = formBody(req);
  const refuse = (error: OAuthErrorCode) => ({ ...json(400, { error }, NO_STORE), logDetail: `revocation:${error}` });
  if (!isFormPost(req)) return refuse('invalid_request');
  const app = authenticateClient(req, form, rt.ctx.apps);
  if (!app) return refuse('invalid_client');
  const presented = form.get('token');
  if (!presented) return refuse('invalid_request');
  const family = rt.grants.familyOf(presented);
  if (family && family.clientId === app.clientId) {
    // Forget the grant first: the person may hold no connection any more, and then removing
    // connections would not end the grant on its own.
    rt.grants.forgetPair(family.userId, family.clientId);
    rt.connections.removePair(family.userId, family.clientId);
  }
  return { status: 200, headers: NO_STORE, body: '', logDetail: 'revocation:ok' };
}

function isFormPost(req: SimRequest): boolean {
  return (header(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}
