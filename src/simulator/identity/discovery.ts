/**
 * OpenID Connect discovery, the JWKS and userinfo. The issuer is the origin the client used, so
 * one simulator serves `http://127.0.0.1:port` and `http://localhost:port` alike and every URL
 * in the document points back at it (at Xero the issuer is `https://identity.xero.com`, §1).
 */
import { header, json, type Route, type SimRequest, type SimResponse } from '../http.js';
import type { IdentityRuntime } from './runtime.js';
import { GRANTABLE_SCOPES } from './scopes.js';
import { subjectOf } from './tokens.js';

/** The discovery, JWKS and userinfo routes. */
export function discoveryRoutes(rt: IdentityRuntime): Route[] {
  const configuration = (req: SimRequest): SimResponse => {
    const origin = req.origin;
    return json(200, {
      issuer: origin,
      jwks_uri: `${origin}/.well-known/openid-configuration/jwks`,
      authorization_endpoint: `${origin}/identity/connect/authorize`,
      token_endpoint: `${origin}/connect/token`,
      userinfo_endpoint: `${origin}/connect/userinfo`,
      revocation_endpoint: `${origin}/connect/revocation`,
      scopes_supported: [...GRANTABLE_SCOPES],
      claims_supported: [
        'sub', 'auth_time', 'idp', 'amr', 'nonce', 'sid', 'email', 'given_name', 'family_name',
        'preferred_username', 'xero_userid', 'global_session_id', 'authentication_event_id',
      ],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      request_parameter_supported: false,
    });
  };

  /**
   * OIDC Core §5.3: claims about the person, by the token's scopes. Errors follow RFC 6750 §3:
   * 401 with `WWW-Authenticate` for a bad token, 403 `insufficient_scope` without `openid` (a
   * custom connection's token has no person to describe).
   */
  const userinfo = (req: SimRequest): SimResponse => {
    const bearer = rt.tokens.checkBearer(header(req, 'authorization'));
    if (!bearer.ok) return { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' }, body: '' };
    const { scopes, userId } = bearer.principal;
    if (userId === undefined || !scopes.includes('openid')) {
      return { status: 403, headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="openid"' }, body: '' };
    }
    const user = rt.ctx.user;
    return json(200, {
      sub: subjectOf(user),
      xero_userid: user.userId,
      ...(scopes.includes('email') ? { email: user.email } : {}),
      ...(scopes.includes('profile')
        ? { given_name: user.givenName, family_name: user.familyName, preferred_username: user.email }
        : {}),
    });
  };

  return [
    { method: 'GET', pattern: '/.well-known/openid-configuration', handler: configuration },
    { method: 'GET', pattern: '/.well-known/openid-configuration/jwks', handler: () => json(200, { keys: [rt.key.jwk] }) },
    { method: 'GET', pattern: '/connect/userinfo', handler: userinfo },
  ];
}
