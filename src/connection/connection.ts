/**
 * `connect()` and the Connection: options from the connection string, the token manager over the
 * settings store, and the statements run on them.
 */
import openDefaultBrowser from 'open';
import { openSettingsStore } from '../auth/settings-store.js';
import type { SavedTenant, SettingsStore } from '../auth/settings.js';
import { TokenManager } from '../auth/token-manager.js';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { createLogger } from '../log.js';
import { isExec, type StatementParams } from '../procedures/parse-exec.js';
import { runExec } from '../procedures/registry.js';
import type { QueryResult } from '../sql/result.js';
import { redactConnectionString, resolveConnectionOptions, type ConnectionOptions } from './options.js';
import { resolveTenant } from './tenant.js';

/** Programmatic settings that have no place in a connection string. */
export interface ConnectOptions {
  /**
   * Opens the sign-in URL for the desktop flow (default: the system browser via `open`). Tests
   * pass a function that drives a headless browser instead.
   */
  readonly openBrowser?: (url: string) => void | Promise<void>;
  /** Messages for the person (e.g. the sign-in URL). Default: standard error. */
  readonly onNotice?: (message: string) => void;
  /** How long the desktop flow waits for the person (default 5 minutes). */
  readonly signInTimeoutMs?: number;
  /** Environment to read (XERO_SQL_SETTINGS_KEY, config folder). Default: process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Clock (epoch ms), for tests. */
  readonly now?: () => number;
}

/** Opens a connection. Validates the connection string now; signs in lazily, on first use. */
export async function connect(connectionString: string, opts: ConnectOptions = {}): Promise<Connection> {
  let options: ConnectionOptions;
  try {
    options = resolveConnectionOptions(connectionString, opts.env ?? process.env);
  } catch (err) {
    if (err instanceof XeroSqlError) throw err;
    throw new XeroSqlError(ErrorCode.ConnectionString, `Invalid connection string: ${redactConnectionString(String(connectionString))}`, { cause: err });
  }
  return new Connection(options, opts);
}

export class Connection {
  readonly #options: ConnectionOptions;
  readonly #tokens: TokenManager;
  readonly #now: () => number;
  #closed = false;

  /** Use {@link connect}. */
  constructor(options: ConnectionOptions, opts: ConnectOptions = {}) {
    this.#options = options;
    this.#now = opts.now ?? Date.now;
    const env = opts.env ?? process.env;
    const needsStore = options.initiateOAuth !== 'OFF' || options.settingsLocationGiven;
    const store: SettingsStore | undefined =
      needsStore && options.authScheme !== 'OAuthClient'
        ? openSettingsStore(options.settingsLocation, {
            ...(options.oauthSettingsPassphrase !== undefined ? { passphrase: options.oauthSettingsPassphrase } : {}),
            env,
          })
        : undefined;
    const notify = opts.onNotice ?? ((message: string) => process.stderr.write(`${message}\n`));
    const log = createLogger(options.logfile, options.verbosity);
    this.#tokens = new TokenManager(options, {
      ...(store ? { store } : {}),
      now: this.#now,
      openBrowser: async (url) => {
        if (opts.openBrowser) await opts.openBrowser(url);
        else await openDefaultBrowser(url);
      },
      signInTimeoutMs: opts.signInTimeoutMs ?? 300_000,
      notify,
      log,
    });
  }

  /** The validated options (secrets hidden from inspection). */
  get options(): ConnectionOptions {
    return this.#options;
  }

  /**
   * Runs a statement. Today: stored procedures (`EXEC GetOAuthAuthorizationURL ...`); queries
   * arrive with the query engine. Parameters: an array for `?`, an object for `@name`.
   */
  async execute(sql: string, params?: StatementParams): Promise<QueryResult> {
    this.#checkOpen();
    if (typeof sql !== 'string' || sql.trim() === '') {
      throw new XeroSqlError(ErrorCode.Procedure, 'execute() needs a statement, e.g. EXEC GetOAuthAuthorizationURL.');
    }
    if (!isExec(sql)) {
      throw new XeroSqlError(ErrorCode.Unsupported, 'This version runs stored procedures (EXEC ...) only; SELECT arrives with the query engine.');
    }
    const { procedure, row } = await runExec(sql, params, { options: this.#options, tokens: this.#tokens, now: this.#now });
    return {
      rows: [row],
      columns: procedure.outputs.map((o) => ({ name: o.name, type: 'text' as const, nullable: true })),
    };
  }

  /** The organisations this connection's sign-in reaches (signing in if needed). */
  async tenants(): Promise<SavedTenant[]> {
    this.#checkOpen();
    return this.#tokens.connections();
  }

  /** The organisation queries run against: the `Tenant` property's, or the only one. */
  async tenant(): Promise<SavedTenant> {
    return resolveTenant(await this.tenants(), this.#options.tenant);
  }

  /** A valid access token (signing in or refreshing as the options allow). For tools built on xero-sql. */
  async accessToken(): Promise<string> {
    this.#checkOpen();
    return this.#tokens.accessToken();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#tokens.reset();
  }

  #checkOpen(): void {
    if (this.#closed) throw new XeroSqlError(ErrorCode.Closed, 'The connection is closed.');
  }
}
