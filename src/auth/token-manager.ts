/**
 * Gets and keeps a valid access token for a connection, following `InitiateOAuth` and
 * `AuthScheme` as the commercial driver's users know them (cdata-xero-model.md §1.3), without the
 * refresh races every peer has (peers-lessons.md §2.1):
 *
 * - one refresh in flight per process (single flight), and across processes the settings store's
 *   lock is held over the refresh HTTP call; after taking it the file is re-read, and a token that
 *   another process already refreshed is used instead of refreshing again;
 * - the rotated refresh token is saved before the new access token is handed out;
 * - tokens are refreshed ahead of expiry, and once more when Xero says `TokenExpired`.
 */
import { ErrorCode, XeroSqlError } from '../errors.js';
import { sendAuthorized, type TokenSource } from '../http/authorized.js';
import { describeUrl } from '../http/transport.js';
import type { ConnectionOptions } from '../connection/options.js';
import { xeroEndpoints, type XeroEndpoints } from './endpoints.js';
import { listenForCallback } from './loopback-callback.js';
import { createPkcePair, fingerprint, randomState } from './pkce.js';
import type { OAuthSettings, SavedTenant, SettingsStore } from './settings.js';
import { TokenClient, type TokenSet } from './token-client.js';
import { tokenFromServer } from './token-server-source.js';

/** Refresh when less than this much lifetime is left. */
export const REFRESH_AHEAD_MS = 120_000;

/** What the token manager needs besides the options. */
export interface TokenManagerDeps {
  /** Required for InitiateOAuth=GETANDREFRESH|REFRESH. */
  readonly store?: SettingsStore;
  readonly now: () => number;
  /** Opens the system browser at the sign-in URL (desktop flow). */
  readonly openBrowser: (url: string) => Promise<void>;
  /** How long the desktop flow waits for the person. */
  readonly signInTimeoutMs: number;
  /** Tells the person something (e.g. the sign-in URL, in case no browser opens). */
  readonly notify: (message: string) => void;
  /** The connection log. */
  readonly log?: (level: number, message: string) => void;
}

/** What the locked part of a store-backed refresh decided. */
type StoreOutcome = { readonly settings: OAuthSettings } | { readonly missingScopes: readonly string[] } | { readonly signIn: true };

/** An authorization request for the code flows. */
export interface AuthorizationRequest {
  readonly url: string;
  readonly state: string;
  /** Present when the request carries a PKCE challenge; the code exchange needs it. */
  readonly pkceVerifier?: string;
}

interface CurrentToken {
  readonly accessToken: string;
  /** Undefined when unknown (an opaque OAuthAccessToken). */
  readonly expiresAt?: number;
}

export class TokenManager implements TokenSource {
  readonly #o: ConnectionOptions;
  readonly #d: TokenManagerDeps;
  readonly #endpoints: XeroEndpoints;
  #current: CurrentToken | undefined;
  #inflight: Promise<CurrentToken> | undefined;

  constructor(options: ConnectionOptions, deps: TokenManagerDeps) {
    this.#o = options;
    this.#d = deps;
    this.#endpoints = xeroEndpoints(options.baseUrl);
  }

  get endpoints(): XeroEndpoints {
    return this.#endpoints;
  }

  /** A token believed valid now, obtaining or refreshing one as the options allow. */
  async accessToken(): Promise<string> {
    const current = this.#current;
    if (current && this.#fresh(current)) return current.accessToken;
    return (await this.#singleFlight(undefined)).accessToken;
  }

  /** Xero answered `TokenExpired` for `rejected`: get another token (one refresh at most). */
  async afterRejection(rejected: string): Promise<string> {
    const current = this.#current;
    if (current && current.accessToken !== rejected && this.#fresh(current)) return current.accessToken;
    return (await this.#singleFlight(rejected)).accessToken;
  }

  /** Forgets the in-memory token (the saved settings stay). */
  reset(): void {
    this.#current = undefined;
  }

  /** The tenants the current token reaches (`GET /connections`). */
  connections(): Promise<SavedTenant[]> {
    return listConnections(this.#endpoints, this, this.#o.timeoutMs, this.#d.log);
  }

  #fresh(token: CurrentToken): boolean {
    return token.expiresAt === undefined || token.expiresAt - this.#d.now() > REFRESH_AHEAD_MS;
  }

  #singleFlight(rejected: string | undefined): Promise<CurrentToken> {
    this.#inflight ??= this.#obtain(rejected)
      .then((token) => {
        this.#current = token;
        return token;
      })
      .finally(() => {
        this.#inflight = undefined;
      });
    return this.#inflight;
  }

  async #obtain(rejected: string | undefined): Promise<CurrentToken> {
    const o = this.#o;
    // TokenServerURL: a running token server owns the grant; it refreshes, this process only asks.
    if (o.tokenServerUrl !== undefined) {
      return tokenFromServer({
        url: o.tokenServerUrl,
        ...(o.tokenServerAuthToken !== undefined ? { authToken: o.tokenServerAuthToken } : {}),
        timeoutMs: o.timeoutMs,
        ...(rejected !== undefined ? { rejected } : {}),
        ...(this.#d.log ? { log: this.#d.log } : {}),
      });
    }
    if (o.authScheme === 'OAuthClient') return this.#clientCredentials();
    if (o.initiateOAuth === 'OFF') return this.#givenToken(rejected);
    return this.#withStore(rejected);
  }

  /** AuthScheme=OAuthClient: a custom connection's token, re-requested before it expires. */
  async #clientCredentials(): Promise<CurrentToken> {
    const set = await this.#tokenClient().clientCredentials(this.#o.scopes.filter((s) => s !== 'offline_access'));
    return { accessToken: set.accessToken, expiresAt: set.expiresAt };
  }

  /** InitiateOAuth=OFF: the OAuthAccessToken property, as given. */
  #givenToken(rejected: string | undefined): CurrentToken {
    const token = this.#o.oauthAccessToken;
    if (token === undefined) {
      throw new XeroSqlError(
        ErrorCode.AuthRequired,
        'No access token: InitiateOAuth=OFF uses OAuthAccessToken as given. Set OAuthAccessToken, or InitiateOAuth=GETANDREFRESH to sign in (REFRESH with OAuthRefreshToken or OAuthVerifier on a headless machine).',
      );
    }
    const expiresAt = jwtExpiry(token);
    if (token === rejected || (expiresAt !== undefined && expiresAt <= this.#d.now())) {
      const when = expiresAt !== undefined ? ` at ${new Date(expiresAt).toISOString()}` : '';
      throw new XeroSqlError(
        ErrorCode.AuthExpired,
        `The OAuthAccessToken expired${when}. With InitiateOAuth=OFF xero-sql does not refresh it: get a new one (EXEC RefreshOAuthAccessToken), or use InitiateOAuth=REFRESH with OAuthRefreshToken.`,
      );
    }
    return { accessToken: token, ...(expiresAt !== undefined ? { expiresAt } : {}) };
  }

  /** InitiateOAuth=GETANDREFRESH|REFRESH: saved tokens, refreshed under the store's lock. */
  async #withStore(rejected: string | undefined): Promise<CurrentToken> {
    this.#d.log?.(1, rejected ? 'Xero rejected the access token as expired; refreshing' : `getting a token (InitiateOAuth=${this.#o.initiateOAuth})`);
    const o = this.#o;
    const store = this.#d.store;
    if (!store) throw new Error('TokenManager: a settings store is required for InitiateOAuth=GETANDREFRESH|REFRESH');
    this.#clientId();
    const outcome = await store.update<StoreOutcome>(async (stored) => {
      const current = this.#usable(stored);

      // Headless option 1: a code from a browser elsewhere, exchanged once (its hash remembers it).
      if (o.oauthVerifier !== undefined && current?.codeHash !== fingerprint(o.oauthVerifier)) {
        const set = await this.#tokenClient().exchangeCode(o.oauthVerifier, o.callbackUrl);
        const next = await this.#settingsFrom(set, current, { codeHash: fingerprint(o.oauthVerifier) });
        return { next, result: { settings: next } };
      }

      const missing = current ? missingScopes(o.scopes, current.scopes ?? []) : [];
      if (missing.length > 0) return { result: { missingScopes: missing } };

      if (current?.accessToken && current.accessToken !== rejected && (current.accessTokenExpiresAt ?? 0) - this.#d.now() > REFRESH_AHEAD_MS) {
        return { result: { settings: current } };
      }

      const refreshToken = current?.refreshToken ?? o.oauthRefreshToken;
      if (refreshToken !== undefined) {
        const set = await this.#tokenClient().refresh(refreshToken);
        const next = await this.#settingsFrom(set, current, {});
        return { next, result: { settings: next } };
      }
      return { result: { signIn: true } };
    });

    if ('settings' in outcome) {
      const missing = missingScopes(o.scopes, outcome.settings.scopes ?? []);
      if (missing.length > 0) return this.#scopeProblem(missing);
      return toCurrent(outcome.settings);
    }
    if ('missingScopes' in outcome) return this.#scopeProblem(outcome.missingScopes);
    if (o.initiateOAuth === 'REFRESH') {
      throw new XeroSqlError(
        ErrorCode.AuthRequired,
        `No saved tokens in ${store.description} and no OAuthRefreshToken or OAuthVerifier: InitiateOAuth=REFRESH never opens a browser. Sign in once with InitiateOAuth=GETANDREFRESH (or get a code with EXEC GetOAuthAuthorizationURL and pass it as OAuthVerifier), or copy a settings file from a machine that has signed in.`,
      );
    }
    return this.#signIn();
  }

  /** GETANDREFRESH with nothing usable saved (or too few scopes): the desktop browser flow. */
  async #signIn(): Promise<CurrentToken> {
    const settings = await this.signInWithBrowser();
    const missing = missingScopes(this.#o.scopes, settings.scopes ?? []);
    if (missing.length > 0) return this.#scopeProblem(missing);
    return toCurrent(settings);
  }

  /**
   * The desktop flow: listen on CallbackURL, open the browser at the authorize URL (with `state`
   * and PKCE), accept only the matching redirect, exchange the code, save. Used by
   * GETANDREFRESH and by `GetOAuthAccessToken` with AuthMode=APP.
   */
  async signInWithBrowser(): Promise<OAuthSettings> {
    const o = this.#o;
    const request = this.authorizationRequest(o.callbackUrl, o.scopes, undefined, true);
    const listener = await listenForCallback(o.callbackUrl, request.state, this.#d.signInTimeoutMs);
    try {
      this.#d.notify(`Opening your browser to sign in to Xero. If it does not open, visit:\n${request.url}`);
      try {
        await this.#d.openBrowser(request.url);
      } catch (err) {
        this.#d.notify(`Could not open a browser (${err instanceof Error ? err.message : String(err)}); open the URL above yourself.`);
      }
      const { code } = await listener.result;
      return await this.exchange(code, o.callbackUrl, request.pkceVerifier);
    } finally {
      await listener.close();
    }
  }

  /**
   * An authorization request for the code flows: the URL to send the person to, its `state`, and
   * (for PKCE apps, or when `pkce` is set) the verifier the exchange will need.
   */
  authorizationRequest(callbackUrl: string, scopes: readonly string[], state?: string, pkce = this.#o.authScheme === 'PKCE'): AuthorizationRequest {
    const chosenState = state ?? randomState();
    const pair = pkce ? createPkcePair() : undefined;
    return {
      url: authorizeUrl(this.#endpoints, this.#clientId(), callbackUrl, scopes, chosenState, pair?.challenge),
      state: chosenState,
      ...(pair ? { pkceVerifier: pair.verifier } : {}),
    };
  }

  /**
   * Exchanges an authorization code, saves the tokens when the connection has a settings store,
   * and makes them this connection's current tokens.
   */
  async exchange(code: string, callbackUrl: string, pkceVerifier?: string): Promise<OAuthSettings> {
    const set = await this.#tokenClient().exchangeCode(code, callbackUrl, pkceVerifier);
    return this.#adopt(set, { codeHash: fingerprint(code) });
  }

  /** Refreshes with a given refresh token (the RefreshOAuthAccessToken procedure); saves like {@link exchange}. */
  async refreshWith(refreshToken: string): Promise<OAuthSettings> {
    const set = await this.#tokenClient().refresh(refreshToken);
    return this.#adopt(set, {});
  }

  async #adopt(set: TokenSet, extra: Partial<OAuthSettings>): Promise<OAuthSettings> {
    const store = this.#d.store;
    const settings = store
      ? await store.update(async (stored) => {
          const next = await this.#settingsFrom(set, this.#usable(stored), extra);
          return { next, result: next };
        })
      : await this.#settingsFrom(set, undefined, extra);
    this.#current = toCurrent(settings);
    return settings;
  }

  /** Saved settings that belong to this client and identity host, else undefined. */
  #usable(stored: OAuthSettings | undefined): OAuthSettings | undefined {
    return stored && stored.clientId === this.#clientId() && stored.issuer === this.#endpoints.issuer ? stored : undefined;
  }

  #scopeProblem(missing: readonly string[]): never {
    throw new XeroSqlError(
      ErrorCode.AuthScope,
      `The saved Xero grant lacks scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')} that the Scope property asks for. Xero adds scopes only when the person consents again: sign in again with InitiateOAuth=GETANDREFRESH (or the GetOAuthAuthorizationURL procedure), or remove ${missing.length > 1 ? 'them' : 'it'} from Scope.`,
    );
  }

  /** New settings from a token set, keeping what the token endpoint did not say. */
  async #settingsFrom(set: TokenSet, previous: OAuthSettings | undefined, extra: Partial<OAuthSettings>): Promise<OAuthSettings> {
    const rotated = set.refreshToken !== undefined && set.refreshToken !== previous?.refreshToken;
    const refreshToken = set.refreshToken ?? previous?.refreshToken;
    const refreshTokenIssuedAt = rotated ? set.obtainedAt : previous?.refreshTokenIssuedAt;
    const tenants = extra.codeHash !== undefined ? await this.#connectionsWith(set.accessToken) : previous?.tenants;
    return Object.freeze({
      version: 1 as const,
      clientId: this.#clientId(),
      issuer: this.#endpoints.issuer,
      accessToken: set.accessToken,
      accessTokenExpiresAt: set.expiresAt,
      ...(refreshToken !== undefined ? { refreshToken } : {}),
      ...(refreshTokenIssuedAt !== undefined ? { refreshTokenIssuedAt } : {}),
      tokenTimestamp: set.obtainedAt,
      scopes: set.scopes.length > 0 ? set.scopes : (previous?.scopes ?? []),
      ...(tenants !== undefined ? { tenants } : {}),
      ...(previous?.codeHash !== undefined ? { codeHash: previous.codeHash } : {}),
      ...extra,
    });
  }

  /** `GET /connections` with a token just obtained (not yet the manager's current one). */
  #connectionsWith(accessToken: string): Promise<SavedTenant[]> {
    const fixed: TokenSource = { accessToken: async () => accessToken, afterRejection: async () => accessToken };
    return listConnections(this.#endpoints, fixed, this.#o.timeoutMs, this.#d.log);
  }

  #clientId(): string {
    const id = this.#o.oauthClientId;
    if (id === undefined) {
      throw new XeroSqlError(
        ErrorCode.AuthRequired,
        `OAuthClientId is required for AuthScheme=${this.#o.authScheme} with InitiateOAuth=${this.#o.initiateOAuth}: set it to your Xero app's client id.`,
      );
    }
    return id;
  }

  #tokenClient(): TokenClient {
    const o = this.#o;
    if (o.authScheme !== 'PKCE' && o.oauthClientSecret === undefined) {
      throw new XeroSqlError(
        ErrorCode.AuthRequired,
        `OAuthClientSecret is required for AuthScheme=${o.authScheme}: set it, or use AuthScheme=PKCE for an app without a secret.`,
      );
    }
    return new TokenClient({
      tokenUrl: this.#endpoints.token,
      clientId: this.#clientId(),
      ...(o.authScheme !== 'PKCE' && o.oauthClientSecret !== undefined ? { clientSecret: o.oauthClientSecret } : {}),
      timeoutMs: o.timeoutMs,
      now: this.#d.now,
      ...(this.#d.log ? { log: this.#d.log } : {}),
    });
  }
}

/** The tenants a token reaches: `GET /connections` (xero-platform-facts.md §4). */
export async function listConnections(
  endpoints: XeroEndpoints,
  tokens: TokenSource,
  timeoutMs: number,
  log?: (level: number, message: string) => void,
): Promise<SavedTenant[]> {
  const res = await sendAuthorized(tokens, {
    method: 'GET',
    url: endpoints.connections,
    headers: { accept: 'application/json' },
    timeoutMs,
    ...(log ? { log } : {}),
  });
  if (res.status === 401 || res.status === 403) {
    throw new XeroSqlError(
      ErrorCode.AuthRequired,
      `Xero did not accept the access token when listing organisations (HTTP ${res.status}). Sign in again, or check that the app is still connected in Xero.`,
    );
  }
  if (res.status !== 200) {
    throw new XeroSqlError(ErrorCode.Api, `${describeUrl(endpoints.connections)} answered HTTP ${res.status}.`);
  }
  const rows = JSON.parse(res.body) as { tenantId?: string; tenantName?: string; tenantType?: string }[];
  return rows
    .filter((r) => typeof r.tenantId === 'string')
    .map((r) => ({ tenantId: r.tenantId as string, tenantName: r.tenantName ?? '', ...(r.tenantType ? { tenantType: r.tenantType } : {}) }));
}

/** The authorization URL for the code flows (xero-platform-facts.md §2). */
export function authorizeUrl(
  endpoints: XeroEndpoints,
  clientId: string,
  redirectUri: string,
  scopes: readonly string[],
  state: string,
  codeChallenge?: string,
): string {
  const url = new URL(endpoints.authorize);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', scopes.join(' '));
  url.searchParams.set('state', state);
  if (codeChallenge !== undefined) {
    url.searchParams.set('code_challenge', codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.href;
}

/**
 * Requested scopes the grant lacks. A read/write scope covers its `.read` form; `openid`,
 * `profile` and `email` are identity claims, not API access, and are not compared.
 */
export function missingScopes(requested: readonly string[], granted: readonly string[]): string[] {
  if (granted.length === 0) return [];
  const have = new Set(granted);
  return requested.filter(
    (s) => !['openid', 'profile', 'email'].includes(s) && !have.has(s) && !(s.endsWith('.read') && have.has(s.slice(0, -'.read'.length))),
  );
}

function toCurrent(settings: OAuthSettings): CurrentToken {
  if (settings.accessToken === undefined) throw new Error('settings without an access token');
  return { accessToken: settings.accessToken, ...(settings.accessTokenExpiresAt !== undefined ? { expiresAt: settings.accessTokenExpiresAt } : {}) };
}

/** The `exp` of a JWT access token in epoch ms, without verifying it; undefined for opaque tokens. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
