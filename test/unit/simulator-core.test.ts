import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimClock } from '../../src/simulator/clock.js';
import { FaultController } from '../../src/simulator/faults.js';
import { RateLimiter } from '../../src/simulator/rate-limit.js';
import { RequestLog } from '../../src/simulator/request-log.js';
import { Router } from '../../src/simulator/router.js';
import { Random } from '../../src/simulator/data/random.js';
import { createApps } from '../../src/simulator/apps.js';

const ok = () => ({ status: 200 });

describe('Router', () => {
  it('matches literal segments case-insensitively and captures params', () => {
    const router = new Router();
    router.add({ method: 'GET', pattern: '/api.xro/2.0/Invoices/:id', handler: ok }, 'api');
    const m = router.match('GET', '/API.XRO/2.0/invoices/ABC');
    assert.equal(m.found, true);
    assert.deepEqual(m.found && m.params, { id: 'ABC' });
  });

  it('prefers the pattern with more literal segments', () => {
    const router = new Router();
    const byId = { method: 'GET' as const, pattern: '/Reports/:id', handler: ok };
    const named = { method: 'GET' as const, pattern: '/Reports/BalanceSheet', handler: ok };
    router.add(byId, 'api');
    router.add(named, 'api');
    const m = router.match('GET', '/Reports/BalanceSheet');
    assert.equal(m.found && m.route, named);
    const other = router.match('GET', '/Reports/1234');
    assert.equal(other.found && other.route, byId);
  });

  it('tells a wrong method from an unknown path', () => {
    const router = new Router();
    router.add({ method: 'POST', pattern: '/connect/token', handler: ok }, 'identity');
    assert.deepEqual(router.match('GET', '/connect/token'), { found: false, methodNotAllowed: true });
    assert.deepEqual(router.match('GET', '/nope'), { found: false, methodNotAllowed: false });
  });
});

describe('SimClock', () => {
  it('advances and sets simulated time', () => {
    const clock = new SimClock();
    const before = clock.now();
    clock.advance(31 * 60_000);
    assert.ok(clock.now() - before >= 31 * 60_000);
    clock.set(Date.UTC(2030, 0, 1));
    assert.ok(Math.abs(clock.now() - Date.UTC(2030, 0, 1)) < 1000);
    assert.throws(() => clock.advance(Number.NaN), RangeError);
  });
});

describe('RateLimiter', () => {
  it('refuses the 61st call in a minute with Retry-After and recovers in the next window', () => {
    const clock = new SimClock();
    const limiter = new RateLimiter(clock);
    let last;
    for (let i = 0; i < 60; i++) {
      last = limiter.acquire('tenant-a', 'app');
      assert.equal(last.ok, true, `call ${i + 1} should be admitted`);
      if (last.ok) last.release();
    }
    assert.equal(last?.headers['X-MinLimit-Remaining'], '0');
    const refused = limiter.acquire('tenant-a', 'app');
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.problem, 'minute');
    const retryAfter = Number(refused.headers['Retry-After']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    // Another tenant is unaffected.
    assert.equal(limiter.acquire('tenant-b', 'app').ok, true);
    clock.advance(retryAfter * 1000);
    assert.equal(limiter.acquire('tenant-a', 'app').ok, true);
  });

  it('limits calls in progress to 5 per tenant, without Retry-After', () => {
    const limiter = new RateLimiter(new SimClock());
    const held = Array.from({ length: 5 }, () => limiter.acquire('t', 'app'));
    assert.ok(held.every((h) => h.ok));
    const refused = limiter.acquire('t', 'app');
    assert.equal(!refused.ok && refused.problem, 'concurrent');
    assert.equal(refused.headers['Retry-After'], undefined);
    const first = held[0];
    if (first?.ok) first.release();
    assert.equal(limiter.acquire('t', 'app').ok, true);
  });

  it('enforces the daily limit and reports the day problem', () => {
    const clock = new SimClock();
    const limiter = new RateLimiter(clock, { perDay: 3, perMinute: 1000 });
    for (let i = 0; i < 3; i++) {
      const d = limiter.acquire('t', 'app');
      if (d.ok) d.release();
    }
    const refused = limiter.acquire('t', 'app');
    assert.equal(!refused.ok && refused.problem, 'day');
    assert.ok(Number(refused.headers['Retry-After']) > 60);
    assert.equal(refused.headers['X-DayLimit-Remaining'], '0');
  });

  it('enforces the app-wide minute limit across tenants', () => {
    const limiter = new RateLimiter(new SimClock(), { appPerMinute: 4 });
    for (const t of ['a', 'b', 'c', 'd']) {
      const d = limiter.acquire(t, 'app');
      if (d.ok) d.release();
    }
    const refused = limiter.acquire('e', 'app');
    assert.equal(!refused.ok && refused.problem, 'appminute');
    assert.equal(limiter.acquire('e', 'other-app').ok, true);
  });

  it('shortens windows with timeScale', () => {
    const clock = new SimClock();
    const limiter = new RateLimiter(clock, { perMinute: 1, timeScale: 60 });
    const first = limiter.acquire('t', 'app');
    if (first.ok) first.release();
    assert.equal(limiter.acquire('t', 'app').ok, false);
    clock.advance(1000); // a "minute" lasts one second
    assert.equal(limiter.acquire('t', 'app').ok, true);
  });
});

describe('FaultController', () => {
  it('injects queued faults first, in order', () => {
    const faults = new FaultController(1);
    faults.queue('reset');
    faults.queue('error', 2);
    assert.equal(faults.decide(false)?.kind, 'reset');
    const e = faults.decide(false);
    assert.equal(e?.kind, 'error');
    assert.ok([500, 502, 503, 504].includes(e?.status ?? 0));
    assert.equal(faults.decide(false)?.kind, 'error');
    assert.equal(faults.decide(false), undefined);
    assert.equal(faults.injectedCount, 3);
  });

  it('draws rate-based faults repeatably from the seed, and spares identity calls by default', () => {
    const run = () => {
      const f = new FaultController(42, { errorRate: 0.2, resetRate: 0.1 });
      return Array.from({ length: 200 }, () => f.decide(false)?.kind ?? '-').join(',');
    };
    const a = run();
    assert.equal(a, run());
    const share = a.split(',').filter((k) => k !== '-').length / 200;
    assert.ok(share > 0.15 && share < 0.45, `fault share ${share}`);
    const f = new FaultController(42, { errorRate: 1 });
    assert.equal(f.decide(true), undefined);
    f.update({ includeIdentity: true });
    assert.equal(f.decide(true)?.kind, 'error');
  });

  it('rejects bad settings with the field named', () => {
    const f = new FaultController(1);
    assert.throws(() => f.update({ errorRate: 2 }), /errorRate/);
  });
});

describe('RequestLog', () => {
  it('filters and counts entries', () => {
    const log = new RequestLog(3);
    for (const [i, path] of ['/a', '/b', '/a', '/a'].entries()) {
      log.record({ seq: log.nextSeq(), at: i, method: 'GET', path, query: {}, status: 200, durationMs: 1 });
    }
    assert.equal(log.entries.length, 3, 'oldest entry dropped beyond the cap');
    assert.equal(log.count({ path: '/a' }), 2);
    assert.equal(log.count({ afterSeq: 3 }), 1);
  });
});

describe('Random and apps', () => {
  it('is deterministic per seed and forks independently of call order', () => {
    const a = new Random(7);
    const b = new Random(7);
    assert.equal(a.guid(), b.guid());
    a.uint32();
    assert.equal(a.fork('x').guid(), new Random(7).fork('x').guid());
    assert.notEqual(new Random(8).guid(), new Random(7).guid());
    assert.match(new Random(1).guid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('registers the three app kinds with Xero-shaped client ids', () => {
    const { apps, user } = createApps(1, 'tenant');
    assert.deepEqual(apps.map((a) => a.kind), ['confidential', 'pkce', 'custom-connection']);
    for (const app of apps) assert.match(app.clientId, /^[0-9A-F]{32}$/);
    assert.equal(apps[1]?.clientSecret, undefined);
    assert.ok(apps[0]?.redirectUris.includes('http://localhost:33333'));
    assert.ok(apps[0]?.redirectUris.includes('http://localhost:5001/code'));
    assert.equal(apps[2]?.tenantId, 'tenant');
    assert.deepEqual(createApps(1, 'tenant'), { apps, user });
  });
});
