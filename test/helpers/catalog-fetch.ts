/**
 * Test helpers for the catalog: fetch a table's records from the simulator the way its
 * declaration says (path, fixed and pseudo parameters, paging style, envelope), and compute the
 * value a column should hold from a stored record, independently of `src/catalog/rows.ts`.
 */
import type { ColumnDef, TableDef } from '../../src/catalog/table-def.js';
import type { Simulator } from '../../src/simulator/index.js';
import { apiGet } from './sim-client.js';

type Obj = Record<string, unknown>;

/** Values of pathParam columns (by column name) and pseudo-columns (by column name). */
export type Inputs = Readonly<Record<string, string>>;

/** One response of a table, as the executor would receive it. */
export interface FetchedPage {
  readonly records: Obj[];
  /** The whole response body. */
  readonly body: Obj;
}

function requestPath(table: TableDef, inputs: Inputs): string {
  return table.request.base + table.request.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = inputs[name];
    if (value === undefined) throw new Error(`${table.name} needs ${name}`);
    return encodeURIComponent(value);
  });
}

function query(table: TableDef, inputs: Inputs): Record<string, string> {
  const q: Record<string, string> = { ...table.request.params };
  for (const c of table.columns) {
    if (c.source.kind === 'pseudo' && inputs[c.name] !== undefined) q[c.source.param] = inputs[c.name] as string;
  }
  return q;
}

/**
 * Every response page of a table's list request, following `request.paging`: one call, pages of
 * the largest allowed size until a short page, or offsets until a short batch.
 */
export async function fetchPages(sim: Simulator, token: string, table: TableDef, inputs: Inputs = {}, extraQuery: Readonly<Record<string, string>> = {}, tenantId?: string): Promise<FetchedPage[]> {
  const path = requestPath(table, inputs);
  const base = { ...query(table, inputs), ...extraQuery };
  const envelope = table.request.envelope;
  const get = async (extra: Record<string, string>): Promise<FetchedPage> => {
    const res = await apiGet(sim, path, { token, query: { ...base, ...extra }, ...(tenantId ? { tenantId } : {}) });
    if (res.status !== 200) throw new Error(`${table.name}: GET ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
    const body = res.json as Obj;
    // A dotted envelope reaches into objects; a lone object is one record.
    let value: unknown = res.json;
    for (const key of envelope?.split('.') ?? []) value = (value as Obj | undefined)?.[key];
    const records = Array.isArray(value) ? (value as Obj[]) : value !== null && typeof value === 'object' ? [value as Obj] : [];
    return { records, body };
  };
  const paging = table.request.paging;
  const pages: FetchedPage[] = [];
  switch (paging.style) {
    case 'none':
      pages.push(await get({}));
      break;
    case 'page': {
      const size = paging.sizeParam ? (paging.maxSize ?? paging.size) : paging.size;
      for (let page = 1; ; page++) {
        const got = await get({ page: String(page), ...(paging.sizeParam ? { [paging.sizeParam]: String(size) } : {}) });
        pages.push(got);
        if (got.records.length < size) break;
      }
      break;
    }
    case 'offset': {
      let offset = 0;
      for (;;) {
        const got = await get({ [paging.param]: String(offset) });
        pages.push(got);
        if (got.records.length < paging.size) break;
        offset = Number(got.records.at(-1)?.[paging.field]);
      }
      break;
    }
  }
  return pages;
}

export function readPathOf(value: unknown, path: string): unknown {
  let current = value;
  for (const step of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Obj)[step];
  }
  return current;
}

/** What one row was made from, as the test knows it. */
export interface RowOrigin {
  readonly record: Obj;
  readonly recordNumber: number;
  readonly item?: Obj;
  readonly itemNumber?: number;
  readonly inner?: Obj;
  readonly innerNumber?: number;
  readonly tenantId: string;
  readonly inputs: Inputs;
}

const msOf = (text: string): number | undefined => {
  const m = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(text);
  return m ? Number(m[1]) : undefined;
};

/** The value a stored JSON value should become in a column (a second, simpler implementation). */
export function expectedConversion(raw: unknown, column: ColumnDef): unknown {
  if (raw === undefined || raw === null) return null;
  if (column.format === 'msdate' || column.format === 'msdatetime') {
    const ms = msOf(String(raw));
    if (ms === undefined) return null;
    const iso = new Date(ms).toISOString();
    return column.type === 'date' ? iso.slice(0, 10) : iso;
  }
  if (column.format === 'isodate') return /^\d{4}-\d{2}-\d{2}/.exec(String(raw))?.[0] ?? null;
  switch (column.type) {
    case 'text':
      return String(raw);
    case 'integer':
    case 'decimal':
    case 'real': {
      const n = Number(raw);
      return raw === '' || !Number.isFinite(n) ? null : n;
    }
    default:
      return raw;
  }
}

const TRACKING_FIELD = { CategoryId: 'TrackingCategoryID', CategoryName: 'Name', OptionId: 'TrackingOptionID', OptionName: 'Option' } as const;

/** The value a record/item column should hold for a row made from `origin`. */
export function expectedValue(table: TableDef, column: ColumnDef, origin: RowOrigin): unknown {
  const s = column.source;
  const scoped = (scope: 'record' | 'item' | 'inner') => (scope === 'record' ? origin.record : origin[scope]);
  switch (s.kind) {
    case 'field':
      return expectedConversion(readPathOf(scoped(s.scope), s.path), column);
    case 'tracking': {
      const entries = readPathOf(scoped(s.scope), s.path);
      const entry = Array.isArray(entries) ? (entries[s.slot - 1] as Obj | undefined) : undefined;
      return expectedConversion(entry?.[TRACKING_FIELD[s.part]], column);
    }
    case 'indexed': {
      const list = readPathOf(scoped(s.scope), s.path);
      const element = Array.isArray(list) ? (list[s.index] as unknown) : undefined;
      return expectedConversion(s.field === undefined ? element : readPathOf(element, s.field), column);
    }
    case 'match': {
      const list = readPathOf(origin.record, s.path);
      const found = Array.isArray(list) ? (list as Obj[]).find((e) => e[s.key] === s.value) : undefined;
      return expectedConversion(found === undefined ? undefined : readPathOf(found, s.field), column);
    }
    case 'rowId': {
      if (s.of !== undefined) return `${origin.recordNumber}|${origin.inputs[s.of]}`;
      const id = table.rows.kind === 'items' ? String(readPathOf(origin.record, table.rows.idField)) : '';
      const n = origin.innerNumber === undefined ? `${origin.itemNumber ?? 0}` : `${origin.itemNumber}.${origin.innerNumber}`;
      return `${n}|${id}`;
    }
    case 'tenant':
      return origin.tenantId;
    case 'pathValue':
    case 'pseudo':
      return expectedConversion(origin.inputs[column.name], column);
    default:
      throw new Error(`expectedValue does not cover ${s.kind} (report columns are checked against the served report)`);
  }
}
