/**
 * Reading a list endpoint page by page, in the style its declaration gives (`PagingDef`,
 * xero-platform-facts.md §7.4): one call (`none`); `page=1,2,...` with the largest page size the
 * endpoint takes (`page`); or `offset=<last key seen>` (`offset`, Journals). Pages are yielded in
 * order; the consumer may stop early (LIMIT satisfied) and no further page is requested.
 *
 * The end is decided from the raw page length or Xero's `pagination.pageCount`, never from rows
 * kept after local filtering (peers-lessons.md §2.9). A page that repeats the previous one, or an
 * offset that does not advance, stops with an error instead of looping and burning the day's
 * budget (a peer hit this with `order` on ManualJournals).
 */
import type { PagingDef } from '../catalog/table-def.js';
import { ErrorCode } from '../errors.js';
import { XeroApiError } from './api-error.js';
import { throwIfCancelled } from './retry.js';
import type { ApiRequest, ApiResponse } from './xero-client.js';

/** What paging needs from a client: {@link XeroClient} or a stand-in. */
export interface ApiGetter {
  get(request: ApiRequest): Promise<ApiResponse>;
}

/** One list read. */
export interface PageSpec {
  /** Full path: `/api.xro/2.0/Invoices`. */
  readonly path: string;
  /** Key of the record array in the response; absent when the body is a bare array. */
  readonly envelope?: string;
  readonly paging: PagingDef;
  /**
   * Parameters sent with every page (filters, `order`, fixed params). A page size already here
   * (`pageSize=10` for a small LIMIT) is kept; so is a starting `offset`.
   */
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly tenantId?: string;
  /** For the missing-scope message. */
  readonly scopes?: readonly string[];
}

/** How to page. */
export interface PageOptions {
  /**
   * Pages in flight at once (default 5, Xero's concurrency limit). Used only once the page count
   * is known from a `pagination` object; otherwise each page decides whether there is a next.
   */
  readonly concurrency?: number;
  /** Stop after this many pages. */
  readonly maxPages?: number;
  readonly signal?: AbortSignal;
}

/** One page of raw API records. */
export interface Page {
  /** 1-based. */
  readonly page: number;
  readonly records: unknown[];
  /** Known when the response has a `pagination` object. */
  readonly pageCount?: number;
}

const DEFAULT_CONCURRENCY = 5;

/**
 * Yields the pages of a list read in order. Stopping the iteration (`break`, `return()`) cancels
 * pages in flight and starts no more. Rejects as {@link XeroClient.get} does, or with `XSQL_API`
 * when a response has no record array or paging does not advance.
 */
export async function* fetchPages(client: ApiGetter, spec: PageSpec, options: PageOptions = {}): AsyncGenerator<Page, void, undefined> {
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    throwIfCancelled(options.signal);
    const maxPages = options.maxPages ?? Infinity;
    if (maxPages < 1) return;
    const read = (page: number, query: Readonly<Record<string, string>>) => readPage(client, spec, page, query, stop.signal);
    const paging = spec.paging;
    switch (paging.style) {
      case 'none':
        yield await read(1, spec.query ?? {});
        return;
      case 'page':
        yield* pageStyle(read, spec, paging, maxPages, Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY));
        return;
      case 'offset':
        yield* offsetStyle(read, spec, paging, maxPages);
        return;
    }
  } finally {
    // Runs when the consumer stops early too: pages in flight are cancelled (their rejections
    // are already handled), and the generator starts nothing after this.
    stop.abort();
    options.signal?.removeEventListener('abort', onAbort);
  }
}

type ReadPage = (page: number, query: Readonly<Record<string, string>>) => Promise<Page>;

async function* pageStyle(
  read: ReadPage,
  spec: PageSpec,
  paging: Extract<PagingDef, { style: 'page' }>,
  maxPages: number,
  concurrency: number,
): AsyncGenerator<Page, void, undefined> {
  const given = paging.sizeParam !== undefined ? Number(spec.query?.[paging.sizeParam]) : NaN;
  // Ask for the largest page the endpoint allows (Invoices: 1000): fewer calls against 60/minute.
  const sizeQuery: Record<string, string> = {};
  let size = paging.size;
  if (Number.isInteger(given) && given > 0) size = given;
  else if (paging.sizeParam !== undefined && paging.maxSize !== undefined) {
    size = paging.maxSize;
    sizeQuery[paging.sizeParam] = String(paging.maxSize);
  }
  const queryFor = (page: number) => ({ ...spec.query, ...sizeQuery, page: String(page) });

  const first = await read(1, queryFor(1));
  if (first.pageCount !== undefined) {
    // The page count is known: an exactly full last page is known to be last, and the rest can
    // be fetched side by side. Buffered pages count against `concurrency`, so memory stays bounded
    // while the consumer is slow. Nothing is fetched ahead until the consumer asks for page 2: a
    // LIMIT met by the first page costs one call.
    const last = Math.min(first.pageCount, maxPages);
    const pending = new Map<number, Promise<Page>>();
    let next = 2;
    const launch = () => {
      for (; next <= last && pending.size < concurrency; next++) {
        const page = read(next, queryFor(next));
        page.catch(() => {}); // awaited in order below; a page abandoned by an early stop must not go unhandled
        pending.set(next, page);
      }
    };
    yield first;
    launch();
    for (let n = 2; n <= last; n++) {
      const page = await (pending.get(n) as Promise<Page>);
      pending.delete(n);
      launch();
      yield page;
    }
    return;
  }

  let previous = first;
  yield first;
  for (let n = 2; n <= maxPages && previous.records.length >= size; n++) {
    const page = await read(n, queryFor(n));
    if (page.records.length > 0 && sameRecord(page.records[0], previous.records[0])) {
      throw notAdvancing(spec, `page ${n} starts with the same record as page ${n - 1}`);
    }
    previous = page;
    yield page;
  }
}

async function* offsetStyle(
  read: ReadPage,
  spec: PageSpec,
  paging: Extract<PagingDef, { style: 'offset' }>,
  maxPages: number,
): AsyncGenerator<Page, void, undefined> {
  let offset = spec.query?.[paging.param];
  for (let n = 1; n <= maxPages; n++) {
    const page = await read(n, { ...spec.query, ...(offset !== undefined ? { [paging.param]: offset } : {}) });
    yield page;
    if (page.records.length < paging.size) return;
    const last = getPath(page.records[page.records.length - 1], paging.field);
    if (typeof last !== 'number' && typeof last !== 'string') {
      throw notAdvancing(spec, `the last record of page ${n} has no ${paging.field} to continue from`);
    }
    if (offset !== undefined && !(Number(last) > Number(offset))) {
      throw notAdvancing(spec, `${paging.field} did not advance past ${offset}`);
    }
    offset = String(last);
  }
}

/** Options of {@link fetchOne}. */
export interface OneSpec {
  /** Full path of the record: `/api.xro/2.0/Invoices/<id>`. */
  readonly path: string;
  readonly envelope?: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly tenantId?: string;
  readonly scopes?: readonly string[];
  readonly signal?: AbortSignal;
}

/** A by-id read: the response's records (Xero wraps one record in the plural array), or none on 404. */
export async function fetchOne(client: ApiGetter, spec: OneSpec): Promise<unknown[]> {
  const res = await client.get({ ...requestOf(spec), expect404: true, ...(spec.signal ? { signal: spec.signal } : {}) });
  if (res.status === 404) return [];
  return recordsOf(res.json, spec);
}

async function readPage(client: ApiGetter, spec: PageSpec, page: number, query: Readonly<Record<string, string>>, signal: AbortSignal): Promise<Page> {
  const res = await client.get({ ...requestOf(spec), query, page, signal });
  const records = recordsOf(res.json, spec);
  const pageCount = pageCountOf(res.json, spec.paging);
  return { page, records, ...(pageCount !== undefined ? { pageCount } : {}) };
}

function requestOf(spec: PageSpec | OneSpec): ApiRequest {
  return {
    path: spec.path,
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.headers ? { headers: spec.headers } : {}),
    ...(spec.tenantId !== undefined ? { tenantId: spec.tenantId } : {}),
    ...(spec.scopes ? { scopes: spec.scopes } : {}),
  };
}

/**
 * The record array of a response. A missing array is an error, not an empty result: a
 * declaration naming the wrong envelope must not read as an empty table. UNCERTAIN: whether any
 * Xero list omits the key when nothing matches (facts §7.5 and the spec examples always show it).
 */
function recordsOf(json: unknown, spec: { path: string; envelope?: string; tenantId?: string }): unknown[] {
  // A dotted envelope reaches into nested objects (`PayItems.EarningsRates`).
  let value: unknown = json;
  for (const key of spec.envelope?.split('.') ?? []) value = (value as Record<string, unknown> | null | undefined)?.[key];
  if (Array.isArray(value)) return value;
  // Some reads return one object rather than an array: Payroll's `{"Payslip": {...}}`, Assets'
  // and Files' bare objects (`/Settings`, `/Files/{id}`). That object is the one record.
  if (value !== null && typeof value === 'object') return [value];
  throw new XeroApiError(
    ErrorCode.Api,
    `The response to GET ${spec.path} has no ${spec.envelope === undefined ? 'record array' : `"${spec.envelope}" array`}.`,
    { path: spec.path, request: `GET ${spec.path}`, ...(spec.tenantId !== undefined ? { tenantId: spec.tenantId } : {}) },
  );
}

/** `pagination.pageCount`, when the declaration says responses carry it and this one does. */
function pageCountOf(json: unknown, paging: PagingDef): number | undefined {
  if (paging.style !== 'page' || !paging.pagination) return undefined;
  const count = (json as { pagination?: { pageCount?: unknown } } | null | undefined)?.pagination?.pageCount;
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : undefined;
}

function notAdvancing(spec: PageSpec, what: string): XeroApiError {
  return new XeroApiError(ErrorCode.Api, `Paging GET ${spec.path} does not advance: ${what}. Stopped to avoid reading the same records forever.`, {
    path: spec.path,
    request: `GET ${spec.path}`,
    ...(spec.tenantId !== undefined ? { tenantId: spec.tenantId } : {}),
  });
}

function sameRecord(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function getPath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
