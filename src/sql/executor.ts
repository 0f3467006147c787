/**
 * Runs a {@link QueryPlan}: fetches each table's requests page by page, turns records into rows,
 * loads them into an in-memory SQLite database, and runs the user's SQL there (DESIGN.md §2:
 * "SQLite does SQL"). Paging stops early when the plan allows it and the query already has its
 * rows.
 */
import type Database from 'better-sqlite3';
import type { TableDef } from '../catalog/table-def.js';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { closest } from '../connection/options.js';
import type { Value } from './nodes.js';
import type { FanOutPlan, QueryPlan, RequestPlan, TablePlan } from './plan.js';
import type { ColumnInfo, QueryResult } from './result.js';
import { createTable, openDatabase, quoteIdent, sqlTypeOfDeclared, type LoadColumn } from './sqlite.js';

/** One page of records from a request. */
export interface FetchedPage {
  readonly records: readonly unknown[];
  readonly tenantId: string;
  /** 1-based page number within its request. */
  readonly page: number;
  /** Known once a response says how many pages there are. */
  readonly pageCount?: number;
}

/** Loading progress, after each page. */
export interface LoadProgress {
  readonly table: string;
  /** Pages loaded so far for this table (all its requests). */
  readonly pages: number;
  /** Pages expected, when every request of the table knows its count. */
  readonly pagesExpected?: number;
  /** Rows loaded so far for this table. */
  readonly rows: number;
}

/** What execution needs from the connection: data sources and the catalog. */
export interface ExecutionSource {
  table(schema: string, name: string): TableDef;
  /**
   * Records of one request, in pages (stop iterating to stop paging). `sequential` asks for one
   * page at a time, so that stopping early never leaves pages fetched for nothing.
   */
  pages(request: RequestPlan, signal?: AbortSignal, sequential?: boolean): AsyncIterable<FetchedPage>;
  /** Rows from records: every column in the table's order, or only the columns at `only` (in that order). */
  toRows(
    def: TableDef,
    records: readonly unknown[],
    ctx: { readonly tenantId: string; readonly pseudo: Readonly<Record<string, Value>> },
    only?: readonly number[],
  ): unknown[][];
  /** A system table's columns and rows. */
  systemTable(name: string): { readonly columns: readonly LoadColumn[]; readonly rows: readonly (readonly unknown[])[] };
  /** Rows of the Tenants view, in its column order. */
  tenantRows(def: TableDef): Promise<unknown[][]>;
}

export interface ExecuteOptions {
  readonly params?: readonly unknown[] | Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal;
  /** Most rows returned when the query has no LIMIT (-1: all). */
  readonly maxRows?: number;
  readonly hasLimit?: boolean;
  readonly onProgress?: (progress: LoadProgress) => void;
  /** Most API calls a fan-out (one request per parent record) may make; 0 means no limit. */
  readonly fanOutLimit?: number;
}

/** The default of {@link ExecuteOptions.fanOutLimit} (the `FanOutLimit` property's default). */
export const DEFAULT_FAN_OUT_LIMIT = 200;

/** A database loaded for a plan, with the user's statement prepared on it. */
export interface LoadedQuery {
  readonly db: Database.Database;
  readonly statement: Database.Statement;
  readonly columns: readonly ColumnInfo[];
  readonly bind: unknown[];
}

/** Loads every table of the plan and prepares the statement. Close `db` when done. */
export async function loadQuery(plan: QueryPlan, schema: string, source: ExecutionSource, options: ExecuteOptions = {}): Promise<LoadedQuery> {
  const db = openDatabase(schema);
  try {
    const bind = bindArguments(options.params);
    let statement: Database.Statement | undefined;
    const prepare = () => (statement ??= prepareUserSql(db, plan, source, schema));
    for (const t of plan.tables) {
      await loadTable(db, schema, t, source, options, t.earlyStop ? () => earlyStopReached(prepare(), bind, t.earlyStop?.rows ?? 0) : undefined);
    }
    const stmt = prepare();
    if (!stmt.reader) throw new XeroSqlError(ErrorCode.Unsupported, 'Only statements that return rows can run here.');
    return { db, statement: stmt, columns: columnInfo(stmt, plan, source, schema), bind };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Runs a plan to completion and returns all rows. */
export async function executeQuery(plan: QueryPlan, schema: string, source: ExecutionSource, options: ExecuteOptions = {}): Promise<QueryResult> {
  const loaded = await loadQuery(plan, schema, source, options);
  try {
    const limit = !options.hasLimit && options.maxRows !== undefined && options.maxRows >= 0 ? options.maxRows : Number.POSITIVE_INFINITY;
    const raws: unknown[][] = [];
    for (const raw of iterateRaw(loaded)) {
      if (raws.length >= limit) break;
      raws.push(raw);
    }
    const columns = valueTypes(loaded, raws);
    return { rows: raws.map((raw) => toObject(raw, columns)), columns };
  } finally {
    loaded.db.close();
  }
}

/** Iterates result rows as arrays. */
export function* iterateRaw(loaded: LoadedQuery): Generator<unknown[]> {
  const stmt = loaded.statement.raw(true);
  try {
    yield* stmt.iterate(...loaded.bind) as Iterable<unknown[]>;
  } catch (err) {
    throw sqliteError(err);
  }
}

/** Placeholder type of an expression column until its values are seen. */
const UNTYPED = 'text' as const;

/**
 * Types the columns SQLite could not type from the values they hold: numbers are integer or
 * real, anything else text.
 */
export function valueTypes(loaded: LoadedQuery, sample: readonly (readonly unknown[])[]): ColumnInfo[] {
  const declared = loaded.statement.columns();
  return loaded.columns.map((c, i) => {
    if (sqlTypeOfDeclared(declared[i]?.type ?? null) !== undefined || c.type !== UNTYPED) return c;
    const value = sample.map((r) => r[i]).find((v) => v !== null && v !== undefined);
    const type = typeof value === 'number' || typeof value === 'bigint' ? (Number.isInteger(Number(value)) ? 'integer' : 'real') : 'text';
    return { ...c, type };
  });
}

/** One result row as an object, with booleans restored. */
export function toObject(raw: readonly unknown[], columns: readonly ColumnInfo[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i] as ColumnInfo;
    const v = raw[i];
    out[c.name] = c.type === 'boolean' && (v === 0 || v === 1) ? v === 1 : typeof v === 'bigint' ? Number(v) : v;
  }
  return out;
}

async function loadTable(
  db: Database.Database,
  schema: string,
  t: TablePlan,
  source: ExecutionSource,
  options: ExecuteOptions,
  stopCheck: (() => boolean) | undefined,
): Promise<void> {
  if (t.source === 'system') {
    const sys = source.systemTable(t.table);
    createTable(db, schema, t.table, sys.columns).insert(sys.rows);
    return;
  }
  const def = source.table(t.schema, t.table);
  const { wanted, indexes, columns } = wantedColumns(def, t);
  const keys = def.columns.filter((c) => c.key || c.source.kind === 'tenant').map((c) => c.name);
  const requests = t.fanOut ? await fanOutRequests(t, t.fanOut, schema, source, options) : t.requests;
  const loader = createTable(db, schema, def.name, columns, requests.length > 1 || t.fanOut ? keys.filter((k) => wanted.has(k.toLowerCase())) : undefined);
  if (t.source === 'tenants') {
    const project = (rows: unknown[][]) => rows.map((r) => indexes.map((i) => r[i] ?? null));
    loader.insert(project(await source.tenantRows(def)));
    return;
  }
  let pages = 0;
  let rows = 0;
  const expected = new Map<number, number>();
  for (const [i, request] of requests.entries()) {
    for await (const page of source.pages(request, options.signal, stopCheck !== undefined)) {
      // Only the columns the query uses are computed and loaded.
      const loaded = source.toRows(def, page.records, { tenantId: page.tenantId, pseudo: request.pseudo }, indexes);
      loader.insert(loaded);
      pages += 1;
      rows += loaded.length;
      if (page.pageCount !== undefined) expected.set(i, page.pageCount);
      else if (request.paging.style === 'none' || request.kind === 'byId') expected.set(i, 1);
      const known = expected.size === requests.length ? [...expected.values()].reduce((a, b) => a + b, 0) : undefined;
      options.onProgress?.({ table: t.table, pages, rows, ...(known !== undefined ? { pagesExpected: known } : {}) });
      if (stopCheck?.()) return;
    }
  }
}

/** The columns of `def` a table plan uses: their positions in the declaration and how to load them. */
function wantedColumns(def: TableDef, t: TablePlan): { wanted: Set<string>; indexes: number[]; columns: LoadColumn[] } {
  const wanted = new Set(t.columns.map((c) => c.toLowerCase()));
  const indexes: number[] = [];
  const columns: LoadColumn[] = [];
  def.columns.forEach((c, i) => {
    if (wanted.has(c.name.toLowerCase())) {
      indexes.push(i);
      columns.push({ name: c.name, type: c.type });
    }
  });
  return { wanted, indexes, columns };
}

/**
 * Streams a row-wise plan ({@link QueryPlan.rowWise}: one table, one request, and a statement
 * whose rows each depend on one table row only). Each page is loaded into the table, the
 * statement's rows for it are yielded, and the page is deleted before the next one: memory holds
 * one page, not the table, and rows come out as soon as their page arrived. The rows are those
 * {@link loadQuery} would give, in the same order (insertion order, no ORDER BY).
 */
export async function* streamRowWise(
  plan: QueryPlan,
  schema: string,
  source: ExecutionSource,
  options: ExecuteOptions,
  onColumns: (columns: readonly ColumnInfo[]) => void,
): AsyncGenerator<unknown[], void, undefined> {
  const t = plan.tables[0];
  const request = t?.requests[0];
  if (!plan.rowWise || t === undefined || request === undefined) throw new XeroSqlError(ErrorCode.Query, 'streamRowWise needs a row-wise plan.');
  const db = openDatabase(schema);
  try {
    const def = source.table(t.schema, t.table);
    const { indexes, columns } = wantedColumns(def, t);
    const loader = createTable(db, schema, def.name, columns);
    const statement = prepareUserSql(db, plan, source, schema);
    if (!statement.reader) throw new XeroSqlError(ErrorCode.Unsupported, 'Only statements that return rows can run here.');
    const bind = bindArguments(options.params);
    onColumns(columnInfo(statement, plan, source, schema));
    const direct = plan.rowWiseWhere ? undefined : directColumns(statement, def.name, columns);
    const clear = db.prepare(`DELETE FROM ${quoteIdent(schema)}.${quoteIdent(def.name)}`);
    const raw = statement.raw(true);
    let pages = 0;
    let rows = 0;
    for await (const page of source.pages(request, options.signal, false)) {
      const loaded = source.toRows(def, page.records, { tenantId: page.tenantId, pseudo: request.pseudo }, indexes);
      pages += 1;
      rows += loaded.length;
      const expected = page.pageCount ?? (request.paging.style === 'none' || request.kind === 'byId' ? 1 : undefined);
      options.onProgress?.({ table: t.table, pages, rows, ...(expected !== undefined ? { pagesExpected: expected } : {}) });
      if (direct) {
        // Plain columns, no WHERE: SQLite would hand the loaded values back unchanged.
        for (const row of loaded) yield direct.map((i) => sameAsSqlite(row[i]));
        continue;
      }
      loader.insert(loaded);
      let out: unknown[][];
      try {
        out = raw.all(...bind) as unknown[][];
      } catch (err) {
        throw sqliteError(err);
      }
      clear.run();
      yield* out;
    }
  } finally {
    db.close();
  }
}

/**
 * When every result column is a plain column of the loaded table (`SELECT *`, `SELECT a, b AS c`),
 * the position of each in a loaded row; otherwise undefined (an expression needs SQLite).
 * Loaded values are already SQLite's: text as strings, numbers, booleans, dates as `YYYY-MM-DD`
 * strings, so the column affinities change none of them.
 */
function directColumns(statement: Database.Statement, table: string, loaded: readonly LoadColumn[]): number[] | undefined {
  const positions = new Map(loaded.map((c, i) => [c.name.toLowerCase(), i]));
  const out: number[] = [];
  for (const c of statement.columns()) {
    const at = c.column === null ? undefined : positions.get(c.column.toLowerCase());
    if (at === undefined || c.table?.toLowerCase() !== table.toLowerCase()) return undefined;
    out.push(at);
  }
  return out;
}

/** A loaded value as SQLite returns it: -0 comes back as 0 (an integral REAL is stored as INTEGER). */
function sameAsSqlite(v: unknown): unknown {
  return v === undefined ? null : Object.is(v, -0) ? 0 : v;
}

/**
 * The requests of a fanning-out table: its parent table is loaded into a scratch database, and
 * each request template is made once per distinct parent value of the template's tenant.
 * Refuses (before any child request) when that would exceed the fan-out limit.
 */
async function fanOutRequests(t: TablePlan, f: FanOutPlan, schema: string, source: ExecutionSource, options: ExecuteOptions): Promise<RequestPlan[]> {
  const scratch = openDatabase(schema);
  let values: { readonly tenantId: string; readonly value: string }[];
  try {
    await loadTable(scratch, schema, f.parent, source, options, undefined);
    const rows = scratch
      .prepare(
        `SELECT DISTINCT ${quoteIdent(f.parentTenantColumn)}, ${quoteIdent(f.parentColumn)} FROM ${quoteIdent(schema)}.${quoteIdent(f.parent.table)} WHERE ${quoteIdent(f.parentColumn)} IS NOT NULL ORDER BY rowid`,
      )
      .raw(true)
      .all() as [string, unknown][];
    values = rows.map(([tenantId, value]) => ({ tenantId: String(tenantId).toLowerCase(), value: String(value) }));
  } finally {
    scratch.close();
  }
  // Templates name a tenant only when WHERE did (TenantId = ...); otherwise every parent row is
  // the connection tenant's.
  const requests = t.requests.flatMap((template) =>
    values
      .filter((v) => template.tenantId === undefined || template.tenantId.toLowerCase() === v.tenantId)
      .map(({ value }): RequestPlan => ({
        ...template,
        path: f.param === undefined ? template.path.replace(`{${f.column}}`, encodeURIComponent(value)) : template.path,
        query: f.param === undefined ? template.query : { ...template.query, [f.param]: value },
        pseudo: { ...template.pseudo, [f.column]: value },
      })),
  );
  const limit = options.fanOutLimit ?? DEFAULT_FAN_OUT_LIMIT;
  if (limit > 0 && requests.length > limit) {
    throw new XeroSqlError(
      ErrorCode.FanOutLimit,
      `${t.table} without ${f.column} in WHERE needs one API call per ${f.parentColumn} of ${f.parent.table}: ${requests.length} calls, more than FanOutLimit=${limit}. ` +
        `Give ${f.column} in WHERE (= or IN) to read fewer, or raise FanOutLimit in the connection string (0 for no limit; Xero allows 60 calls a minute).`,
    );
  }
  return requests;
}

function earlyStopReached(stmt: Database.Statement, bind: unknown[], rows: number): boolean {
  if (rows === 0) return true;
  let n = 0;
  for (const _ of stmt.raw(true).iterate(...bind)) if (++n >= rows) return true;
  return false;
}

function prepareUserSql(db: Database.Database, plan: QueryPlan, source: ExecutionSource, schema: string): Database.Statement {
  try {
    return db.prepare(plan.sql);
  } catch (err) {
    throw sqliteError(err, plan, source, schema);
  }
}

function bindArguments(params: ExecuteOptions['params']): unknown[] {
  if (params === undefined) return [];
  const convert = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v instanceof Date ? v.toISOString() : v === undefined ? null : v);
  if (Array.isArray(params)) return params.map(convert);
  const named: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) named[k.replace(/^[@:$]/, '')] = convert(v);
  return [named];
}

function columnInfo(stmt: Database.Statement, plan: QueryPlan, source: ExecutionSource, schema: string): ColumnInfo[] {
  const seen = new Map<string, number>();
  return stmt.columns().map((c, position) => {
    const count = (seen.get(c.name.toLowerCase()) ?? 0) + 1;
    seen.set(c.name.toLowerCase(), count);
    const name = count === 1 ? c.name : `${c.name}_${count}`;
    const declared = sqlTypeOfDeclared(c.type);
    const def = c.table ? plan.tables.find((t) => t.table.toLowerCase() === c.table?.toLowerCase()) : undefined;
    const key = def && def.source === 'catalog' ? source.table(schema, def.table).columns.find((x) => x.name === c.column)?.key === true : false;
    const inferred = plan.resultTypes[position];
    // Expressions SQLite cannot type (x + 1, CASE ...) are typed from their values (valueTypes).
    return { name, type: declared ?? inferred ?? UNTYPED, nullable: !key };
  });
}

/** SQLite's errors, with "did you mean" for unknown columns. */
function sqliteError(err: unknown, plan?: QueryPlan, source?: ExecutionSource, schema?: string): XeroSqlError {
  if (err instanceof XeroSqlError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const column = /no such column: (?:(\w+)\.)?([\w$]+)/i.exec(message);
  if (column && plan && source && schema) {
    const candidates = plan.tables.flatMap((t) => (t.source === 'system' ? source.systemTable(t.table).columns : source.table(schema, t.table).columns).map((c) => c.name));
    const near = closest(column[2] as string, candidates.filter((c) => c.toLowerCase() !== (column[2] as string).toLowerCase()));
    return new XeroSqlError(
      ErrorCode.UnknownColumn,
      `Unknown column ${column[1] ? `${column[1]}.` : ''}${column[2]}.${near ? ` Did you mean ${near}?` : ''} See the columns with SELECT * FROM sys_tablecolumns WHERE TableName = '...'.`,
      { cause: err },
    );
  }
  if (/no such table/i.test(message)) return new XeroSqlError(ErrorCode.UnknownTable, message, { cause: err });
  if (/syntax error|incomplete input/i.test(message)) return new XeroSqlError(ErrorCode.SqlSyntax, `SQL syntax error: ${message}.`, { cause: err });
  return new XeroSqlError(ErrorCode.Query, message, { cause: err });
}
