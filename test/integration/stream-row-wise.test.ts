/**
 * The streaming path (issue 8): a query whose rows each come from one row of one table read by
 * one request is marked `rowWise` and streams page by page. Its rows, their order and their
 * values must equal what loading the whole table into SQLite gives (`query`), and queries that
 * need every row at once (ORDER BY, GROUP BY, DISTINCT, joins, subqueries, LIMIT) must not take it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type Connection } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';

let sim: Simulator;
let conn: Connection;

before(async () => {
  // Two full pages of invoices, so streaming crosses a page boundary.
  sim = await startSimulator({ seed: 61, scale: 2.5, timeScale: 60 });
  const cc = sim.appRegistry.find((a) => a.kind === 'custom-connection')!;
  conn = await connect(`AuthScheme=OAuthClient;OAuthClientId=${cc.clientId};OAuthClientSecret=${cc.clientSecret};BaseURL=${sim.url}`, { rateLimitWindowMs: 1000 });
  await conn.tenant();
});
after(async () => {
  await conn.close();
  await sim.close();
});

const ROW_WISE: { sql: string; params?: unknown[] }[] = [
  { sql: 'SELECT * FROM Invoices' },
  { sql: "SELECT InvoiceNumber, Total * 2 AS Double, LineItem_Quantity FROM Invoices WHERE Status = 'PAID' AND LineItem_Quantity > 1" },
  { sql: 'SELECT InvoiceId, HasAttachments, Date FROM Invoices WHERE Total > ?', params: [1000] },
  { sql: 'SELECT Name, IsCustomer FROM Contacts' },
  // Plain columns without WHERE skip SQLite: the values must still be exactly SQLite's.
  { sql: 'SELECT InvoiceNumber AS n, Total, AmountDue, HasAttachments, Date, UpdatedDateUTC, LineItem_Quantity FROM Invoices' },
  { sql: 'SELECT * FROM Contacts' },
];

const NOT_ROW_WISE = [
  'SELECT * FROM Invoices ORDER BY Total',
  'SELECT Status, COUNT(*) FROM Invoices GROUP BY Status',
  'SELECT COUNT(*) FROM Invoices',
  'SELECT DISTINCT Status FROM Invoices',
  'SELECT * FROM Invoices LIMIT 5',
  'SELECT i.InvoiceId FROM Invoices i JOIN Contacts c ON c.ContactId = i.ContactId',
  'SELECT InvoiceId FROM Invoices WHERE Total > (SELECT AVG(Total) FROM Invoices)',
  'SELECT InvoiceId, ROW_NUMBER() OVER (ORDER BY Total) FROM Invoices',
  "SELECT * FROM Invoices WHERE TenantId IN ('a', 'b')",
];

describe('row-wise streaming', () => {
  for (const { sql, params } of ROW_WISE) {
    it(`streams ${sql} with the rows query() gives`, async () => {
      assert.equal(conn.plan(sql, params).rowWise, true);
      const expected = await conn.query(sql, params);
      const seen: Record<string, unknown>[] = [];
      let columns: readonly { name: string }[] = [];
      for await (const row of conn.stream(sql, params, { onColumns: (c) => (columns = c) })) seen.push(row);
      assert.ok(expected.rows.length > 0);
      assert.deepEqual(seen, expected.rows);
      assert.deepEqual(
        columns.map((c) => c.name),
        expected.columns.map((c) => c.name),
      );
    });
  }

  for (const sql of NOT_ROW_WISE) {
    it(`does not stream ${sql} page by page`, () => {
      assert.notEqual(conn.plan(sql).rowWise, true);
    });
  }

  it('streams a by-id read, and none for a missing id', async () => {
    const { rows } = await conn.query('SELECT InvoiceId FROM Invoices LIMIT 1');
    for (const id of [rows[0]?.InvoiceId, '00000000-0000-0000-0000-000000000000']) {
      const sql = 'SELECT * FROM Invoices WHERE InvoiceId = ?';
      assert.equal(conn.plan(sql, [id]).rowWise, true);
      const seen: Record<string, unknown>[] = [];
      for await (const row of conn.stream(sql, [id])) seen.push(row);
      assert.deepEqual(seen, (await conn.query(sql, [id])).rows);
    }
  });

  it('stops fetching when the consumer stops', async () => {
    let n = 0;
    for await (const _ of conn.stream('SELECT * FROM Invoices')) if (++n === 3) break;
    assert.equal(n, 3);
  });
});
