/**
 * generateOrganisations as a whole: the two organisations and their tenant fields, determinism
 * (same seed, same bytes; another seed, other ids), every collection populated, creation order,
 * scaling, and argument checking.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_AS_OF_MS, generateOrganisations } from '../../src/simulator/data/generate.js';
import { ACCOUNTING_COLLECTIONS } from '../../src/simulator/data/types.js';
import type { OrgData, XeroRecord } from '../../src/simulator/data/types.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ms = (v: unknown): number => Number(/^\/Date\((\d+)\+0000\)\/$/.exec(String(v))?.[1] ?? Number.NaN);

/** Everything an organisation holds, in a comparable form (maps and buffers included). */
function serialise(orgs: readonly OrgData[]): string {
  return JSON.stringify(
    orgs.map((o) => ({
      ...o,
      accounting: {
        ...o.accounting,
        history: [...o.accounting.history],
        attachments: [...o.accounting.attachments].map(([id, files]) => [id, files.map((f) => ({ record: f.record, content: f.content.toString('base64') }))]),
      },
    })),
  );
}

const options = { seed: 42, scale: 1, asOfMs: DEFAULT_AS_OF_MS };
const first = generateOrganisations(options);

describe('generateOrganisations', () => {
  it('returns the AU demo company then the NZ exporter, as tenants', () => {
    assert.equal(DEFAULT_AS_OF_MS, Date.UTC(2026, 9, 31));
    assert.deepEqual(
      first.map((o) => [o.tenantName, o.tenantType, o.countryCode, o.baseCurrency, o.asOfMs]),
      [
        ['Demo Company (AU)', 'ORGANISATION', 'AU', 'AUD', DEFAULT_AS_OF_MS],
        ['Kiwi Exports Ltd', 'ORGANISATION', 'NZ', 'NZD', DEFAULT_AS_OF_MS],
      ],
    );
    for (const o of first) {
      assert.match(o.tenantId, GUID);
      assert.equal(o.accounting.organisation['OrganisationID'], o.tenantId);
      assert.equal(o.accounting.organisation['Name'], o.tenantName);
      assert.ok(o.createdAtMs < DEFAULT_AS_OF_MS - 730 * 86_400_000, 'organisation predates its books');
    }
    const [au, nz] = first as [OrgData, OrgData];
    assert.deepEqual([au.accounting.organisation['FinancialYearEndMonth'], au.accounting.organisation['FinancialYearEndDay']], [6, 30]);
    assert.deepEqual([nz.accounting.organisation['FinancialYearEndMonth'], nz.accounting.organisation['FinancialYearEndDay']], [3, 31]);
    assert.notEqual(au.tenantId, nz.tenantId);
  });

  it('is deterministic: the same options give byte-identical output', () => {
    assert.equal(serialise(generateOrganisations(options)), serialise(first));
  });

  it('gives different ids for a different seed', () => {
    const other = generateOrganisations({ ...options, seed: 43 });
    const ids = (orgs: readonly OrgData[]): Set<string> =>
      new Set(orgs.flatMap((o) => [o.tenantId, ...o.accounting.collections.Invoices.map((i) => String(i['InvoiceID']))]));
    const a = ids(first);
    const shared = [...ids(other)].filter((id) => a.has(id));
    assert.deepEqual(shared, []);
  });

  it('populates every Accounting collection of both organisations', () => {
    for (const o of first) {
      const empty = ACCOUNTING_COLLECTIONS.filter((c) => o.accounting.collections[c].length === 0);
      assert.deepEqual(empty, [], o.tenantName);
      assert.ok(o.accounting.history.size > 0);
      assert.ok(o.accounting.attachments.size > 0);
    }
  });

  it('uses GUIDs for every id and names users and tracking as asked', () => {
    for (const o of first) {
      for (const [name, records] of Object.entries(o.accounting.collections)) {
        const idKey = name === 'Journals' ? 'JournalID' : name === 'Users' ? 'UserID' : undefined;
        if (idKey !== undefined) for (const r of records) assert.match(String(r[idKey]), GUID);
      }
      for (const i of o.accounting.collections.Invoices) assert.match(String(i['InvoiceID']), GUID);
      assert.ok(o.accounting.collections.Users.length >= 4);
      const tracking = o.accounting.collections.TrackingCategories;
      assert.deepEqual(tracking.map((t) => t['Name']), ['Region', 'Department']);
      const statuses = tracking.flatMap((t) => (t['Options'] as XeroRecord[]).map((x) => x['Status']));
      assert.ok(statuses.includes('ARCHIVED') && statuses.includes('ACTIVE'));
    }
  });

  it('lists collections in creation order and keeps every date within the books', () => {
    for (const o of first) {
      for (const name of ['BankTransfers', 'BrandingThemes', 'Journals'] as const) {
        const times = o.accounting.collections[name].map((r) => ms(r['CreatedDateUTC']));
        assert.deepEqual(times, [...times].sort((a, b) => a - b), `${o.tenantName} ${name}`);
      }
      const numbers = (field: string, records: readonly XeroRecord[]): string[] => records.map((r) => String(r[field]));
      const sales = o.accounting.collections.Invoices.filter((i) => i['Type'] === 'ACCREC');
      assert.deepEqual(numbers('InvoiceNumber', sales), sales.map((_, i) => `INV-${String(i + 1).padStart(4, '0')}`));
      const quotes = o.accounting.collections.Quotes;
      assert.deepEqual(numbers('QuoteNumber', quotes), quotes.map((_, i) => `QU-${String(i + 1).padStart(4, '0')}`));
    }
  });

  it('scales the number of invoices linearly, including non-integer scales', () => {
    const count = (orgs: readonly OrgData[]): number => orgs.reduce((n, o) => n + o.accounting.collections.Invoices.length, 0);
    const base = count(first);
    assert.equal(base, 1000);
    const five = count(generateOrganisations({ ...options, scale: 5 }));
    assert.ok(Math.abs(five / base - 5) < 0.05, `scale 5 gave ${five} invoices`);
    const twoAndAHalf = generateOrganisations({ ...options, scale: 2.5 });
    assert.deepEqual(twoAndAHalf.map((o) => o.accounting.collections.Invoices.length), [2000, 500]);
    const tenth = generateOrganisations({ ...options, scale: 0.1 });
    assert.deepEqual(tenth.map((o) => o.accounting.collections.Invoices.length), [80, 40]);
    for (const o of tenth) assert.deepEqual(ACCOUNTING_COLLECTIONS.filter((c) => o.accounting.collections[c].length === 0), []);
  });

  it('rejects a scale that is not positive and an asOf that is not a UTC midnight', () => {
    for (const scale of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => generateOrganisations({ ...options, scale }), RangeError, String(scale));
    }
    assert.throws(() => generateOrganisations({ ...options, asOfMs: DEFAULT_AS_OF_MS + 1 }), RangeError);
  });

  it('dates the books in the two years up to another asOf when asked', () => {
    const asOfMs = Date.UTC(2025, 5, 30);
    const [au] = generateOrganisations({ ...options, scale: 0.2, asOfMs });
    const dates = (au as OrgData).accounting.collections.Invoices.map((i) => ms(i['Date']));
    assert.ok(Math.max(...dates) < asOfMs && Math.min(...dates) >= asOfMs - 730 * 86_400_000);
    const journals = (au as OrgData).accounting.collections.Journals.map((j) => ms(j['CreatedDateUTC']));
    assert.ok(Math.max(...journals) < asOfMs);
  });
});
