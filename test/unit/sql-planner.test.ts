import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSelect, resolveParams } from '../../src/sql/parse.js';
import { planQuery } from '../../src/sql/planner.js';
import type { QueryPlan, RequestPlan } from '../../src/sql/plan.js';
import { fixtureCatalog } from '../helpers/plan-fixture.js';

function plan(sql: string, params?: unknown[] | Record<string, unknown>): QueryPlan {
  return planQuery(parseSelect(sql), sql, { catalog: fixtureCatalog, schema: 'ACCOUNTING', params: resolveParams(params) });
}
const only = (p: QueryPlan): RequestPlan => {
  assert.equal(p.tables.length, 1);
  assert.equal(p.tables[0]!.requests.length, 1);
  return p.tables[0]!.requests[0]!;
};

describe('planner', () => {
  it('reads one invoice by id with a single GET', () => {
    const p = plan("SELECT * FROM Invoices WHERE InvoiceId = '0b7b84a8-2bbe-4a3d-9f2e-1a0f9f1f3c11'");
    const r = only(p);
    assert.equal(r.kind, 'byId');
    assert.equal(r.path, '/api.xro/2.0/Invoices/0b7b84a8-2bbe-4a3d-9f2e-1a0f9f1f3c11');
    assert.equal(p.tables[0]!.minimumCalls, 1);
  });

  it('sends IN lists as the explicit list parameter (one paged request)', () => {
    const r = only(plan('SELECT InvoiceId FROM Invoices WHERE InvoiceId IN (?, ?) AND Status IN (\'PAID\', \'AUTHORISED\')', ['0b7b84a8-2bbe-4a3d-9f2e-1a0f9f1f3c11', '1b7b84a8-2bbe-4a3d-9f2e-1a0f9f1f3c11']));
    assert.equal(r.kind, 'list');
    assert.equal(r.query.IDs, '0b7b84a8-2bbe-4a3d-9f2e-1a0f9f1f3c11,1b7b84a8-2bbe-4a3d-9f2e-1a0f9f1f3c11');
    assert.equal(r.query.Statuses, 'PAID,AUTHORISED');
    assert.equal(r.query.pageSize, '1000');
    assert.equal(r.query.where, undefined);
  });

  it('builds a where expression from optimised columns, keeping the rest local', () => {
    const p = plan("SELECT * FROM Invoices i WHERE i.ContactName LIKE 'acme%' AND Date >= '2025-07-01' AND Total > 100 AND LineItem_Description = 'x'");
    const r = only(p);
    assert.equal(r.query.where, '(ContactName != null && Contact.Name.ToLower().StartsWith("acme")) && (Date >= DateTime(2025, 07, 01))'.replace('ContactName', 'Contact.Name'));
    // Total is not an optimised field of this table: filtered locally, as are line columns.
    assert.ok(p.tables[0]!.local.some((l) => l.startsWith('Total >')));
    assert.ok(p.tables[0]!.local.some((l) => l.startsWith('LineItem_Description')));
  });

  it('turns UpdatedDateUTC > into If-Modified-Since, floored to the second', () => {
    const r = only(plan("SELECT * FROM Invoices WHERE UpdatedDateUTC > '2026-03-04T05:06:07.890Z'"));
    assert.equal(r.headers['If-Modified-Since'], '2026-03-04T05:06:07Z');
  });

  it('keeps a value with a double quote local', () => {
    const p = plan(`SELECT * FROM Invoices WHERE Reference = 'say "hi"'`);
    assert.equal(only(p).query.where, undefined);
    assert.deepEqual(p.tables[0]!.local, [`Reference = 'say "hi"'`]);
  });

  it('pushes an OR over pushable columns as one where, and a mixed OR stays local', () => {
    const r = only(plan("SELECT * FROM Invoices WHERE Reference = 'a' OR ContactName = 'b'"));
    assert.equal(r.query.where, '(Reference == "a") || (Contact.Name == "b")');
    const mixed = plan("SELECT * FROM Invoices WHERE Reference = 'a' OR LineItem_Description = 'b'");
    assert.equal(only(mixed).query.where, undefined);
    assert.equal(mixed.tables[0]!.local.length, 1);
  });

  it('lets LIMIT stop paging when nothing needs the whole table, pushing a numeric ORDER BY', () => {
    const p = plan('SELECT InvoiceId FROM Invoices ORDER BY Date DESC LIMIT 10 OFFSET 5');
    assert.deepEqual(p.tables[0]!.earlyStop, { rows: 10 });
    assert.equal(only(p).query.order, 'Date DESC');
    assert.equal(plan('SELECT TOP 10 * FROM Invoices').tables[0]!.earlyStop?.rows, 10);
    assert.match(plan('SELECT TOP 10 * FROM Invoices').sql, /^SELECT \* FROM Invoices LIMIT 10$/);
  });

  it('reads everything for aggregates, text ordering and joins', () => {
    assert.equal(plan('SELECT COUNT(*) FROM Invoices LIMIT 1').tables[0]!.earlyStop, undefined);
    assert.equal(plan('SELECT * FROM Invoices ORDER BY InvoiceNumber LIMIT 1').tables[0]!.earlyStop, undefined);
    const join = plan("SELECT i.InvoiceId, c.Name FROM Invoices i JOIN Contacts c ON c.ContactId = i.ContactId WHERE c.Name = 'Acme' LIMIT 5");
    assert.equal(join.tables.length, 2);
    const contacts = join.tables.find((t) => t.table === 'Contacts')!;
    assert.equal(contacts.requests[0]!.query.where, 'Name == "Acme"');
    assert.equal(contacts.requests[0]!.paging.style, 'none', 'an unpaged list already has full contacts: one call');
    assert.equal(join.tables.find((t) => t.table === 'Invoices')!.earlyStop, undefined);
  });

  it('never pushes WHERE conditions on the null-supplying side of an outer join', () => {
    const p = plan("SELECT * FROM Contacts c LEFT JOIN Invoices i ON i.ContactId = c.ContactId WHERE i.Status = 'PAID'");
    const invoices = p.tables.find((t) => t.table === 'Invoices')!;
    assert.equal(invoices.requests[0]!.query.Statuses, undefined);
  });

  it('reads a child resource per parent id: from WHERE, or else from the parent table (fan-out)', () => {
    const fan = plan('SELECT * FROM HistoryContacts').tables[0]!;
    assert.equal(fan.fanOut?.parent.table, 'Contacts');
    assert.equal(fan.fanOut?.parentColumn, 'ContactId');
    assert.equal(fan.fanOut?.column, 'ContactId');
    assert.equal(fan.fanOut?.param, undefined);
    assert.deepEqual(fan.requests.map((r) => r.path), ['/api.xro/2.0/Contacts/{ContactId}/History'], 'a template, made per parent at run time');
    assert.equal(fan.minimumCalls, undefined, 'the cost depends on the data');
    assert.deepEqual(fan.fanOut?.parent.columns, ['ContactId', 'TenantId']);
    assert.match(fan.pushed.join(), /ContactId not in WHERE → one request per ContactId of Contacts/);
    // The parent is read for the tenants WHERE names.
    const other = plan("SELECT * FROM HistoryContacts WHERE TenantId = 't2'").tables[0]!;
    assert.deepEqual(other.fanOut?.parent.requests.map((r) => r.tenantId), ['t2']);
    // WHERE values win over the fan-out.
    assert.equal(plan("SELECT * FROM HistoryContacts WHERE ContactId = 'c1'").tables[0]!.fanOut, undefined);
    // A report's required pseudo-column fans out the same way, as a query parameter.
    const aged = plan('SELECT * FROM AgedPayables').tables[0]!;
    assert.equal(aged.fanOut?.param, 'contactId');
    assert.equal(aged.fanOut?.parent.table, 'Contacts');
    // Without valuesFrom the parent id is required.
    assert.throws(() => plan('SELECT * FROM HistoryInvoices'), (err: Error & { code?: string }) => err.code === 'XSQL_PLAN' && /HistoryInvoices needs InvoiceId in WHERE/.test(err.message));
    const p = plan("SELECT * FROM HistoryInvoices WHERE InvoiceId IN ('a', 'b')");
    assert.deepEqual(p.tables[0]!.requests.map((r) => r.path), ['/api.xro/2.0/Invoices/a/History', '/api.xro/2.0/Invoices/b/History']);
  });

  it('sends report pseudo-columns as parameters', () => {
    const r = only(plan("SELECT * FROM ProfitAndLoss WHERE FromDate = '2026-01-01' AND ToDate = @to", { to: '2026-03-31' }));
    assert.deepEqual(r.query, { fromDate: '2026-01-01', toDate: '2026-03-31' });
    assert.deepEqual(r.pseudo, { FromDate: '2026-01-01', ToDate: '2026-03-31' });
  });

  it('reads other organisations for TenantId = / IN', () => {
    const p = plan("SELECT * FROM Contacts WHERE TenantId IN ('t1', 't2')");
    assert.deepEqual(p.tables[0]!.requests.map((r) => r.tenantId), ['t1', 't2']);
  });

  it('suggests the closest table name for a typo', () => {
    assert.throws(() => plan('SELECT * FROM Invoice'), (err: Error & { code?: string }) => err.code === 'XSQL_UNKNOWN_TABLE' && /Did you mean Invoices\?/.test(err.message));
  });

  it('reports syntax errors with line and column', () => {
    assert.throws(() => parseSelect('SELECT *\nFROM Invoices WHERE'), (err: Error & { code?: string; line?: number }) => err.code === 'XSQL_SQL_SYNTAX' && err.line === 2 && /line 2, column 20/.test(err.message));
    assert.throws(() => parseSelect('SELECT * FROM Invoices WHERE Total > ? AND'), /line 1, column 43, at the end/);
  });

  it('pages Journals by offset', () => {
    const r = only(plan("SELECT * FROM Journals WHERE CreatedDateUTC >= '2026-01-01'"));
    assert.equal(r.paging.style, 'offset');
    assert.equal(r.headers['If-Modified-Since'], '2026-01-01T00:00:00Z');
  });
});
