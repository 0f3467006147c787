/**
 * The simulator's Accounting API over HTTP: envelopes, paging in both modes, the declared
 * filters, where/order, If-Modified-Since, by-id reads and sub-resources, auth and tenants.
 * Expected rows come from the simulator's own books (`sim.orgs`), never from literals.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { XeroRecord } from '../../src/simulator/data/types.js';
import { apiGet, customConnectionToken } from '../helpers/sim-client.js';

let sim: Simulator;
let token: string;
let books: Simulator['orgs'][number]['accounting'];

const hasMoreThan2dp = (n: unknown) => typeof n === 'number' && Math.abs(n * 100 - Math.round(n * 100)) > 1e-6;
const msOf = (d: unknown) => Number(/\/Date\((-?\d+)/.exec(String(d))?.[1]);
const ids = (rows: XeroRecord[], field: string) => rows.map((r) => String(r[field]));

before(async () => {
  sim = await startSimulator({ seed: 3 });
  token = await customConnectionToken(sim);
  books = sim.orgs[0]!.accounting;
});
after(() => sim.close());

describe('envelope and list modes', () => {
  it('wraps lists in Xero\'s envelope and, without page, returns every invoice in summary form', async () => {
    const res = await apiGet(sim, '/api.xro/2.0/Invoices', { token });
    assert.equal(res.status, 200);
    assert.equal(res.json.Status, 'OK');
    assert.match(res.json.Id, /^[0-9a-f-]{36}$/);
    assert.match(res.json.DateTimeUTC, /^\/Date\(\d+\)\/$/);
    assert.equal(res.json.ProviderName, sim.appRegistry.find((a) => a.kind === 'custom-connection')!.name);
    assert.equal(res.json.pagination, undefined);
    assert.deepEqual(ids(res.json.Invoices, 'InvoiceID'), ids(books.collections.Invoices, 'InvoiceID'));
    for (const inv of res.json.Invoices) assert.deepEqual(inv.LineItems, []);
    const withLines = books.collections.Invoices.find((i) => Array.isArray(i.LineItems) && i.LineItems.length > 0);
    assert.ok(withLines, 'the books have invoices with lines');
    const summary = res.json.Invoices.find((i: XeroRecord) => i.InvoiceID === withLines.InvoiceID);
    assert.deepEqual(Object.keys(summary.Contact).sort(), ['Addresses', 'ContactGroups', 'ContactID', 'ContactPersons', 'HasValidationErrors', 'Name', 'Phones', ...('ContactNumber' in summary.Contact ? ['ContactNumber'] : [])].sort());
  });

  it('pages with full records and a pagination object; pages concatenate to the whole list', async () => {
    const all = books.collections.Invoices;
    const pageSize = Math.max(7, Math.ceil(all.length / 3));
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const res = await apiGet(sim, '/api.xro/2.0/Invoices', { token, query: { page: String(page), pageSize: String(pageSize) } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json.pagination, { page, pageSize, pageCount: Math.ceil(all.length / pageSize), itemCount: all.length });
      if (res.json.Invoices.length === 0) break;
      seen.push(...ids(res.json.Invoices, 'InvoiceID'));
      assert.ok(res.json.Invoices.some((i: XeroRecord) => Array.isArray(i.LineItems) && i.LineItems.length > 0), 'paged invoices carry lines');
      if (res.json.Invoices.length < pageSize) break;
    }
    assert.deepEqual(seen, ids(all, 'InvoiceID'));
  });

  it('defaults to 100 per page and caps pageSize at 1000', async () => {
    const def = await apiGet(sim, '/api.xro/2.0/Invoices', { token, query: { page: '1' } });
    assert.equal(def.json.pagination.pageSize, 100);
    assert.equal(def.json.Invoices.length, Math.min(100, books.collections.Invoices.length));
    const big = await apiGet(sim, '/api.xro/2.0/Invoices', { token, query: { page: '1', pageSize: '5000' } });
    assert.equal(big.json.pagination.pageSize, 1000);
  });

  it('rejects a malformed page number with a validation error', async () => {
    const res = await apiGet(sim, '/api.xro/2.0/Invoices', { token, query: { page: 'two' } });
    assert.equal(res.status, 400);
    assert.equal(res.json.Type, 'ValidationException');
    assert.match(JSON.stringify(res.json), /page/);
  });

  it('pages Journals by offset, 100 at a time, oldest first', async () => {
    const journals = books.collections.Journals;
    let offset = 0;
    const seen: number[] = [];
    for (;;) {
      const res = await apiGet(sim, '/api.xro/2.0/Journals', { token, query: { offset: String(offset) } });
      assert.equal(res.status, 200);
      const rows = res.json.Journals as XeroRecord[];
      assert.ok(rows.length <= 100);
      if (rows.length === 0) break;
      for (const j of rows) assert.ok(Number(j.JournalNumber) > offset);
      seen.push(...rows.map((j) => Number(j.JournalNumber)));
      offset = Number(rows[rows.length - 1]!.JournalNumber);
    }
    assert.deepEqual(seen, journals.map((j) => Number(j.JournalNumber)));
  });
});

describe('filters', () => {
  it('where on status, nested GUIDs and dates matches the books', async () => {
    const invoices = books.collections.Invoices;
    const status = await apiGet(sim, '/api.xro/2.0/Invoices', { token, query: { where: 'Status=="AUTHORISED"' } });
    assert.deepEqual(ids(status.json.Invoices, 'InvoiceID'), ids(invoices.filter((i) => i.Status === 'AUTHORISED'), 'InvoiceID'));

    const contactId = String((invoices[0]!.Contact as XeroRecord).ContactID);
    const byContact = await apiGet(sim, '/api.xro/2.0/Invoices', { token, query: { where: `Contact.ContactID==Guid("${contactId.toUpperCase()}")` } });
    const expected = invoices.filter((i) => (i.Contact as XeroRecord).ContactID === contactId);
    assert.ok(expected.length > 0);
    assert.deepEqual(ids(byContact.json.Invoices, 'InvoiceID'), ids(expected, 'InvoiceID'));

    const cut = msOf(invoices[Math.floor(invoices.length / 2)]!.Date);
    const d = new Date(cut);
    const since = await apiGet(sim, '/api.xro/2.0/Invoices', {
      token,
      query: { where: `Date >= DateTime(${d.getUTCFullYear()}, ${d.getUTCMonth() + 1}, ${d.getUTCDate()})` },
    });
    assert.deepEqual(ids(since.json.Invoices, 'InvoiceID'), ids(invoices.filter((i) => msOf(i.Date) >= cut), 'InvoiceID'));
  });

  it('answers a bad where with a QueryParseException', async () => {
    const syntax = await apiGet(sim, '/api.xro/2.0/Invoices', { token, query: { where: 'Status=="AUTHORISED' } });
    assert.equal(syntax.status, 400);
    assert.equal(syntax.json.Type, 'QueryParseException');
    assert.equal(syntax.json.ErrorNumber, 16);
    const field = await apiGet(sim, '/api.xro/2.0/Invoices', { token, query: { where: 'Nope==1' } });
    assert.equal(field.status, 400);
    assert.match(field.json.Message, /No property or field 'Nope' exists in type 'Invoice'/);
  });

  it('orders by any field', async () => {
    const res = await apiGet(sim, '/api.xro/2.0/Invoices', { token, query: { order: 'Total DESC' } });
    const totals = (res.json.Invoices as XeroRecord[]).map((i) => Number(i.Total));
    assert.deepEqual(totals, [...totals].sort((a, b) => b - a));
    assert.equal(totals.length, books.collections.Invoices.length);
  });

  it('applies IDs, InvoiceNumbers, ContactIDs, Statuses and searchTerm', async () => {
    const invoices = books.collections.Invoices;
    const pick = [invoices[1]!, invoices[5]!, invoices[9]!];
    const byIds = await apiGet(sim, '/api.xro/2.0/Invoices', { token, query: { IDs: pick.map((i) => String(i.InvoiceID).toUpperCase()).join(',') } });
    assert.deepEqual(ids(byIds.json.Invoices, 'InvoiceID').sort(), ids(pick, 'InvoiceID').sort());

    const numbered = pick.filter((i) => typeof i.InvoiceNumber === 'string' && i.InvoiceNumber !== '');
    const byNumbers = await apiGet(sim, '/api.xro/2.0/Invoices', { token, query: { InvoiceNumbers: numbered.map((i) => i.InvoiceNumber).join(',') } });
    assert.deepEqual(ids(byNumbers.json.Invoices, 'InvoiceID').sort(), ids(invoices.filter((i) => numbered.some((n) => n.InvoiceNumber === i.InvoiceNumber)), 'InvoiceID').sort());

    const statuses = await apiGet(sim, '/api.xro/2.0/Invoices', { token, query: { Statuses: 'DRAFT,VOIDED' } });
    assert.deepEqual(ids(statuses.json.Invoices, 'InvoiceID'), ids(invoices.filter((i) => i.Status === 'DRAFT' || i.Status === 'VOIDED'), 'InvoiceID'));

    const contactId = String((invoices[2]!.Contact as XeroRecord).ContactID);
    const byContact = await apiGet(sim, '/api.xro/2.0/Invoices', { token, query: { ContactIDs: contactId } });
    assert.deepEqual(ids(byContact.json.Invoices, 'InvoiceID'), ids(invoices.filter((i) => (i.Contact as XeroRecord).ContactID === contactId), 'InvoiceID'));

    const number = String(numbered[0]!.InvoiceNumber);
    const term = number.slice(-3).toLowerCase();
    const search = await apiGet(sim, '/api.xro/2.0/Invoices', { token, query: { searchTerm: term } });
    const matches = (v: unknown) => typeof v === 'string' && v.toLowerCase().includes(term);
    assert.deepEqual(ids(search.json.Invoices, 'InvoiceID'), ids(invoices.filter((i) => matches(i.InvoiceNumber) || matches(i.Reference)), 'InvoiceID'));
  });

  it('honours If-Modified-Since to the second', async () => {
    const invoices = books.collections.Invoices;
    const times = invoices.map((i) => msOf(i.UpdatedDateUTC)).sort((a, b) => a - b);
    const cut = Math.floor(times[Math.floor(times.length * 0.8)]! / 1000) * 1000;
    const res = await apiGet(sim, '/api.xro/2.0/Invoices', { token, headers: { 'If-Modified-Since': new Date(cut).toISOString() } });
    const expected = invoices.filter((i) => msOf(i.UpdatedDateUTC) >= cut);
    assert.ok(expected.length > 0 && expected.length < invoices.length);
    assert.deepEqual(ids(res.json.Invoices, 'InvoiceID'), ids(expected, 'InvoiceID'));
  });

  it('leaves archived contacts out unless includeArchived=true', async () => {
    const contacts = books.collections.Contacts;
    const archived = contacts.filter((c) => c.ContactStatus === 'ARCHIVED');
    assert.ok(archived.length > 0, 'the books have archived contacts');
    const plain = await apiGet(sim, '/api.xro/2.0/Contacts', { token });
    assert.equal(plain.json.Contacts.length, contacts.length - archived.length);
    const all = await apiGet(sim, '/api.xro/2.0/Contacts', { token, query: { includeArchived: 'true' } });
    assert.equal(all.json.Contacts.length, contacts.length);
  });

  it('rounds unit amounts to 2 dp unless unitdp=4', async () => {
    const fine = books.collections.Invoices.find((i) =>
      (i.LineItems as XeroRecord[] | undefined)?.some((l) => hasMoreThan2dp(l.UnitAmount)),
    );
    assert.ok(fine, 'the books have a unit amount with more than 2 decimals');
    const path = `/api.xro/2.0/Invoices/${String(fine.InvoiceID)}`;
    const two = await apiGet(sim, path, { token });
    for (const l of two.json.Invoices[0].LineItems) assert.ok(!hasMoreThan2dp(l.UnitAmount), `${l.UnitAmount} has more than 2 dp`);
    const four = await apiGet(sim, path, { token, query: { unitdp: '4' } });
    assert.deepEqual(four.json.Invoices[0].LineItems.map((l: XeroRecord) => l.UnitAmount), (fine.LineItems as XeroRecord[]).map((l) => l.UnitAmount));
  });
});

describe('single records and sub-resources', () => {
  it('reads by id (any case) and by number, with full detail; unknown ids get a plain-text 404', async () => {
    const inv = books.collections.Invoices.find((i) => typeof i.InvoiceNumber === 'string' && i.InvoiceNumber !== '')!;
    const byId = await apiGet(sim, `/api.xro/2.0/Invoices/${String(inv.InvoiceID).toUpperCase()}`, { token });
    assert.equal(byId.status, 200);
    assert.deepEqual(byId.json.Invoices[0].LineItems.length, (inv.LineItems as unknown[]).length);
    const byNumber = await apiGet(sim, `/api.xro/2.0/Invoices/${encodeURIComponent(String(inv.InvoiceNumber))}`, { token });
    assert.equal(byNumber.json.Invoices[0].InvoiceID, inv.InvoiceID);
    const missing = await apiGet(sim, '/api.xro/2.0/Invoices/00000000-0000-0000-0000-000000000000', { token });
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type') ?? '', /text\/plain/);
    assert.equal(missing.text, "The resource you're looking for cannot be found");
  });

  it('serves History, Attachments and attachment content', async () => {
    const [id, records] = [...books.history.entries()][0]!;
    const owner = books.collections.Invoices.find((i) => i.InvoiceID === id) ?? books.collections.Contacts.find((c) => c.ContactID === id);
    if (owner) {
      const path = 'InvoiceID' in owner ? `/api.xro/2.0/Invoices/${id}/History` : `/api.xro/2.0/Contacts/${id}/History`;
      const res = await apiGet(sim, path, { token });
      assert.equal(res.json.HistoryRecords.length, records.length);
    }
    const withAttachment = books.collections.Invoices.find((i) => i.HasAttachments === true);
    assert.ok(withAttachment, 'some invoice has attachments');
    const list = await apiGet(sim, `/api.xro/2.0/Invoices/${String(withAttachment.InvoiceID)}/Attachments`, { token });
    const first = list.json.Attachments[0];
    assert.ok(first.FileName);
    const stored = books.attachments.get(String(withAttachment.InvoiceID))![0]!;
    for (const key of [first.AttachmentID, encodeURIComponent(first.FileName)]) {
      const content = await fetch(`${sim.url}/api.xro/2.0/Invoices/${String(withAttachment.InvoiceID)}/Attachments/${key}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(content.status, 200);
      assert.equal(content.headers.get('content-type'), first.MimeType);
      assert.deepEqual(Buffer.from(await content.arrayBuffer()), stored.content);
    }
  });

  it('renders invoices as PDF', async () => {
    const inv = books.collections.Invoices[0]!;
    const res = await fetch(`${sim.url}/api.xro/2.0/Invoices/${String(inv.InvoiceID)}/pdf`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const body = Buffer.from(await res.arrayBuffer()).toString('latin1');
    assert.ok(body.startsWith('%PDF-1.4') && body.trimEnd().endsWith('%%EOF'));
  });

  it('serves the Organisation under a plural key', async () => {
    const res = await apiGet(sim, '/api.xro/2.0/Organisation', { token });
    assert.equal(res.json.Organisations.length, 1);
    assert.equal(res.json.Organisations[0].Name, books.organisation.Name);
  });
});

describe('authentication, tenants and scopes', () => {
  it('401s a missing or forged token and a token past its 30 minutes', async () => {
    const none = await apiGet(sim, '/api.xro/2.0/Organisation');
    assert.equal(none.status, 401);
    assert.equal(none.json.Detail, 'AuthenticationUnsuccessful');
    const forged = await apiGet(sim, '/api.xro/2.0/Organisation', { token: `${token.slice(0, -4)}AAAA` });
    assert.equal(forged.status, 401);
    const fresh = await customConnectionToken(sim);
    sim.clock.advance(31 * 60_000);
    try {
      const expired = await apiGet(sim, '/api.xro/2.0/Organisation', { token: fresh });
      assert.equal(expired.status, 401);
      assert.match(expired.json.Detail, /^TokenExpired: token expired at \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
      assert.equal(expired.json.Title, 'Unauthorized');
    } finally {
      sim.clock.advance(-31 * 60_000);
    }
  });

  it('403s a tenant the token is not connected to, and accepts the header in any case', async () => {
    const other = sim.orgs[1]!.tenantId;
    const res = await apiGet(sim, '/api.xro/2.0/Organisation', { token, tenantId: other });
    assert.equal(res.status, 403);
    assert.equal(res.json.Detail, 'AuthenticationUnsuccessful');
    const own = await apiGet(sim, '/api.xro/2.0/Organisation', { token, headers: { 'Xero-Tenant-Id': sim.orgs[0]!.tenantId.toUpperCase() } });
    assert.equal(own.status, 200);
  });

  it('401s AuthorizationUnsuccessful without the scope, and accepts granular scopes', async () => {
    const settingsOnly = await customConnectionToken(sim, 'accounting.settings');
    const res = await apiGet(sim, '/api.xro/2.0/Invoices', { token: settingsOnly });
    assert.equal(res.status, 401);
    assert.equal(res.json.Detail, 'AuthorizationUnsuccessful');
    assert.equal((await apiGet(sim, '/api.xro/2.0/Accounts', { token: settingsOnly })).status, 200);
    const granular = await customConnectionToken(sim, 'accounting.invoices');
    assert.equal((await apiGet(sim, '/api.xro/2.0/Invoices', { token: granular, query: { page: '1' } })).status, 200);
    assert.equal((await apiGet(sim, '/api.xro/2.0/Payments', { token: granular })).status, 401);
  });
});
