/**
 * What the settings store keeps between connections (InitiateOAuth=GETANDREFRESH|REFRESH), and the
 * store's contract. The values mirror the commercial driver's OAuth settings (access token, refresh
 * token, expiry, token timestamp) plus what we need to refresh safely and pick tenants.
 */

/** A tenant the grant can reach, as `GET /connections` lists it. */
export interface SavedTenant {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly tenantType?: string;
}

/** The OAuth values of one grant. All times are epoch milliseconds. */
export interface OAuthSettings {
  /** Format version of this object. */
  readonly version: 1;
  /** Client id the tokens were issued to; a different client id must not reuse them. */
  readonly clientId?: string;
  /** Identity origin the tokens came from (BaseURL or Xero's), so simulator tokens never go to Xero. */
  readonly issuer?: string;
  readonly accessToken?: string;
  readonly accessTokenExpiresAt?: number;
  readonly refreshToken?: string;
  /** When the current refresh token was issued (unused refresh tokens expire after 60 days). */
  readonly refreshTokenIssuedAt?: number;
  /** When the current access token was obtained (the commercial driver's OAuthTokenTimestamp). */
  readonly tokenTimestamp?: number;
  /** Scopes granted, as the token endpoint reported them. */
  readonly scopes?: readonly string[];
  /** Tenants connected when the tokens were last obtained. */
  readonly tenants?: readonly SavedTenant[];
  /**
   * SHA-256 (hex) of the last authorization code exchanged into these tokens, so a connection
   * string that still carries the same OAuthVerifier uses the saved tokens instead of
   * exchanging the spent code again.
   */
  readonly codeHash?: string;
}

/**
 * Where settings live: an encrypted file shared safely between processes, or process memory
 * (`memory://<id>`). Implementations never return a half-written or undecryptable value as empty:
 * a corrupt, tampered, foreign or wrongly keyed file is an `XSQL_SETTINGS` error and the file is
 * left as it was.
 */
export interface SettingsStore {
  /** The path or `memory://<id>`, for messages. */
  readonly description: string;
  /** The saved settings, or undefined when nothing has been saved yet. */
  read(): Promise<OAuthSettings | undefined>;
  /**
   * Runs `fn` while holding the store's lock (cross-process for files, in-process for memory):
   * `fn` gets the settings as they are now (re-read after the lock is taken) and may return new
   * settings, which are written atomically before the lock is released. This is how a refresh
   * keeps the lock across its HTTP call, so processes sharing a file refresh once per rotation.
   */
  update<T>(fn: (current: OAuthSettings | undefined) => Promise<SettingsUpdate<T>>): Promise<T>;
  /** Forgets the saved settings (sign out); under the lock. */
  clear(): Promise<void>;
}

/** What an {@link SettingsStore.update} callback returns. */
export interface SettingsUpdate<T> {
  /** New settings to save, or undefined to leave the store unchanged. */
  readonly next?: OAuthSettings;
  readonly result: T;
}
