/**
 * The shape of a table declaration (`schemas/<api>/<Table>.json`). A declaration says everything
 * the engine needs to know about a table as data: which request reads it, how its responses page,
 * how one API record becomes rows, each column's type and JSON source, and which WHERE conditions
 * can be sent to Xero and as what. The planner, the executor, `sys_tablecolumns` and the README
 * all read declarations; no code branches on a table's name.
 *
 * Declarations are validated with {@link tableDefSchema} when loaded; every problem in every file
 * is reported at once.
 */
import { z } from 'zod';
import { SCHEMAS } from '../connection/properties.js';

/** SQL types of columns (and of result columns). */
export const SQL_TYPES = ['text', 'integer', 'decimal', 'real', 'boolean', 'date', 'datetime'] as const;
export type SqlType = (typeof SQL_TYPES)[number];

/**
 * How a value written in JSON is read: `msdate` is Xero's `/Date(ms+0000)/` for a date-only field
 * (becomes `YYYY-MM-DD`, no timezone shift), `msdatetime` the same for a timestamp (becomes
 * `YYYY-MM-DDTHH:MM:SS.sssZ`), `isodate`/`isodatetime` ISO strings (with or without zone; a
 * missing zone means UTC), `money` an object `{currency, value}` read for its value.
 */
export const VALUE_FORMATS = ['plain', 'msdate', 'msdatetime', 'isodate', 'isodatetime'] as const;
export type ValueFormat = (typeof VALUE_FORMATS)[number];

/** Operators a pushdown can take, as they appear in SQL. */
export const PUSH_OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'in', 'like', 'is null', 'is not null'] as const;
export type PushOperator = (typeof PUSH_OPERATORS)[number];

/** Kinds of values in Xero's where language (decide how literals are written). */
export const WHERE_KINDS = ['string', 'guid', 'number', 'boolean', 'date', 'datetime', 'enum'] as const;
export type WhereKind = (typeof WHERE_KINDS)[number];

const name = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be an identifier (letters, digits, _)');
const jsonPath = z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'must be a dotted JSON path such as Contact.ContactID');

/** Where a column's value comes from. */
const columnSource = z.discriminatedUnion('kind', [
  /**
   * A field of the API record (`scope: 'record'`), of the flattened item (`scope: 'item'`), or of
   * the element of the item's inner array (`scope: 'inner'`, see `rows.inner`).
   */
  z.object({ kind: z.literal('field'), path: jsonPath, scope: z.enum(['record', 'item', 'inner']).default('record') }).strict(),
  /**
   * `<n>|<id>`: the key of flattened tables (the commercial driver's `Id`). On `items` rows `n` is
   * the item's 1-based position in its record (`i.j` with an inner array) and `id` the record's
   * `rows.idField`; on `record` rows, `of` names the `pathValue` column whose value is `id` and
   * `n` is the record's position in the response (History entries, which have no id of their own).
   */
  z.object({ kind: z.literal('rowId'), of: name.optional() }).strict(),
  /** The value a `filter.pathParam` column put into the request path (`/Invoices/{InvoiceId}/History`). */
  z.object({ kind: z.literal('pathValue') }).strict(),
  /** The tenant (organisation) id the row came from. */
  z.object({ kind: z.literal('tenant') }).strict(),
  /**
   * A tracking slot of a line (`Tracking` array, at most 2 categories at Xero): slot 1 or 2,
   * and which part of the tracking entry.
   */
  z
    .object({
      kind: z.literal('tracking'),
      path: jsonPath,
      scope: z.enum(['record', 'item']).default('item'),
      slot: z.union([z.literal(1), z.literal(2)]),
      part: z.enum(['CategoryId', 'CategoryName', 'OptionId', 'OptionName']),
    })
    .strict(),
  /**
   * The `index`-th (0-based) element of an array field of the record (or of the item), then
   * `field` in it (`ContactPerson1_FirstName`); without `field`, the element itself (a timesheet
   * line's `NumberOfUnits` per day).
   */
  z
    .object({
      kind: z.literal('indexed'),
      path: jsonPath,
      index: z.number().int().min(0),
      field: jsonPath.optional(),
      scope: z.enum(['record', 'item']).default('record'),
    })
    .strict(),
  /** The element of an array whose `key` equals `value`, then `field` in it (addresses and phones by type). */
  z.object({ kind: z.literal('match'), path: jsonPath, key: name, value: z.string(), field: jsonPath }).strict(),
  /** A report row's 1-based number. */
  z.object({ kind: z.literal('reportRow') }).strict(),
  /** A report row's type: `Header`, `Row` or `SummaryRow`. */
  z.object({ kind: z.literal('reportRowType') }).strict(),
  /** The title of the report section a row is in (`Income`, ...; null outside sections). */
  z.object({ kind: z.literal('reportSection') }).strict(),
  /** A report row's n-th cell value (1-based). */
  z.object({ kind: z.literal('reportCell'), index: z.number().int().min(1) }).strict(),
  /** The value of the attribute with this `Id` on the row's cells (`account`, `invoiceID`). */
  z.object({ kind: z.literal('reportAttribute'), id: z.string() }).strict(),
  /**
   * A pseudo-column: an input given in WHERE (`WHERE FromDate = '2026-01-01'`) and sent as the
   * request parameter `param`; rows echo the value given (null when not given). A `required`
   * one must be given with `=` or `in` (one request per value), like a `pathParam`.
   */
  z.object({ kind: z.literal('pseudo'), param: z.string(), required: z.boolean().default(false) }).strict(),
]);
export type ColumnSource = z.output<typeof columnSource>;

/** How WHERE conditions on a column can be sent to Xero (all optional). */
const columnFilter = z
  .object({
    /** Xero `where` field and how to write literals for it. */
    where: z.object({ field: jsonPath, kind: z.enum(WHERE_KINDS), operators: z.array(z.enum(PUSH_OPERATORS)).min(1) }).strict().optional(),
    /** A query parameter taking this column's values (`IDs`, `Statuses`, `ContactID` ...). */
    param: z
      .object({
        name: z.string(),
        /** `=` only, or `=` and `in` (comma-separated list, unless `each`). */
        operators: z.array(z.enum(['=', 'in'])).min(1),
        /** The parameter takes one value per request: several values mean one request each. */
        each: z.boolean().default(false),
        /**
         * The parameter is required by the endpoint: without a value in WHERE, one request per
         * default value (Assets' `status`: DRAFT, REGISTERED, DISPOSED).
         */
        defaults: z.array(z.string()).optional(),
        /** How SQL values are written in the parameter (`upper`: Registered → REGISTERED). */
        transform: z.enum(['none', 'upper', 'lower']).default('none'),
      })
      .strict()
      .optional(),
    /** Inclusive date range parameters sent as `YYYY-MM-DD` (`DateFrom` for `>`/`>=`, `DateTo` for `<`/`<=`). */
    range: z.object({ from: z.string(), to: z.string() }).strict().optional(),
    /** `>`/`>=` on this column can become the `If-Modified-Since` header. */
    modifiedSince: z.boolean().optional(),
    /** `=`/`in` on this column can read records by id (`GET /path/{id}`). */
    byId: z.boolean().optional(),
    /**
     * The request path needs this column's value (`/Invoices/{InvoiceId}/History`): it must be
     * given in WHERE with `=` or `in` (one request per value).
     */
    pathParam: z.boolean().optional(),
    /** Xero's "optimised" filter for large organisations (xero-platform-facts.md §8): preferred. */
    optimised: z.boolean().optional(),
    /**
     * For a `pathParam` column or a required pseudo-column that WHERE does not give: the values
     * may be read from this column of another table of the same schema, one request per value
     * (what the commercial driver does for `HistoryInvoices` without `InvoiceId`; costly).
     */
    valuesFrom: z.object({ table: name, column: name }).strict().optional(),
  })
  .strict();
export type ColumnFilter = z.output<typeof columnFilter>;

const columnDef = z
  .object({
    name,
    type: z.enum(SQL_TYPES),
    description: z.string(),
    source: columnSource,
    format: z.enum(VALUE_FORMATS).default('plain'),
    /** Part of the table's primary key. */
    key: z.boolean().default(false),
    filter: columnFilter.optional(),
    /** Xero `order` field, when ORDER BY on this column can be sent to Xero. */
    order: jsonPath.optional(),
  })
  .strict();
export type ColumnDef = z.output<typeof columnDef>;

/** How list responses page. */
const paging = z.discriminatedUnion('style', [
  z.object({ style: z.literal('none') }).strict(),
  /**
   * `page=N` (1-based). `sizeParam` (and `maxSize`) when the page size can be chosen; `size` is
   * the default; `pagination` when responses carry a `pagination` object with pageCount.
   */
  z
    .object({
      style: z.literal('page'),
      size: z.number().int().positive(),
      sizeParam: z.string().optional(),
      maxSize: z.number().int().positive().optional(),
      pagination: z.boolean().default(false),
      /**
       * Without `page` the endpoint returns every record at once (Accounting's lists): the
       * engine then reads tables whose unpaged records are complete in one call.
       */
      optional: z.boolean().default(false),
    })
    .strict(),
  /** Journals: `offset=<last number seen>`, `size` per call, ordered by `field`. */
  z.object({ style: z.literal('offset'), param: z.string(), field: jsonPath, size: z.number().int().positive() }).strict(),
]);
export type PagingDef = z.output<typeof paging>;

const requestDef = z
  .object({
    /** Base path of the API (`/api.xro/2.0`). */
    base: z.string().regex(/^\/[A-Za-z0-9._/-]+$/),
    /** Path under the base; `{Column}` placeholders take values of `pathParam` columns. */
    path: z.string().regex(/^\/[A-Za-z0-9_{}/.-]*$/),
    /** Path of a by-id read, with `{id}` (when a column has `filter.byId`). */
    byIdPath: z.string().optional(),
    /** Key of the record array in the response; absent when the response is a bare array. */
    envelope: z.string().optional(),
    /**
     * Where the record is in a by-id response, when not under `envelope`: another key
     * (Payroll's `Timesheet`), or null when the response is the bare record (Files, Assets).
     */
    byIdEnvelope: z.string().nullable().optional(),
    paging,
    /**
     * The list returns summaries unless paged (Invoices without `page` have no line items), so
     * the engine always pages this table.
     */
    detailNeedsPaging: z.boolean().default(false),
    /** The endpoint accepts `where` and `order` query parameters. */
    where: z.boolean().default(false),
    order: z.boolean().default(false),
    /** Fixed query parameters always sent. */
    params: z.record(z.string(), z.string()).default({}),
    /**
     * Query parameter that makes the endpoint include archived records (`includeArchived`):
     * sent as `true` when the connection has `IncludeArchived=true`.
     */
    archivedParam: z.string().optional(),
    /** Scopes any one of which allows the call (for error messages). */
    scopes: z.array(z.string()).default([]),
  })
  .strict();
export type RequestDef = z.output<typeof requestDef>;

/** How one API record becomes rows. */
const rowsDef = z.discriminatedUnion('kind', [
  /** One row per record. */
  z.object({ kind: z.literal('record') }).strict(),
  /**
   * One row per element of the array at `path` (line items, journal lines, allocations); a
   * record with none gives one row with the item columns null when `keepEmpty`. With `inner`,
   * one row per element of that array inside each item instead (budget lines × periods).
   */
  z
    .object({
      kind: z.literal('items'),
      path: jsonPath,
      idField: jsonPath,
      keepEmpty: z.boolean().default(true),
      inner: jsonPath.optional(),
    })
    .strict(),
  /**
   * Report rows: every `Header`, `Row` and `SummaryRow` of the report in document order, rows of
   * sections flattened (their title in the `reportSection` column), numbered from 1.
   */
  z.object({ kind: z.literal('report') }).strict(),
  /** The tenants the connection reaches (`GET /connections`); no API request of its own. */
  z.object({ kind: z.literal('tenants') }).strict(),
]);
export type RowsDef = z.output<typeof rowsDef>;

export const tableDefSchema = z
  .object({
    name,
    schema: z.enum(SCHEMAS),
    kind: z.enum(['table', 'view']),
    description: z.string().min(1),
    request: requestDef,
    rows: rowsDef,
    columns: z.array(columnDef).min(1),
  })
  .strict()
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.columns.forEach((c, i) => {
      const key = c.name.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['columns', i, 'name'], message: `duplicate column ${c.name}` });
      seen.add(key);
      const source = c.source;
      const scope = source.kind === 'field' || source.kind === 'tracking' || source.kind === 'indexed' ? source.scope : 'record';
      const issue = (message: string, at: 'source' | 'filter' = 'source') => ctx.addIssue({ code: 'custom', path: ['columns', i, at], message });
      if ((scope !== 'record' || (source.kind === 'rowId' && source.of === undefined)) && t.rows.kind !== 'items') {
        issue('item columns need rows.kind "items"');
      }
      if (scope === 'inner' && !(t.rows.kind === 'items' && t.rows.inner)) issue('inner columns need rows.inner');
      if (source.kind === 'rowId' && source.of !== undefined) {
        const of = t.columns.find((o) => o.name === source.of);
        if (t.rows.kind !== 'record' || of?.source.kind !== 'pathValue') issue(`rowId of ${source.of} needs rows.kind "record" and a pathValue column ${source.of}`);
      }
      if (source.kind === 'pathValue' && !c.filter?.pathParam) issue('a pathValue column needs filter.pathParam');
      if (source.kind.startsWith('report') && t.rows.kind !== 'report') issue('report columns need rows.kind "report"');
      if (c.filter?.valuesFrom && !c.filter.pathParam && !(source.kind === 'pseudo' && source.required)) {
        issue('valuesFrom needs a pathParam or a required pseudo-column', 'filter');
      }
      if (c.filter?.pathParam && !t.request.path.includes(`{${c.name}}`)) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'filter'], message: `pathParam column ${c.name} has no {${c.name}} in request.path` });
      }
      if (c.filter?.byId && !t.request.byIdPath) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'filter'], message: 'byId needs request.byIdPath' });
      }
      if (c.filter?.where && !t.request.where) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'filter'], message: 'where pushdown on an endpoint without where' });
      }
    });
    for (const placeholder of t.request.path.matchAll(/\{(\w+)\}/g)) {
      if (!t.columns.some((c) => c.name === placeholder[1] && c.filter?.pathParam)) {
        ctx.addIssue({ code: 'custom', path: ['request', 'path'], message: `{${placeholder[1]}} has no pathParam column` });
      }
    }
    if (!t.columns.some((c) => c.key)) ctx.addIssue({ code: 'custom', path: ['columns'], message: 'no key column' });
  });

/** A validated table declaration. */
export type TableDef = z.output<typeof tableDefSchema>;
/** A declaration as written in JSON (defaults may be omitted). */
export type TableDefInput = z.input<typeof tableDefSchema>;
