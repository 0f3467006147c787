/**
 * Rate limits and fault injection over real HTTP, and the `/__sim` admin routes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { apiGet, customConnectionToken } from '../helpers/sim-client.js';

describe('rate limits', () => {
  let sim: Simulator;
  let token: string;
  before(async () => {
    sim = await startSimulator({ seed: 5, dailyLimit: 100 });
    token = await customConnectionToken(sim);
  });
  after(() => sim.close());

  it('sends the remaining-limit headers on every tenant call, and only the app one on /connections', async () => {
    sim.rateLimits.reset();
    const first = await apiGet(sim, '/api.xro/2.0/Currencies', { token });
    assert.equal(first.headers.get('x-minlimit-remaining'), '59');
    assert.equal(first.headers.get('x-daylimit-remaining'), '99');
    assert.equal(first.headers.get('x-applimit-remaining'), null);
    assert.equal(first.headers.get('x-appminlimit-remaining'), '9999');
    const second = await apiGet(sim, '/api.xro/2.0/Currencies', { token });
    assert.equal(second.headers.get('x-minlimit-remaining'), '58');
    const connections = await apiGet(sim, '/connections', { token });
    assert.equal(connections.status, 200);
    assert.equal(connections.headers.get('x-minlimit-remaining'), null);
    assert.equal(connections.headers.get('x-daylimit-remaining'), null);
    assert.equal(connections.headers.get('x-appminlimit-remaining'), '9997');
  });

  it('answers the 61st call in a minute with 429 minute + Retry-After, and recovers after it', async () => {
    sim.rateLimits.reset();
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await apiGet(sim, '/api.xro/2.0/Currencies', { token })).status);
    assert.deepEqual(statuses.slice(0, 60), Array(60).fill(200));
    const limited = await apiGet(sim, '/api.xro/2.0/Currencies', { token });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('x-rate-limit-problem'), 'minute');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60);
    sim.clock.advance(retryAfter * 1000);
    assert.equal((await apiGet(sim, '/api.xro/2.0/Currencies', { token })).status, 200);
  });

  it('fails the day with 429 day once the daily limit is used', async () => {
    sim.rateLimits.reset();
    sim.rateLimits.update({ perMinute: 1000 });
    try {
      for (let i = 0; i < 100; i++) assert.equal((await apiGet(sim, '/api.xro/2.0/Currencies', { token })).status, 200);
      const limited = await apiGet(sim, '/api.xro/2.0/Currencies', { token });
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('x-rate-limit-problem'), 'day');
      assert.ok(Number(limited.headers.get('retry-after')) > 60);
      assert.equal(sim.requests.find({ status: 429 }).at(-1)?.tenantId, sim.orgs[0]!.tenantId);
    } finally {
      sim.rateLimits.update({ perMinute: 60 });
      sim.rateLimits.reset();
    }
  });

  it('refuses a sixth concurrent call', async () => {
    sim.rateLimits.reset();
    sim.faults.update({ latencyMs: 300 });
    try {
      const results = await Promise.all(Array.from({ length: 6 }, () => apiGet(sim, '/api.xro/2.0/Currencies', { token })));
      const limited = results.filter((r) => r.status === 429);
      assert.equal(limited.length, 1);
      assert.equal(limited[0]!.headers.get('x-rate-limit-problem'), 'concurrent');
    } finally {
      sim.faults.update({ latencyMs: 0 });
    }
  });

  it('limits an app to its per-minute budget across tenants', async () => {
    sim.rateLimits.reset();
    sim.rateLimits.update({ appPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await apiGet(sim, '/api.xro/2.0/Currencies', { token })).status, 200);
      const limited = await apiGet(sim, '/api.xro/2.0/Currencies', { token });
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('x-rate-limit-problem'), 'appminute');
    } finally {
      sim.rateLimits.update({ appPerMinute: 10_000 });
      sim.rateLimits.reset();
    }
  });
});

describe('faults', () => {
  let sim: Simulator;
  let token: string;
  before(async () => {
    sim = await startSimulator({ seed: 6, admin: true });
    token = await customConnectionToken(sim);
  });
  after(() => sim.close());

  it('drops the connection for a reset', async () => {
    sim.faults.queue('reset');
    await assert.rejects(apiGet(sim, '/api.xro/2.0/Currencies', { token }));
    assert.equal(sim.requests.find({ path: '/api.xro/2.0/Currencies' }).at(-1)?.fault, 'reset');
  });

  it('answers a 5xx for an error fault', async () => {
    sim.faults.queue('error');
    const res = await apiGet(sim, '/api.xro/2.0/Currencies', { token });
    assert.ok([500, 502, 503, 504].includes(res.status), `status ${res.status}`);
  });

  it('cuts the body short for a truncate fault', async () => {
    sim.faults.queue('truncate');
    await assert.rejects(async () => {
      const res = await fetch(`${sim.url}/api.xro/2.0/Accounts`, { headers: { authorization: `Bearer ${token}` } });
      JSON.parse(await res.text());
    });
  });

  it('forces a 429 with Retry-After for a ratelimit fault', async () => {
    sim.faults.queue('ratelimit');
    const res = await apiGet(sim, '/api.xro/2.0/Currencies', { token });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('x-rate-limit-problem'), 'minute');
    assert.equal(res.headers.get('retry-after'), '1');
  });

  it('marks a latency spike in the request log and still answers', async () => {
    sim.faults.update({ spikeMs: 50 });
    sim.faults.queue('spike');
    const res = await apiGet(sim, '/api.xro/2.0/Currencies', { token });
    assert.equal(res.status, 200);
    assert.equal(sim.requests.find({ path: '/api.xro/2.0/Currencies' }).at(-1)?.fault, 'spike');
  });

  it('applies rate-based faults at the configured share', async () => {
    sim.faults.update({ errorRate: 0.5 });
    try {
      const statuses = [];
      for (let i = 0; i < 40; i++) statuses.push((await apiGet(sim, '/api.xro/2.0/Currencies', { token })).status);
      const failed = statuses.filter((s) => s >= 500).length;
      assert.ok(failed > 5 && failed < 35, `${failed} of 40 failed`);
    } finally {
      sim.faults.reset();
    }
  });

  it('changes faults and the clock through the admin routes', async () => {
    const put = await fetch(`${sim.url}/__sim/faults/queue`, { method: 'POST', body: JSON.stringify({ kind: 'error', count: 1 }) });
    assert.equal(put.status, 200);
    assert.ok((await apiGet(sim, '/api.xro/2.0/Currencies', { token })).status >= 500);
    const bad = await fetch(`${sim.url}/__sim/faults`, { method: 'PUT', body: JSON.stringify({ errorRate: 7 }) });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /errorRate/);
    const before = sim.clock.now();
    const clock = await fetch(`${sim.url}/__sim/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 3_600_000 }) });
    assert.equal(clock.status, 200);
    assert.ok(sim.clock.now() - before >= 3_600_000);
    const log = (await (await fetch(`${sim.url}/__sim/requests?afterSeq=0`)).json()) as { entries: { path: string }[] };
    assert.ok(log.entries.some((e: { path: string }) => e.path === '/api.xro/2.0/Currencies'));
    assert.ok(!JSON.stringify(log).includes(token), 'the request log holds no tokens');
  });
});

describe('admin routes', () => {
  it('do not exist unless enabled', async () => {
    const sim = await startSimulator({ seed: 1 });
    try {
      const res = await fetch(`${sim.url}/__sim/info`);
      assert.equal(res.status, 404);
    } finally {
      await sim.close();
    }
  });
});
