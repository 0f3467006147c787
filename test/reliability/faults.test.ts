/**
 * Issue 9, "Faults", through the whole driver (connection string → SQL → rows) against the
 * simulator's fault controls:
 * - every ACCOUNTING table, SELECT * (with the inputs a table needs), under 20% injected faults
 *   (5xx, resets, truncated bodies, latency spikes, forced 429s with Retry-After) returns exactly the
 *   rows of the fault-free run, and the faults were really injected and survived;
 * - a fault rate the retry budget cannot absorb fails with an error naming the cause, also when it
 *   starts part-way through a paged read (never partial rows presented as complete);
 * - the daily limit fails fast naming the reset time, unless RetryDailyLimit=true;
 * - a token that expires in the middle of a long paged query is refreshed once and the query completes;
 * - Xero disconnecting the app mid-query gives a clear "sign in again" message.
 * (The XeroClient-level versions of these are in test/integration/xero-client.test.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/index.js';
import type { TableDef } from '../../src/catalog/table-def.js';
import { connect, type Connection } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { XeroRecord } from '../../src/simulator/data/types.js';
import { XeroSqlError } from '../../src/errors.js';
import { followAuthorizeUrl } from '../helpers/oauth-flow.js';

/** Shares of API calls that fail, by kind: 20% in all. */
const FAULTS = { errorRate: 0.06, resetRate: 0.04, truncateRate: 0.04, rateLimitRate: 0.03, spikeRate: 0.03, spikeMs: 300, retryAfterSeconds: 1 };
const FAULT_SHARE = Object.entries(FAULTS).filter(([k]) => k.endsWith('Rate')).reduce((s, [, v]) => s + v, 0);

const sqlValue = (v: string) => `'${v.replace(/'/g, "''")}'`;
const sortRows = (rows: readonly Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort();

/** The SELECT * of a table, with the inputs it needs (ids that have data, report dates in the books). */
function selectAll(sim: Simulator, def: TableDef): string {
  const books = sim.orgs[0]!.accounting;
  const inputs: Record<string, string> = {};
  for (const c of def.columns) {
    const needed = c.filter?.pathParam || (c.source.kind === 'pseudo' && c.source.required);
    if (!needed) continue;
    if (c.name === 'ContactId' && def.rows.kind === 'report') {
      const inv = books.collections.Invoices.find((i) => i.Type === (def.name.includes('Payables') ? 'ACCPAY' : 'ACCREC') && i.Status === 'AUTHORISED');
      inputs[c.name] = String((inv?.Contact as XeroRecord).ContactID);
    } else if (c.name === 'BudgetId') {
      inputs[c.name] = String(books.collections.Budgets.find((b) => b.Type === 'OVERALL')?.BudgetID);
    } else {
      const parent = def.request.path.split('/')[1] as keyof typeof books.collections;
      const idField = c.name.replace(/Id$/, 'ID');
      const record = books.collections[parent]?.find((r) => books.history.has(String(r[idField])));
      if (record) inputs[c.name] = String(record[idField]);
    }
  }
  if (def.rows.kind === 'report') {
    for (const c of def.columns) {
      if (c.source.kind !== 'pseudo' || inputs[c.name] !== undefined) continue;
      if (c.name === 'FromDate') inputs[c.name] = '2026-07-01';
      if (c.name === 'ToDate') inputs[c.name] = '2026-09-30';
      if (c.name === 'Date' || c.name === 'ReportDate') inputs[c.name] = '2026-09-30';
    }
  }
  const where = Object.entries(inputs).map(([k, v]) => `${k} = ${sqlValue(v)}`).join(' AND ');
  return `SELECT * FROM ${def.name}${where ? ` WHERE ${where}` : ''}`;
}

describe(`every ACCOUNTING table under ${Math.round(FAULT_SHARE * 100)}% injected faults`, () => {
  let sim: Simulator;
  let conn: Connection;
  /** A smaller retry budget (and so shorter backoff) for the tests that exhaust it. */
  let strict: Connection;
  before(async () => {
    sim = await startSimulator({ seed: 93, timeScale: 60 });
    const cc = sim.appRegistry.find((a) => a.kind === 'custom-connection')!;
    const base = `AuthScheme=OAuthClient;OAuthClientId=${cc.clientId};OAuthClientSecret=${cc.clientSecret};BaseURL=${sim.url}`;
    conn = await connect(`${base};Other='MaximumRequestRetries=6'`, { rateLimitWindowMs: 1000, onNotice: () => {} });
    strict = await connect(`${base};Other='MaximumRequestRetries=2'`, { rateLimitWindowMs: 1000, onNotice: () => {} });
  });
  after(async () => {
    await conn.close();
    await strict.close();
    await sim.close();
  });

  it(`returns exactly the fault-free rows for all ${loadCatalog().tables('ACCOUNTING').length} tables, surviving every injected fault`, async () => {
    const defs = loadCatalog().tables('ACCOUNTING');
    const clean = new Map<string, string[]>();
    for (const def of defs) clean.set(def.name, sortRows((await conn.query(selectAll(sim, def))).rows));
    assert.ok([...clean.values()].filter((rows) => rows.length > 0).length >= defs.length - 2, 'the books have rows for (nearly) every table');

    const seq = sim.requests.lastSeq;
    sim.faults.update(FAULTS);
    try {
      for (const def of defs) {
        const rows = sortRows((await conn.query(selectAll(sim, def))).rows);
        assert.deepEqual(rows, clean.get(def.name), `${def.name}: the rows of the fault-free run`);
      }
    } finally {
      sim.faults.reset();
    }
    const api = sim.requests.find({ afterSeq: seq }).filter((r) => r.path.startsWith('/api.xro/'));
    const byKind = (kind: string) => api.filter((r) => r.fault === kind).length;
    const injected = { error: byKind('error'), reset: byKind('reset'), truncate: byKind('truncate'), ratelimit: byKind('ratelimit'), spike: byKind('spike') };
    const total = Object.values(injected).reduce((a, b) => a + b, 0);
    // Every kind was injected, and about a fifth of the calls failed; all were survived (rows equal).
    for (const [kind, n] of Object.entries(injected)) assert.ok(n > 0, `${kind} faults injected: ${n}`);
    assert.ok(total / api.length > 0.1, `fault share ${total}/${api.length}`);
    assert.ok(total >= 15, `at least 15 faults injected and survived (got ${total} of ${api.length} calls)`);
    console.log(`# faults injected and survived: ${total} of ${api.length} API calls (${JSON.stringify(injected)})`);
  });

  it('a fault rate the retry budget cannot absorb fails with an error naming the cause', async () => {
    sim.faults.update({ errorRate: 1 });
    try {
      const err = await strict.query('SELECT * FROM Contacts').catch((e: unknown) => e);
      assert.ok(err instanceof XeroSqlError, String(err));
      assert.equal(err.code, 'XSQL_API');
      assert.match(err.message, /Xero answered HTTP 50\d to GET .*\/Contacts.*Gave up after 3 attempts \(MaximumRequestRetries=2\)/);
      sim.faults.update({ errorRate: 0, resetRate: 1 });
      const reset = await strict.query('SELECT * FROM Currencies').catch((e: unknown) => e);
      assert.equal((reset as XeroSqlError).code, 'XSQL_HTTP');
      assert.match((reset as Error).message, /the connection was reset\. Gave up after 3 attempts/);
    } finally {
      sim.faults.reset();
    }
  });

  it('faults that start part-way through a paged read fail the query: no partial result', async () => {
    const journals = (await strict.query('SELECT COUNT(*) AS n FROM Journals')).rows[0]!.n as number;
    assert.ok(journals > 300, 'several pages of journals');
    const seq = sim.requests.lastSeq;
    // Once two pages have been read, every further call fails.
    const watch = setInterval(() => {
      if (sim.requests.find({ afterSeq: seq, path: '/api.xro/2.0/Journals' }).length >= 2) sim.faults.update({ errorRate: 1 });
    }, 1);
    try {
      const rows: unknown[] = [];
      const err = await (async () => {
        for await (const row of strict.stream('SELECT JournalId FROM Journals')) rows.push(row);
      })().catch((e: unknown) => e);
      assert.ok(err instanceof XeroSqlError, `the stream ended normally after ${rows.length} of ${journals} rows`);
      assert.equal(err.code, 'XSQL_API');
      assert.match(err.message, /Journals.*Gave up after 3 attempts/);
    } finally {
      clearInterval(watch);
      sim.faults.reset();
    }
  });
});

describe('the daily limit through SQL', () => {
  // A simulated day of 2 s (timeScale 43,200), so waiting for the reset is quick.
  const timeScale = 43_200;
  let sim: Simulator;
  let connString: string;
  before(async () => {
    sim = await startSimulator({ seed: 94, dailyLimit: 3, timeScale });
    const cc = sim.appRegistry.find((a) => a.kind === 'custom-connection')!;
    connString = `AuthScheme=OAuthClient;OAuthClientId=${cc.clientId};OAuthClientSecret=${cc.clientSecret};BaseURL=${sim.url}`;
  });
  after(() => sim.close());

  it('fails fast with XSQL_API_RATE_LIMIT and the reset time; RetryDailyLimit=true waits and completes', async () => {
    const conn = await connect(connString, { rateLimitWindowMs: 60_000 / timeScale, onNotice: () => {} });
    try {
      let err: unknown;
      for (let i = 0; i < 10 && err === undefined; i++) err = await conn.query('SELECT * FROM Currencies').then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof XeroSqlError, String(err));
      assert.equal(err.code, 'XSQL_API_RATE_LIMIT');
      assert.match(err.message, /daily API limit .* is reached .* resets at \d{4}-\d\d-\d\dT\d\d:\d\d/);
      const seq = sim.requests.lastSeq;
      await assert.rejects(conn.query('SELECT * FROM Currencies'), { code: 'XSQL_API_RATE_LIMIT' });
      assert.equal(sim.requests.find({ afterSeq: seq }).filter((r) => r.path.startsWith('/api.xro/')).length, 0, 'fails fast: Xero is not asked again');
    } finally {
      await conn.close();
    }
    const waiting = await connect(`${connString};RetryDailyLimit=true`, { rateLimitWindowMs: 60_000 / timeScale, onNotice: () => {} });
    try {
      for (let i = 0; i < 5; i++) assert.ok((await waiting.query('SELECT * FROM Currencies')).rows.length > 0);
    } finally {
      await waiting.close();
    }
  });
});

describe('the token and the grant during a long paged query', () => {
  let sim: Simulator;
  let creds: string;
  before(async () => {
    sim = await startSimulator({ seed: 95, timeScale: 60 });
    const web = sim.appRegistry.find((a) => a.kind === 'confidential')!;
    creds = `AuthScheme=OAuth;OAuthClientId=${web.clientId};OAuthClientSecret=${web.clientSecret};BaseURL=${sim.url};Tenant=Demo Company (AU)`;
  });
  after(() => sim.close());

  /** Signs in (web flow) into memory://id and returns a REFRESH connection using it. */
  async function signedIn(id: string): Promise<Connection> {
    const first = await connect(`${creds};InitiateOAuth=OFF;OAuthSettingsLocation=memory://${id}`, { onNotice: () => {} });
    const start = (await first.execute("EXEC GetOAuthAuthorizationURL @CallbackURL = 'http://localhost:5001/code'")).rows[0] as Record<string, string>;
    const code = (await followAuthorizeUrl(sim, start.URL as string)).searchParams.get('code') as string;
    await first.execute("EXEC GetOAuthAccessToken @Verifier = ?, @CallbackURL = 'http://localhost:5001/code'", [code]);
    await first.close();
    return connect(`${creds};InitiateOAuth=REFRESH;OAuthSettingsLocation=memory://${id}`, { rateLimitWindowMs: 1000, onNotice: () => {} });
  }

  /** Runs `action` once `pages` Journals pages have been answered since `seq`. */
  function afterPages(seq: number, pages: number, action: () => void): () => void {
    let done = false;
    const watch = setInterval(() => {
      if (!done && sim.requests.find({ afterSeq: seq, path: '/api.xro/2.0/Journals' }).length >= pages) {
        done = true;
        action();
      }
    }, 1);
    return () => clearInterval(watch);
  }

  it('a token expiring mid-query: one refresh, and the query completes with every row', async () => {
    const conn = await signedIn('expiry');
    try {
      const all = (await conn.query('SELECT Id FROM Journals')).rows.map((r) => r.Id);
      assert.ok(all.length > 300);
      const seq = sim.requests.lastSeq;
      const stop = afterPages(seq, 2, () => sim.clock.advance(31 * 60_000)); // the 30-minute token expires
      let rows: unknown[];
      try {
        rows = (await conn.query('SELECT Id FROM Journals')).rows.map((r) => r.Id);
      } finally {
        stop();
      }
      assert.deepEqual(rows, all);
      assert.equal(sim.requests.count({ afterSeq: seq, path: '/connect/token', detail: 'refresh_token:ok' }), 1, 'exactly one refresh');
      assert.equal(sim.requests.find({ afterSeq: seq, status: 401 }).length, 1, 'one call refused as expired');
    } finally {
      await conn.close();
    }
  });

  it('Xero disconnecting the app mid-query: a clear message to sign in again, no partial result', async () => {
    const conn = await signedIn('revoked');
    const web = sim.appRegistry.find((a) => a.kind === 'confidential')!;
    try {
      await conn.query('SELECT COUNT(*) FROM Journals');
      const seq = sim.requests.lastSeq;
      const stop = afterPages(seq, 2, () => sim.identity.disconnectAll(web.clientId));
      let err: unknown;
      try {
        err = await conn.query('SELECT Id FROM Journals').then(() => undefined, (e: unknown) => e);
      } finally {
        stop();
      }
      assert.ok(err instanceof XeroSqlError, `the query completed: ${String(err)}`);
      assert.match(err.message, /sign in again|authori[sz]e/i, err.message);
      assert.ok(!/^\s*at /m.test(err.message));

      // The same once the access token has expired too: the refresh is refused, and the message says so.
      sim.clock.advance(31 * 60_000);
      const refused = await conn.query('SELECT Id FROM Journals').then(() => undefined, (e: unknown) => e);
      assert.ok(refused instanceof XeroSqlError);
      assert.equal(refused.code, 'XSQL_AUTH');
      assert.match(refused.message, /invalid_grant.*the app was disconnected.*Sign in again/s);
    } finally {
      await conn.close();
    }
  });
});
