/**
 * The rate limiter on a virtual clock: the sliding minute window, concurrency, tenants apart,
 * the app limit, syncing with Xero's remaining-calls headers, 429 pauses and the day budget.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter, type LimiterWait, type Permit } from '../../src/http/rate-limiter.js';
import { FakeTime, settle } from '../helpers/xero-client-fakes.js';

function setup(limits: ConstructorParameters<typeof RateLimiter>[0] = {}) {
  const time = new FakeTime();
  const limiter = new RateLimiter(limits, { now: time.now, sleep: time.sleep });
  const waits: LimiterWait[] = [];
  const acquire = (tenant = 't1', signal?: AbortSignal) =>
    limiter.acquire(tenant, { onWait: (w) => waits.push(w), ...(signal ? { signal } : {}) });
  return { time, limiter, waits, acquire };
}

/** Tracks whether a promise has settled yet. */
function watch<T>(promise: Promise<T>): { done: () => boolean; promise: Promise<T> } {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { done: () => settled, promise };
}

test('the sliding window admits 60 calls, then the 61st waits until the oldest finished call leaves the window', async () => {
  const { time, waits, acquire } = setup();
  const firstEnd = time.now();
  for (let i = 0; i < 60; i++) {
    (await acquire()).release();
    time.advance(100); // calls finish 100 ms apart
  }
  assert.equal(waits.length, 0, 'the first 60 do not wait');
  await acquire();
  assert.equal(time.now(), firstEnd + 60_000, 'the 61st starts exactly one window after the first call finished');
  assert.deepEqual(
    waits.map((w) => w.limit),
    ['minute'],
  );
  assert.equal(waits[0]?.trigger, 'limit');
  assert.equal(waits[0]?.ms, firstEnd + 60_000 - (firstEnd + 6000));
});

test('a call counts against the window from its start until one window after it finishes', async () => {
  const { time, waits, acquire } = setup({ perWindow: 3, concurrent: 10 });
  (await acquire()).release();
  time.advance(61_000); // that first call has left the window
  const permits: Permit[] = [await acquire(), await acquire(), await acquire()];
  const fourth = watch(acquire());
  await settle();
  assert.equal(fourth.done(), false, 'all three are in progress: nothing can leave the window yet');
  assert.deepEqual(waits, [{ limit: 'minute', trigger: 'limit' }], 'waits for a call to finish, length unknown');
  time.advance(5000);
  const end = time.now();
  permits[1]?.release();
  await fourth.promise;
  assert.equal(time.now(), end + 60_000, 'one window after the first call to finish');
});

test('until a first call comes back, one call at a time: others may have used the minute', async () => {
  const { waits, acquire } = setup();
  const first = await acquire();
  const second = watch(acquire());
  await settle();
  assert.equal(second.done(), false);
  assert.deepEqual(waits, [{ limit: 'concurrent', trigger: 'limit' }]);
  first.release({ 'x-minlimit-remaining': '58' });
  await second.promise;
});

test('at most 5 calls per tenant are in progress; the 6th starts when one finishes', async () => {
  const { waits, acquire } = setup();
  (await acquire()).release();
  const permits = await Promise.all([1, 2, 3, 4, 5].map(() => acquire()));
  const sixth = watch(acquire());
  await settle();
  assert.equal(sixth.done(), false);
  assert.deepEqual(waits, [{ limit: 'concurrent', trigger: 'limit' }]);
  permits[2]?.release();
  await sixth.promise;
});

test('tenants are limited separately', async () => {
  const { time, acquire } = setup({ perWindow: 2 });
  (await acquire('a')).release();
  await acquire('a');
  const started = time.now();
  (await acquire('b')).release();
  await acquire('b');
  assert.equal(time.now(), started, 'tenant b does not wait for tenant a');
  await acquire('a');
  assert.equal(time.now(), started + 60_000, 'tenant a was full');
});

test('the app limit applies across tenants', async () => {
  const { time, waits, acquire } = setup({ appPerWindow: 3 });
  const start = time.now();
  for (const tenant of ['a', 'b', 'c']) (await acquire(tenant)).release();
  await acquire('d');
  assert.equal(time.now(), start + 60_000);
  assert.equal(waits[0]?.limit, 'appminute');
});

test('X-MinLimit-Remaining: 0 from calls we did not make holds the tenant for one window', async () => {
  const { time, waits, acquire } = setup();
  const permit = await acquire();
  time.advance(200);
  const end = time.now();
  permit.release({ 'x-minlimit-remaining': '0', 'x-daylimit-remaining': '4000', 'x-appminlimit-remaining': '9000' });
  await acquire();
  assert.equal(time.now(), end + 60_000, 'another program used the other 59 calls of this minute');
  assert.equal(waits[0]?.limit, 'minute');
});

test('remaining headers that match our own usage cause no wait', async () => {
  const { time, limiter, acquire } = setup();
  const start = time.now();
  for (let i = 1; i <= 59; i++) (await acquire()).release({ 'x-minlimit-remaining': String(60 - i), 'x-daylimit-remaining': String(5000 - i) });
  assert.equal(time.now(), start);
  assert.deepEqual(limiter.remaining('t1'), { minute: 1, day: 4941 });
});

test('foreign calls reported by X-AppMinLimit-Remaining hold app slots', async () => {
  const { time, acquire } = setup({ appPerWindow: 100 });
  const permit = await acquire('a');
  const end = time.now();
  permit.release({ 'x-appminlimit-remaining': '0' });
  await acquire('b');
  assert.equal(time.now(), end + 60_000);
});

test('a spent day estimate lets the calls in progress report back before another starts', async () => {
  const { waits, acquire } = setup();
  (await acquire()).release({ 'x-daylimit-remaining': '1' });
  const last = await acquire(); // takes the last call of the day
  const probe = watch(acquire());
  await settle();
  assert.equal(probe.done(), false);
  assert.equal(waits[0]?.limit, 'day');
  last.release({ 'x-daylimit-remaining': '0' });
  await probe.promise; // nothing in progress: one call may go and learn the reset time from Xero
});

test('a 429 pause holds every call for the tenant, and the app pause holds all tenants', async () => {
  const { time, limiter, waits, acquire } = setup();
  const start = time.now();
  limiter.pause('t1', 'minute', start + 5000);
  await acquire('t1');
  assert.equal(time.now(), start + 5000);
  assert.deepEqual(waits[0], { limit: 'minute', ms: 5000, trigger: '429' });
  await acquire('t2');
  assert.equal(time.now(), start + 5000, 'other tenants are not paused');
  limiter.pause('t1', 'appminute', time.now() + 1000);
  await acquire('t3');
  assert.equal(time.now(), start + 6000);
});

test('dayLimitReached is remembered until the reset time', () => {
  const { time, limiter } = setup();
  const reset = time.now() + 3_600_000;
  limiter.dayLimitReached('t1', reset);
  assert.equal(limiter.dayResetAt('t1'), reset);
  assert.equal(limiter.dayResetAt('t2'), undefined);
  time.advance(3_600_000);
  assert.equal(limiter.dayResetAt('t1'), undefined);
});

test('a waiting acquire rejects with XSQL_CANCELLED when aborted', async () => {
  const { acquire } = setup({ concurrent: 1 });
  await acquire();
  const controller = new AbortController();
  const waiting = acquire('t1', controller.signal);
  await settle();
  controller.abort();
  await assert.rejects(waiting, { code: 'XSQL_CANCELLED' });
});
