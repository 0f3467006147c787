/**
 * `GET /Assets`: the required `status`, then `filterBy`, `orderBy`/`sortDirection` and
 * `page`/`pageSize` (xero-api-endpoints.md §4), answered with the `{pagination, items}` envelope
 * whose `pagination.links` point at the other pages.
 */
import type { XeroRecord } from '../data/types.js';
import type { SimRequest } from '../http.js';

/** "By default the number of records returned is 10" (spec). */
export const DEFAULT_PAGE_SIZE = 10;

const STATUSES: Readonly<Record<string, string>> = { DRAFT: 'Draft', REGISTERED: 'Registered', DISPOSED: 'Disposed' };

/** `orderBy` values and what each sorts on; the disposal ones only with `status=DISPOSED` (spec). */
const ORDERS: readonly { readonly name: string; readonly numeric: boolean; readonly disposedOnly: boolean; readonly value: (a: XeroRecord, typeName: string) => unknown }[] = [
  { name: 'AssetType', numeric: false, disposedOnly: false, value: (_a, typeName) => typeName },
  { name: 'AssetName', numeric: false, disposedOnly: false, value: (a) => a['assetName'] },
  { name: 'AssetNumber', numeric: false, disposedOnly: false, value: (a) => a['assetNumber'] },
  // Dates are fixed-width `YYYY-MM-DDT00:00:00` strings, so they sort as text.
  { name: 'PurchaseDate', numeric: false, disposedOnly: false, value: (a) => a['purchaseDate'] },
  { name: 'PurchasePrice', numeric: true, disposedOnly: false, value: (a) => a['purchasePrice'] },
  { name: 'DisposalDate', numeric: false, disposedOnly: true, value: (a) => a['disposalDate'] },
  { name: 'DisposalPrice', numeric: true, disposedOnly: true, value: (a) => a['disposalPrice'] },
];

/** A problem with the request, reported against one field. */
export interface FieldProblem {
  readonly field: string;
  readonly value: string;
  readonly message: string;
}

export type AssetListResult = { readonly ok: true; readonly body: unknown } | { readonly ok: false; readonly problem: FieldProblem };

/**
 * Runs `GET /Assets`. Parameter names and values match case-insensitively (`status=draft`,
 * `sortDirection=ASC` as the spec's own example writes it): UNCERTAIN, the spec lists upper-case
 * statuses and lower-case directions; ASP.NET binds both without regard to case. Without
 * `orderBy` the assets come in asset-number order (UNCERTAIN: the spec names no default).
 * `pageSize` has no maximum (UNCERTAIN: the spec states none).
 */
export function listAssets(req: SimRequest, base: string, assets: readonly XeroRecord[], typeNames: ReadonlyMap<string, string>): AssetListResult {
  const q = req.query;
  const statusText = value(q, 'status');
  const status = statusText === undefined ? undefined : STATUSES[statusText.trim().toUpperCase()];
  if (!status) {
    return fail('status', statusText ?? '', statusText === undefined ? 'status is required: DRAFT, REGISTERED or DISPOSED' : 'status must be DRAFT, REGISTERED or DISPOSED');
  }
  const page = positiveInt(value(q, 'page'), 1);
  if (page === undefined) return fail('page', value(q, 'page') ?? '', 'page must be a whole number of 1 or more');
  const pageSize = positiveInt(value(q, 'pageSize'), DEFAULT_PAGE_SIZE);
  if (pageSize === undefined) return fail('pageSize', value(q, 'pageSize') ?? '', 'pageSize must be a whole number of 1 or more');

  const orderText = value(q, 'orderBy')?.trim();
  const order = ORDERS.find((o) => o.name.toLowerCase() === (orderText || 'AssetNumber').toLowerCase());
  if (!order || (order.disposedOnly && status !== 'Disposed')) {
    const allowed = ORDERS.filter((o) => !o.disposedOnly || status === 'Disposed').map((o) => o.name);
    return fail('orderBy', orderText ?? '', `orderBy must be one of ${allowed.join(', ')}`);
  }
  const direction = (value(q, 'sortDirection')?.trim() || 'asc').toLowerCase();
  if (direction !== 'asc' && direction !== 'desc') return fail('sortDirection', value(q, 'sortDirection') ?? '', 'sortDirection must be asc or desc');

  const typeName = (a: XeroRecord): string => typeNames.get(String(a['assetTypeId'])) ?? '';
  const filter = value(q, 'filterBy')?.trim().toLowerCase();
  let rows = assets.filter((a) => a['assetStatus'] === status);
  if (filter) {
    // "Checks it against the AssetName, AssetNumber, Description and AssetTypeName fields" (spec);
    // our assets have no description.
    rows = rows.filter((a) => [a['assetName'], a['assetNumber'], a['description'], typeName(a)].some((f) => typeof f === 'string' && f.toLowerCase().includes(filter)));
  }
  const sign = direction === 'desc' ? -1 : 1;
  const compare = (x: unknown, y: unknown): number => {
    if (order.numeric) return Number(x ?? 0) - Number(y ?? 0);
    const s = String(x ?? '').toLowerCase();
    const t = String(y ?? '').toLowerCase();
    return s < t ? -1 : s > t ? 1 : 0;
  };
  rows = [...rows].sort(
    (a, b) => sign * compare(order.value(a, typeName(a)), order.value(b, typeName(b))) || String(a['assetNumber']).localeCompare(String(b['assetNumber'])) || String(a['assetId']).localeCompare(String(b['assetId'])),
  );

  const itemCount = rows.length;
  const pageCount = Math.ceil(itemCount / pageSize);
  const items = rows.slice((page - 1) * pageSize, page * pageSize).map(listForm);
  return { ok: true, body: { pagination: { page, pageSize, pageCount, itemCount, links: links(req, base, page, pageCount) }, items } };
}

/** An asset as lists show it: the by-id form without its `metaData` (the spec's list example has none). */
export function listForm(asset: XeroRecord): XeroRecord {
  const { metaData: _metaData, ...rest } = asset;
  return rest;
}

/** `first`, `previous`, `next` and `last` page links, each the request's own query with `page` replaced. */
function links(req: SimRequest, base: string, page: number, pageCount: number): Record<string, { href: string }> {
  const href = (n: number): { href: string } => {
    const q = new URLSearchParams(req.query);
    for (const key of [...q.keys()]) if (key.toLowerCase() === 'page') q.delete(key);
    q.set('page', String(n));
    return { href: `${req.origin}${base}/Assets?${q.toString()}` };
  };
  const last = Math.max(1, pageCount);
  return {
    first: href(1),
    ...(page > 1 ? { previous: href(Math.min(page - 1, last)) } : {}),
    ...(page < pageCount ? { next: href(page + 1) } : {}),
    last: href(last),
  };
}

function fail(field: string, value: string, message: string): AssetListResult {
  return { ok: false, problem: { field, value, message } };
}

/** A query parameter by name, case-insensitively. */
function value(query: URLSearchParams, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, v] of query) if (key.toLowerCase() === wanted) return v;
  return undefined;
}

/** A whole number ≥ 1, `fallback` when absent, undefined when malformed. */
function positiveInt(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined || text.trim() === '') return fallback;
  if (!/^\+?\d+$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}
