/**
 * "Assert the plan, then run it": for a corpus of queries, the number of API calls the simulator
 * logs equals the least the query can cost (1 for a by-id read or a LIMIT, one per page of 1000
 * for a pushed filter, ...), and the rows equal what the simulator's books say. The books are
 * scaled so that Invoices span exactly two pages of 1000: a third request would be a page the
 * query did not need.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type Connection } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { XeroRecord } from '../../src/simulator/data/types.js';

let sim: Simulator;
let conn: Connection;
let books: Simulator['orgs'][number]['accounting'];

const msOf = (d: unknown) => Number(/\/Date\((-?\d+)/.exec(String(d))?.[1]);
const day = (d: unknown) => new Date(msOf(d)).toISOString().slice(0, 10);
const pages = (n: number, size = 1000) => Math.max(1, Math.ceil(n / size));
/** Offset paging stops on a short page, so an exact multiple costs one more (empty) call. */
const offsetPages = (n: number, size = 100) => Math.floor(n / size) + 1;
const lines = (invoices: XeroRecord[]) => invoices.reduce((n, i) => n + Math.max(1, (i.LineItems as unknown[]).length), 0);

interface Case {
  readonly name: string;
  readonly sql: () => string;
  readonly params?: () => unknown[] | Record<string, unknown>;
  /** The least number of API calls (requests under /api.xro/2.0). */
  readonly calls: () => number;
  /** Checks the rows against the books. */
  readonly rows?: (rows: readonly Record<string, unknown>[]) => void;
}

const invoices = () => books.collections.Invoices;
const inv = (i: number) => invoices()[i] as XeroRecord;
const contactOf = (i: XeroRecord) => (i.Contact as XeroRecord).ContactID as string;

const CASES: Case[] = [
  {
    name: 'by id',
    sql: () => `SELECT * FROM Invoices WHERE InvoiceId = '${inv(7).InvoiceID}'`,
    calls: () => 1,
    rows: (r) => assert.equal(r.length, Math.max(1, (inv(7).LineItems as unknown[]).length)),
  },
  { name: 'LIMIT 10', sql: () => 'SELECT * FROM Invoices LIMIT 10', calls: () => 1, rows: (r) => assert.equal(r.length, 10) },
  { name: 'TOP 5 ordered by date, pushed', sql: () => 'SELECT TOP 5 InvoiceNumber, Date FROM Invoices ORDER BY Date DESC', calls: () => 1, rows: (r) => assert.equal(r[0]?.Date, [...invoices()].map((i) => day(i.Date)).sort().at(-1)) },
  { name: 'LIMIT with OFFSET within the first page', sql: () => 'SELECT Id FROM Invoices LIMIT 10 OFFSET 500', calls: () => 1, rows: (r) => assert.equal(r.length, 10) },
  {
    name: 'LIMIT with OFFSET past the first page',
    sql: () => `SELECT Id FROM Invoices LIMIT 10 OFFSET ${lines(invoices().slice(0, 1000))}`,
    calls: () => 2,
    rows: (r) => assert.equal(r.length, 10),
  },
  { name: 'everything', sql: () => 'SELECT * FROM Invoices', calls: () => pages(invoices().length), rows: (r) => assert.equal(r.length, lines(invoices())) },
  { name: 'COUNT(*)', sql: () => 'SELECT COUNT(*) AS n FROM Invoices', calls: () => pages(invoices().length), rows: (r) => assert.equal(r[0]?.n, lines(invoices())) },
  {
    name: 'status filter → Statuses',
    sql: () => "SELECT DISTINCT InvoiceId FROM Invoices WHERE Status = 'PAID'",
    calls: () => pages(invoices().filter((i) => i.Status === 'PAID').length),
    rows: (r) => assert.equal(r.length, invoices().filter((i) => i.Status === 'PAID').length),
  },
  {
    name: 'status IN list',
    sql: () => "SELECT DISTINCT InvoiceId FROM Invoices WHERE Status IN ('DRAFT', 'SUBMITTED')",
    calls: () => 1,
    rows: (r) => assert.equal(r.length, invoices().filter((i) => i.Status === 'DRAFT' || i.Status === 'SUBMITTED').length),
  },
  {
    name: 'contact id → ContactIDs',
    sql: () => 'SELECT DISTINCT InvoiceId FROM Invoices WHERE ContactId = ?',
    params: () => [contactOf(inv(3))],
    calls: () => 1,
    rows: (r) => assert.equal(r.length, invoices().filter((i) => contactOf(i) === contactOf(inv(3))).length),
  },
  { name: 'invoice number → InvoiceNumbers', sql: () => `SELECT DISTINCT InvoiceId FROM Invoices WHERE InvoiceNumber = '${inv(10).InvoiceNumber}'`, calls: () => 1, rows: (r) => assert.deepEqual(r.map((x) => x.InvoiceId), [inv(10).InvoiceID]) },
  {
    name: 'IN list of ids → IDs',
    sql: () => 'SELECT DISTINCT InvoiceId FROM Invoices WHERE InvoiceId IN (@a, @b, @c)',
    params: () => ({ a: inv(1).InvoiceID, b: inv(2).InvoiceID, c: inv(3).InvoiceID }),
    calls: () => 1,
    rows: (r) => assert.equal(r.length, 3),
  },
  {
    name: 'date range → where',
    sql: () => "SELECT DISTINCT InvoiceId FROM Invoices WHERE Date >= '2026-05-01' AND Date < '2026-08-01'",
    calls: () => pages(invoices().filter((i) => day(i.Date) >= '2026-05-01' && day(i.Date) < '2026-08-01').length),
    rows: (r) => assert.equal(r.length, invoices().filter((i) => day(i.Date) >= '2026-05-01' && day(i.Date) < '2026-08-01').length),
  },
  {
    name: 'UpdatedDateUTC > → If-Modified-Since',
    sql: () => `SELECT DISTINCT InvoiceId FROM Invoices WHERE UpdatedDateUTC > '${new Date(msOf(inv(1500).UpdatedDateUTC)).toISOString()}'`,
    calls: () => pages(invoices().filter((i) => Math.floor(msOf(i.UpdatedDateUTC) / 1000) >= Math.floor(msOf(inv(1500).UpdatedDateUTC) / 1000)).length),
    rows: (r) => assert.equal(r.length, invoices().filter((i) => msOf(i.UpdatedDateUTC) > msOf(inv(1500).UpdatedDateUTC)).length),
  },
  {
    name: 'LIKE prefix → StartsWith',
    sql: () => "SELECT DISTINCT InvoiceId FROM Invoices WHERE Reference LIKE 'order 1%'",
    calls: () => 1,
    rows: (r) => assert.equal(r.length, invoices().filter((i) => typeof i.Reference === 'string' && i.Reference.toLowerCase().startsWith('order 1')).length),
  },
  {
    name: 'a double quote stays local, the rest is still pushed',
    sql: () => `SELECT InvoiceId FROM Invoices WHERE Status = 'VOIDED' AND Reference <> 'say "no"'`,
    calls: () => 1,
    // NULL <> 'x' is not true in SQL: invoices without a reference drop out.
    rows: (r) => assert.equal(new Set(r.map((x) => x.InvoiceId)).size, invoices().filter((i) => i.Status === 'VOIDED' && typeof i.Reference === 'string').length),
  },
  { name: 'contacts: one unpaged call', sql: () => 'SELECT * FROM Contacts', calls: () => 1, rows: (r) => assert.equal(r.length, books.collections.Contacts.filter((c) => c.ContactStatus !== 'ARCHIVED').length) },
  { name: 'contact by name', sql: () => `SELECT * FROM Contacts WHERE Name = '${books.collections.Contacts[4]?.Name}'`, calls: () => 1, rows: (r) => assert.equal(r.length, 1) },
  { name: 'accounts', sql: () => "SELECT * FROM Accounts WHERE Type = 'BANK'", calls: () => 1, rows: (r) => assert.equal(r.length, books.collections.Accounts.filter((a) => a.Type === 'BANK').length) },
  { name: 'journals LIMIT', sql: () => 'SELECT * FROM Journals LIMIT 10', calls: () => 1, rows: (r) => assert.equal(r.length, 10) },
  {
    name: 'every journal, 100 per call',
    sql: () => 'SELECT COUNT(DISTINCT JournalId) AS n FROM Journals',
    calls: () => offsetPages(books.collections.Journals.length),
    rows: (r) => assert.equal(r[0]?.n, books.collections.Journals.length),
  },
  {
    name: 'journals since a time',
    sql: () => `SELECT COUNT(DISTINCT JournalId) AS n FROM Journals WHERE CreatedDateUTC >= '${new Date(msOf(books.collections.Journals[4000]?.CreatedDateUTC)).toISOString()}'`,
    calls: () => offsetPages(books.collections.Journals.filter((j) => Math.floor(msOf(j.CreatedDateUTC) / 1000) * 1000 >= Math.floor(msOf(books.collections.Journals[4000]?.CreatedDateUTC) / 1000) * 1000).length),
  },
  {
    name: 'history of one invoice',
    sql: () => `SELECT * FROM HistoryInvoices WHERE InvoiceId = '${[...books.history.keys()].find((k) => invoices().some((i) => i.InvoiceID === k))}'`,
    calls: () => 1,
    rows: (r) => assert.ok(r.length > 0),
  },
  { name: 'profit and loss for a quarter', sql: () => "SELECT * FROM ProfitAndLoss WHERE FromDate = '2026-04-01' AND ToDate = '2026-06-30'", calls: () => 1, rows: (r) => assert.ok(r.length > 5) },
  { name: 'balance sheet at a date', sql: () => "SELECT * FROM BalanceSheet WHERE Date = '2026-06-30'", calls: () => 1, rows: (r) => assert.ok(r.length > 5) },
  { name: 'aged receivables of one contact', sql: () => 'SELECT * FROM AgedReceivablesByContact WHERE ContactId = ?', params: () => [contactOf(invoices().find((i) => i.Type === 'ACCREC' && i.Status === 'AUTHORISED') as XeroRecord)], calls: () => 1 },
  { name: 'tenants: no API call', sql: () => 'SELECT * FROM Tenants', calls: () => 0, rows: (r) => assert.equal(r.length, 1) },
  { name: 'system tables: no API call', sql: () => 'SELECT * FROM sys_tablecolumns WHERE TableName = \'Invoices\'', calls: () => 0, rows: (r) => assert.ok(r.length > 20) },
  { name: 'join: each table once', sql: () => 'SELECT c.Name, COUNT(*) FROM Invoices i JOIN Contacts c ON c.ContactId = i.ContactId GROUP BY c.Name', calls: () => pages(invoices().length) + 1 },
  { name: 'quotes: one unpaged call', sql: () => "SELECT * FROM Quotes WHERE Status = 'ACCEPTED'", calls: () => 1 },
  { name: 'purchase orders by status', sql: () => "SELECT * FROM PurchaseOrders WHERE Status = 'DRAFT'", calls: () => 1 },
  { name: 'credit note allocations', sql: () => 'SELECT * FROM CreditNoteAllocations', calls: () => pages(books.collections.CreditNotes.length) },
  { name: 'bank transactions LIMIT', sql: () => "SELECT * FROM BankTransactions WHERE Type = 'SPEND' LIMIT 5", calls: () => 1, rows: (r) => assert.equal(r.length, 5) },
  { name: 'payments over an amount', sql: () => 'SELECT * FROM Payments WHERE Amount > 1000', calls: () => 1, rows: (r) => assert.equal(r.length, books.collections.Payments.filter((p) => Number(p.Amount) > 1000).length) },
  { name: 'items by code', sql: () => `SELECT * FROM Items WHERE Code = '${books.collections.Items[0]?.Code}'`, calls: () => 1, rows: (r) => assert.equal(r.length, 1) },
];

before(async () => {
  // Xero's limits, with a "minute" of one second so reading every journal (~140 calls) is quick;
  // the driver paces itself to the same window.
  sim = await startSimulator({ seed: 61, scale: 2.5, timeScale: 60 });
  books = sim.orgs[0]!.accounting;
  assert.equal(books.collections.Invoices.length, 2000, 'the corpus expects exactly two full pages of invoices');
  const cc = sim.appRegistry.find((a) => a.kind === 'custom-connection')!;
  conn = await connect(`AuthScheme=OAuthClient;OAuthClientId=${cc.clientId};OAuthClientSecret=${cc.clientSecret};BaseURL=${sim.url}`, { rateLimitWindowMs: 1000 });
  await conn.tenant();
});
after(async () => {
  await conn.close();
  await sim.close();
});

describe('query plans cost the least number of API calls', () => {
  it('the corpus has at least 30 queries', () => assert.ok(CASES.length >= 30));
  for (const c of CASES) {
    it(c.name, async () => {
      const before = sim.requests.lastSeq;
      const result = await conn.query(c.sql(), c.params?.());
      const calls = sim.requests.find({ afterSeq: before, path: /^\/api\.xro\/2\.0\// });
      assert.equal(sim.requests.count({ afterSeq: before, status: 429 }), 0, 'the driver stays under the rate limits');
      assert.equal(calls.length, c.calls(), `${c.sql()}\n${calls.map((e) => `${e.path}?${new URLSearchParams(e.query as Record<string, string>)}`).join('\n')}`);
      c.rows?.(result.rows);
    });
  }
});
