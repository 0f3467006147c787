/**
 * XeroClient over a scripted transport and a virtual clock: headers, 429 handling, retries and
 * their budget, the daily limit, concurrency, cancellation and the log line.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { XeroApiError } from '../../src/http/api-error.js';
import { XeroClient, type ClientEvent, type XeroClientOptions } from '../../src/http/xero-client.js';
import type { HttpRequest } from '../../src/http/transport.js';
import { CountingTokens, FakeTime, ScriptedTransport, response, resetError, settle } from '../helpers/xero-client-fakes.js';

const ORIGIN = 'https://api.xero.com';
const PATH = '/api.xro/2.0/Invoices';
const OK = response(200, { Invoices: [{ InvoiceID: 'a' }] }, { 'X-MinLimit-Remaining': '59', 'X-DayLimit-Remaining': '4999', 'X-AppMinLimit-Remaining': '9999' });

function setup(script: ConstructorParameters<typeof ScriptedTransport>[0], options: Partial<XeroClientOptions> = {}) {
  const time = new FakeTime();
  const transport = new ScriptedTransport(script);
  const tokens = new CountingTokens();
  const events: ClientEvent[] = [];
  const logs: [number, string][] = [];
  const client = new XeroClient({
    apiOrigin: ORIGIN,
    tokens,
    timeoutMs: 30_000,
    maxRetries: 3,
    retryWaitTimeMs: 10_000,
    retryDailyLimit: false,
    now: time.now,
    sleep: time.sleep,
    send: transport.send,
    onEvent: (e) => events.push(e),
    log: (level, message) => logs.push([level, message]),
    ...options,
  });
  return { time, transport, tokens, events, logs, client };
}

test('sends the token, tenant, Accept and extra headers, and parses the body', async () => {
  const { client, transport } = setup(() => OK);
  const res = await client.get({ path: PATH, query: { page: '1' }, tenantId: 'T1', headers: { 'If-Modified-Since': '2026-01-01T00:00:00Z' } });
  assert.deepEqual(res.json, { Invoices: [{ InvoiceID: 'a' }] });
  const sent = transport.calls[0] as HttpRequest;
  assert.equal(sent.url, `${ORIGIN}${PATH}?page=1`);
  assert.equal(sent.headers?.authorization, 'Bearer token-1');
  assert.equal(sent.headers?.['xero-tenant-id'], 'T1');
  assert.equal(sent.headers?.accept, 'application/json');
  assert.equal(sent.headers?.['If-Modified-Since'], '2026-01-01T00:00:00Z');
  assert.equal(sent.timeoutMs, 30_000);
});

test('logs one level-1 line per request: URL, query names without values, status, attempts, limits; never a token', async () => {
  let n = 0;
  const { client, logs } = setup(() => (++n === 1 ? resetError() : OK), { random: () => 0 });
  await client.get({ path: PATH, query: { where: 'Name=="Secret Customer"', page: '2' }, tenantId: 'T1' });
  const level1 = logs.filter(([level]) => level === 1).map(([, m]) => m);
  assert.equal(level1.length, 1, level1.join('\n'));
  assert.match(level1[0] ?? '', /^GET https:\/\/api\.xero\.com\/api\.xro\/2\.0\/Invoices\?where&page 200 in \d+ms \(2 attempts, 1 retry\); remaining minute 59, day 4999, app 9999$/);
  const all = logs.map(([, m]) => m).join('\n');
  assert.doesNotMatch(all, /Secret Customer|token-1|Bearer/);
});

test('429 minute: waits Retry-After, retries without using the retry budget, and returns the data', async () => {
  let n = 0;
  const { client, time, events } = setup(
    () => (++n === 1 ? response(429, '', { 'X-Rate-Limit-Problem': 'minute', 'Retry-After': '7' }) : OK),
    { maxRetries: 0 },
  );
  const start = time.now();
  const res = await client.get({ path: PATH, tenantId: 'T1' });
  assert.equal(res.status, 200);
  assert.equal(time.now() - start, 7000);
  assert.ok(events.some((e) => e.type === 'wait' && e.reason === 'minute' && e.trigger === '429' && e.ms === 7000));
});

test('429 without Retry-After waits RetryWaitTime; concurrent and appminute are waited out too', async () => {
  const answers = [
    response(429, '', { 'X-Rate-Limit-Problem': 'concurrent' }),
    response(429, '', { 'X-Rate-Limit-Problem': 'appminute', 'Retry-After': '2' }),
    OK,
  ];
  const { client, time } = setup(() => answers.shift() ?? OK, { retryWaitTimeMs: 3000 });
  const start = time.now();
  await client.get({ path: PATH, tenantId: 'T1' });
  assert.equal(time.now() - start, 5000);
});

test('429 day fails fast with XSQL_API_RATE_LIMIT and the reset time, then fails without calling Xero', async () => {
  const { client, time, transport } = setup(() => response(429, '', { 'X-Rate-Limit-Problem': 'day', 'Retry-After': '3600' }));
  const expectedReset = new Date(time.now() + 3_600_000);
  const err = await client.get({ path: PATH, tenantId: 'T1' }).catch((e: unknown) => e);
  assert.ok(err instanceof XeroApiError);
  assert.equal(err.code, 'XSQL_API_RATE_LIMIT');
  assert.equal(err.rateLimitProblem, 'day');
  assert.deepEqual(err.resetAt, expectedReset);
  assert.match(err.message, /daily API limit for tenant T1 is reached/);
  assert.match(err.message, new RegExp(expectedReset.toISOString().replace(/[.]/g, '\\.')));
  assert.match(err.message, /RetryDailyLimit=true/);
  assert.equal(time.sleeps.length, 0, 'no waiting');
  await assert.rejects(client.get({ path: PATH, tenantId: 'T1' }), { code: 'XSQL_API_RATE_LIMIT' });
  assert.equal(transport.calls.length, 1, 'the second request did not reach Xero');
});

test('429 day with retryDailyLimit waits for the reset and then succeeds', async () => {
  let n = 0;
  const { client, time, events } = setup(() => (++n === 1 ? response(429, '', { 'X-Rate-Limit-Problem': 'day', 'Retry-After': '120' }) : OK), {
    retryDailyLimit: true,
  });
  const start = time.now();
  await client.get({ path: PATH, tenantId: 'T1' });
  assert.equal(time.now() - start, 120_000);
  assert.ok(events.some((e) => e.type === 'wait' && e.reason === 'day' && e.ms === 120_000));
});

test('a 429 without X-Rate-Limit-Problem is read from the remaining headers (day at 0 means day)', async () => {
  const { client } = setup(() => response(429, '', { 'X-DayLimit-Remaining': '0', 'Retry-After': '60' }));
  await assert.rejects(client.get({ path: PATH, tenantId: 'T1' }), { code: 'XSQL_API_RATE_LIMIT', rateLimitProblem: 'day' });
});

test('429s that never stop give up after maxRateLimitWaits', async () => {
  const { client, transport } = setup(() => response(429, '', { 'X-Rate-Limit-Problem': 'minute', 'Retry-After': '1' }), { maxRateLimitWaits: 3 });
  const err = await client.get({ path: PATH, tenantId: 'T1' }).catch((e: unknown) => e);
  assert.ok(err instanceof XeroApiError);
  assert.equal(err.code, 'XSQL_API_RATE_LIMIT');
  assert.match(err.message, /still rate limited \(X-Rate-Limit-Problem: minute\) after waiting 3 times/);
  assert.equal(transport.calls.length, 4);
});

test('5xx and resets are retried with growing, jittered waits; the budget is maxRetries', async () => {
  const answers = [response(503, 'Service Unavailable'), resetError(), response(500, 'oops'), OK];
  const { client, time, events } = setup(() => answers.shift() ?? OK, { random: () => 1 });
  const res = await client.get({ path: PATH, tenantId: 'T1' });
  assert.equal(res.status, 200);
  assert.deepEqual(time.sleeps, [250, 500, 1000]);
  assert.deepEqual(
    events.filter((e) => e.type === 'wait').map((e) => (e.type === 'wait' ? e.cause : '')),
    ['HTTP 503', 'GET https://api.xero.com/api.xro/2.0/Invoices: the connection was reset.', 'HTTP 500'],
  );
});

test('a 5xx that lasts fails with XSQL_API naming the status, attempts and the budget', async () => {
  const { client, transport } = setup(() => response(503, 'Service Unavailable'), { maxRetries: 2 });
  const err = await client.get({ path: PATH, query: { page: '1' }, tenantId: 'T1' }).catch((e: unknown) => e);
  assert.ok(err instanceof XeroApiError);
  assert.equal(err.code, 'XSQL_API');
  assert.equal(err.status, 503);
  assert.equal(err.attempts, 3);
  assert.equal(err.message, 'Xero answered HTTP 503 to GET https://api.xero.com/api.xro/2.0/Invoices?page: Service Unavailable. Gave up after 3 attempts (MaximumRequestRetries=2).');
  assert.equal(transport.calls.length, 3);
});

test('dropped connections that last fail with XSQL_HTTP naming the cause and attempts', async () => {
  const { client } = setup(() => resetError(), { maxRetries: 1 });
  const err = await client.get({ path: PATH, tenantId: 'T1' }).catch((e: unknown) => e);
  assert.ok(err instanceof XeroApiError);
  assert.equal(err.code, 'XSQL_HTTP');
  assert.match(err.message, /the connection was reset\. Gave up after 2 attempts \(MaximumRequestRetries=1\)\.$/);
});

test('a refused connection is not retried', async () => {
  const refused = new Error('connect ECONNREFUSED') as Error & { code: string };
  refused.code = 'ECONNREFUSED';
  const { client, transport } = setup(() => Object.assign(resetError(), { cause: refused }));
  await assert.rejects(client.get({ path: PATH }), { code: 'XSQL_HTTP' });
  assert.equal(transport.calls.length, 1);
});

test('a cut-off JSON body is retried and never returned as data', async () => {
  const answers = [response(200, '{"Invoices":[{"InvoiceID":"a"},{"Inv', { 'content-type': 'application/json' }), OK];
  const { client } = setup(() => answers.shift() ?? OK);
  const res = await client.get({ path: PATH, tenantId: 'T1' });
  assert.deepEqual(res.json, { Invoices: [{ InvoiceID: 'a' }] });

  const broken = setup(() => response(200, '{"Invoices":[', { 'content-type': 'application/json' }), { maxRetries: 1 });
  await assert.rejects(broken.client.get({ path: PATH }), { code: 'XSQL_HTTP', message: /cut off or is not valid JSON.*gave up after 2 attempts/ });
});

test('TokenExpired triggers one refresh and the call completes', async () => {
  const expired = response(401, { Type: null, Title: 'Unauthorized', Status: 401, Detail: 'TokenExpired: token expired at 04/09/2023 05:16:59' });
  const { client, tokens, transport } = setup((req) => (req.headers?.authorization === 'Bearer token-1' ? expired : OK));
  const res = await client.get({ path: PATH, tenantId: 'T1' });
  assert.equal(res.status, 200);
  assert.equal(tokens.refreshes, 1);
  assert.equal(transport.calls.at(-1)?.headers?.authorization, 'Bearer token-2');
});

test('a 429 from a shared tenant holds the other requests for that tenant too', async () => {
  let n = 0;
  const { client, time, transport } = setup(async () => {
    n++;
    await time.sleep(10);
    return n === 1 ? response(429, '', { 'X-Rate-Limit-Problem': 'minute', 'Retry-After': '5' }) : OK;
  });
  const start = time.now();
  const first = client.get({ path: PATH, tenantId: 'T1' });
  await settle(3);
  // The second starts after the 429 came back: it must wait out the same pause.
  await first;
  await client.get({ path: PATH, tenantId: 'T1' });
  assert.ok(time.now() - start >= 5000);
  assert.equal(transport.calls.length, 3);
});

test('no more than 5 requests per tenant reach the transport at once', async () => {
  const { client, time, transport } = setup(async () => {
    await time.sleep(100);
    return OK;
  });
  await Promise.all(Array.from({ length: 12 }, () => client.get({ path: PATH, tenantId: 'T1' })));
  assert.equal(transport.maxInFlight, 5);
});

test('an aborted request rejects with XSQL_CANCELLED and is not retried', async () => {
  const controller = new AbortController();
  const { client, transport } = setup(() => {
    controller.abort();
    return resetError();
  });
  await assert.rejects(client.get({ path: PATH, signal: controller.signal }), { code: 'XSQL_CANCELLED' });
  assert.equal(transport.calls.length, 1);
});

test('a throwing event listener does not break the request', async () => {
  const { client } = setup(() => OK, {
    onEvent: () => {
      throw new Error('progress bar bug');
    },
  });
  assert.equal((await client.get({ path: PATH })).status, 200);
});

test('query values are percent-encoded whole (spaces as %20, & and " inside a where kept)', async () => {
  const { client, transport } = setup(() => OK);
  await client.get({ path: PATH, query: { where: 'Name=="A & B" AND Total>=10', order: 'Date DESC' } });
  assert.equal(
    transport.calls[0]?.url,
    `${ORIGIN}${PATH}?where=Name%3D%3D%22A%20%26%20B%22%20AND%20Total%3E%3D10&order=Date%20DESC`,
  );
});
