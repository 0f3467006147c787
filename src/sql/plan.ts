/**
 * A query plan: frozen data saying, for each table a query reads, which API requests fetch it
 * (with the filters, ordering and paging sent to Xero) and what the engine still does locally.
 * Built by the planner with no I/O, printed by EXPLAIN, executed by the executor.
 */
import type { PagingDef, SqlType } from '../catalog/table-def.js';
import type { Value } from './nodes.js';

/** One API request (paged when `paging` says so). */
export interface RequestPlan {
  /** `list`: the collection (paged); `byId`: one record; `connections`: GET /connections; `none`: rows made locally. */
  readonly kind: 'list' | 'byId' | 'connections' | 'none';
  /** Full path, placeholders filled (e.g. `/api.xro/2.0/Invoices/1f0c.../History`). */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly paging: PagingDef;
  /** Envelope key of the records in the response (absent: bare array or object). */
  readonly envelope?: string;
  /** Tenant to call; undefined means the connection's tenant. */
  readonly tenantId?: string;
  /** Pseudo-column values this request was made with (echoed into its rows). */
  readonly pseudo: Readonly<Record<string, Value>>;
}

/** How one table reference of the query is read. */
export interface TablePlan {
  /** Schema the table belongs to. */
  readonly schema: string;
  /** Declared table name (the catalog's spelling). */
  readonly table: string;
  /** `catalog`: an API table; `system`: sys_* rows; `tenants`: the Tenants view. */
  readonly source: 'catalog' | 'system' | 'tenants';
  readonly requests: readonly RequestPlan[];
  /** Conditions sent to Xero, as readable text. */
  readonly pushed: readonly string[];
  /** Conditions kept for SQLite alone (everything in WHERE is re-applied there anyway). */
  readonly local: readonly string[];
  /** Columns to load (the query's columns of this table; all of them for `*`). */
  readonly columns: readonly string[];
  /**
   * Paging may stop once the query, run on the rows loaded so far, returns `rows` rows (its
   * LIMIT): rows arrive in the order the query needs, so later pages cannot change the answer.
   */
  readonly earlyStop?: { readonly rows: number };
  /** The least number of API calls known in advance, or undefined when it depends on the data. */
  readonly minimumCalls?: number;
  /**
   * The requests need a parent id WHERE did not give (`/Projects/{ProjectId}/Tasks` without
   * `ProjectId`): the parent table is read first and `requests` are templates, made once per
   * distinct parent value (of the same tenant) before they run.
   */
  readonly fanOut?: FanOutPlan;
}

/** Where a child table's missing parent ids come from. */
export interface FanOutPlan {
  /** The child's column the values are for (a path parameter or a required pseudo-column). */
  readonly column: string;
  /** For a pseudo-column: the query parameter the value is sent as (else it fills `{column}` in the path). */
  readonly param?: string;
  /** How the parent table is read (it may fan out itself). */
  readonly parent: TablePlan;
  /** The parent's column holding the values. */
  readonly parentColumn: string;
  /** The parent's tenant column (values are used only for requests to their own tenant). */
  readonly parentTenantColumn: string;
}

export interface QueryPlan {
  readonly tables: readonly TablePlan[];
  /** The SQL SQLite runs (the user's text, with TOP rewritten to LIMIT). */
  readonly sql: string;
  /**
   * Result column types SQLite cannot report (it knows declared types of plain columns only):
   * by position, for aggregates such as SUM(Total) (decimal) or COUNT(*) (integer).
   */
  readonly resultTypes: readonly (SqlType | undefined)[];
  /**
   * Each result row depends on one row of the plan's only table, read by one request: no join,
   * grouping, aggregate, DISTINCT, window, ORDER BY, LIMIT, compound or subquery. Such a query
   * can stream page by page (`streamRowWise`) instead of loading the whole table first.
   */
  readonly rowWise?: boolean;
  /** With `rowWise`: the statement has a WHERE, which SQLite applies to each page. */
  readonly rowWiseWhere?: boolean;
}
