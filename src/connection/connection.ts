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
import { loadCatalog, pushdownText, type Catalog } from '../catalog/index.js';
import { XeroClient, type ApiRequest, type ClientEvent } from '../http/xero-client.js';
import { isExec, type StatementParams } from '../procedures/parse-exec.js';
import { runExec } from '../procedures/registry.js';
import { executeQuery, iterateRaw, loadQuery, streamRowWise, toObject, type LoadProgress } from '../sql/executor.js';
import { explainRows } from '../sql/explain.js';
import { parseSelect, resolveParams, statementKind, stripExplain } from '../sql/parse.js';
import type { QueryPlan } from '../sql/plan.js';
import { planQuery, type PlannerCatalog } from '../sql/planner.js';
import type { ColumnInfo, QueryResult } from '../sql/result.js';
import { SCHEMAS, type SchemaName } from './properties.js';
import { createQuerySource, plannerCatalog } from './query-source.js';
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
  /** Progress of API calls (requests, responses, rate-limit waits), e.g. for a progress bar. */
  readonly onEvent?: (event: ClientEvent) => void;
  /**
   * Length of Xero's rate-limit window in ms (default 60,000). Only for a simulator started with
   * `--time-scale`: pass `60000 / timeScale` so the client's pacing matches it.
   */
  readonly rateLimitWindowMs?: number;
  /**
   * After how long (ms, at least 2,000; default 20,000) a settings-file lock left by a killed
   * process is taken over. For tests that kill processes on purpose.
   */
  readonly settingsLockStaleMs?: number;
}

/** A table or view of the connection's schema. */
export interface TableInfo {
  readonly name: string;
  readonly kind: 'table' | 'view';
  readonly description: string;
}

/** A column as `describe()` reports it. */
export interface ColumnDescription extends ColumnInfo {
  readonly key: boolean;
  readonly description: string;
  /** How WHERE conditions on it reach Xero ('' when they are applied locally only). */
  readonly pushdown: string;
}

/** Per-statement options. */
export interface StatementOptions {
  /** Cancels the statement (its HTTP requests included). */
  readonly signal?: AbortSignal;
  /** Called after each page is loaded (for progress displays). */
  readonly onProgress?: (progress: LoadProgress) => void;
  /** `stream()` only: the result's columns, before the first row (e.g. a CSV header). */
  readonly onColumns?: (columns: readonly ColumnInfo[]) => void;
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
  readonly #client: XeroClient;
  readonly #catalog: Catalog;
  #tenant: Promise<SavedTenant> | undefined;
  #schema: SchemaName;
  /** The planner's view of the catalog for `#schema`, built once per schema (it lists the system tables). */
  #plannerCatalog: { readonly schema: SchemaName; readonly catalog: PlannerCatalog } | undefined;
  #closed = false;

  /** Use {@link connect}. */
  constructor(options: ConnectionOptions, opts: ConnectOptions = {}) {
    this.#options = options;
    this.#schema = options.schema;
    this.#now = opts.now ?? Date.now;
    const env = opts.env ?? process.env;
    const needsStore = options.initiateOAuth !== 'OFF' || options.settingsLocationGiven;
    const store: SettingsStore | undefined =
      needsStore && options.authScheme !== 'OAuthClient'
        ? openSettingsStore(options.settingsLocation, {
            ...(options.oauthSettingsPassphrase !== undefined ? { passphrase: options.oauthSettingsPassphrase } : {}),
            ...(opts.settingsLockStaleMs !== undefined ? { lockStaleMs: opts.settingsLockStaleMs } : {}),
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
    this.#catalog = loadCatalog();
    this.#client = new XeroClient({
      apiOrigin: this.#tokens.endpoints.api,
      tokens: this.#tokens,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maximumRequestRetries,
      retryWaitTimeMs: options.retryWaitTimeMs,
      retryDailyLimit: options.retryDailyLimit,
      log,
      ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
      ...(opts.rateLimitWindowMs ? { windowMs: opts.rateLimitWindowMs } : {}),
    });
  }

  /** The validated options (secrets hidden from inspection). */
  get options(): ConnectionOptions {
    return this.#options;
  }

  /** The schema queries read (the Schema property, unless changed with {@link setSchema}). */
  get schema(): SchemaName {
    return this.#schema;
  }

  /** Switches the schema queries read (ACCOUNTING, PAYROLLAUS, ...); the sign-in is kept. */
  setSchema(schema: string): SchemaName {
    const match = SCHEMAS.find((s) => s.toLowerCase() === schema.trim().toLowerCase());
    if (!match) throw new XeroSqlError(ErrorCode.ConnectionOption, `Unknown schema ${schema}: use one of ${SCHEMAS.join(', ')}.`);
    this.#schema = match;
    return match;
  }

  /**
   * Runs a SELECT and returns all its rows. Parameters: an array for `?`, an object for `@name`.
   * `EXPLAIN SELECT ...` returns the plan instead (one row per API request).
   */
  async query(sql: string, params?: StatementParams, options: StatementOptions = {}): Promise<QueryResult> {
    this.#checkOpen();
    const kind = this.#kindOf(sql);
    if (kind === 'exec') return this.#exec(sql, params);
    if (kind === 'explain') return explainRows(this.#plan(stripExplain(sql), params));
    const plan = this.#plan(sql, params);
    return executeQuery(plan, this.#schema, this.#source(), {
      ...(params !== undefined ? { params } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      maxRows: this.#options.maxRows,
      fanOutLimit: this.#options.fanOutLimit,
      hasLimit: /\b(LIMIT|TOP)\b/i.test(plan.sql),
    });
  }

  /** Runs any statement: SELECT, EXPLAIN, or a stored procedure (`EXEC GetOAuthAuthorizationURL ...`). */
  execute(sql: string, params?: StatementParams, options: StatementOptions = {}): Promise<QueryResult> {
    return this.query(sql, params, options);
  }

  /**
   * Runs a SELECT and yields its rows one by one. A query whose rows each come from one row of
   * one table (no join, grouping, DISTINCT, ORDER BY, LIMIT or subquery) streams page by page as
   * the pages arrive; any other reads everything first, then yields rows from the in-memory
   * database without building one big array.
   */
  async *stream(sql: string, params?: StatementParams, options: StatementOptions = {}): AsyncGenerator<Record<string, unknown>, void, undefined> {
    this.#checkOpen();
    const kind = this.#kindOf(sql);
    if (kind !== 'select') {
      const result = await this.query(sql, params, options);
      options.onColumns?.(result.columns);
      yield* result.rows;
      return;
    }
    const plan = this.#plan(sql, params);
    const max = !/\b(LIMIT|TOP)\b/i.test(plan.sql) && this.#options.maxRows >= 0 ? this.#options.maxRows : Number.POSITIVE_INFINITY;
    if (plan.rowWise) {
      // No SQLite-wide work needed (one table, row by row): rows stream page by page.
      let columns: readonly ColumnInfo[] = [];
      const rows = streamRowWise(
        plan,
        this.#schema,
        this.#source(),
        {
          ...(params !== undefined ? { params } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        },
        (c) => {
          columns = c;
          options.onColumns?.(c);
        },
      );
      let n = 0;
      for await (const raw of rows) {
        if (n++ >= max) break;
        yield toObject(raw, columns);
      }
      return;
    }
    const loaded = await loadQuery(plan, this.#schema, this.#source(), {
      ...(params !== undefined ? { params } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      fanOutLimit: this.#options.fanOutLimit,
    });
    try {
      options.onColumns?.(loaded.columns);
      let n = 0;
      for (const raw of iterateRaw(loaded)) {
        if (n++ >= max) break;
        yield toObject(raw, loaded.columns);
      }
    } finally {
      loaded.db.close();
    }
  }

  /** The plan a SELECT would run (what EXPLAIN shows), without running it. */
  plan(sql: string, params?: StatementParams): QueryPlan {
    this.#checkOpen();
    return this.#plan(stripExplain(sql), params);
  }

  /** The tables and views of the connection's schema. */
  tables(): TableInfo[] {
    return this.#catalog.tables(this.#schema).map((t) => ({ name: t.name, kind: t.kind, description: t.description }));
  }

  /** The columns of a table, with their types and how filters on them reach Xero. */
  describe(table: string): ColumnDescription[] {
    const def = this.#catalog.find(this.#schema, table);
    if (!def) {
      const near = this.#catalog.suggest(this.#schema, table);
      throw new XeroSqlError(ErrorCode.UnknownTable, `Unknown table ${table} in the ${this.#schema} schema.${near.length ? ` Did you mean ${near.join(', ')}?` : ''}`);
    }
    return def.columns.map((c) => ({ name: c.name, type: c.type, nullable: !c.key, key: c.key, description: c.description, pushdown: pushdownText(def, c) }));
  }

  #kindOf(sql: string): 'select' | 'explain' | 'exec' {
    if (typeof sql !== 'string' || sql.trim() === '') {
      throw new XeroSqlError(ErrorCode.SqlSyntax, 'The statement is empty: give a SELECT, EXPLAIN SELECT or EXEC statement.');
    }
    const kind = statementKind(sql);
    if (kind === 'exec' && !isExec(sql)) throw new XeroSqlError(ErrorCode.SqlSyntax, 'EXEC needs a procedure name.');
    if (kind === 'write') {
      throw new XeroSqlError(
        ErrorCode.Unsupported,
        `${sql.trim().split(/\s+/)[0]?.toUpperCase()} is not supported yet: xero-sql reads Xero (SELECT, EXPLAIN, EXEC); writing back is planned.`,
      );
    }
    if (kind === 'other') {
      throw new XeroSqlError(ErrorCode.SqlSyntax, `Cannot run "${sql.trim().slice(0, 30)}": statements start with SELECT, WITH, EXPLAIN or EXEC.`);
    }
    return kind;
  }

  #plan(sql: string, params?: StatementParams): QueryPlan {
    const select = parseSelect(sql);
    return planQuery(select, sql, {
      catalog: this.#plannerCatalogFor(this.#schema),
      schema: this.#schema,
      params: resolveParams(params),
      includeArchived: this.#options.includeArchived,
    });
  }

  #plannerCatalogFor(schema: SchemaName): PlannerCatalog {
    if (this.#plannerCatalog?.schema !== schema) this.#plannerCatalog = { schema, catalog: plannerCatalog(this.#catalog, schema) };
    return this.#plannerCatalog.catalog;
  }

  #source() {
    return createQuerySource({
      catalog: this.#catalog,
      schema: this.#schema,
      client: this.#client,
      tenant: () => this.tenant(),
      tenants: () => this.tenants(),
    });
  }

  async #exec(sql: string, params?: StatementParams): Promise<QueryResult> {
    const api = { get: (request: ApiRequest) => this.#client.get(request), tenantId: async () => (await this.tenant()).tenantId };
    const { procedure, row } = await runExec(sql, params, { options: this.#options, tokens: this.#tokens, now: this.#now, api }, this.#schema);
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
    this.#checkOpen();
    this.#tenant ??= this.tenants().then((all) => resolveTenant(all, this.#options.tenant));
    try {
      return await this.#tenant;
    } catch (err) {
      this.#tenant = undefined;
      throw err;
    }
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
