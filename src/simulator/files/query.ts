/**
 * Reading the Files API's list parameters: `page`, `pagesize` (lower-case s in the spec),
 * `sort` and `direction` (xero-api-endpoints.md §3), and sorting and paging records with them.
 */
import type { XeroRecord } from '../data/types.js';

/** The most `pagesize` may be ("maximum: 100" in xero_files.yaml). */
export const MAX_PAGE_SIZE = 100;
/**
 * The page size when `pagesize` is absent. UNCERTAIN: the spec gives no default; 100, the
 * maximum, is the reading that needs the fewest calls and matches the other Xero APIs' lists.
 */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * A query parameter by name, matched case-insensitively: the Files API is an ASP.NET service,
 * whose model binding ignores the case of query keys, so `pageSize` works like `pagesize`
 * (UNCERTAIN: xero-api-endpoints.md §3 leaves open whether `pageSize` is accepted).
 */
export function queryValue(query: URLSearchParams, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Every value of a parameter (repeated or comma-separated), names matched case-insensitively. */
export function queryList(query: URLSearchParams, name: string): string[] {
  const wanted = name.toLowerCase();
  const out: string[] = [];
  for (const [key, value] of query) {
    if (key.toLowerCase() !== wanted) continue;
    for (const part of value.split(',')) if (part.trim() !== '') out.push(part.trim());
  }
  return out;
}

/** A sort key the API accepts, with the record field it reads. */
export interface SortKey {
  /** How the spec spells it. */
  readonly name: string;
  readonly field: string;
  readonly numeric: boolean;
}

/** The paging and ordering of one list request. */
export interface ListParams {
  readonly page: number;
  readonly pageSize: number;
  readonly sort: SortKey;
  readonly descending: boolean;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly detail: string };

/**
 * Reads `page`, `pagesize`, `sort` and `direction`. A `pagesize` above 100 is lowered to 100
 * rather than refused (UNCERTAIN: the spec only states the maximum; capping returns a valid
 * page either way, and `PerPage` tells the client the size it got).
 */
export function parseListParams(query: URLSearchParams, sortKeys: readonly SortKey[], defaultSort: SortKey): Parsed<ListParams> {
  const page = positiveInt(queryValue(query, 'page'), 1);
  if (page === undefined) return { ok: false, detail: 'page must be a whole number of 1 or more' };
  const size = positiveInt(queryValue(query, 'pagesize'), DEFAULT_PAGE_SIZE);
  if (size === undefined) return { ok: false, detail: 'pagesize must be a whole number of 1 or more' };

  const sortText = queryValue(query, 'sort')?.trim();
  const sort = sortText ? sortKeys.find((k) => k.name.toLowerCase() === sortText.toLowerCase()) : defaultSort;
  if (!sort) return { ok: false, detail: `sort must be one of ${sortKeys.map((k) => k.name).join(', ')}` };
  const direction = (queryValue(query, 'direction')?.trim() || 'ASC').toUpperCase();
  if (direction !== 'ASC' && direction !== 'DESC') return { ok: false, detail: 'direction must be ASC or DESC' };
  return { ok: true, value: { page, pageSize: Math.min(size, MAX_PAGE_SIZE), sort, descending: direction === 'DESC' } };
}

/**
 * Sorts a copy of `records` by `key`, ties broken by `tieField` ascending so pages never overlap.
 * Text compares case-insensitively, as a person reading a file list expects.
 */
export function sortRecords(records: readonly XeroRecord[], key: SortKey, descending: boolean, tieField: string, valueOf = (r: XeroRecord): unknown => r[key.field]): XeroRecord[] {
  const sign = descending ? -1 : 1;
  const cmp = (a: unknown, b: unknown): number => {
    if (key.numeric) return Number(a ?? 0) - Number(b ?? 0);
    const x = String(a ?? '').toLowerCase();
    const y = String(b ?? '').toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  };
  return [...records].sort((a, b) => sign * cmp(valueOf(a), valueOf(b)) || String(a[tieField]).localeCompare(String(b[tieField])));
}

/** The records of page `page` of size `pageSize`. */
export function pageOf<T>(records: readonly T[], page: number, pageSize: number): T[] {
  return records.slice((page - 1) * pageSize, page * pageSize);
}

/** A whole number ≥ 1, `fallback` when absent, undefined when malformed. */
function positiveInt(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined || value.trim() === '') return fallback;
  if (!/^\+?\d+$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}
