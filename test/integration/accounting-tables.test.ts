/**
 * Every ACCOUNTING table and view through the driver, end to end: `SELECT *` (with the inputs
 * the table needs) returns exactly the rows the simulator's API holds for it, converted by the
 * declaration; and a few tables are checked value by value against the books themselves.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadCatalog, toRows } from '../../src/catalog/index.js';
import type { TableDef } from '../../src/catalog/table-def.js';
import { connect, type Connection } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { XeroRecord } from '../../src/simulator/data/types.js';
import { fetchPages, type Inputs } from '../helpers/catalog-fetch.js';
import { customConnectionToken } from '../helpers/sim-client.js';

let sim: Simulator;
let conn: Connection;
let token: string;
let books: Simulator['orgs'][number]['accounting'];
const catalog = loadCatalog();

/** Inputs for the tables that need them: ids that have data, report dates inside the books. */
function inputsFor(def: TableDef): Inputs | undefined {
  const inputs: Record<string, string> = {};
  for (const c of def.columns) {
    const needed = c.filter?.pathParam || (c.source.kind === 'pseudo' && c.source.required);
    if (!needed) continue;
    if (c.name === 'ContactId' && def.rows.kind === 'report') {
      const inv = books.collections.Invoices.find((i) => i.Type === (def.name.includes('Payables') ? 'ACCPAY' : 'ACCREC') && i.Status === 'AUTHORISED');
      inputs[c.name] = String((inv?.Contact as XeroRecord).ContactID);
      continue;
    }
    if (c.name === 'BudgetId') {
      inputs[c.name] = String(books.collections.Budgets.find((b) => b.Type === 'OVERALL')?.BudgetID);
      continue;
    }
    // A History view's parent: a record of that collection with history.
    const parent = def.request.path.split('/')[1] as keyof typeof books.collections;
    const idField = c.name.replace(/Id$/, 'ID');
    const record = books.collections[parent]?.find((r) => books.history.has(String(r[idField])));
    if (!record) return undefined;
    inputs[c.name] = String(record[idField]);
  }
  if (def.rows.kind === 'report') {
    for (const c of def.columns) {
      if (c.source.kind !== 'pseudo' || inputs[c.name] !== undefined) continue;
      if (c.name === 'FromDate') inputs[c.name] = '2026-07-01';
      if (c.name === 'ToDate') inputs[c.name] = '2026-09-30';
      if (c.name === 'Date' || c.name === 'ReportDate') inputs[c.name] = '2026-09-30';
    }
  }
  return inputs;
}

const sqlValue = (v: string) => `'${v.replace(/'/g, "''")}'`;
const sortRows = (rows: readonly unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();

before(async () => {
  sim = await startSimulator({ seed: 71, timeScale: 60 });
  // The driver paces itself to 60 calls per (one-second) window; the test's own raw reads of
  // the API for comparison are not paced, so the simulator allows them on top.
  sim.rateLimits.update({ perMinute: 1000 });
  books = sim.orgs[0]!.accounting;
  token = await customConnectionToken(sim);
  const cc = sim.appRegistry.find((a) => a.kind === 'custom-connection')!;
  conn = await connect(`AuthScheme=OAuthClient;OAuthClientId=${cc.clientId};OAuthClientSecret=${cc.clientSecret};BaseURL=${sim.url}`, { rateLimitWindowMs: 1000 });
});
after(async () => {
  await conn.close();
  await sim.close();
});

describe('every ACCOUNTING table answers with the rows the API holds', () => {
  for (const def of loadCatalog().tables('ACCOUNTING')) {
    it(def.name, async () => {
      if (def.rows.kind === 'tenants') {
        const r = await conn.query(`SELECT * FROM ${def.name}`);
        assert.deepEqual(r.rows, [{ TenantId: sim.orgs[0]!.tenantId, Name: 'Demo Company (AU)', Type: 'ORGANISATION', IsActive: true }]);
        return;
      }
      const inputs = inputsFor(def);
      assert.ok(inputs, `the books have data for ${def.name}`);
      const where = Object.entries(inputs).map(([k, v]) => `${k} = ${sqlValue(v)}`).join(' AND ');
      const result = await conn.query(`SELECT * FROM ${def.name}${where ? ` WHERE ${where}` : ''}`);
      assert.deepEqual(result.columns.map((c) => c.name), def.columns.map((c) => c.name));
      const tenantId = sim.orgs[0]!.tenantId;
      const pages = await fetchPages(sim, token, def, inputs);
      const expected = pages.flatMap((p) => toRows(def, p.records, { tenantId, pseudo: inputs }));
      assert.ok(expected.length > 0, `${def.name} has rows in the books`);
      const actual = result.rows.map((row) => def.columns.map((c) => row[c.name] ?? null));
      assert.deepEqual(sortRows(actual), sortRows(expected));
    });
  }
});

describe('values equal the books', () => {
  it('Invoices: one row per line, header values repeated, totals and dates converted', async () => {
    const inv = books.collections.Invoices.find((i) => (i.LineItems as unknown[]).length > 1 && i.CurrencyCode === 'AUD') as XeroRecord;
    const r = await conn.query('SELECT * FROM Invoices WHERE InvoiceId = ? ORDER BY Id', [inv.InvoiceID]);
    const lines = inv.LineItems as XeroRecord[];
    assert.equal(r.rows.length, lines.length);
    r.rows.forEach((row, i) => {
      assert.equal(row.InvoiceNumber, inv.InvoiceNumber);
      assert.equal(row.Total, inv.Total);
      assert.equal(row.Date, new Date(Number(/\d+/.exec(String(inv.Date))?.[0])).toISOString().slice(0, 10));
      assert.equal(row.LineItem_LineItemId, lines[i]?.LineItemID);
      assert.equal(row.LineItem_LineAmount, lines[i]?.LineAmount);
    });
    assert.equal(r.columns.find((c) => c.name === 'Total')?.type, 'decimal');
    assert.equal(r.columns.find((c) => c.name === 'Date')?.type, 'date');
    assert.equal(typeof r.rows[0]?.HasAttachments, 'boolean');
  });

  it('sums money exactly: SUM(Total) per status equals the books in cents', async () => {
    const r = await conn.query('SELECT Status, SUM(Total) AS total, COUNT(*) AS n FROM (SELECT DISTINCT InvoiceId, Status, Total FROM Invoices) GROUP BY Status ORDER BY Status');
    for (const row of r.rows) {
      const cents = books.collections.Invoices.filter((i) => i.Status === row.Status).reduce((sum, i) => sum + Math.round(Number(i.Total) * 100), 0);
      assert.equal(row.total, cents / 100, `${String(row.Status)}`);
      assert.equal(Math.round(Number(row.total) * 100), cents, 'no float residue');
    }
  });

  it('BankSummary agrees with the journals of each bank account', async () => {
    const summary = await conn.query("SELECT AccountId, Label5 AS Closing FROM BankSummary WHERE FromDate = '2026-07-01' AND ToDate = '2026-09-30' AND AccountId IS NOT NULL");
    assert.ok(summary.rows.length > 0);
    for (const row of summary.rows) {
      const ledger = await conn.query("SELECT SUM(JournalLine_NetAmount) AS balance FROM Journals WHERE JournalLine_AccountId = ? AND JournalDate <= '2026-09-30'", [row.AccountId]);
      assert.equal(Number(row.Closing), Number(ledger.rows[0]?.balance ?? 0), `bank account ${String(row.AccountId)}`);
    }
  });
});
