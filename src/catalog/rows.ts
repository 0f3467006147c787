/**
 * Turns API records (parsed JSON) into rows of a table, per its declaration: which objects
 * become rows (`rows`), and where each column's value comes from (`source`), converted to the
 * column's type (`values.ts`). The executor calls {@link toRows} once per response.
 */
import type { ColumnDef, ColumnSource, RowsDef, TableDef } from './table-def.js';
import { toSqlValue, type SqlValue } from './values.js';

export type { SqlValue } from './values.js';

/** One row: values in the table's column order. */
export type Row = SqlValue[];

/** What a response's rows need besides the records. */
export interface RowContext {
  /**
   * The tenant the records came from. For `rows.kind: "tenants"` it is the connection's tenant
   * instead, which the `IsActive` column compares with.
   */
  readonly tenantId: string;
  /**
   * The values the request was made with for pseudo-columns and `pathParam` columns, by column
   * name (`{ FromDate: '2026-01-01' }`, `{ InvoiceId: '…' }`); rows echo them.
   */
  readonly pseudo?: Readonly<Record<string, SqlValue>>;
}

/** A JSON object. */
type Obj = Readonly<Record<string, unknown>>;

/** Everything a column may read for one row. */
interface RowScope {
  readonly record: Obj;
  /** 1-based position of the record in the response. */
  readonly recordNumber: number;
  readonly item?: Obj;
  /** 1-based position of the item in its record (0: the record has none). */
  readonly itemNumber?: number;
  readonly inner?: Obj;
  readonly innerNumber?: number;
  readonly report?: ReportLine;
}

/** A report row with what the report columns read. */
interface ReportLine {
  readonly number: number;
  readonly rowType: string | null;
  readonly section: string | null;
  readonly cells: readonly Obj[];
}

type Getter = (scope: RowScope, ctx: RowContext) => unknown;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const objects = (v: unknown): Obj[] => asArray(v).filter(isObj);

/** The value at a dotted path (`Contact.ContactID`); undefined when any step is missing. */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const step of path.split('.')) {
    if (!isObj(current)) return undefined;
    current = current[step];
  }
  return current;
}

function readSteps(value: unknown, steps: readonly string[]): unknown {
  let current = value;
  for (const step of steps) {
    if (!isObj(current)) return undefined;
    current = current[step];
  }
  return current;
}

/** Tracking entries name their parts as Xero does (LineItemTracking / TrackingCategory schemas). */
const TRACKING_FIELDS = {
  CategoryId: 'TrackingCategoryID',
  CategoryName: 'Name',
  OptionId: 'TrackingOptionID',
  OptionName: 'Option',
} as const;

function scoped(scope: RowScope, which: 'record' | 'item' | 'inner'): Obj | undefined {
  return which === 'record' ? scope.record : scope[which];
}

function getter(table: TableDef, column: ColumnDef): Getter {
  const source: ColumnSource = column.source;
  switch (source.kind) {
    case 'field': {
      // The path is split once per declaration, not once per value.
      const steps = source.path.split('.');
      const which = source.scope;
      if (steps.length === 1) {
        const key = steps[0] as string;
        return (s) => {
          const from = scoped(s, which);
          return isObj(from) ? from[key] : undefined;
        };
      }
      return (s) => readSteps(scoped(s, which), steps);
    }
    case 'tracking':
      return (s) => {
        const entry = objects(readPath(scoped(s, source.scope), source.path))[source.slot - 1];
        return entry?.[TRACKING_FIELDS[source.part]];
      };
    case 'indexed':
      return (s) => {
        const array = readPath(scoped(s, source.scope), source.path);
        const element = Array.isArray(array) ? (array as unknown[])[source.index] : undefined;
        if (source.field === undefined) return isObj(element) ? undefined : element;
        return isObj(element) ? readPath(element, source.field) : undefined;
      };
    case 'match':
      return (s) => {
        const found = objects(readPath(s.record, source.path)).find((e) => String(e[source.key]) === source.value);
        return found === undefined ? undefined : readPath(found, source.field);
      };
    case 'rowId':
      return rowIdGetter(table, source.of);
    case 'tenant':
      return table.rows.kind === 'tenants' ? (s) => s.record.tenantId : (_s, ctx) => ctx.tenantId;
    case 'pathValue':
    case 'pseudo':
      return (_s, ctx) => ctx.pseudo?.[column.name];
    case 'reportRow':
      return (s) => s.report?.number;
    case 'reportRowType':
      return (s) => s.report?.rowType;
    case 'reportSection':
      return (s) => s.report?.section;
    case 'reportCell':
      return (s) => s.report?.cells[source.index - 1]?.Value;
    case 'reportAttribute':
      return (s) => {
        for (const cell of s.report?.cells ?? []) {
          const attribute = objects(cell.Attributes).find((a) => a.Id === source.id);
          if (attribute) return attribute.Value;
        }
        return undefined;
      };
  }
}

function rowIdGetter(table: TableDef, of: string | undefined): Getter {
  if (of !== undefined) return (s, ctx) => `${s.recordNumber}|${String(ctx.pseudo?.[of] ?? '')}`;
  const idField = table.rows.kind === 'items' ? table.rows.idField : '';
  return (s) => {
    const n = s.innerNumber === undefined ? `${s.itemNumber ?? 0}` : `${s.itemNumber ?? 0}.${s.innerNumber}`;
    return `${n}|${String(readPath(s.record, idField) ?? '')}`;
  };
}

/** Each table's column getters, made once per declaration. */
const compiledTables = new WeakMap<TableDef, readonly Getter[]>();

function gettersOf(table: TableDef): readonly Getter[] {
  let getters = compiledTables.get(table);
  if (!getters) {
    getters = table.columns.map((c) => getter(table, c));
    compiledTables.set(table, getters);
  }
  return getters;
}

/** The scopes (one per row) of the records of an `items` table. */
function* itemScopes(rows: Extract<RowsDef, { kind: 'items' }>, records: readonly Obj[]): Generator<RowScope> {
  const { path, inner, keepEmpty } = rows;
  for (const [r, record] of records.entries()) {
    const recordNumber = r + 1;
    const items = objects(readPath(record, path));
    if (items.length === 0 && keepEmpty) yield { record, recordNumber, itemNumber: 0 };
    for (const [i, item] of items.entries()) {
      const itemNumber = i + 1;
      if (inner === undefined) {
        yield { record, recordNumber, item, itemNumber };
        continue;
      }
      const inners = objects(readPath(item, inner));
      if (inners.length === 0 && keepEmpty) yield { record, recordNumber, item, itemNumber };
      for (const [j, innerItem] of inners.entries()) yield { record, recordNumber, item, itemNumber, inner: innerItem, innerNumber: j + 1 };
    }
  }
}

/**
 * The rows of reports: each `Header`, `Row` and `SummaryRow` in document order, the rows of
 * `Section`s flattened in place with the section's title, numbered from 1 across the response.
 */
function* reportScopes(reports: readonly Obj[]): Generator<RowScope> {
  let number = 0;
  function* walk(rows: unknown, section: string | null, record: Obj, recordNumber: number): Generator<RowScope> {
    for (const row of objects(rows)) {
      if (row.RowType === 'Section') {
        yield* walk(row.Rows, typeof row.Title === 'string' ? row.Title : null, record, recordNumber);
        continue;
      }
      number += 1;
      const rowType = typeof row.RowType === 'string' ? row.RowType : null;
      yield { record, recordNumber, report: { number, rowType, section, cells: objects(row.Cells) } };
    }
  }
  for (const [r, report] of reports.entries()) yield* walk(report.Rows, null, report, r + 1);
}

function* scopesOf(table: TableDef, records: readonly Obj[], ctx: RowContext): Generator<RowScope> {
  switch (table.rows.kind) {
    case 'record':
      for (const [r, record] of records.entries()) yield { record, recordNumber: r + 1 };
      return;
    case 'items':
      yield* itemScopes(table.rows, records);
      return;
    case 'report':
      yield* reportScopes(records);
      return;
    case 'tenants':
      // Records are `GET /connections` entries; `isActive` marks the connection's own tenant.
      for (const [r, record] of records.entries()) {
        yield { record: { ...record, isActive: String(record.tenantId).toLowerCase() === ctx.tenantId.toLowerCase() }, recordNumber: r + 1 };
      }
      return;
  }
}

/**
 * The rows of one response's records (the envelope's array; the `Reports` array for reports;
 * the `/connections` entries for `Tenants`), values converted per column type and format.
 */
export function toRows(table: TableDef, records: readonly unknown[], ctx: RowContext, only?: readonly number[]): Row[] {
  const getters = gettersOf(table);
  const rows: Row[] = [];
  if (only === undefined) {
    for (const scope of scopesOf(table, records.filter(isObj), ctx)) {
      rows.push(table.columns.map((c, i) => toSqlValue((getters[i] as Getter)(scope, ctx), c.type, c.format)));
    }
    return rows;
  }
  // Only the columns a query uses: the others are never read or converted.
  const cols = only.map((i) => table.columns[i] as ColumnDef);
  const gets = only.map((i) => getters[i] as Getter);
  for (const scope of scopesOf(table, records.filter(isObj), ctx)) {
    const row: SqlValue[] = new Array(cols.length);
    for (let k = 0; k < cols.length; k++) {
      const c = cols[k] as ColumnDef;
      row[k] = toSqlValue((gets[k] as Getter)(scope, ctx), c.type, c.format);
    }
    rows.push(row);
  }
  return rows;
}
