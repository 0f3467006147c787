/**
 * SQL as users write it, against the simulator: joins, aggregates, subqueries, UNION, CASE,
 * window functions, parameters, identifiers in every quoting, streaming, EXPLAIN; the errors for
 * bad SQL, unknown names, writes and missing inputs; and organisations (TenantId override, the
 * multi-tenant error).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type Connection } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { SimApp } from '../../src/simulator/apps.js';
import type { XeroRecord } from '../../src/simulator/data/types.js';
import { followAuthorizeUrl } from '../helpers/oauth-flow.js';

let sim: Simulator;
let conn: Connection;
let books: Simulator['orgs'][number]['accounting'];
const distinct = <T>(xs: T[]) => [...new Set(xs)];

before(async () => {
  sim = await startSimulator({ seed: 81, timeScale: 60 });
  books = sim.orgs[0]!.accounting;
  const cc = sim.appRegistry.find((a) => a.kind === 'custom-connection')!;
  conn = await connect(`AuthScheme=OAuthClient;OAuthClientId=${cc.clientId};OAuthClientSecret=${cc.clientSecret};BaseURL=${sim.url}`, { rateLimitWindowMs: 1000 });
});
after(async () => {
  await conn.close();
  await sim.close();
});

describe('SQL', () => {
  it('joins invoices to contacts (inner, left, implicit) consistently with the books', async () => {
    const expected = distinct(books.collections.Invoices.map((i) => String((i.Contact as XeroRecord).ContactID))).length;
    const inner = await conn.query('SELECT COUNT(DISTINCT c.ContactId) AS n FROM Invoices i JOIN Contacts c ON c.ContactId = i.ContactId');
    const implicit = await conn.query('SELECT COUNT(DISTINCT c.ContactId) AS n FROM Invoices i, Contacts c WHERE c.ContactId = i.ContactId');
    assert.equal(inner.rows[0]?.n, implicit.rows[0]?.n);
    // Archived contacts are not listed by default, so the join can only lose invoices' contacts.
    assert.ok(Number(inner.rows[0]?.n) <= expected && Number(inner.rows[0]?.n) > 0);
    const left = await conn.query('SELECT COUNT(*) AS n FROM Contacts c LEFT JOIN Invoices i ON i.ContactId = c.ContactId WHERE i.InvoiceId IS NULL');
    const noInvoices = books.collections.Contacts.filter((c) => c.ContactStatus !== 'ARCHIVED' && !books.collections.Invoices.some((i) => (i.Contact as XeroRecord).ContactID === c.ContactID));
    assert.equal(left.rows[0]?.n, noInvoices.length);
  });

  it('groups, filters groups, orders and limits', async () => {
    const r = await conn.query("SELECT Type, COUNT(DISTINCT InvoiceId) AS n FROM Invoices WHERE Status <> 'DELETED' GROUP BY Type HAVING COUNT(*) > 0 ORDER BY Type");
    assert.deepEqual(
      r.rows,
      ['ACCPAY', 'ACCREC'].map((t) => ({ Type: t, n: books.collections.Invoices.filter((i) => i.Type === t && i.Status !== 'DELETED').length })),
    );
  });

  it('runs IN (SELECT ...), EXISTS, UNION, CASE, COALESCE, CAST and window functions', async () => {
    const name = String(books.collections.Contacts.find((c) => books.collections.Invoices.some((i) => (i.Contact as XeroRecord).ContactID === c.ContactID))?.Name);
    const sub = await conn.query('SELECT DISTINCT InvoiceId FROM Invoices WHERE ContactId IN (SELECT ContactId FROM Contacts WHERE Name = ?)', [name]);
    const contactId = books.collections.Contacts.find((c) => c.Name === name)?.ContactID;
    assert.equal(sub.rows.length, books.collections.Invoices.filter((i) => (i.Contact as XeroRecord).ContactID === contactId).length);
    const union = await conn.query("SELECT Name FROM Accounts WHERE Type = 'BANK' UNION ALL SELECT Description FROM Currencies");
    assert.equal(union.rows.length, books.collections.Accounts.filter((a) => a.Type === 'BANK').length + books.collections.Currencies.length);
    const expr = await conn.query(
      "SELECT CASE WHEN Total > 1000 THEN 'big' ELSE 'small' END AS size, COALESCE(Reference, '-') AS ref, CAST(Total AS INTEGER) AS whole, ROW_NUMBER() OVER (ORDER BY Total DESC) AS rank FROM (SELECT DISTINCT InvoiceId, Total, Reference FROM Invoices) LIMIT 3",
    );
    assert.equal(expr.rows.length, 3);
    assert.deepEqual(expr.rows.map((r) => r.rank), [1, 2, 3]);
    assert.ok(['big', 'small'].includes(String(expr.rows[0]?.size)));
    const exists = await conn.query("SELECT COUNT(*) AS n FROM Contacts c WHERE EXISTS (SELECT 1 FROM Invoices i WHERE i.ContactId = c.ContactId AND i.Status = 'PAID')");
    assert.ok(Number(exists.rows[0]?.n) > 0);
  });

  it('matches identifiers case-insensitively in brackets, double quotes and with the schema', async () => {
    const plain = await conn.query("SELECT Name FROM Accounts WHERE Code = '090'");
    for (const sql of [
      "SELECT [Name] FROM [Accounts] WHERE [Code] = '090'",
      'SELECT "Name" FROM "Accounts" WHERE "Code" = \'090\'',
      "select name from accounts where code = '090'",
      "SELECT Name FROM ACCOUNTING.Accounts WHERE Code = '090'",
    ]) {
      const r = await conn.query(sql);
      assert.deepEqual(r.rows.map((x) => Object.values(x)[0]), plain.rows.map((x) => x.Name), sql);
    }
  });

  it('binds ? and @name parameters, pushing them down', async () => {
    const inv = books.collections.Invoices[5] as XeroRecord;
    const before = sim.requests.lastSeq;
    const a = await conn.query('SELECT DISTINCT InvoiceNumber FROM Invoices WHERE InvoiceId = ?', [inv.InvoiceID]);
    const b = await conn.query('SELECT DISTINCT InvoiceNumber FROM Invoices WHERE InvoiceId = @id', { id: inv.InvoiceID });
    assert.deepEqual(a.rows, [{ InvoiceNumber: inv.InvoiceNumber }]);
    assert.deepEqual(b.rows, a.rows);
    assert.equal(sim.requests.count({ afterSeq: before, path: `/api.xro/2.0/Invoices/${String(inv.InvoiceID)}` }), 2);
  });

  it('types result columns, aggregates and expressions included', async () => {
    const r = await conn.query("SELECT InvoiceId, SUM(Total) AS s, COUNT(*) AS n, AVG(Total) AS a, MAX(Date) AS d, 0.25 AS x, 'k' AS t, HasAttachments FROM Invoices GROUP BY InvoiceId, HasAttachments LIMIT 1");
    assert.deepEqual(
      Object.fromEntries(r.columns.map((c) => [c.name, c.type])),
      { InvoiceId: 'text', s: 'decimal', n: 'integer', a: 'decimal', d: 'date', x: 'real', t: 'text', HasAttachments: 'boolean' },
    );
    assert.equal(typeof r.rows[0]?.HasAttachments, 'boolean');
  });

  it('streams rows', async () => {
    const seen: unknown[] = [];
    for await (const row of conn.stream('SELECT Code FROM Accounts ORDER BY Code')) seen.push(row.Code);
    assert.deepEqual(seen, books.collections.Accounts.map((a) => a.Code).sort());
  });

  it('EXPLAIN returns the plan without calling the API', async () => {
    const before = sim.requests.lastSeq;
    const r = await conn.query("EXPLAIN SELECT * FROM Invoices WHERE Status = 'PAID' AND Total > 10 LIMIT 5");
    assert.equal(sim.requests.count({ afterSeq: before, path: /api\.xro/ }), 0);
    assert.equal(r.rows[0]?.Table, 'Invoices');
    assert.match(String(r.rows[0]?.Query), /Statuses=PAID/);
    assert.match(String(r.rows[0]?.Pushed), /Status = 'PAID' → Statuses=PAID/);
    assert.equal(r.rows[0]?.EarlyStop, 5);
  });

  it('lists tables and describes columns with their pushdown', () => {
    assert.ok(conn.tables().some((t) => t.name === 'Invoices' && t.kind === 'table'));
    const cols = conn.describe('invoices');
    const status = cols.find((c) => c.name === 'Status');
    assert.match(status?.pushdown ?? '', /param Statuses/);
    assert.equal(cols.find((c) => c.name === 'Id')?.key, true);
    assert.throws(() => conn.describe('Invoice'), /Did you mean Invoices/);
  });
});

describe('IncludeArchived', () => {
  it('asks Xero for archived contacts too', async () => {
    const cc = sim.appRegistry.find((a) => a.kind === 'custom-connection')!;
    const all = await connect(`AuthScheme=OAuthClient;OAuthClientId=${cc.clientId};OAuthClientSecret=${cc.clientSecret};BaseURL=${sim.url};IncludeArchived=true`, { rateLimitWindowMs: 1000 });
    try {
      const archived = books.collections.Contacts.filter((c) => c.ContactStatus === 'ARCHIVED').length;
      assert.ok(archived > 0);
      const r = await all.query('SELECT COUNT(*) AS n FROM Contacts');
      assert.equal(r.rows[0]?.n, books.collections.Contacts.length);
      const plain = await conn.query('SELECT COUNT(*) AS n FROM Contacts');
      assert.equal(plain.rows[0]?.n, books.collections.Contacts.length - archived);
    } finally {
      await all.close();
    }
  });
});

describe('errors', () => {
  const rejects = (sql: string, code: string, pattern: RegExp, params?: unknown[]) =>
    assert.rejects(conn.query(sql, params), (err: Error & { code?: string }) => {
      assert.equal(err.code, code, err.message);
      assert.match(err.message, pattern);
      return true;
    });

  it('bad SQL gets a syntax error with its position', async () => {
    await rejects('SELECT * FROM Invoices WHERE Total >', 'XSQL_SQL_SYNTAX', /line 1, column 37, at the end of the statement/);
    await rejects('SELECT *\nFROM Invoices\nWHERE Total > > 1', 'XSQL_SQL_SYNTAX', /line 3, column 15, near ">"/);
  });
  it('an unknown table gets "did you mean"', () => rejects('SELECT * FROM Contact', 'XSQL_UNKNOWN_TABLE', /Did you mean Contacts/));
  it('an unknown column gets "did you mean"', async () => {
    await rejects('SELECT Nmae FROM Contacts', 'XSQL_UNKNOWN_COLUMN', /Unknown column Nmae\. Did you mean Name\?/);
    // A name that another table of the query has is not suggested back.
    await rejects('SELECT a.Name FROM Accounts a UNION SELECT Name FROM Currencies', 'XSQL_UNKNOWN_COLUMN', /Unknown column Name\.(?! Did you mean Name)/);
  });
  it('writes are not supported yet', async () => {
    for (const sql of ["INSERT INTO Contacts (Name) VALUES ('x')", "UPDATE Contacts SET Name = 'x'", 'DELETE FROM Contacts']) {
      await rejects(sql, 'XSQL_UNSUPPORTED', /not supported yet/);
    }
  });
  it('a fan-out beyond FanOutLimit is refused before any child request, naming the fix', async () => {
    const before = sim.requests.count({ path: /^\/api\.xro\/2\.0\/Invoices\/.+\/History/ });
    await rejects('SELECT * FROM HistoryInvoices', 'XSQL_FANOUT_LIMIT', /HistoryInvoices without InvoiceId in WHERE needs one API call per InvoiceId of Invoices: \d+ calls, more than FanOutLimit=200\. Give InvoiceId in WHERE/);
    assert.equal(sim.requests.count({ path: /^\/api\.xro\/2\.0\/Invoices\/.+\/History/ }), before, 'no history request was made');
  });
  it('a child table without its parent id in WHERE reads the parents first, then one request each', async () => {
    // The parents are the transfers Xero lists (deleted ones are not listed, so not read).
    const listed = new Set((await conn.query('SELECT BankTransferId FROM BankTransfers')).rows.map((r) => r.BankTransferId));
    const transfers = books.collections.BankTransfers.filter((t) => listed.has(t.BankTransferID));
    assert.ok(transfers.length < books.collections.BankTransfers.length, 'the books hold deleted transfers too');
    const start = sim.requests.count();
    const r = await conn.query('SELECT BankTransferId, COUNT(*) AS n FROM HistoryBankTransfers GROUP BY BankTransferId ORDER BY BankTransferId');
    const expected = transfers
      .map((t) => ({ BankTransferId: String(t.BankTransferID), n: (books.history.get(String(t.BankTransferID)) ?? []).length }))
      .filter((t) => t.n > 0)
      .sort((a, b) => (a.BankTransferId < b.BankTransferId ? -1 : 1));
    assert.ok(expected.length > 3);
    assert.deepEqual(r.rows, expected);
    assert.equal(sim.requests.count() - start, 1 + transfers.length, 'one list of transfers, then one history call per transfer');
    const explained = await conn.query('EXPLAIN SELECT * FROM HistoryBankTransfers');
    assert.deepEqual(explained.rows.map((x) => x.Table), ['BankTransfers', 'HistoryBankTransfers']);
    assert.match(String(explained.rows[1]?.Request), /once per BankTransferId of BankTransfers/);
  });
  it('another schema needs another connection', () => rejects('SELECT * FROM PAYROLLAUS.Employees', 'XSQL_UNKNOWN_TABLE', /Connect with Schema=PAYROLLAUS/));
  it('an empty statement is refused', () => rejects('  ', 'XSQL_SQL_SYNTAX', /empty/));
  it('a failing SQLite expression is a query error', () => rejects("SELECT json_extract(Name, '$[') FROM Accounts", 'XSQL_QUERY', /malformed JSON/));
});

describe('organisations', () => {
  let both: Connection;
  before(async () => {
    const web = sim.appRegistry.find((a) => a.kind === 'confidential') as SimApp;
    const start = await connect(`AuthScheme=OAuth;OAuthClientId=${web.clientId};OAuthClientSecret=${web.clientSecret};InitiateOAuth=OFF;BaseURL=${sim.url}`);
    const url = (await start.execute("EXEC GetOAuthAuthorizationURL @CallbackURL = 'http://localhost:5001/code'")).rows[0]?.URL as string;
    const code = (await followAuthorizeUrl(sim, url)).searchParams.get('code');
    const tokens = (await start.execute("EXEC GetOAuthAccessToken @Verifier = ?, @CallbackURL = 'http://localhost:5001/code'", [code])).rows[0] as Record<string, string>;
    both = await connect(`InitiateOAuth=OFF;OAuthAccessToken=${tokens.OAuthAccessToken};BaseURL=${sim.url}`, { rateLimitWindowMs: 1000 });
  });
  after(() => both.close());

  it('with two organisations and no Tenant, a query fails listing them', async () => {
    await assert.rejects(both.query('SELECT * FROM Accounts'), (err: Error & { code?: string }) => err.code === 'XSQL_TENANT' && sim.orgs.every((o) => err.message.includes(o.tenantId) && err.message.includes(o.tenantName)));
    const tenants = await both.query('SELECT * FROM Tenants ORDER BY Name');
    assert.deepEqual(tenants.rows.map((r) => r.Name), sim.orgs.map((o) => o.tenantName).sort());
  });

  it('WHERE TenantId reads another organisation with the same token', async () => {
    const nz = sim.orgs[1]!;
    const r = await both.query('SELECT DISTINCT CurrencyCode FROM Invoices WHERE TenantId = ? ORDER BY CurrencyCode', [nz.tenantId]);
    assert.deepEqual(r.rows.map((x) => x.CurrencyCode), distinct(nz.accounting.collections.Invoices.map((i) => String(i.CurrencyCode))).sort());
    const per = await both.query('SELECT TenantId, COUNT(DISTINCT InvoiceId) AS n FROM Invoices WHERE TenantId IN (?, ?) GROUP BY TenantId', sim.orgs.map((o) => o.tenantId));
    for (const org of sim.orgs) assert.equal(per.rows.find((x) => x.TenantId === org.tenantId)?.n, org.accounting.collections.Invoices.length);
  });
});
