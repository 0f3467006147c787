/**
 * The OAuth procedures every schema has (cdata-xero-model.md §3.1): the web flow and the headless
 * flow run through them, with no browser on the machine running the driver.
 */
import type { OAuthSettings } from '../auth/settings.js';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { defineProcedure } from './define-procedure.js';

/** `ExpiresIn` as the commercial driver reports it: seconds of life left, as text. */
function tokenRow(settings: OAuthSettings, now: number): Record<string, string | null> {
  const left = settings.accessTokenExpiresAt === undefined ? null : String(Math.max(0, Math.round((settings.accessTokenExpiresAt - now) / 1000)));
  return {
    OAuthAccessToken: settings.accessToken ?? null,
    // OAuth 1.0 only; kept so result shapes match the commercial driver's.
    OAuthAccessTokenSecret: null,
    OAuthRefreshToken: settings.refreshToken ?? null,
    ExpiresIn: left,
  };
}

const TOKEN_OUTPUTS = [
  { name: 'OAuthAccessToken', description: 'The access token (30 minutes).' },
  { name: 'OAuthAccessTokenSecret', description: 'Always empty (OAuth 1.0 only).' },
  { name: 'OAuthRefreshToken', description: 'The refresh token; Xero replaces it on every refresh.' },
  { name: 'ExpiresIn', description: 'Seconds until the access token expires.' },
] as const;

export const getOAuthAuthorizationUrl = defineProcedure({
  name: 'GetOAuthAuthorizationURL',
  description: 'Starts the web or headless sign-in: returns the URL to send the person to.',
  params: [
    { name: 'CallbackURL', required: false, kind: 'url', description: 'Redirect URI registered on the app (default: the CallbackURL property).' },
    { name: 'Scope', required: false, description: 'Space-separated scopes (default: the Scope property).' },
    { name: 'State', required: false, description: 'Value Xero returns unchanged on the redirect (default: a random one).' },
  ],
  outputs: [
    { name: 'URL', description: 'Where the person signs in and consents.' },
    { name: 'AuthToken', description: 'The state of this request; compare it with the state on the redirect.' },
    { name: 'AuthKey', description: 'Always empty (OAuth 1.0 only).' },
    { name: 'PKCEVerifier', description: 'AuthScheme=PKCE: pass it to GetOAuthAccessToken with the code.' },
  ],
  async run(ctx, args) {
    const scopes = args.Scope !== undefined ? args.Scope.split(/\s+/).filter(Boolean) : ctx.options.scopes;
    const request = ctx.tokens.authorizationRequest(args.CallbackURL ?? ctx.options.callbackUrl, scopes, args.State);
    return { URL: request.url, AuthToken: request.state, AuthKey: null, PKCEVerifier: request.pkceVerifier ?? null };
  },
});

export const getOAuthAccessToken = defineProcedure({
  name: 'GetOAuthAccessToken',
  description: 'Finishes sign-in: WEB exchanges the code from the redirect; APP opens a browser on this machine. Saves the tokens when the connection has a settings location.',
  params: [
    { name: 'AuthMode', required: true, values: ['WEB', 'APP'], default: 'WEB', description: 'WEB: exchange Verifier. APP: sign in with a browser on this machine.' },
    { name: 'Verifier', required: false, description: 'The code parameter of the redirect (WEB).' },
    { name: 'CallbackURL', required: false, kind: 'url', description: 'The redirect URI the code was issued for (default: the CallbackURL property).' },
    { name: 'PKCEVerifier', required: false, description: 'The PKCEVerifier from GetOAuthAuthorizationURL (AuthScheme=PKCE).' },
    { name: 'AuthToken', required: false, description: 'Accepted for compatibility; the state is checked where the redirect lands.' },
    { name: 'AuthKey', required: false, description: 'Accepted for compatibility (OAuth 1.0 only).' },
  ],
  outputs: TOKEN_OUTPUTS,
  async run(ctx, args) {
    if (args.AuthMode === 'APP') return tokenRow(await ctx.tokens.signInWithBrowser(), ctx.now());
    if (args.Verifier === undefined) {
      throw new XeroSqlError(ErrorCode.Procedure, 'GetOAuthAccessToken with AuthMode=WEB needs @Verifier: the code parameter of the redirect after sign-in.');
    }
    const settings = await ctx.tokens.exchange(args.Verifier, args.CallbackURL ?? ctx.options.callbackUrl, args.PKCEVerifier);
    return tokenRow(settings, ctx.now());
  },
});

export const refreshOAuthAccessToken = defineProcedure({
  name: 'RefreshOAuthAccessToken',
  description: 'Exchanges a refresh token for new tokens (Xero rotates the refresh token). Saves them when the connection has a settings location.',
  params: [{ name: 'OAuthRefreshToken', required: true, description: 'The refresh token to use.' }],
  outputs: TOKEN_OUTPUTS,
  async run(ctx, args) {
    return tokenRow(await ctx.tokens.refreshWith(args.OAuthRefreshToken as string), ctx.now());
  },
});

/** The OAuth procedures, present in every schema. */
export const OAUTH_PROCEDURES = [getOAuthAuthorizationUrl, getOAuthAccessToken, refreshOAuthAccessToken] as const;
