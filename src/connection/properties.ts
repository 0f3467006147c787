/**
 * Every connection property xero-sql understands, as data: the options parser, the README's
 * property table and (later) `sys_connection_props` all read this list. Names and meanings follow
 * the commercial Xero driver (cdata-xero-model.md §1) so users keep their connection strings.
 */

/** How a property's text is read. */
export type PropertyKind = 'string' | 'secret' | 'enum' | 'boolean' | 'integer' | 'url';

/** One connection property. */
export interface PropertyDef {
  /** Canonical spelling; matching is case-insensitive. */
  readonly name: string;
  readonly kind: PropertyKind;
  /** Allowed values of an enum (matched case-insensitively, stored in this spelling). */
  readonly values?: readonly string[];
  /** Inclusive range of an integer. */
  readonly min?: number;
  readonly max?: number;
  /** Default as text (parsed like user input); absent means "not set". */
  readonly default?: string;
  /** One line for docs and errors. */
  readonly description: string;
}

/** Xero's APIs, one per connection (`Schema=`). */
export const SCHEMAS = ['ACCOUNTING', 'PAYROLLAUS', 'FILES', 'ASSETS', 'PROJECTS'] as const;
export type SchemaName = (typeof SCHEMAS)[number];

/**
 * The default `Scope`: the commercial driver's list (cdata-xero-model.md §1.1) plus
 * `offline_access`, without which Xero issues no refresh token. Apps created since 2 March 2026
 * must ask for granular scopes instead (xero-platform-facts.md §5.2); see the README.
 */
export const DEFAULT_SCOPES = [
  'offline_access',
  'accounting.transactions',
  'accounting.journals.read',
  'accounting.reports.read',
  'accounting.settings',
  'accounting.contacts',
  'accounting.attachments',
  'accounting.budgets.read',
  'payroll.employees',
  'payroll.payruns',
  'payroll.payslip',
  'payroll.timesheets',
  'payroll.settings',
  'files',
  'assets',
  'projects',
] as const;

export const PROPERTIES: readonly PropertyDef[] = Object.freeze([
  { name: 'AuthScheme', kind: 'enum', values: ['OAuth', 'PKCE', 'OAuthClient'], default: 'PKCE', description: 'OAuth flow: OAuth (code + secret), PKCE (code, no secret) or OAuthClient (custom connection, client credentials).' },
  { name: 'InitiateOAuth', kind: 'enum', values: ['OFF', 'GETANDREFRESH', 'REFRESH'], default: 'OFF', description: 'OFF: use OAuthAccessToken as given. GETANDREFRESH: sign in when needed and refresh. REFRESH: only refresh saved or given tokens.' },
  { name: 'OAuthClientId', kind: 'string', description: 'Client id of your Xero app.' },
  { name: 'OAuthClientSecret', kind: 'secret', description: 'Client secret (AuthScheme=OAuth and OAuthClient).' },
  { name: 'OAuthAccessToken', kind: 'secret', description: 'An access token to use as is (InitiateOAuth=OFF).' },
  { name: 'OAuthRefreshToken', kind: 'secret', description: 'A refresh token to start from (InitiateOAuth=REFRESH).' },
  { name: 'OAuthVerifier', kind: 'secret', description: 'The code from the authorization redirect, exchanged once (headless sign-in).' },
  { name: 'OAuthSettingsLocation', kind: 'string', description: 'Where tokens are kept: a file path (encrypted) or memory://<id>. Default: a file in your config folder.' },
  { name: 'OAuthSettingsPassphrase', kind: 'secret', description: 'Passphrase that encrypts the settings file (else XERO_SQL_SETTINGS_KEY, else a per-user key file).' },
  { name: 'TokenServerURL', kind: 'url', description: 'URL of a running xero-sql token-server to take access tokens from (instead of signing in here), e.g. http://127.0.0.1:5001.' },
  { name: 'TokenServerAuthToken', kind: 'secret', description: 'The token server\'s --auth-token, sent as a bearer token (when the server requires one).' },
  { name: 'CallbackURL', kind: 'url', default: 'http://localhost:33333', description: 'Redirect URI registered on your app; the desktop flow listens there.' },
  { name: 'Scope', kind: 'string', default: DEFAULT_SCOPES.join(' '), description: 'Space-separated scopes to ask for.' },
  { name: 'Tenant', kind: 'string', description: 'Organisation to use, by name or tenant id. Required when several are connected.' },
  { name: 'Schema', kind: 'enum', values: SCHEMAS, default: 'ACCOUNTING', description: 'Which Xero API the tables come from.' },
  { name: 'BaseURL', kind: 'url', description: 'One origin for every Xero host (login, identity, api), e.g. the simulator\'s URL.' },
  { name: 'Timeout', kind: 'integer', min: 0, max: 86_400, default: '60', description: 'Seconds before a request gives up (0: never).' },
  { name: 'MaxRows', kind: 'integer', min: -1, max: Number.MAX_SAFE_INTEGER, default: '-1', description: 'Most rows a query returns when it has no LIMIT (-1: no limit).' },
  { name: 'RetryWaitTime', kind: 'integer', min: 0, max: 3_600_000, default: '10000', description: 'Milliseconds to wait after a rate-limit response that names no wait.' },
  { name: 'RetryDailyLimit', kind: 'boolean', default: 'false', description: 'Wait (possibly hours) instead of failing when the daily API limit is reached.' },
  { name: 'FanOutLimit', kind: 'integer', min: 0, max: Number.MAX_SAFE_INTEGER, default: '200', description: 'Most API calls a query may make reading a child table per parent record (Tasks of every project, every invoice\'s history) when WHERE gives no parent id; 0: no limit.' },
  { name: 'IncludeArchived', kind: 'boolean', default: 'false', description: 'Include archived records (contacts, accounts, tracking options).' },
  { name: 'Readonly', kind: 'boolean', default: 'false', description: 'Refuse statements that would change data in Xero.' },
  { name: 'Verbosity', kind: 'integer', min: 0, max: 5, default: '1', description: 'How much to log to Logfile: 0 nothing, 1 errors and requests, up to 5.' },
  { name: 'Logfile', kind: 'string', description: 'File to append the log to (never contains tokens or secrets).' },
  { name: 'Other', kind: 'string', description: 'Advanced options as name=value pairs separated by ";" (quote the whole value), e.g. MaximumRequestRetries=4.' },
] satisfies PropertyDef[]);

/**
 * Properties of the commercial driver that have no effect here (caching, pooling, schema files,
 * licensing): accepted so existing connection strings keep working, and ignored.
 */
export const IGNORED_PROPERTIES: readonly string[] = Object.freeze([
  'OAuthAccessTokenSecret',
  'OAuthExpiresIn',
  'OAuthTokenTimestamp',
  'LogModules',
  'MaxLogFileSize',
  'MaxLogFileCount',
  'Location',
  'BrowsableSchemas',
  'Tables',
  'Views',
  'AutoCache',
  'CacheDriver',
  'CacheConnection',
  'CacheLocation',
  'CacheTolerance',
  'CacheMetadata',
  'BatchSize',
  'ConnectionLifeTime',
  'ConnectOnOpen',
  'PoolIdleTimeout',
  'PoolMaxSize',
  'PoolMinSize',
  'PoolWaitTime',
  'UseConnectionPooling',
  'PseudoColumns',
  'RTK',
  'SupportEnhancedSQL',
]);

/**
 * Properties of the commercial driver whose effect xero-sql does not provide; silently ignoring
 * them would change what the user asked for (a proxy, a pinned certificate), so they are refused.
 */
export const UNSUPPORTED_PROPERTIES: Readonly<Record<string, string>> = Object.freeze({
  SSLServerCert: 'xero-sql uses the system certificate store; set NODE_EXTRA_CA_CERTS to add a certificate.',
  FirewallType: 'firewalls and SOCKS tunnels are not supported.',
  FirewallServer: 'firewalls and SOCKS tunnels are not supported.',
  FirewallPort: 'firewalls and SOCKS tunnels are not supported.',
  FirewallUser: 'firewalls and SOCKS tunnels are not supported.',
  FirewallPassword: 'firewalls and SOCKS tunnels are not supported.',
  ProxyAutoDetect: 'set the HTTPS_PROXY environment variable instead.',
  ProxyServer: 'set the HTTPS_PROXY environment variable instead.',
  ProxyPort: 'set the HTTPS_PROXY environment variable instead.',
  ProxyAuthScheme: 'set the HTTPS_PROXY environment variable instead.',
  ProxyUser: 'set the HTTPS_PROXY environment variable instead.',
  ProxyPassword: 'set the HTTPS_PROXY environment variable instead.',
  ProxySSLType: 'set the HTTPS_PROXY environment variable instead.',
  ProxyExceptions: 'set the NO_PROXY environment variable instead.',
  Offline: 'xero-sql has no offline cache.',
  AutoExpandDetails: 'xero-sql reads details with paged requests, which include them.',
});

/** Advanced options allowed inside `Other`. */
export const OTHER_OPTIONS: readonly PropertyDef[] = Object.freeze([
  { name: 'MaximumRequestRetries', kind: 'integer', min: 0, max: 50, default: '4', description: 'Retries of a failed request (5xx, reset, truncated body) before giving up.' },
] satisfies PropertyDef[]);
