/**
 * Payroll AU v1 list requests: `If-Modified-Since` on `UpdatedDateUTC`, then `where`, then
 * `order`, then `page` (exactly 100 a page, and no `pagination` object; without `page`, every
 * record, as the Accounting API does; xero-api-endpoints.md §2). The where/order language is
 * the one the Accounting API uses, checked against the Payroll AU type model.
 */
import { parseModifiedSince } from '../accounting/list-query.js';
import { queryParseException, validationException, type AccountingError } from '../accounting/responses.js';
import { parseMsDate } from '../data/msdate.js';
import type { XeroRecord } from '../data/types.js';
import { header, type SimRequest } from '../http.js';
import { compileSort, compileWhere, QueryParseError, type TypeModel } from '../where/index.js';

/** Payroll v1 pages are 100 records ("Up to 100 employees will be returned in a single API call"). */
export const V1_PAGE_SIZE = 100;

export type V1ListResult = { readonly ok: true; readonly records: XeroRecord[] } | { readonly ok: false; readonly error: AccountingError };

/**
 * Runs a list request over `stored` records of the spec's schema `type` (`Employee`), which
 * names the fields `where` and `order` may use.
 */
export function runV1List(stored: readonly XeroRecord[], req: SimRequest, model: TypeModel, type: string): V1ListResult {
  const page = pageParam(req.query);
  // Xero's answer to a malformed page is not documented; a validation error naming it helps most (UNCERTAIN).
  if (page === null) return { ok: false, error: validationException('The page parameter must be a whole number from 1.') };
  const filtered = filterAndSort(stored, req, model, type);
  if (!filtered.ok || page === undefined) return filtered;
  return { ok: true, records: filtered.records.slice((page - 1) * V1_PAGE_SIZE, page * V1_PAGE_SIZE) };
}

/** `If-Modified-Since`, `where` and `order` without paging. */
export function filterAndSort(stored: readonly XeroRecord[], req: SimRequest, model: TypeModel, type: string): V1ListResult {
  let records = stored as XeroRecord[];
  const since = parseModifiedSince(header(req, 'if-modified-since'));
  if (since !== undefined) {
    records = records.filter((r) => typeof r.UpdatedDateUTC === 'string' && parseMsDate(r.UpdatedDateUTC) >= since);
  }
  try {
    const where = req.query.get('where');
    if (where !== null && where.trim() !== '') records = records.filter(compileWhere(where, type, model));
    const order = req.query.get('order');
    if (order !== null && order.trim() !== '') records = compileSort(order, type, model)(records);
  } catch (err) {
    if (err instanceof QueryParseError) return { ok: false, error: queryParseException(err.message) };
    throw err;
  }
  return { ok: true, records };
}

/** `undefined` when absent, `null` when present but not a positive integer. */
function pageParam(q: URLSearchParams): number | undefined | null {
  const raw = q.get('page');
  if (raw === null) return undefined;
  return /^\d+$/.test(raw.trim()) && Number(raw) >= 1 ? Number(raw) : null;
}
