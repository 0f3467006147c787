import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toRows, type Row } from '../../src/catalog/rows.js';
import { tableDefSchema, type TableDef, type TableDefInput } from '../../src/catalog/table-def.js';

const TENANT = '11111111-1111-1111-1111-111111111111';

/** A declaration with the request filled in (toRows never reads it). */
function table(def: Pick<TableDefInput, 'rows' | 'columns'> & Partial<TableDefInput>): TableDef {
  return tableDefSchema.parse({
    name: 'T',
    schema: 'ACCOUNTING',
    kind: 'view',
    description: 'test',
    request: { base: '/api.xro/2.0', path: '/T', paging: { style: 'none' } },
    ...def,
  });
}

const col = (name: string, source: TableDefInput['columns'][number]['source'], extra: Partial<TableDefInput['columns'][number]> = {}) => ({
  name,
  type: 'text' as const,
  description: name,
  source,
  ...extra,
});

/** Rows as objects keyed by column name, for readable assertions. */
function named(t: TableDef, rows: Row[]): Record<string, unknown>[] {
  return rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c.name, r[i]])));
}

describe('record rows', () => {
  const t = table({
    rows: { kind: 'record' },
    columns: [
      col('ContactId', { kind: 'field', path: 'ContactID' }, { key: true }),
      col('Name', { kind: 'field', path: 'Name' }),
      col('Balance', { kind: 'field', path: 'Balances.AccountsReceivable.Outstanding' }, { type: 'decimal' }),
      col('IsSupplier', { kind: 'field', path: 'IsSupplier' }, { type: 'boolean' }),
      col('UpdatedDateUTC', { kind: 'field', path: 'UpdatedDateUTC' }, { type: 'datetime', format: 'msdatetime' }),
      col('ContactPerson1_FirstName', { kind: 'indexed', path: 'ContactPersons', index: 0, field: 'FirstName' }),
      col('ContactPerson2_FirstName', { kind: 'indexed', path: 'ContactPersons', index: 1, field: 'FirstName' }),
      col('POBOX_City', { kind: 'match', path: 'Addresses', key: 'AddressType', value: 'POBOX', field: 'City' }),
      col('STREET_City', { kind: 'match', path: 'Addresses', key: 'AddressType', value: 'STREET', field: 'City' }),
      col('TenantId', { kind: 'tenant' }),
    ],
  });

  it('reads fields, nested paths, positions and typed elements, converting values', () => {
    const rows = toRows(
      t,
      [
        {
          ContactID: 'c1',
          Name: 'Acme',
          Balances: { AccountsReceivable: { Outstanding: 12.5 } },
          IsSupplier: false,
          UpdatedDateUTC: '/Date(1573755038314+0000)/',
          ContactPersons: [{ FirstName: 'Ann' }],
          Addresses: [
            { AddressType: 'STREET', City: 'Sydney' },
            { AddressType: 'POBOX', City: 'Newcastle' },
          ],
        },
      ],
      { tenantId: TENANT },
    );
    assert.deepEqual(named(t, rows), [
      {
        ContactId: 'c1',
        Name: 'Acme',
        Balance: 12.5,
        IsSupplier: false,
        UpdatedDateUTC: '2019-11-14T18:10:38.314Z',
        ContactPerson1_FirstName: 'Ann',
        ContactPerson2_FirstName: null,
        POBOX_City: 'Newcastle',
        STREET_City: 'Sydney',
        TenantId: TENANT,
      },
    ]);
  });

  it('gives null for everything missing, and skips what is not an object', () => {
    const rows = toRows(t, [{ ContactID: 'c2', Balances: 'oops', ContactPersons: 'none', Addresses: [null, 3] }, 'junk', null], { tenantId: TENANT });
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0], ['c2', null, null, null, null, null, null, null, null, TENANT]);
  });
});

describe('items rows', () => {
  const lines = (keepEmpty: boolean) =>
    table({
      rows: { kind: 'items', path: 'LineItems', idField: 'InvoiceID', keepEmpty },
      columns: [
        col('Id', { kind: 'rowId' }, { key: true }),
        col('InvoiceId', { kind: 'field', path: 'InvoiceID' }),
        col('Date', { kind: 'field', path: 'Date' }, { type: 'date', format: 'msdate' }),
        col('LineItem_Description', { kind: 'field', path: 'Description', scope: 'item' }),
        col('LineItem_LineAmount', { kind: 'field', path: 'LineAmount', scope: 'item' }, { type: 'decimal' }),
        col('LineItem_Item_Code', { kind: 'field', path: 'Item.Code', scope: 'item' }),
        col('LineItem_TrackingCategory1_CategoryId', { kind: 'tracking', path: 'Tracking', slot: 1, part: 'CategoryId' }),
        col('LineItem_TrackingCategory1_CategoryName', { kind: 'tracking', path: 'Tracking', slot: 1, part: 'CategoryName' }),
        col('LineItem_TrackingCategory1_OptionId', { kind: 'tracking', path: 'Tracking', slot: 1, part: 'OptionId' }),
        col('LineItem_TrackingCategory1_OptionName', { kind: 'tracking', path: 'Tracking', slot: 1, part: 'OptionName' }),
        col('LineItem_TrackingCategory2_OptionName', { kind: 'tracking', path: 'Tracking', slot: 2, part: 'OptionName' }),
      ],
    });
  const invoices = [
    {
      InvoiceID: 'inv-1',
      Date: '/Date(1573689600000+1300)/',
      LineItems: [
        { Description: 'Desk', LineAmount: 100, Item: { Code: 'DESK' }, Tracking: [{ TrackingCategoryID: 'cat-1', Name: 'Region', TrackingOptionID: 'opt-1', Option: 'North' }] },
        {
          Description: 'Chair',
          LineAmount: 50.25,
          Tracking: [
            { TrackingCategoryID: 'cat-1', Name: 'Region', TrackingOptionID: 'opt-2', Option: 'South' },
            { TrackingCategoryID: 'cat-2', Name: 'Dept', TrackingOptionID: 'opt-3', Option: 'Sales' },
          ],
        },
      ],
    },
    { InvoiceID: 'inv-2', Date: '/Date(1573689600000+0000)/', LineItems: [] },
  ];

  it('makes one row per line with Id <n>|<record id> (1-based), header values repeated, tracking slots', () => {
    const t = lines(true);
    assert.deepEqual(named(t, toRows(t, invoices, { tenantId: TENANT })), [
      {
        Id: '1|inv-1',
        InvoiceId: 'inv-1',
        Date: '2019-11-14',
        LineItem_Description: 'Desk',
        LineItem_LineAmount: 100,
        LineItem_Item_Code: 'DESK',
        LineItem_TrackingCategory1_CategoryId: 'cat-1',
        LineItem_TrackingCategory1_CategoryName: 'Region',
        LineItem_TrackingCategory1_OptionId: 'opt-1',
        LineItem_TrackingCategory1_OptionName: 'North',
        LineItem_TrackingCategory2_OptionName: null,
      },
      {
        Id: '2|inv-1',
        InvoiceId: 'inv-1',
        Date: '2019-11-14',
        LineItem_Description: 'Chair',
        LineItem_LineAmount: 50.25,
        LineItem_Item_Code: null,
        LineItem_TrackingCategory1_CategoryId: 'cat-1',
        LineItem_TrackingCategory1_CategoryName: 'Region',
        LineItem_TrackingCategory1_OptionId: 'opt-2',
        LineItem_TrackingCategory1_OptionName: 'South',
        LineItem_TrackingCategory2_OptionName: 'Sales',
      },
      {
        Id: '0|inv-2',
        InvoiceId: 'inv-2',
        Date: '2019-11-14',
        LineItem_Description: null,
        LineItem_LineAmount: null,
        LineItem_Item_Code: null,
        LineItem_TrackingCategory1_CategoryId: null,
        LineItem_TrackingCategory1_CategoryName: null,
        LineItem_TrackingCategory1_OptionId: null,
        LineItem_TrackingCategory1_OptionName: null,
        LineItem_TrackingCategory2_OptionName: null,
      },
    ]);
  });

  it('without keepEmpty, a record without items gives no row', () => {
    const t = lines(false);
    assert.deepEqual(
      toRows(t, invoices, { tenantId: TENANT }).map((r) => r[0]),
      ['1|inv-1', '2|inv-1'],
    );
  });

  it('with an inner array: one row per inner element, Id <item>.<inner>|<id>', () => {
    const t = table({
      rows: { kind: 'items', path: 'BudgetLines', idField: 'BudgetID', inner: 'BudgetBalances' },
      columns: [
        col('Id', { kind: 'rowId' }, { key: true }),
        col('AccountCode', { kind: 'field', path: 'AccountCode', scope: 'item' }),
        col('Period', { kind: 'field', path: 'Period', scope: 'inner' }),
        col('Amount', { kind: 'field', path: 'Amount', scope: 'inner' }, { type: 'decimal' }),
      ],
    });
    const budget = {
      BudgetID: 'b1',
      BudgetLines: [
        { AccountCode: '200', BudgetBalances: [{ Period: '2025-07', Amount: 10 }, { Period: '2025-08', Amount: '12' }] },
        { AccountCode: '400', BudgetBalances: [] },
      ],
    };
    assert.deepEqual(toRows(t, [budget], { tenantId: TENANT }), [
      ['1.1|b1', '200', '2025-07', 10],
      ['1.2|b1', '200', '2025-08', 12],
      ['2|b1', '400', null, null],
    ]);
  });
});

describe('record rows keyed by their position under a path value (History)', () => {
  const t = table({
    request: { base: '/api.xro/2.0', path: '/Invoices/{InvoiceId}/History', paging: { style: 'none' } },
    rows: { kind: 'record' },
    columns: [
      col('Id', { kind: 'rowId', of: 'InvoiceId' }, { key: true }),
      col('InvoiceId', { kind: 'pathValue' }, { filter: { pathParam: true } }),
      col('Changes', { kind: 'field', path: 'Changes' }),
      col('Date', { kind: 'field', path: 'DateUTC' }, { type: 'datetime', format: 'msdatetime' }),
    ],
  });

  it('numbers entries from 1 and echoes the path value', () => {
    const rows = toRows(
      t,
      [
        { Changes: 'Created', DateUTC: '/Date(1541689281470+0000)/' },
        { Changes: 'Note', DateUTC: '/Date(1541689291470+0000)/' },
      ],
      { tenantId: TENANT, pseudo: { InvoiceId: 'inv-9' } },
    );
    assert.deepEqual(rows, [
      ['1|inv-9', 'inv-9', 'Created', '2018-11-08T15:01:21.470Z'],
      ['2|inv-9', 'inv-9', 'Note', '2018-11-08T15:01:31.470Z'],
    ]);
  });
});

describe('report rows', () => {
  const t = table({
    rows: { kind: 'report' },
    columns: [
      col('ID', { kind: 'reportRow' }, { key: true, type: 'integer' }),
      col('RowType', { kind: 'reportRowType' }),
      col('Section', { kind: 'reportSection' }),
      col('Label1', { kind: 'reportCell', index: 1 }),
      col('Label2', { kind: 'reportCell', index: 2 }),
      col('Label3', { kind: 'reportCell', index: 3 }),
      col('AccountId', { kind: 'reportAttribute', id: 'account' }),
      col('Amount', { kind: 'reportCell', index: 2 }, { type: 'decimal' }),
      col('FromDate', { kind: 'pseudo', param: 'fromDate' }, { type: 'date' }),
      col('Periods', { kind: 'pseudo', param: 'periods' }, { type: 'integer' }),
      col('TenantId', { kind: 'tenant' }),
    ],
  });
  const account = (id: string) => [{ Value: id, Id: 'account' }];
  const report = {
    ReportID: 'ProfitAndLoss',
    Rows: [
      { RowType: 'Header', Cells: [{ Value: '' }, { Value: '31 Oct 19' }, { Value: '30 Sep 19' }] },
      {
        RowType: 'Section',
        Title: 'Income',
        Rows: [
          { RowType: 'Row', Cells: [{ Value: 'Sales', Attributes: account('a1') }, { Value: '1,200.00', Attributes: account('a1') }, { Value: '900.00' }] },
          { RowType: 'SummaryRow', Cells: [{ Value: 'Total Income' }, { Value: '1200.00' }, { Value: '900.00' }] },
        ],
      },
      { RowType: 'Section', Title: 'Less Operating Expenses', Rows: [] },
      { RowType: 'Section', Title: '', Rows: [{ RowType: 'Row', Cells: [{ Value: 'Net Profit' }, { Value: '1200.00' }] }] },
    ],
  };

  it('flattens sections into numbered rows (header included), cells into labels, attributes and pseudo echoes', () => {
    const rows = toRows(t, [report], { tenantId: TENANT, pseudo: { FromDate: '2019-10-01', Periods: '1' } });
    assert.deepEqual(named(t, rows), [
      { ID: 1, RowType: 'Header', Section: null, Label1: '', Label2: '31 Oct 19', Label3: '30 Sep 19', AccountId: null, Amount: null, FromDate: '2019-10-01', Periods: 1, TenantId: TENANT },
      { ID: 2, RowType: 'Row', Section: 'Income', Label1: 'Sales', Label2: '1,200.00', Label3: '900.00', AccountId: 'a1', Amount: 1200, FromDate: '2019-10-01', Periods: 1, TenantId: TENANT },
      { ID: 3, RowType: 'SummaryRow', Section: 'Income', Label1: 'Total Income', Label2: '1200.00', Label3: '900.00', AccountId: null, Amount: 1200, FromDate: '2019-10-01', Periods: 1, TenantId: TENANT },
      { ID: 4, RowType: 'Row', Section: '', Label1: 'Net Profit', Label2: '1200.00', Label3: null, AccountId: null, Amount: 1200, FromDate: '2019-10-01', Periods: 1, TenantId: TENANT },
    ]);
  });

  it('numbers on across several reports of one response, pseudo values null when not given', () => {
    const rows = toRows(t, [report, report], { tenantId: TENANT });
    assert.deepEqual(
      rows.map((r) => r[0]),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    assert.ok(rows.every((r) => r[8] === null && r[9] === null));
  });
});

describe('tenants rows', () => {
  const t = table({
    rows: { kind: 'tenants' },
    columns: [
      col('TenantId', { kind: 'tenant' }, { key: true }),
      col('Name', { kind: 'field', path: 'tenantName' }),
      col('Type', { kind: 'field', path: 'tenantType' }),
      col('IsActive', { kind: 'field', path: 'isActive' }, { type: 'boolean' }),
    ],
  });

  it('one row per connection; TenantId is each connection\'s, IsActive marks the connection tenant', () => {
    const connections = [
      { id: 'x', tenantId: TENANT, tenantName: 'Demo (AU)', tenantType: 'ORGANISATION' },
      { id: 'y', tenantId: '22222222-2222-2222-2222-222222222222', tenantName: 'Kiwi', tenantType: 'PRACTICE' },
    ];
    assert.deepEqual(toRows(t, connections, { tenantId: TENANT.toUpperCase() }), [
      [TENANT, 'Demo (AU)', 'ORGANISATION', true],
      ['22222222-2222-2222-2222-222222222222', 'Kiwi', 'PRACTICE', false],
    ]);
  });
});
