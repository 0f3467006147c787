// The simulator's `order` parameter: parsing (`Name ASC, Date DESC`), its errors, and how it
// sorts (nulls, dates, numbers, strings, Booleans, stability), through both compileOrder
// (a comparator) and compileSort (sorts a whole array), which must agree.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { QueryParseError, compileOrder, compileSort, loadTypeModel } from '../../src/simulator/where/index.js';
import type { XeroRecord } from '../../src/simulator/data/types.js';

const accounting = loadTypeModel('accounting');

/** Sorts with both implementations, checks they agree, and returns the `Name`s in order. */
function sorted(order: string, records: XeroRecord[], type = 'Contact'): string[] {
  const byComparator = [...records].sort(compileOrder(order, type, accounting));
  const bySort = compileSort(order, type, accounting)(records);
  assert.deepEqual(bySort, byComparator, `compileSort and compileOrder disagree on ${order}`);
  return byComparator.map((r) => String(r.Name));
}

function rejects(order: string, message: string, type = 'Invoice'): void {
  assert.throws(() => compileOrder(order, type, accounting), (e: unknown) => e instanceof QueryParseError && e.message === message);
  assert.throws(() => compileSort(order, type, accounting), (e: unknown) => e instanceof QueryParseError && e.message === message);
}

const ms = (y: number, m: number, d: number): string => `/Date(${Date.UTC(y, m - 1, d)}+0000)/`;

describe('order: parsing', () => {
  const records: XeroRecord[] = [
    { Name: 'b', Discount: 1 },
    { Name: 'a', Discount: 2 },
    { Name: 'c', Discount: 1 },
  ];

  it('direction is optional (ASC) and case-insensitive, with long forms', () => {
    assert.deepEqual(sorted('Name', records), ['a', 'b', 'c']);
    assert.deepEqual(sorted('Name ASC', records), ['a', 'b', 'c']);
    assert.deepEqual(sorted('Name asc', records), ['a', 'b', 'c']);
    assert.deepEqual(sorted('Name ascending', records), ['a', 'b', 'c']);
    assert.deepEqual(sorted('Name DESC', records), ['c', 'b', 'a']);
    assert.deepEqual(sorted('Name Desc', records), ['c', 'b', 'a']);
    assert.deepEqual(sorted('Name DESCENDING', records), ['c', 'b', 'a']);
    assert.deepEqual(sorted('  name   desc  ', records), ['c', 'b', 'a']);
  });

  it('several keys, separated by commas, each with its own direction', () => {
    assert.deepEqual(sorted('Discount ASC, Name DESC', records), ['c', 'b', 'a']);
    assert.deepEqual(sorted('Discount DESC,Name', records), ['a', 'b', 'c']);
    assert.deepEqual(sorted('Discount, Name', records), ['b', 'c', 'a']);
  });

  it('nested paths and string methods as keys', () => {
    const invoices: XeroRecord[] = [
      { Name: '1', Contact: { Name: 'Zeta' } },
      { Name: '2', Contact: { Name: 'alpha' } },
      { Name: '3' },
    ];
    assert.deepEqual(sorted('Contact.Name', invoices, 'Invoice'), ['3', '2', '1']);
    assert.deepEqual(sorted('Contact.Name DESC', invoices, 'Invoice'), ['1', '2', '3']);
    assert.deepEqual(sorted('Contact.Name.ToUpper() DESC', invoices, 'Invoice'), ['1', '2', '3']);
  });

  it('errors: unknown field, unsortable key, bad syntax', () => {
    rejects('Foo', "No property or field 'Foo' exists in type 'Invoice' (at index 0)");
    rejects('Date DESC, Contact.Foo', "No property or field 'Foo' exists in type 'Contact' (at index 19)");
    rejects('Contact', "Cannot order by a value of type 'Contact' (at index 0)");
    rejects('Date, LineItems', "Cannot order by a value of type 'List<LineItem>' (at index 6)");
    rejects(
      'LineItems.Description',
      "Cannot filter or order on members of the collection 'LineItems' (Xero does not filter on line items) (at index 10)",
    );
    rejects('Date ASC DESC', 'Syntax error (at index 9)');
    rejects('Date DESC Total', 'Syntax error (at index 10)');
    rejects('Date,', 'Expression expected (at index 5)');
    rejects('', 'Expression expected (at index 0)');
    rejects('Date; DROP TABLE', "Syntax error ';' (at index 4)");
  });
});

describe('order: sorting', () => {
  it('nulls and missing values first ascending, last descending', () => {
    const records: XeroRecord[] = [{ Name: 'x', Discount: 5 }, { Name: 'missing' }, { Name: 'y', Discount: -1 }, { Name: 'null', Discount: null }];
    assert.deepEqual(sorted('Discount', records), ['missing', 'null', 'y', 'x']);
    assert.deepEqual(sorted('Discount DESC', records), ['x', 'y', 'missing', 'null']);
  });

  it('numbers numerically, not as text', () => {
    const records: XeroRecord[] = [{ Name: '10', Discount: 10 }, { Name: '9', Discount: 9 }, { Name: '-2.5', Discount: -2.5 }, { Name: '100', Discount: 100 }];
    assert.deepEqual(sorted('Discount', records), ['-2.5', '9', '10', '100']);
  });

  it('dates as instants, whatever their written form', () => {
    const records: XeroRecord[] = [
      { Name: 'iso 2021-03', UpdatedDateUTC: '2021-03-01T00:00:00Z' },
      { Name: 'ms 2021-01', UpdatedDateUTC: ms(2021, 1, 1) },
      { Name: 'ms 1969', UpdatedDateUTC: ms(1969, 6, 1) },
      { Name: 'bare ms 2021-02', UpdatedDateUTC: `/Date(${Date.UTC(2021, 1, 1)})/` },
      // Same digit count, so a textual sort would put this one last.
      { Name: 'ms 2001', UpdatedDateUTC: ms(2001, 9, 9) },
    ];
    assert.deepEqual(sorted('UpdatedDateUTC', records), ['ms 1969', 'ms 2001', 'ms 2021-01', 'bare ms 2021-02', 'iso 2021-03']);
  });

  it('strings case-insensitively, ties broken ordinally (upper case first)', () => {
    const records: XeroRecord[] = [{ Name: 'banana' }, { Name: 'Apple' }, { Name: 'apple' }, { Name: 'Cherry' }, { Name: 'APPLE' }, { Name: '' }];
    assert.deepEqual(sorted('Name', records), ['', 'APPLE', 'Apple', 'apple', 'banana', 'Cherry']);
    assert.deepEqual(sorted('Name DESC', records), ['Cherry', 'banana', 'apple', 'Apple', 'APPLE', '']);
  });

  it('Booleans false first', () => {
    const records: XeroRecord[] = [{ Name: 't', IsSupplier: true }, { Name: 'f', IsSupplier: false }, { Name: 'n' }];
    assert.deepEqual(sorted('IsSupplier', records), ['n', 'f', 't']);
    assert.deepEqual(sorted('IsSupplier DESC', records), ['t', 'f', 'n']);
  });

  it('GUIDs case-insensitively', () => {
    const records: XeroRecord[] = [
      { Name: 'B', ContactID: 'BBBBBBBB-0000-4000-8000-000000000000' },
      { Name: 'a', ContactID: 'aaaaaaaa-0000-4000-8000-000000000000' },
      { Name: 'C', ContactID: 'cccccccc-0000-4000-8000-000000000000' },
    ];
    assert.deepEqual(sorted('ContactID', records), ['a', 'B', 'C']);
  });

  it('is stable: ties keep their input order, in both directions', () => {
    const records: XeroRecord[] = Array.from({ length: 50 }, (_, i) => ({ Name: `r${i}`, Discount: i % 3 }));
    const asc = sorted('Discount', records);
    const desc = sorted('Discount DESC', records);
    for (const list of [asc, desc]) {
      for (let d = 0; d < 3; d++) {
        const group = list.filter((n) => Number(n.slice(1)) % 3 === d);
        assert.deepEqual(group, [...group].sort((x, y) => Number(x.slice(1)) - Number(y.slice(1))));
      }
    }
  });

  it('compileSort leaves its input untouched', () => {
    const records: XeroRecord[] = [{ Name: 'b' }, { Name: 'a' }];
    const out = compileSort('Name', 'Contact', accounting)(records);
    assert.deepEqual(records.map((r) => r.Name), ['b', 'a']);
    assert.deepEqual(out.map((r) => r.Name), ['a', 'b']);
  });

  it('property: compileSort and compileOrder agree, and the result is ordered by the keys', () => {
    const record = fc.record(
      {
        Name: fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('a', 'A', 'b', 'B')),
        Discount: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(null)),
        IsSupplier: fc.boolean(),
        UpdatedDateUTC: fc.integer({ min: -1e12, max: 4e12 }).map((t) => `/Date(${t}+0000)/`),
      },
      { requiredKeys: ['Name'] },
    );
    const order = fc.constantFrom('Name', 'Name DESC', 'Discount, Name DESC', 'IsSupplier DESC, UpdatedDateUTC', 'UpdatedDateUTC DESC, Discount');
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), order, (records, o) => {
        const compare = compileOrder(o, 'Contact', accounting);
        const out = compileSort(o, 'Contact', accounting)(records);
        assert.deepEqual(out, [...records].sort(compare));
        for (let i = 1; i < out.length; i++) assert.ok(compare(out[i - 1] as XeroRecord, out[i] as XeroRecord) <= 0);
      }),
    );
  });
});
