/**
 * Paging strategies over a stand-in client: which pages are asked for, order under concurrency,
 * early stops, and the guards against paging that does not advance.
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'node:test';
import { fetchOne, fetchPages, type ApiGetter, type Page, type PageSpec } from '../../src/http/paging.js';
import type { ApiRequest, ApiResponse } from '../../src/http/xero-client.js';

/** A fake list endpoint over `total` records with ids 1..total. */
class FakeList implements ApiGetter {
  readonly requests: ApiRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  cancelled = 0;
  constructor(
    readonly total: number,
    readonly style: { pageSize?: number; pagination?: boolean; offsetSize?: number },
    readonly latency: (page: number) => number = () => 0,
  ) {}

  async get(request: ApiRequest): Promise<ApiResponse> {
    this.requests.push(request);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const q = request.query ?? {};
      const page = Number(q.page ?? 1);
      await delay(this.latency(page), undefined, request.signal ? { signal: request.signal } : undefined).catch((e: unknown) => {
        this.cancelled++;
        throw e;
      });
      const all = Array.from({ length: this.total }, (_, i) => ({ Id: i + 1 }));
      let body: Record<string, unknown>;
      if (this.style.offsetSize !== undefined) {
        const after = Number(q.offset ?? 0);
        body = { Items: all.filter((r) => r.Id > after).slice(0, this.style.offsetSize) };
      } else {
        const size = Number(q.pageSize ?? this.style.pageSize ?? 100);
        body = { Items: all.slice((page - 1) * size, page * size) };
        if (this.style.pagination) body.pagination = { page, pageSize: size, pageCount: Math.ceil(this.total / size), itemCount: this.total };
      }
      return { status: 200, headers: {}, json: body, text: JSON.stringify(body) };
    } finally {
      this.inFlight--;
    }
  }
}

async function collect(pages: AsyncIterable<Page>): Promise<Page[]> {
  const out: Page[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

const invoicesLike: PageSpec['paging'] = { style: 'page', size: 100, sizeParam: 'pageSize', maxSize: 1000, pagination: true, optional: true };

test('page style with pageSize asks for the largest page and stops when pageCount says so', async () => {
  const list = new FakeList(2000, { pagination: true });
  const pages = await collect(fetchPages(list, { path: '/x', envelope: 'Items', paging: invoicesLike, query: { Statuses: 'PAID' } }));
  assert.deepEqual(
    pages.map((p) => [p.page, p.records.length, p.pageCount]),
    [
      [1, 1000, 2],
      [2, 1000, 2],
    ],
  );
  assert.equal(list.requests.length, 2, 'an exactly full last page is known to be last');
  assert.deepEqual(list.requests[0]?.query, { Statuses: 'PAID', pageSize: '1000', page: '1' });
  assert.equal(list.requests[1]?.page, 2);
});

test('known page counts are fetched up to `concurrency` at a time and yielded in order', async () => {
  // Later pages answer faster, so they finish out of order.
  const list = new FakeList(1200, { pagination: true }, (page) => 5 + (20 - page) * 2);
  const pages = await collect(fetchPages(list, { path: '/x', envelope: 'Items', paging: invoicesLike, query: { pageSize: '100' } }, { concurrency: 3 }));
  assert.deepEqual(
    pages.map((p) => p.page),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  );
  assert.deepEqual(pages.flatMap((p) => p.records.map((r) => (r as { Id: number }).Id)), Array.from({ length: 1200 }, (_, i) => i + 1));
  assert.equal(list.maxInFlight, 3);
  assert.equal(list.requests.length, 12);
});

test('without a page count, pages are read one by one until a short page', async () => {
  const list = new FakeList(250, {});
  const pages = await collect(fetchPages(list, { path: '/x', envelope: 'Items', paging: { style: 'page', size: 100, pagination: false, optional: true } }));
  assert.deepEqual(
    pages.map((p) => p.records.length),
    [100, 100, 50],
  );
  assert.equal(list.maxInFlight, 1);
  assert.equal(list.requests[0]?.query?.pageSize, undefined, 'no size parameter declared, none sent');
});

test('a small list costs one request', async () => {
  const list = new FakeList(7, { pagination: true });
  await collect(fetchPages(list, { path: '/x', envelope: 'Items', paging: invoicesLike }));
  assert.equal(list.requests.length, 1);
});

test('stopping after the first page issues no further request; stopping later cancels pages in flight', async () => {
  const list = new FakeList(5000, { pagination: true }, () => 20);
  for await (const page of fetchPages(list, { path: '/x', envelope: 'Items', paging: invoicesLike, query: { pageSize: '100' } })) {
    assert.equal(page.page, 1);
    break;
  }
  await delay(50);
  assert.equal(list.requests.length, 1);

  const later = new FakeList(5000, { pagination: true }, () => 20);
  for await (const page of fetchPages(later, { path: '/x', envelope: 'Items', paging: invoicesLike, query: { pageSize: '100' } })) {
    if (page.page === 3) break;
  }
  const issued = later.requests.length;
  await delay(60);
  assert.equal(later.requests.length, issued, 'nothing new after the stop');
  assert.ok(later.cancelled > 0, 'pages in flight were cancelled');
  assert.equal(later.inFlight, 0);
});

test('maxPages caps every style', async () => {
  const paged = new FakeList(5000, { pagination: true });
  assert.equal((await collect(fetchPages(paged, { path: '/x', envelope: 'Items', paging: invoicesLike, query: { pageSize: '100' } }, { maxPages: 3 }))).length, 3);
  assert.equal(paged.requests.length, 3);
  const offset = new FakeList(5000, { offsetSize: 100 });
  const spec: PageSpec = { path: '/x', envelope: 'Items', paging: { style: 'offset', param: 'offset', field: 'Id', size: 100 } };
  assert.equal((await collect(fetchPages(offset, spec, { maxPages: 2 }))).length, 2);
  assert.equal(offset.requests.length, 2);
});

test('offset style continues from the last record until a short page, starting from a given offset', async () => {
  const list = new FakeList(350, { offsetSize: 100 });
  const spec: PageSpec = { path: '/x', envelope: 'Items', paging: { style: 'offset', param: 'offset', field: 'Id', size: 100 }, query: { offset: '20' } };
  const pages = await collect(fetchPages(list, spec));
  assert.deepEqual(
    list.requests.map((r) => r.query?.offset),
    ['20', '120', '220', '320'],
  );
  assert.deepEqual(
    pages.map((p) => p.records.length),
    [100, 100, 100, 30],
  );
});

test('a page that repeats the previous one, or an offset that does not advance, is an error', async () => {
  const stuck: ApiGetter = {
    get: async () => ({ status: 200, headers: {}, json: { Items: Array.from({ length: 100 }, (_, i) => ({ Id: i })) }, text: '' }),
  };
  await assert.rejects(collect(fetchPages(stuck, { path: '/x', envelope: 'Items', paging: { style: 'page', size: 100, pagination: false, optional: true } })), {
    code: 'XSQL_API',
    message: /does not advance: page 2 starts with the same record as page 1/,
  });
  const sameOffset: ApiGetter = {
    get: async () => ({ status: 200, headers: {}, json: { Items: Array.from({ length: 100 }, () => ({ Id: 5 })) }, text: '' }),
  };
  await assert.rejects(
    collect(fetchPages(sameOffset, { path: '/x', envelope: 'Items', paging: { style: 'offset', param: 'offset', field: 'Id', size: 100 }, query: { offset: '5' } })),
    { code: 'XSQL_API', message: /Id did not advance past 5/ },
  );
});

test('a response without the envelope array is an error, not an empty table', async () => {
  const list = new FakeList(3, {});
  await assert.rejects(collect(fetchPages(list, { path: '/x', envelope: 'Invoices', paging: { style: 'none' } })), {
    code: 'XSQL_API',
    message: /has no "Invoices" array/,
  });
});

test('fetchOne returns the records, or none on 404', async () => {
  const found: ApiGetter = { get: async () => ({ status: 200, headers: {}, json: { Items: [{ Id: 1 }] }, text: '' }) };
  assert.deepEqual(await fetchOne(found, { path: '/x/1', envelope: 'Items' }), [{ Id: 1 }]);
  let asked: ApiRequest | undefined;
  const missing: ApiGetter = {
    get: async (req) => {
      asked = req;
      return { status: 404, headers: {}, json: undefined, text: 'not found' };
    },
  };
  assert.deepEqual(await fetchOne(missing, { path: '/x/2', envelope: 'Items' }), []);
  assert.equal(asked?.expect404, true);
});
