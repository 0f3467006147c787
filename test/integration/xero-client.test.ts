/**
 * XeroClient and the paging strategies against the simulator over real HTTP: the minimum number
 * of calls per paging style, early stops, concurrency, a burst that stays under the real limits,
 * 429s, the daily limit, every fault kind, token expiry mid-paging, and timeouts.
 *
 * Rate-limit windows are shortened with the simulator's `timeScale` (60: a minute lasts 1 s) and
 * the client's matching `windowMs`, so nothing here waits a real minute.
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { PagingDef } from '../../src/catalog/table-def.js';
import { XeroApiError } from '../../src/http/api-error.js';
import { fetchOne, fetchPages, type Page, type PageSpec } from '../../src/http/paging.js';
import type { ApiRequest } from '../../src/http/xero-client.js';
import { hashString } from '../../src/simulator/data/random.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { auTenant, simClient } from '../helpers/xero-client-sim.js';

const BASE = '/api.xro/2.0';
const INVOICES: PagingDef = { style: 'page', size: 100, sizeParam: 'pageSize', maxSize: 1000, pagination: true, optional: true };
const QUOTES: PagingDef = { style: 'page', size: 100, pagination: false, optional: true };
const JOURNALS: PagingDef = { style: 'offset', param: 'offset', field: 'JournalNumber', size: 100 };

async function collect(pages: AsyncIterable<Page>): Promise<Page[]> {
  const out: Page[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

function ids(pages: readonly Page[], field: string): string[] {
  return pages.flatMap((p) => p.records.map((r) => String((r as Record<string, unknown>)[field])));
}

/** API calls the simulator answered since `afterSeq` (identity calls excluded). */
function apiCalls(sim: Simulator, afterSeq: number, path?: string): number {
  return sim.requests.find({ afterSeq, path: path ?? /^\/api\.xro\// }).length;
}

function collection(sim: Simulator, name: string): Record<string, unknown>[] {
  return (sim.orgs[0]?.accounting.collections as unknown as Record<string, Record<string, unknown>[]>)[name] ?? [];
}

describe('paging against the simulator', () => {
  let sim: Simulator;
  let tenantId: string;
  before(async () => {
    sim = await startSimulator({ scale: 3, timeScale: 60 });
    tenantId = auTenant(sim);
  });
  after(() => sim.close());

  const spec = (path: string, envelope: string, paging: PagingDef, query: Record<string, string> = {}): PageSpec => ({
    path: `${BASE}/${path}`,
    envelope,
    paging,
    query,
    tenantId,
  });

  test('Invoices: page + pageSize=1000 with pagination takes ceil(n/1000) calls and returns every invoice once', async () => {
    const { client } = simClient(sim);
    const expected = collection(sim, 'Invoices').map((r) => String(r.InvoiceID));
    assert.equal(expected.length, 2400, 'scale 3 has 2400 invoices in the AU organisation');
    const seq = sim.requests.lastSeq;
    const pages = await collect(fetchPages(client, spec('Invoices', 'Invoices', INVOICES)));
    assert.equal(apiCalls(sim, seq), Math.ceil(expected.length / 1000));
    assert.deepEqual(
      sim.requests.find({ afterSeq: seq, path: `${BASE}/Invoices` }).map((r) => r.query),
      [1, 2, 3].map((page) => ({ pageSize: '1000', page: String(page) })),
    );
    const got = ids(pages, 'InvoiceID');
    assert.equal(new Set(got).size, got.length, 'no duplicates');
    assert.deepEqual([...got].sort(), [...expected].sort());
    assert.equal(pages[0]?.pageCount, 3);
    assert.ok(pages.every((p) => p.records.every((r) => Array.isArray((r as { LineItems?: unknown }).LineItems))));
  });

  test('a small list is one call', async () => {
    const { client } = simClient(sim);
    const seq = sim.requests.lastSeq;
    const pages = await collect(fetchPages(client, spec('Invoices', 'Invoices', INVOICES, { Statuses: 'VOIDED' })));
    assert.equal(apiCalls(sim, seq), 1);
    assert.ok(pages[0] && pages[0].records.length < 1000);
    const currencies = await collect(fetchPages(client, spec('Currencies', 'Currencies', { style: 'none' })));
    assert.equal(apiCalls(sim, seq), 2);
    assert.ok((currencies[0]?.records.length ?? 0) > 0);
  });

  test('Quotes: page only, 100 a page, read until a short page', async () => {
    const { client } = simClient(sim);
    const expected = collection(sim, 'Quotes').map((r) => String(r.QuoteID));
    const seq = sim.requests.lastSeq;
    const pages = await collect(fetchPages(client, spec('Quotes', 'Quotes', QUOTES)));
    assert.equal(apiCalls(sim, seq), Math.floor(expected.length / 100) + 1);
    assert.deepEqual(ids(pages, 'QuoteID').sort(), [...expected].sort());
    assert.ok(sim.requests.find({ afterSeq: seq, path: `${BASE}/Quotes` }).every((r) => r.query.pageSize === undefined), 'Quotes take no pageSize');
  });

  test('Journals: offset = last JournalNumber, sequentially until a short page', async () => {
    const { client } = simClient(sim);
    const total = collection(sim, 'Journals').length;
    const seq = sim.requests.lastSeq;
    const pages = await collect(fetchPages(client, spec('Journals', 'Journals', JOURNALS)));
    assert.equal(apiCalls(sim, seq), Math.floor(total / 100) + 1);
    const numbers = pages.flatMap((p) => p.records.map((r) => (r as { JournalNumber: number }).JournalNumber));
    assert.deepEqual(numbers, Array.from({ length: total }, (_, i) => i + 1));
    const offsets = sim.requests.find({ afterSeq: seq, path: `${BASE}/Journals` }).map((r) => r.query.offset);
    assert.deepEqual(offsets.slice(0, 3), [undefined, '100', '200']);
  });

  test('stopping early issues no further request', async () => {
    const { client } = simClient(sim);
    const seq = sim.requests.lastSeq;
    for await (const page of fetchPages(client, spec('Invoices', 'Invoices', INVOICES, { pageSize: '100' }))) {
      assert.equal(page.records.length, 100);
      break;
    }
    for await (const page of fetchPages(client, spec('Journals', 'Journals', JOURNALS))) {
      assert.equal(page.page, 1);
      break;
    }
    await delay(100);
    assert.equal(apiCalls(sim, seq), 2);
  });

  test('aborting the signal mid-paging rejects with XSQL_CANCELLED', async () => {
    const { client } = simClient(sim);
    const controller = new AbortController();
    const pages = fetchPages(client, spec('Journals', 'Journals', JOURNALS), { signal: controller.signal });
    assert.equal((await pages.next()).done, false);
    controller.abort();
    await assert.rejects(pages.next(), { code: 'XSQL_CANCELLED' });
  });

  test('known page counts are fetched at most 5 at a time and yielded in order', async () => {
    sim.faults.update({ latencyMs: 15 });
    try {
      const { client } = simClient(sim);
      let inFlight = 0;
      let maxInFlight = 0;
      const counting = {
        get: async (request: ApiRequest) => {
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          try {
            return await client.get(request);
          } finally {
            inFlight--;
          }
        },
      };
      const seq = sim.requests.lastSeq;
      const pages = await collect(fetchPages(counting, spec('Invoices', 'Invoices', INVOICES, { pageSize: '100' }), { concurrency: 8 }));
      assert.deepEqual(
        pages.map((p) => p.page),
        Array.from({ length: 24 }, (_, i) => i + 1),
      );
      assert.equal(apiCalls(sim, seq), 24);
      assert.ok(maxInFlight > 1, 'pages were fetched side by side');
      assert.ok(maxInFlight <= 8);
      // The client holds Xero's 5-per-tenant limit whatever the paging concurrency asks for.
      assert.equal(sim.requests.count({ status: 429 }), 0);
    } finally {
      sim.faults.update({ latencyMs: 0 });
    }
  });

  test('fetchOne reads by id and treats 404 as no rows', async () => {
    const { client } = simClient(sim);
    const invoice = collection(sim, 'Invoices')[0];
    const rows = await fetchOne(client, { path: `${BASE}/Invoices/${String(invoice?.InvoiceID)}`, envelope: 'Invoices', tenantId });
    assert.equal((rows[0] as { InvoiceID?: string }).InvoiceID, invoice?.InvoiceID);
    assert.deepEqual(await fetchOne(client, { path: `${BASE}/Invoices/00000000-0000-0000-0000-000000000000`, envelope: 'Invoices', tenantId }), []);
  });

  test('a forced 429 minute is waited out and the result is unchanged', async () => {
    const { client, events } = simClient(sim);
    const baseline = ids(await collect(fetchPages(client, spec('Quotes', 'Quotes', QUOTES))), 'QuoteID');
    const before429 = sim.requests.count({ status: 429 });
    sim.faults.queue('ratelimit');
    const again = ids(await collect(fetchPages(client, spec('Quotes', 'Quotes', QUOTES))), 'QuoteID');
    assert.deepEqual(again, baseline);
    assert.equal(sim.requests.count({ status: 429 }), before429 + 1);
    // Retry-After: 1 (the simulator's default for forced 429s), less the moments already passed.
    const waits = events.filter((e) => e.type === 'wait' && e.reason === 'minute' && e.trigger === '429');
    assert.ok(waits.some((e) => e.type === 'wait' && e.ms !== undefined && e.ms > 500 && e.ms <= 1000), JSON.stringify(waits));
  });

  test('Xero errors arrive as XeroApiErrors: a bad where is XSQL_API with Xero’s message', async () => {
    const { client } = simClient(sim);
    const err = await client.get({ path: `${BASE}/Invoices`, query: { where: 'NoSuchField=="x"' }, tenantId }).catch((e: unknown) => e);
    assert.ok(err instanceof XeroApiError, String(err));
    assert.equal(err.code, 'XSQL_API');
    assert.equal(err.status, 400);
    assert.equal(err.xeroType, 'QueryParseException');
    assert.match(err.message, /NoSuchField/);
    const forbidden = await client.get({ path: `${BASE}/Invoices`, tenantId: '00000000-0000-0000-0000-000000000001' }).catch((e: unknown) => e);
    assert.equal((forbidden as XeroApiError).code, 'XSQL_TENANT');
  });
});

describe('staying under the rate limits', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ timeScale: 60 });
  });
  after(() => sim.close());

  test('a burst of 150 calls to one tenant gets no 429 and fills each window', async () => {
    const { client, events } = simClient(sim);
    const tenantId = auTenant(sim);
    await client.get({ path: `${BASE}/Organisation`, tenantId }); // token and first headers
    const seq = sim.requests.lastSeq;
    const results = await Promise.all(Array.from({ length: 150 }, () => client.get({ path: `${BASE}/Currencies`, tenantId })));
    assert.ok(results.every((r) => r.status === 200));
    assert.equal(sim.requests.count({ status: 429 }), 0);
    assert.equal(apiCalls(sim, seq), 150, 'no call was repeated');
    // Every simulated minute (1 s) held at most 60 calls and the busiest held (nearly) 60.
    const arrivals = sim.requests.find({ afterSeq: seq - 1, path: /^\/api\.xro\// }).map((r) => r.at).sort((a, b) => a - b);
    let busiest = 0;
    for (let i = 0, j = 0; j < arrivals.length; j++) {
      while ((arrivals[j] as number) - (arrivals[i] as number) >= 1000) i++;
      busiest = Math.max(busiest, j - i + 1);
    }
    assert.ok(busiest <= 60, `busiest window ${busiest}`);
    assert.ok(busiest >= 55, `busiest window only ${busiest}: the client waits more than it must`);
    assert.ok(events.some((e) => e.type === 'wait' && e.reason === 'minute' && e.trigger === 'limit'));
  });

  test('when another program has used the minute, the remaining headers make the client wait', async () => {
    const tenantId = auTenant(sim);
    const other = simClient(sim);
    const ours = simClient(sim);
    await Promise.all([other.tokens.accessToken(), ours.tokens.accessToken()]);
    // Start just after the simulator's fixed window for this tenant resets (its windows are
    // offset per tenant, rate-limit.ts), so everything below falls in one simulated minute.
    const offset = hashString(`t:${tenantId}`) % 1000;
    await delay(1000 - ((sim.clock.now() - offset) % 1000) + 5);
    // "Another program" takes 59 of this minute's 60 calls.
    await Promise.all(Array.from({ length: 59 }, () => other.client.get({ path: `${BASE}/Currencies`, tenantId })));
    const seq = sim.requests.lastSeq;
    await Promise.all(Array.from({ length: 3 }, () => ours.client.get({ path: `${BASE}/Currencies`, tenantId })));
    assert.equal(sim.requests.count({ afterSeq: seq, status: 429 }), 0);
    // Our first call went alone and came back with "0 left this minute"; the other two waited.
    assert.ok(ours.events.some((e) => e.type === 'wait' && e.reason === 'minute' && e.trigger === 'limit'));
  });
});

describe('the daily limit', () => {
  // A simulated day of 2 s (timeScale 43,200), so waiting for the reset is quick.
  const timeScale = 43_200;
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ dailyLimit: 3, timeScale });
  });
  after(() => sim.close());

  test('fails fast with XSQL_API_RATE_LIMIT and the reset time, then waits it out with retryDailyLimit', async () => {
    const tenantId = auTenant(sim);
    const { client } = simClient(sim);
    // Spend the day; the day window may roll over meanwhile (it lasts 2 s), so go until refused.
    let err: unknown;
    for (let i = 0; i < 10 && err === undefined; i++) {
      err = await client.get({ path: `${BASE}/Currencies`, tenantId }).then(
        () => undefined,
        (e: unknown) => e,
      );
    }
    assert.ok(err instanceof XeroApiError, String(err));
    assert.equal(err.code, 'XSQL_API_RATE_LIMIT');
    assert.equal(err.rateLimitProblem, 'day');
    assert.ok(err.resetAt && err.resetAt.getTime() > Date.now() && err.resetAt.getTime() <= Date.now() + 3000);
    assert.match(err.message, /daily API limit .* is reached .* resets at \d{4}-\d\d-\d\dT/);

    const seq = sim.requests.lastSeq;
    await assert.rejects(client.get({ path: `${BASE}/Currencies`, tenantId }), { code: 'XSQL_API_RATE_LIMIT' });
    assert.equal(apiCalls(sim, seq), 0, 'failing fast: Xero is not asked again');

    const waiting = simClient(sim, { retryDailyLimit: true });
    const results = await Promise.all([0, 1, 2, 3, 4].map(async () => (await waiting.client.get({ path: `${BASE}/Currencies`, tenantId })).status));
    assert.deepEqual(results, [200, 200, 200, 200, 200]);
    assert.ok(waiting.events.some((e) => e.type === 'wait' && e.reason === 'day'));
  });
});

describe('faults, token expiry and timeouts', () => {
  let sim: Simulator;
  let tenantId: string;
  let baseline: string[];
  const invoices = (): PageSpec => ({ path: `${BASE}/Invoices`, envelope: 'Invoices', paging: INVOICES, query: { pageSize: '200' }, tenantId });
  before(async () => {
    sim = await startSimulator({ timeScale: 60 });
    tenantId = auTenant(sim);
    baseline = ids(await collect(fetchPages(simClient(sim).client, invoices())), 'InvoiceID');
    assert.equal(baseline.length, 800);
  });
  after(() => sim.close());

  for (const kind of ['error', 'reset', 'truncate'] as const) {
    test(`a ${kind} fault is retried and the result equals the fault-free run`, async () => {
      const { client, tokens, events } = simClient(sim);
      await tokens.accessToken(); // queued faults hit the next request of any kind: get the token first
      const seq = sim.requests.lastSeq;
      sim.faults.queue(kind, 2);
      const got = ids(await collect(fetchPages(client, invoices())), 'InvoiceID');
      assert.deepEqual(got, baseline);
      assert.equal(sim.requests.find({ afterSeq: seq }).filter((r) => r.fault === kind).length, 2);
      assert.equal(events.filter((e) => e.type === 'wait' && e.reason === 'retry').length, 2);
    });
  }

  test('a fault rate the retry budget cannot absorb fails with a clear error', async () => {
    const { client, tokens } = simClient(sim, { maxRetries: 2 });
    await tokens.accessToken();
    sim.faults.update({ errorRate: 1 });
    try {
      const err = await collect(fetchPages(client, invoices())).catch((e: unknown) => e);
      assert.ok(err instanceof XeroApiError);
      assert.equal(err.code, 'XSQL_API');
      assert.match(err.message, /^Xero answered HTTP 50\d to GET http:\/\/127\.0\.0\.1:\d+\/api\.xro\/2\.0\/Invoices\?pageSize&page: .*Gave up after 3 attempts \(MaximumRequestRetries=2\)\.$/);
      sim.faults.update({ errorRate: 0, resetRate: 1 });
      const reset = await client.get({ path: `${BASE}/Currencies`, tenantId }).catch((e: unknown) => e);
      assert.equal((reset as XeroApiError).code, 'XSQL_HTTP');
      assert.match((reset as Error).message, /Currencies: the connection was reset\. Gave up after 3 attempts/);
    } finally {
      sim.faults.update({ errorRate: 0, resetRate: 0 });
    }
  });

  test('Timeout: a slow response times out with XSQL_HTTP after the retry budget', async () => {
    const { client, tokens } = simClient(sim, { timeoutMs: 100, maxRetries: 1 });
    await tokens.accessToken();
    sim.faults.update({ latencyMs: 300 });
    try {
      const seq = sim.requests.lastSeq;
      const err = await client.get({ path: `${BASE}/Currencies`, tenantId }).catch((e: unknown) => e);
      assert.ok(err instanceof XeroApiError);
      assert.equal(err.code, 'XSQL_HTTP');
      assert.match(err.message, /timed out after 0\.1 s \(the Timeout connection property\)\. Gave up after 2 attempts/);
      await delay(400); // the simulator logs a request when it has answered it
      assert.equal(apiCalls(sim, seq), 2);
    } finally {
      sim.faults.update({ latencyMs: 0 });
    }
  });

  test('a token that expires mid-paging is refreshed once and the pages complete', async () => {
    const { client, tokens } = simClient(sim);
    const spec: PageSpec = { path: `${BASE}/Journals`, envelope: 'Journals', paging: JOURNALS, tenantId };
    const seq = sim.requests.lastSeq;
    const numbers: number[] = [];
    for await (const page of fetchPages(client, spec)) {
      numbers.push(...page.records.map((r) => (r as { JournalNumber: number }).JournalNumber));
      if (page.page === 1) sim.clock.advance(31 * 60_000); // the 30-minute token has now expired
    }
    assert.equal(tokens.refreshes, 1);
    assert.equal(tokens.fetches, 2);
    assert.equal(sim.requests.find({ afterSeq: seq, status: 401 }).length, 1);
    assert.deepEqual(numbers, Array.from({ length: collection(sim, 'Journals').length }, (_, i) => i + 1));
  });
});
