/**
 * Issue 9, "Bad input" over HTTP: hostile values bound into real queries against the simulator.
 * The pure layers take 10,000 cases per property (fuzz.test.ts, fuzz-sql.test.ts); here a sample
 * of HTTP_RUNS per property goes through the whole driver, and for each the simulator's request log
 * must show only the requests the SQL asked for, with a `where` Xero can parse (never a 400), and the
 * rows must be exactly those the SQL selects from the full table.
 *
 * And where-expression injection: values crafted to close Xero's string literal and add `|| true`
 * or `OR 1==1` never widen what Xero is asked for (the request log's `where` is checked), and the
 * rows equal the fault-free local answer. A control shows the same text, sent raw, would widen.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { connect, type Connection } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { apiGet, customConnectionToken } from '../helpers/sim-client.js';
import { anyParam, assertTyped, seedFor } from './fuzz-helpers.js';

const HTTP_RUNS = Number(process.env.XERO_SQL_FUZZ_HTTP_RUNS ?? 150);

let sim: Simulator;
let conn: Connection;
let contacts: { ContactId: string; Name: string }[];
let invoices: { InvoiceId: string; Reference: string | null; Total: number; Date: string }[];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

before(async () => {
  process.on('unhandledRejection', onUnhandled);
  sim = await startSimulator({ seed: 91, timeScale: 60 });
  const cc = sim.appRegistry.find((a) => a.kind === 'custom-connection')!;
  conn = await connect(`AuthScheme=OAuthClient;OAuthClientId=${cc.clientId};OAuthClientSecret=${cc.clientSecret};BaseURL=${sim.url}`, { rateLimitWindowMs: 1000, onNotice: () => {} });
  contacts = (await conn.query('SELECT ContactId, Name FROM Contacts')).rows as typeof contacts;
  invoices = (await conn.query('SELECT DISTINCT InvoiceId, Reference, Total, Date FROM Invoices')).rows as typeof invoices;
  assert.ok(contacts.length > 50 && invoices.length > 500);
});
after(async () => {
  await conn.close();
  await sim.close();
  process.off('unhandledRejection', onUnhandled);
  assert.deepEqual(unhandled, [], 'no unhandled rejection during the HTTP fuzz');
});

/** API requests since `seq` (token and connection calls excluded). */
const apiSince = (seq: number) => sim.requests.find({ afterSeq: seq }).filter((r) => r.path.startsWith('/api.xro/'));

/** Hostile strings: injection attempts, quotes, escapes, controls, unicode, LIKE wildcards. */
const hostile = fc.oneof(
  fc.constantFrom(
    '" || true || "',
    '") || (1 == 1) || ("',
    '" OR 1==1 OR Name == "',
    'x") OR (Name != null',
    '" || Name != null || "',
    '\\" || true || \\"',
    "' OR '1'='1",
    '%',
    '_',
    '%%',
    '\u0000',
    '\n',
    'Name == null',
  ),
  fc.string({ unit: fc.constantFrom('"', "'", '\\', '|', '&', '(', ')', ' ', '=', '!', 'a', 'A', '%', '_', 'O', 'R', '1'), maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

describe('where-expression injection', () => {
  it('a Xero where with `|| true` sent raw would widen (the control: the test below could fail)', async () => {
    const token = await customConnectionToken(sim);
    const raw = await apiGet(sim, '/api.xro/2.0/Contacts', { token, query: { where: 'Name == "no such name" || true || Name == ""' } });
    assert.equal(raw.status, 200);
    assert.equal(raw.json.Contacts.length, contacts.length, 'the simulator honours the injected || true');
  });

  for (const value of ['no such name" || true || "', 'x") OR (1 == 1) OR ("', 'x" OR Name != null OR Name == "', 'x\\" || true || \\"']) {
    for (const [label, sql] of [
      ['=', 'SELECT ContactId, Name FROM Contacts WHERE Name = ?'],
      ['LIKE x%', "SELECT ContactId, Name FROM Contacts WHERE Name LIKE ? || '%'"],
      ['!= (negated)', 'SELECT ContactId, Name FROM Contacts WHERE NOT (Name != ?)'],
    ] as const) {
      it(`${label} ${JSON.stringify(value)}: no row more than the SQL selects, and no widened where sent`, async () => {
        const seq = sim.requests.lastSeq;
        const result = await conn.query(sql, [value]);
        assert.deepEqual(result.rows, [], 'no contact has that name');
        for (const r of apiSince(seq)) {
          assert.equal(r.path, '/api.xro/2.0/Contacts');
          assert.equal(r.status, 200);
          const where = r.query.where;
          if (where !== undefined) {
            assert.ok(!where.includes(value), `the value went into where: ${where}`);
            assert.ok(!/\|\||\bOR\b|true/i.test(where.replace(/"[^"]*"/g, '""')), `where widened: ${where}`);
          }
        }
      });
    }
  }

  it('a crafted value inside an id or number filter is not sent at all', async () => {
    const seq = sim.requests.lastSeq;
    await conn.query('SELECT InvoiceId FROM Invoices WHERE Total > ?', ['0 || true']);
    assert.deepEqual((await conn.query('SELECT InvoiceId FROM Invoices WHERE InvoiceId = ?', ['00000000-0000-0000-0000-000000000000") || true || ("'])).rows, []);
    for (const r of apiSince(seq)) {
      assert.ok(!(r.query.where ?? '').includes('true'), `where: ${r.query.where}`);
      // A by-id read of the value as given is what the SQL asks (Xero also reads invoices by number there): one segment, no climbing.
      assert.ok(r.path === '/api.xro/2.0/Invoices' || r.path.startsWith('/api.xro/2.0/Invoices/'), `asked for ${r.path}`);
      assert.ok(r.status === 200 || r.status === 404, `status ${r.status}`);
    }
  });
});

describe(`HTTP fuzz (${HTTP_RUNS} cases per property, through the simulator)`, () => {
  it('Contacts by Name (=, LIKE prefix): the exact rows, only Contacts asked, every where parsed by Xero', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostile, fc.constantFrom(...contacts.slice(0, 20).map((c) => c.Name))), fc.boolean(), async (value, like) => {
        const seq = sim.requests.lastSeq;
        const sql = like ? "SELECT ContactId FROM Contacts WHERE Name LIKE ? || '%'" : 'SELECT ContactId FROM Contacts WHERE Name = ?';
        const result = await conn.query(sql, [value]).catch((e: unknown) => e);
        if (result instanceof Error) return assertTyped(result, ['XSQL_QUERY']);
        const { rows } = result as { rows: { ContactId: string }[] };
        if (!like) {
          const expected = contacts.filter((c) => c.Name === value);
          assert.deepEqual(rows.map((r) => r.ContactId).sort(), expected.map((c) => c.ContactId).sort());
        } else {
          // SQLite's LIKE (ASCII case folded) over every contact, computed without Xero: the same rows.
          const local = contacts.filter((c) => typeof value === 'string' && c.Name.toLowerCase().startsWith(value.toLowerCase()) && !/[%_]/.test(value));
          if (typeof value === 'string' && !/[%_]/.test(value) && /^[\x20-\x7e]*$/.test(value)) {
            assert.deepEqual(rows.map((r) => r.ContactId).sort(), local.map((c) => c.ContactId).sort());
          }
          for (const r of rows) assert.ok(contacts.some((c) => c.ContactId === r.ContactId));
        }
        const calls = apiSince(seq);
        assert.ok(calls.length >= 1 && calls.length <= 2, `calls: ${calls.length}`);
        for (const r of calls) {
          assert.equal(r.path, '/api.xro/2.0/Contacts');
          assert.equal(r.status, 200, `Xero refused the request (${r.query.where})`);
        }
      }),
      { numRuns: HTTP_RUNS, seed: seedFor('http-contacts', 9401) },
    );
  });

  it('Invoices by Reference, Total, Date, InvoiceId with any bound value: typed errors only, Invoices only, never a 400', async () => {
    const column = fc.constantFrom(['Reference', '='], ['Reference', '!='], ['Total', '>'], ['Total', '='], ['Date', '>='], ['Date', '<'], ['InvoiceId', '='], ['InvoiceId', 'IN']);
    await fc.assert(
      fc.asyncProperty(column, fc.oneof(hostile, anyParam, fc.constantFrom(invoices[0]!.InvoiceId, invoices[0]!.Date, '2026-01-01T00:00:00Z')), async ([col, op], value) => {
        const seq = sim.requests.lastSeq;
        const sql = `SELECT DISTINCT InvoiceId FROM Invoices WHERE ${col} ${op === 'IN' ? 'IN (?, ?)' : `${op} ?`}`;
        const result = await conn.query(sql, op === 'IN' ? [value, value] : [value]).catch((e: unknown) => e);
        if (result instanceof Error) assertTyped(result, ['XSQL_QUERY']);
        for (const r of apiSince(seq)) {
          assert.ok(r.path === '/api.xro/2.0/Invoices' || r.path.startsWith('/api.xro/2.0/Invoices/'), `asked for ${r.path}`);
          // (The log shows the path decoded; that the value filled exactly one encoded segment is fuzz-sql.test.ts's check.)
          assert.ok(r.status === 200 || r.status === 404, `status ${r.status} for ${JSON.stringify(r.query)}`);
        }
        if (!(result instanceof Error) && col === 'InvoiceId' && typeof value === 'string') {
          assert.deepEqual((result as { rows: unknown[] }).rows.length, invoices.some((i) => i.InvoiceId === value) ? 1 : 0);
        }
      }),
      { numRuns: HTTP_RUNS, seed: seedFor('http-invoices', 9402) },
    );
  });

  it('token-endpoint procedures with hostile codes and refresh tokens: XSQL_AUTH / XSQL_PROCEDURE, only /connect/token asked', async () => {
    const web = sim.appRegistry.find((a) => a.kind === 'confidential')!;
    const oauth = await connect(`AuthScheme=OAuth;InitiateOAuth=OFF;OAuthClientId=${web.clientId};OAuthClientSecret=${web.clientSecret};BaseURL=${sim.url}`, { onNotice: () => {} });
    try {
      await fc.assert(
        fc.asyncProperty(fc.oneof(hostile, anyParam), fc.boolean(), async (value, refresh) => {
          const seq = sim.requests.lastSeq;
          const sql = refresh ? 'EXEC RefreshOAuthAccessToken @OAuthRefreshToken = ?' : "EXEC GetOAuthAccessToken @AuthMode = 'WEB', @Verifier = ?, @CallbackURL = 'http://localhost:33333'";
          const err = await oauth.execute(sql, [value]).then(
            () => assert.fail('a made-up code or token was accepted'),
            (e: unknown) => e,
          );
          assertTyped(err, ['XSQL_AUTH', 'XSQL_PROCEDURE']);
          for (const r of sim.requests.find({ afterSeq: seq })) assert.equal(r.path, '/connect/token');
        }),
        { numRuns: HTTP_RUNS, seed: seedFor('http-procedures', 9403) },
      );
    } finally {
      await oauth.close();
    }
  });
});
