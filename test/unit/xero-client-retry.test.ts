/**
 * The retry policy's pieces: the backoff schedule and its jitter bounds, what counts as
 * retryable, and reading Retry-After.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, XeroSqlError } from '../../src/errors.js';
import { DEFAULT_BACKOFF, backoffDelay, isRetryableNetworkError, isRetryableStatus, realSleep } from '../../src/http/retry.js';
import { retryAfterMs } from '../../src/http/xero-client.js';
import { resetError } from '../helpers/xero-client-fakes.js';

test('backoff doubles from 250 ms up to the 8 s cap, each wait jittered within [d/2, d]', () => {
  const ceilings = [250, 500, 1000, 2000, 4000, 8000, 8000, 8000];
  ceilings.forEach((d, retry) => {
    assert.equal(backoffDelay(retry, DEFAULT_BACKOFF, () => 0), d / 2, `retry ${retry} lowest`);
    assert.equal(backoffDelay(retry, DEFAULT_BACKOFF, () => 1), d, `retry ${retry} highest`);
    for (let i = 0; i < 200; i++) {
      const wait = backoffDelay(retry);
      assert.ok(wait >= d / 2 && wait <= d, `retry ${retry}: ${wait} outside [${d / 2}, ${d}]`);
    }
  });
  assert.equal(backoffDelay(2, { baseMs: 10, capMs: 25 }, () => 1), 25);
});

test('5xx are retryable except 501; 4xx are not', () => {
  for (const s of [500, 502, 503, 504, 599]) assert.equal(isRetryableStatus(s), true, String(s));
  for (const s of [400, 401, 403, 404, 429, 501]) assert.equal(isRetryableStatus(s), false, String(s));
});

test('resets, socket errors and timeouts are retryable; a refused connection or unknown host is not', () => {
  assert.equal(isRetryableNetworkError(resetError()), true);
  const timeout = new XeroSqlError(ErrorCode.Http, 'timed out', { cause: Object.assign(new Error('t'), { name: 'TimeoutError' }) });
  assert.equal(isRetryableNetworkError(timeout), true);
  for (const code of ['ECONNREFUSED', 'ENOTFOUND']) {
    const err = new XeroSqlError(ErrorCode.Http, code, { cause: Object.assign(new Error('fetch failed'), { cause: { code } }) });
    assert.equal(isRetryableNetworkError(err), false, code);
  }
  assert.equal(isRetryableNetworkError(new Error('a bug')), false, 'programming errors are not retried');
});

test('Retry-After takes seconds or an HTTP date', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  assert.equal(retryAfterMs('30', now), 30_000);
  assert.equal(retryAfterMs('Sun, 01 Mar 2026 10:01:00 GMT', now), 60_000);
  assert.equal(retryAfterMs(undefined, now), undefined);
  assert.equal(retryAfterMs('soon', now), undefined);
});

test('realSleep rejects with XSQL_CANCELLED when aborted', async () => {
  const controller = new AbortController();
  const sleeping = realSleep(60_000, controller.signal);
  controller.abort();
  await assert.rejects(sleeping, { code: 'XSQL_CANCELLED' });
});
