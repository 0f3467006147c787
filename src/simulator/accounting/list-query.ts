/**
 * Answers a list request on a collection endpoint the way Xero does: declared parameter filters,
 * `If-Modified-Since`, `where`, `order`, then paging, then the summary/`unitdp` projection.
 */
import { parseMsDate } from '../data/msdate.js';
import type { XeroRecord } from '../data/types.js';
import { header, type SimRequest } from '../http.js';
import { compileSort, compileWhere, QueryParseError, type TypeModel } from '../where/index.js';
import type { CollectionEndpoint, ParamFilter } from './endpoints.js';
import { getPath, sameValue } from './records.js';
import { projectRecord, type Projection } from './project.js';
import { queryParseException, validationException, type AccountingError } from './responses.js';

/** Xero's default page size, and the most `pageSize` may ask for ([docs] facts §7.4). */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
/** Journals come 100 per call ([docs] facts §7.4). */
export const JOURNALS_PER_CALL = 100;

/** The `pagination` object of paged responses. */
export interface Pagination {
  readonly page: number;
  readonly pageSize: number;
  readonly pageCount: number;
  readonly itemCount: number;
}

export type ListResult =
  | { readonly ok: true; readonly records: XeroRecord[]; readonly pagination?: Pagination }
  | { readonly ok: false; readonly error: AccountingError };

/** Runs one list request against the endpoint's stored records. */
export function runListQuery(
  endpoint: CollectionEndpoint,
  stored: readonly XeroRecord[],
  req: SimRequest,
  model: TypeModel,
): ListResult {
  const q = req.query;
  const page = positiveInt(q, 'page');
  if (page === null) return invalid('page', 'a whole number from 1');
  const pageSizeParam = endpoint.paging === 'page+pageSize' ? positiveInt(q, 'pageSize') : undefined;
  if (pageSizeParam === null) return invalid('pageSize', 'a whole number from 1');
  const offset = endpoint.paging === 'offset' ? nonNegativeInt(q, 'offset') : undefined;
  if (offset === null) return invalid('offset', 'a whole number from 0');

  let records: XeroRecord[] = stored as XeroRecord[];
  const nested: ((r: XeroRecord) => XeroRecord)[] = [];
  for (const filter of endpoint.filters) {
    const applied = applyFilter(filter, records, q);
    if ('error' in applied) return { ok: false, error: applied.error };
    records = applied.records;
    if (applied.nested) nested.push(applied.nested);
  }

  if (endpoint.modifiedField) {
    const since = parseModifiedSince(header(req, 'if-modified-since'));
    if (since !== undefined) {
      const field = endpoint.modifiedField;
      records = records.filter((r) => {
        const value = r[field];
        return typeof value === 'string' && parseMsDate(value) >= since;
      });
    }
  }

  if (endpoint.paging === 'offset') {
    // Journals: JournalNumber > offset, oldest first, 100 at a time; paymentsOnly keeps cash-basis journals.
    const after = offset ?? 0;
    const paymentsOnly = q.get('paymentsOnly')?.toLowerCase() === 'true';
    const out: XeroRecord[] = [];
    for (const r of records) {
      if (Number(r.JournalNumber) <= after) continue;
      if (paymentsOnly && !String(r.SourceType ?? '').includes('PAYMENT')) continue;
      out.push(r);
      if (out.length === JOURNALS_PER_CALL) break;
    }
    records = out;
  }

  try {
    const where = q.get('where');
    if (endpoint.where && where !== null && where.trim() !== '') {
      const predicate = compileWhere(where, endpoint.type, model);
      records = records.filter(predicate);
    }
    const order = q.get('order');
    if (endpoint.order && order !== null && order.trim() !== '') {
      records = compileSort(order, endpoint.type, model)(records);
    }
  } catch (err) {
    if (err instanceof QueryParseError) return { ok: false, error: queryParseException(err.message) };
    throw err;
  }

  let pagination: Pagination | undefined;
  const paged = page !== undefined && (endpoint.paging === 'page' || endpoint.paging === 'page+pageSize');
  if (paged) {
    const size = endpoint.paging === 'page+pageSize' ? Math.min(pageSizeParam ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
    const itemCount = records.length;
    records = records.slice((page - 1) * size, page * size);
    if (endpoint.paging === 'page+pageSize') {
      pagination = { page, pageSize: size, pageCount: Math.ceil(itemCount / size), itemCount };
    }
  }

  const projection: Projection = {
    summary:
      endpoint.listSummary && (endpoint.listSummary.when === 'always' || !paged) ? endpoint.listSummary : undefined,
    summaryOnly: endpoint.summaryOnly && q.get('summaryOnly')?.toLowerCase() === 'true',
    unitdp4: endpoint.unitdp && q.get('unitdp') === '4',
    nested,
  };
  return { ok: true, records: records.map((r) => projectRecord(r, projection)), ...(pagination ? { pagination } : {}) };
}

/**
 * Answers a GET-by-id for a record already found: full form, with the parameters a single read
 * accepts (`unitdp`, and the period filters such as Budgets' DateFrom/DateTo).
 */
export function runGetQuery(endpoint: CollectionEndpoint, record: XeroRecord, req: SimRequest): ListResult {
  const nested: ((r: XeroRecord) => XeroRecord)[] = [];
  for (const filter of endpoint.filters) {
    if (filter.kind !== 'periods') continue;
    const applied = applyFilter(filter, [record], req.query);
    if ('error' in applied) return { ok: false, error: applied.error };
    if (applied.nested) nested.push(applied.nested);
  }
  const unitdp4 = endpoint.unitdp && req.query.get('unitdp') === '4';
  return { ok: true, records: [projectRecord(record, { summaryOnly: false, unitdp4, nested })] };
}

type FilterOutcome =
  | { readonly records: XeroRecord[]; readonly nested?: (r: XeroRecord) => XeroRecord }
  | { readonly error: AccountingError };

function applyFilter(filter: ParamFilter, records: XeroRecord[], q: URLSearchParams): FilterOutcome {
  switch (filter.kind) {
    case 'in': {
      const raw = q.get(filter.param);
      if (raw === null || raw.trim() === '') return { records };
      const wanted = raw.split(',').map((v) => v.trim()).filter((v) => v !== '');
      return { records: records.filter((r) => wanted.some((w) => sameValue(getPath(r, filter.field), w))) };
    }
    case 'eq': {
      const wanted = q.get(filter.param);
      if (wanted === null || wanted === '') return { records };
      return { records: records.filter((r) => sameValue(getPath(r, filter.field), wanted)) };
    }
    case 'from':
    case 'to': {
      const raw = q.get(filter.param);
      if (raw === null || raw === '') return { records };
      const bound = parseIsoDate(raw);
      if (bound === undefined) return { error: validationException(`${filter.param} must be a date written YYYY-MM-DD`) };
      const keep = filter.kind === 'from' ? (ms: number) => ms >= bound : (ms: number) => ms <= bound;
      return {
        records: records.filter((r) => {
          const value = getPath(r, filter.field);
          return typeof value === 'string' && keep(parseMsDate(value));
        }),
      };
    }
    case 'include': {
      if (q.get(filter.param)?.toLowerCase() === 'true') return { records };
      const kept = records.filter((r) => r[filter.field] !== filter.value);
      const nestedKey = filter.nested;
      if (!nestedKey) return { records: kept };
      return {
        records: kept,
        nested: (r) => {
          const items = r[nestedKey];
          if (!Array.isArray(items)) return r;
          return {
            ...r,
            [nestedKey]: items.filter(
              (item) => !(item && typeof item === 'object' && !Array.isArray(item) && item[filter.field] === filter.value),
            ),
          };
        },
      };
    }
    case 'search': {
      const term = q.get(filter.param)?.trim().toLowerCase();
      if (!term) return { records };
      return {
        records: records.filter((r) =>
          filter.fields.some((f) => {
            const value = getPath(r, f);
            return typeof value === 'string' && value.toLowerCase().includes(term);
          }),
        ),
      };
    }
    case 'createdByMyApp':
      return { records: q.get(filter.param)?.toLowerCase() === 'true' ? [] : records };
    case 'periods': {
      const from = q.get(filter.from);
      const to = q.get(filter.to);
      if (!from && !to) return { records };
      const fromMs = from ? parseIsoDate(from) : undefined;
      const toMs = to ? parseIsoDate(to) : undefined;
      if (from && fromMs === undefined) return { error: validationException(`${filter.from} must be a date written YYYY-MM-DD`) };
      if (to && toMs === undefined) return { error: validationException(`${filter.to} must be a date written YYYY-MM-DD`) };
      const lo = from?.slice(0, 7);
      const hi = to?.slice(0, 7);
      const inRange = (period: string) => (!lo || period >= lo) && (!hi || period <= hi);
      return {
        records,
        nested: (r) => {
          const lines = r[filter.array];
          if (!Array.isArray(lines)) return r;
          return {
            ...r,
            [filter.array]: lines.map((line) => {
              if (!line || typeof line !== 'object' || Array.isArray(line)) return line;
              const inner = line[filter.inner];
              if (!Array.isArray(inner)) return line;
              return {
                ...line,
                [filter.inner]: inner.filter(
                  (b) => b && typeof b === 'object' && !Array.isArray(b) && inRange(String(b[filter.field] ?? '')),
                ),
              };
            }),
          };
        },
      };
    }
  }
}

/** `undefined` when absent, `null` when present but not a positive integer. */
function positiveInt(q: URLSearchParams, name: string): number | undefined | null {
  const raw = q.get(name);
  if (raw === null) return undefined;
  return /^\d+$/.test(raw.trim()) && Number(raw) >= 1 ? Number(raw) : null;
}

function nonNegativeInt(q: URLSearchParams, name: string): number | undefined | null {
  const raw = q.get(name);
  if (raw === null) return undefined;
  return /^\d+$/.test(raw.trim()) ? Number(raw) : null;
}

function invalid(param: string, expected: string): ListResult {
  // Xero's answer to a malformed paging parameter is not documented; a validation error naming
  // it is the most useful reading (UNCERTAIN).
  return { ok: false, error: validationException(`The ${param} parameter must be ${expected}.`) };
}

/** Parses `YYYY-MM-DD` to UTC midnight ms. */
export function parseIsoDate(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(ms);
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? ms : undefined;
}

/**
 * Parses the `If-Modified-Since` header: ISO 8601 (what the SDKs send; no offset means UTC) or
 * an HTTP date. Xero compares "accurate to the second" (facts §7.3), so the instant is floored to
 * its second and records updated at or after it are returned. An unparseable value is ignored,
 * which only ever returns more records (UNCERTAIN what Xero does).
 */
export function parseModifiedSince(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(text) ? `${text}${text.length > 10 ? 'Z' : 'T00:00:00Z'}` : text;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) * 1000 : undefined;
}
