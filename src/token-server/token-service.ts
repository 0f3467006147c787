/**
 * What the token server does, apart from HTTP: which Xero app it signs in with, the sign-in itself,
 * and handing out tokens. It reuses the driver's auth engine rather than a second OAuth client:
 *
 * - tokens live in the settings store (the encrypted file of OAuthSettingsLocation), so a restart
 *   needs no new sign-in and a driver using the same file (InitiateOAuth=REFRESH) shares the grant;
 * - {@link TokenManager} refreshes single-flight in this process and under the store's lock across
 *   processes, held over the HTTP call, so a storm of `/token` calls near expiry makes one refresh
 *   (the original refreshed unlocked, so concurrent calls could each post the same refresh token);
 * - a grant with fewer scopes than `--scopes` asks for stops the server, as the original does.
 */
import { jwtExpiry, missingScopes, TokenManager } from '../auth/token-manager.js';
import { fingerprint } from '../auth/pkce.js';
import { openSettingsStore } from '../auth/settings-store.js';
import { OAuthError } from '../auth/token-client.js';
import type { OAuthSettings, SavedTenant, SettingsStore } from '../auth/settings.js';
import { formatConnectionString, parseConnectionString } from '../connection/connection-string.js';
import { resolveConnectionOptions, type ConnectionOptions } from '../connection/options.js';
import { resolveTenant } from '../connection/tenant.js';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { sendAuthorized } from '../http/authorized.js';
import { describeUrl } from '../http/transport.js';
import { createLogger, type Logger } from '../log.js';
import { AppStore, type AppCredentials } from './app-store.js';
import { HttpError } from './http-error.js';
import type { ResolvedTokenServerOptions } from './options.js';
import { revokeRefreshToken } from './revocation.js';
import { StateStore } from './state-store.js';

/** Where the server stands. */
export type ServerState = 'no-credentials' | 'signed-out' | 'connected';

/** What `/status` shows: never a token or secret. Times are ISO-8601 UTC. */
export interface StatusReport {
  readonly status: ServerState;
  readonly clientId?: string;
  /** `OAuth` (client secret) or `PKCE` (no secret). */
  readonly authScheme?: 'OAuth' | 'PKCE';
  /** Where the app credentials came from. */
  readonly credentialsFrom?: 'connection' | 'form';
  readonly redirect: string;
  /** The scopes the server asks for (the original's `scopes`). */
  readonly scopes: readonly string[];
  readonly grantedScopes?: readonly string[];
  /** The original's name for the access token's expiry. */
  readonly access_token_expiry_utc?: string;
  /** The original's name for when the refresh token is assumed to expire (issued + `--refreshmins`); it is refreshed then. */
  readonly refresh_token_expiry_utc?: string;
  readonly refreshTokenIssuedAt?: string;
  /** When the current access token was obtained. */
  readonly tokenTimestamp?: string;
  readonly tenants: readonly SavedTenant[];
  /** The organisation `/token` names when not told (`?tenant=`). */
  readonly tenantId?: string;
  readonly settingsLocation: string;
  readonly authTokenRequired: boolean;
  /** The last refresh failure, if the last attempt failed. */
  readonly lastError?: string;
}

/** What `/token` answers: the original's `accessToken`, plus when it expires and for which organisation. */
export interface TokenReport {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresAt?: string;
  /** Whole seconds left. */
  readonly expiresIn?: number;
  readonly tenantId?: string;
  readonly tenantName?: string;
}

/** Everything the service needs from its host. */
export interface TokenServiceDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => number;
  /** Event lines for the operator; never secrets. */
  readonly log: (line: string) => void;
  /** Called once when the server must stop (a grant with too few scopes). */
  readonly onFatal: (err: XeroSqlError) => void;
}

/** The fields Xero's `/connections` rows have; only these are passed on. */
const CONNECTION_FIELDS = ['id', 'authEventId', 'tenantId', 'tenantType', 'tenantName', 'createdDateUtc', 'updatedDateUtc'] as const;

export class TokenService {
  readonly #o: ResolvedTokenServerOptions;
  readonly #d: TokenServiceDeps;
  /** The connection string's properties, with the server's own settled. */
  readonly #baseText: string;
  readonly #base: ConnectionOptions;
  readonly #connectionLog: Logger;
  readonly #fixedApp: AppCredentials | undefined;
  readonly #appStore: AppStore;
  readonly #store: SettingsStore;
  readonly #states: StateStore;
  #app: AppCredentials | undefined;
  #manager: TokenManager | undefined;
  #redirect = '';
  #pagesUrl = '';
  #lastError: string | undefined;
  #keepAlive: NodeJS.Timeout | undefined;
  #keepAliveRun: Promise<void> | undefined;
  #fatal = false;

  private constructor(o: ResolvedTokenServerOptions, d: TokenServiceDeps) {
    this.#o = o;
    this.#d = d;
    this.#baseText = baseConnection(o.connection);
    this.#base = resolveConnectionOptions(this.#baseText, d.env);
    const b = this.#base;
    if (b.authScheme === 'OAuthClient') {
      throw new XeroSqlError(
        ErrorCode.Config,
        'AuthScheme=OAuthClient (a custom connection) has no sign-in and no refresh token for a token server to keep: connect with AuthScheme=OAuthClient directly, or give the token server a web or PKCE app.',
      );
    }
    if (b.tokenServerUrl !== undefined) throw new XeroSqlError(ErrorCode.Config, 'The token server\'s own connection cannot have TokenServerURL: remove it from --connection.');
    this.#connectionLog = createLogger(b.logfile, b.verbosity);
    const keys = { ...(b.oauthSettingsPassphrase !== undefined ? { passphrase: b.oauthSettingsPassphrase } : {}), env: d.env };
    this.#store = openSettingsStore(b.settingsLocation, keys);
    this.#appStore = new AppStore(b.settingsLocation, keys);
    this.#states = new StateStore(d.now);
    this.#fixedApp =
      b.oauthClientId !== undefined
        ? { clientId: b.oauthClientId, ...(b.oauthClientSecret !== undefined ? { clientSecret: b.oauthClientSecret } : {}) }
        : undefined;
  }

  /**
   * A service for the options: app credentials from the connection string, else those saved from
   * the form. Throws `XSQL_CONFIG` for a bad connection string and `XSQL_AUTH_SCOPE` when the saved
   * grant lacks a requested scope.
   */
  static async create(o: ResolvedTokenServerOptions, d: TokenServiceDeps): Promise<TokenService> {
    let service: TokenService;
    try {
      service = new TokenService(o, d);
    } catch (err) {
      // A bad --connection is a usage mistake of the server's, whatever the connection layer called it.
      if (err instanceof XeroSqlError && (err.code === ErrorCode.ConnectionOption || err.code === ErrorCode.ConnectionString)) {
        throw new XeroSqlError(ErrorCode.Config, `The token server's --connection: ${err.message}`, { cause: err });
      }
      throw err;
    }
    await service.#useApp(service.#fixedApp ?? (await service.#appStore.read()));
    return service;
  }

  /** Settles the redirect URI once the server listens on `port`. */
  listening(port: number): void {
    this.#redirect = this.#o.redirect ?? `http://localhost:${port}/code`;
  }

  /** Where messages send a person to open the pages. */
  usePagesUrl(url: string): void {
    this.#pagesUrl = url;
  }

  get redirect(): string {
    return this.#redirect;
  }

  get hasApp(): boolean {
    return this.#app !== undefined;
  }

  /** True when the app credentials come from --connection and the form cannot change them. */
  get appFixed(): boolean {
    return this.#fixedApp !== undefined;
  }

  /** Starts the timer that keeps an idle refresh token alive. */
  startKeepAlive(): void {
    this.#keepAlive = setInterval(() => void this.keepAliveTick(), this.#o.keepAliveIntervalMs);
    this.#keepAlive.unref();
  }

  /** Stops the timer and waits for a keep-alive refresh in progress. */
  async stop(): Promise<void> {
    if (this.#keepAlive) clearInterval(this.#keepAlive);
    this.#keepAlive = undefined;
    await this.#keepAliveRun;
  }

  /**
   * Refreshes the grant when its refresh token is `--refreshmins` old, so a server nobody asks for a
   * token still has a working grant after Xero's 60 days (the original's refresher, configurable
   * the same way). Never overlaps itself.
   */
  keepAliveTick(): Promise<void> {
    this.#keepAliveRun ??= (async () => {
      const saved = this.#manager ? await this.#saved() : undefined;
      const issued = saved?.refreshTokenIssuedAt ?? saved?.tokenTimestamp;
      if (saved?.refreshToken === undefined || issued === undefined) return;
      if (this.#d.now() < issued + this.#o.refreshMins * 60_000) return;
      this.#d.log(`keep-alive: the refresh token is ${this.#o.refreshMins} minutes old; refreshing it`);
      await this.refresh();
    })()
      .catch((err: unknown) => this.#d.log(`keep-alive refresh failed: ${err instanceof XeroSqlError ? err.message : String(err)}`))
      .finally(() => {
        this.#keepAliveRun = undefined;
      });
    return this.#keepAliveRun;
  }

  /** Where things stand, for `/status` and the pages. */
  async status(): Promise<StatusReport> {
    const app = this.#app;
    const common = {
      redirect: this.#redirect,
      scopes: this.#o.scopes,
      settingsLocation: this.#store.description,
      authTokenRequired: this.#o.authToken !== undefined,
      ...(this.#lastError !== undefined ? { lastError: this.#lastError } : {}),
    };
    if (!app) return { status: 'no-credentials', tenants: [], ...common };
    const saved = await this.#saved();
    const issued = saved?.refreshTokenIssuedAt;
    const tenants = saved?.tenants ?? [];
    const tenantId = this.#defaultTenant(tenants);
    return {
      status: saved?.refreshToken !== undefined || saved?.accessToken !== undefined ? 'connected' : 'signed-out',
      clientId: app.clientId,
      authScheme: app.clientSecret !== undefined ? 'OAuth' : 'PKCE',
      credentialsFrom: this.#fixedApp ? 'connection' : 'form',
      ...common,
      ...(saved?.scopes ? { grantedScopes: saved.scopes } : {}),
      ...isoField('access_token_expiry_utc', saved?.accessTokenExpiresAt),
      ...isoField('refresh_token_expiry_utc', issued === undefined || saved?.refreshToken === undefined ? undefined : issued + this.#o.refreshMins * 60_000),
      ...isoField('refreshTokenIssuedAt', issued),
      ...isoField('tokenTimestamp', saved?.tokenTimestamp),
      tenants: tenants.map((t) => ({ tenantId: t.tenantId, tenantName: t.tenantName, ...(t.tenantType ? { tenantType: t.tenantType } : {}) })),
      ...(tenantId !== undefined ? { tenantId } : {}),
    };
  }

  /**
   * A valid access token, refreshed when due. `tenant` (name or id) picks the organisation the
   * answer names; `stale` is the fingerprint of a token Xero rejected as expired, replaced unless
   * it already has been.
   */
  async token(q: { tenant?: string; stale?: string } = {}): Promise<TokenReport> {
    const m = this.#requireManager();
    const saved = await this.#requireSaved();
    let token: string;
    if (q.stale !== undefined && saved.accessToken !== undefined && fingerprint(saved.accessToken) === q.stale) {
      token = await this.#guard(m.afterRejection(saved.accessToken));
    } else {
      // A stale token that is not the saved one: another process refreshed, and the copy this
      // server holds in memory may be the rejected one; the saved token is read afresh.
      if (q.stale !== undefined) m.reset();
      token = await this.#guard(m.accessToken());
    }
    const now = await this.#saved();
    const expiresAt = now?.accessToken === token ? now.accessTokenExpiresAt : jwtExpiry(token);
    const tenants = now?.tenants ?? [];
    const tenant = q.tenant !== undefined ? resolveTenant(tenants, q.tenant) : tenants.find((t) => t.tenantId === this.#defaultTenant(tenants));
    return {
      accessToken: token,
      tokenType: 'Bearer',
      ...(expiresAt !== undefined ? { expiresAt: new Date(expiresAt).toISOString(), expiresIn: Math.max(0, Math.floor((expiresAt - this.#d.now()) / 1000)) } : {}),
      ...(tenant ? { tenantId: tenant.tenantId, tenantName: tenant.tenantName } : {}),
    };
  }

  /** Refreshes now, whatever the expiry (`/refresh`). Concurrent calls, and other processes sharing the file, make one refresh. */
  async refresh(): Promise<void> {
    const m = this.#requireManager();
    const saved = await this.#requireSaved();
    // Forget the in-memory token so the one saved is the one replaced; the manager then refreshes
    // under the store's lock unless another caller (or process) replaced it meanwhile.
    m.reset();
    await this.#guard(m.afterRejection(saved.accessToken ?? ''));
  }

  /** The organisations the grant reaches, as Xero lists them now (`GET /connections`). */
  async tenants(): Promise<Record<string, unknown>[]> {
    const m = this.#requireManager();
    await this.#requireSaved();
    const res = await sendAuthorized(m, {
      method: 'GET',
      url: m.endpoints.connections,
      headers: { accept: 'application/json' },
      timeoutMs: this.#base.timeoutMs,
      log: this.#connectionLog,
    });
    if (res.status !== 200) throw new XeroSqlError(ErrorCode.Api, `${describeUrl(m.endpoints.connections)} answered HTTP ${res.status}.`);
    const rows: unknown = JSON.parse(res.body);
    if (!Array.isArray(rows)) throw new XeroSqlError(ErrorCode.Api, `${describeUrl(m.endpoints.connections)} did not answer a list.`);
    return rows.map((row: Record<string, unknown>) => Object.fromEntries(CONNECTION_FIELDS.filter((k) => row[k] !== undefined).map((k) => [k, row[k]])));
  }

  /** Revokes the grant at Xero and forgets the tokens (`/revoke`); the app credentials stay. */
  async revoke(): Promise<void> {
    const app = this.#requireApp();
    const m = this.#requireManager();
    const saved = await this.#saved();
    if (saved?.refreshToken !== undefined) {
      await revokeRefreshToken(m.endpoints.revocation, app, saved.refreshToken, this.#base.timeoutMs, this.#connectionLog);
    }
    await this.#forgetTokens();
    this.#d.log('the grant was revoked and the tokens forgotten');
  }

  /** Revokes (ignoring a failure, as the original does), forgets the tokens and the form's app credentials (`/logout`). */
  async logout(): Promise<void> {
    if (this.#app) {
      try {
        await this.revoke();
      } catch (err) {
        this.#d.log(`logout: revoking failed (${err instanceof XeroSqlError ? err.message : 'error'}); forgetting the tokens anyway`);
        await this.#forgetTokens();
      }
    }
    if (!this.#fixedApp) {
      await this.#appStore.clear();
      await this.#useApp(undefined);
    }
    this.#states.clear();
  }

  /** The first page's form: the app to sign in with. */
  async setApp(fields: { client?: string; secret?: string; tenantid?: string }): Promise<void> {
    if (this.#fixedApp) {
      throw new HttpError(409, ErrorCode.Config, 'The app credentials come from --connection (OAuthClientId) and cannot be changed here.');
    }
    const clientId = (fields.client ?? '').trim();
    const clientSecret = (fields.secret ?? '').trim();
    const tenantId = (fields.tenantid ?? '').trim();
    // Xero's client ids are 32 characters and secrets 48 (peers-lessons.md §1.3), but the simulator
    // and future formats may differ: check the shape, not the exact length.
    if (!/^[A-Za-z0-9_-]{8,128}$/.test(clientId)) {
      throw new HttpError(400, ErrorCode.Config, 'The client id should be the 32 letters and digits Xero shows for your app (My Apps > your app > Configuration).');
    }
    if (clientSecret !== '' && !/^[\x21-\x7e]{8,256}$/.test(clientSecret)) {
      throw new HttpError(400, ErrorCode.Config, 'The client secret should be the one Xero generated for the app, without spaces; leave it empty for a PKCE app.');
    }
    if (tenantId !== '' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenantId)) {
      throw new HttpError(400, ErrorCode.Config, 'The tenant id should be a UUID such as fe79f7dd-b6d4-4a92-ba7b-538af6289c58 (or leave it empty).');
    }
    const app: AppCredentials = { clientId, ...(clientSecret !== '' ? { clientSecret } : {}), ...(tenantId !== '' ? { tenantId } : {}) };
    await this.#appStore.save(app);
    await this.#useApp(app);
    this.#d.log(`app credentials saved for client ${clientId} (${app.clientSecret !== undefined ? 'with a secret' : 'PKCE'})`);
  }

  /** A fresh authorization URL for `/home`; its `state` (and PKCE verifier) are remembered for `/code`. */
  startSignIn(): string {
    const app = this.#requireApp();
    const m = this.#requireManager();
    const request = m.authorizationRequest(this.#redirect, this.#o.scopes, undefined, app.clientSecret === undefined);
    this.#states.add(request.state, { clientId: app.clientId, ...(request.pkceVerifier !== undefined ? { pkceVerifier: request.pkceVerifier } : {}) });
    return request.url;
  }

  /** The redirect back from Xero (`/code`): checks `state`, exchanges the code, saves the tokens. */
  async finishSignIn(q: { code?: string; state?: string; error?: string }): Promise<void> {
    const pending = q.state ? this.#states.take(q.state) : undefined;
    if (!pending || pending.clientId !== this.#app?.clientId) {
      throw new HttpError(
        403,
        ErrorCode.Auth,
        'This sign-in cannot be finished: its state does not match a sign-in this server started (or it is over 10 minutes old, or was already used). Start again from the home page.',
      );
    }
    if (q.error !== undefined) {
      const said = /^[a-z_]{1,40}$/.test(q.error) ? q.error : 'an error';
      throw new HttpError(400, ErrorCode.AuthCancelled, `Xero did not sign you in (${said}${said === 'access_denied' ? ': access was denied on the consent page' : ''}). Start again from the home page.`);
    }
    if (!q.code) throw new HttpError(400, ErrorCode.Auth, 'The redirect from Xero carries no code. Start again from the home page.');
    const m = this.#requireManager();
    const settings = await m.exchange(q.code, this.#redirect, pending.pkceVerifier);
    this.#lastError = undefined;
    this.#checkScopes(settings);
    this.#d.log(`signed in: ${settings.tenants?.length ?? 0} organisation(s) connected`);
  }

  async #useApp(app: AppCredentials | undefined): Promise<void> {
    this.#app = app;
    this.#states.clear();
    this.#manager = app ? this.#managerFor(app) : undefined;
    const saved = app ? await this.#saved() : undefined;
    if (saved) this.#checkScopes(saved);
  }

  #managerFor(app: AppCredentials): TokenManager {
    const text = mergeProperties(this.#baseText, {
      AuthScheme: app.clientSecret !== undefined ? 'OAuth' : 'PKCE',
      OAuthClientId: app.clientId,
      OAuthClientSecret: app.clientSecret ?? '',
      // REFRESH never opens a browser: the server's pages run the sign-in themselves.
      InitiateOAuth: 'REFRESH',
      Scope: this.#o.scopes.join(' '),
    });
    const options = resolveConnectionOptions(text, this.#d.env);
    return new TokenManager(options, {
      store: this.#store,
      now: this.#d.now,
      openBrowser: async () => {
        throw new Error('the token server never opens a browser');
      },
      signInTimeoutMs: 0,
      notify: (message) => this.#d.log(message),
      log: this.#connectionLog,
    });
  }

  /** The saved settings when they belong to this app and identity host, else undefined. */
  async #saved(): Promise<OAuthSettings | undefined> {
    const app = this.#app;
    const m = this.#manager;
    if (!app || !m) return undefined;
    const stored = await this.#store.read();
    return stored && stored.clientId === app.clientId && stored.issuer === m.endpoints.issuer ? stored : undefined;
  }

  async #requireSaved(): Promise<OAuthSettings> {
    const saved = await this.#saved();
    if (saved?.refreshToken === undefined && saved?.accessToken === undefined) {
      throw new XeroSqlError(ErrorCode.AuthRequired, `The token server is not signed in to Xero: open ${this.#pagesUrl}/ in a browser and sign in.`);
    }
    return saved;
  }

  #requireApp(): AppCredentials {
    if (!this.#app) {
      throw new XeroSqlError(ErrorCode.AuthRequired, `The token server has no Xero app credentials yet: open ${this.#pagesUrl}/ in a browser and enter them.`);
    }
    return this.#app;
  }

  #requireManager(): TokenManager {
    this.#requireApp();
    return this.#manager as TokenManager;
  }

  /** The default organisation: the form's tenant id, else the connection's Tenant, else the only one. */
  #defaultTenant(tenants: readonly SavedTenant[]): string | undefined {
    const wanted = this.#app?.tenantId ?? this.#base.tenant;
    if (wanted === undefined) return tenants.length === 1 ? tenants[0]?.tenantId : undefined;
    try {
      return resolveTenant(tenants, wanted).tenantId;
    } catch {
      return undefined;
    }
  }

  /** Runs a token call, remembering a failure for `/status` and stopping the server on a scope mismatch. */
  async #guard<T>(work: Promise<T>): Promise<T> {
    try {
      const result = await work;
      this.#lastError = undefined;
      return result;
    } catch (err) {
      if (err instanceof XeroSqlError && err.code === ErrorCode.AuthScope) {
        // The manager's message speaks of the Scope property; say it in the server's terms, and stop.
        const saved = await this.#saved();
        if (saved) this.#checkScopes(saved);
        this.#stop(err);
      }
      // The manager's hint for a dead refresh token names driver settings; a person here signs in again on /home.
      const reported =
        err instanceof OAuthError && err.oauthError === 'invalid_grant'
          ? new XeroSqlError(
              ErrorCode.Auth,
              `Xero refused the saved refresh token (invalid_grant): the grant was revoked or disconnected in Xero, or the token expired unused (60 days) or was replaced over 30 minutes ago. Sign in again at ${this.#pagesUrl}/home.`,
              { cause: err },
            )
          : err;
      this.#lastError = reported instanceof XeroSqlError ? reported.message : 'internal error';
      throw reported;
    }
  }

  #checkScopes(settings: OAuthSettings): void {
    const missing = missingScopes(this.#o.scopes, settings.scopes ?? []);
    if (missing.length === 0) return;
    const s = missing.length > 1 ? 's' : '';
    const err = new XeroSqlError(
      ErrorCode.AuthScope,
      `The Xero grant saved in ${this.#store.description} lacks the scope${s} ${missing.join(', ')} that --scopes asks for (granted: ${(settings.scopes ?? []).join(' ') || 'none'}). Xero adds scopes only when the person consents again, and the token server stops rather than serve tokens that will fail: start it with --scopes that leave ${missing.length > 1 ? 'them' : 'it'} out, or revoke the grant (/revoke on a server started with the granted scopes, or disconnect the app in Xero) and sign in again.`,
    );
    this.#stop(err);
    throw err;
  }

  #stop(err: XeroSqlError): void {
    if (this.#fatal) return;
    this.#fatal = true;
    this.#d.log(`stopping: ${err.message}`);
    this.#d.onFatal(err);
  }

  async #forgetTokens(): Promise<void> {
    if (await this.#saved()) await this.#store.clear();
    this.#manager?.reset();
    this.#states.clear();
  }
}

/**
 * The connection string as the server uses it: a client secret implies AuthScheme=OAuth (the
 * driver's default, PKCE, has no secret), so `--connection "OAuthClientId=...;OAuthClientSecret=..."`
 * works as a person would expect.
 */
function baseConnection(text: string): string {
  const props = parseConnectionString(text);
  const has = (name: string) => props.some((p) => p.name.toLowerCase() === name.toLowerCase() && p.value !== '');
  return has('OAuthClientSecret') && !has('AuthScheme') ? mergeProperties(text, { AuthScheme: 'OAuth' }) : text;
}

/** `text` with `overrides` put in (replacing any of the same name, in any case); an empty value removes one. */
function mergeProperties(text: string, overrides: Readonly<Record<string, string>>): string {
  const merged: Record<string, string> = {};
  const lowerOverrides = new Set(Object.keys(overrides).map((k) => k.toLowerCase()));
  for (const p of parseConnectionString(text)) if (!lowerOverrides.has(p.name.toLowerCase())) merged[p.name] = p.value;
  for (const [name, value] of Object.entries(overrides)) if (value !== '') merged[name] = value;
  return formatConnectionString(merged);
}

/** `{ [key]: ISO time }`, or nothing when the time is unknown. */
function isoField(key: string, ms: number | undefined): Record<string, string> {
  return ms === undefined ? {} : { [key]: new Date(ms).toISOString() };
}
