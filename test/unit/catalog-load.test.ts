import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ErrorCode, XeroSqlError } from '../../src/errors.js';
import { loadCatalog, loadCatalogFrom } from '../../src/catalog/load-catalog.js';
import { tableDefSchema, type TableDef } from '../../src/catalog/table-def.js';

const catalog = loadCatalog();
const tables = catalog.tables('ACCOUNTING');
const byName = (name: string): TableDef => {
  const t = catalog.find('ACCOUNTING', name);
  assert.ok(t, name);
  return t;
};

describe('the shipped declarations', () => {
  it('all load and validate, one table per file', () => {
    const files = readdirSync(new URL('../../schemas/accounting/', import.meta.url)).filter((f) => f.endsWith('.json'));
    assert.equal(tables.length, files.length);
    assert.deepEqual(tables.map((t) => `${t.name}.json`).sort(), files.sort());
    assert.equal(loadCatalog(), catalog, 'cached');
    assert.ok(Object.isFrozen(tables[0]) && Object.isFrozen(tables[0]!.columns[0]), 'frozen');
  });

  it('has every table the commercial driver users expect', () => {
    const expected = [
      'Accounts', 'BankTransactions', 'BankTransfers', 'BatchPayments', 'BrandingThemes', 'Budgets', 'BudgetLines', 'ContactGroups', 'Contacts',
      'CreditNotes', 'Currencies', 'ExpenseClaims', 'Invoices', 'Items', 'Journals', 'LinkedTransactions', 'ManualJournals', 'Organisation',
      'Overpayments', 'Payments', 'Prepayments', 'PurchaseOrders', 'Quotes', 'Receipts', 'RepeatingInvoices', 'TaxRates', 'TrackingCategories',
      'Users', 'CreditNoteAllocations', 'OverpaymentAllocations', 'PrepaymentAllocations', 'ProfitAndLoss', 'BalanceSheet', 'TrialBalance',
      'BankSummary', 'BudgetSummary', 'ExecutiveSummary', 'AgedPayablesByContact', 'AgedReceivablesByContact', 'Tenants',
      ...['Invoices', 'Contacts', 'CreditNotes', 'BankTransactions', 'BankTransfers', 'BatchPayments', 'ExpenseClaims', 'Items', 'ManualJournals',
        'Overpayments', 'Payments', 'Prepayments', 'PurchaseOrders', 'Quotes', 'Receipts', 'RepeatingInvoices'].map((t) => `History${t}`),
    ];
    for (const name of expected) byName(name);
  });

  it('gives every table a TenantId column read from the tenant', () => {
    for (const t of tables) {
      const tenant = t.columns.find((c) => c.name === 'TenantId');
      assert.equal(tenant?.source.kind, 'tenant', t.name);
    }
  });

  it('declares where pushdown only on record fields of endpoints that take where, with the operators of its kind', () => {
    const operators: Record<string, string[]> = {
      string: ['=', '!=', 'like', 'is null', 'is not null'],
      guid: ['=', '!='],
      enum: ['=', '!='],
      boolean: ['=', '!='],
      number: ['=', '!=', '<', '<=', '>', '>='],
      date: ['=', '!=', '<', '<=', '>', '>=', 'is null', 'is not null'],
      datetime: ['=', '!=', '<', '<=', '>', '>=', 'is null', 'is not null'],
    };
    for (const t of tables) {
      for (const c of t.columns) {
        const where = c.filter?.where;
        if (!where) continue;
        assert.ok(t.request.where, `${t.name}.${c.name}: endpoint takes where`);
        assert.ok(c.source.kind === 'field' && c.source.scope === 'record', `${t.name}.${c.name}: a record field, not a line`);
        assert.equal(where.field, c.source.path, `${t.name}.${c.name}: where field is the JSON path`);
        assert.deepEqual(where.operators, operators[where.kind], `${t.name}.${c.name}`);
      }
    }
    for (const name of ['PurchaseOrders', 'Quotes', 'LinkedTransactions', 'Journals', 'Budgets', 'BrandingThemes']) {
      assert.equal(byName(name).request.where, false, name);
    }
    assert.ok(byName('Invoices').columns.filter((c) => c.filter?.where).length > 20);
  });

  it('declares the explicit parameters, ranges, headers and optimised filters', () => {
    const filter = (table: string, column: string) => byName(table).columns.find((c) => c.name === column)?.filter;
    assert.deepEqual(filter('Invoices', 'InvoiceId')?.param, { name: 'IDs', operators: ['=', 'in'], each: false, transform: 'none' });
    assert.deepEqual(filter('Invoices', 'InvoiceNumber')?.param?.name, 'InvoiceNumbers');
    assert.deepEqual(filter('Invoices', 'ContactId')?.param?.name, 'ContactIDs');
    assert.deepEqual(filter('Invoices', 'Status')?.param?.name, 'Statuses');
    assert.deepEqual(filter('Contacts', 'ContactId')?.param?.name, 'IDs');
    assert.deepEqual(filter('Overpayments', 'Reference')?.param?.name, 'References');
    assert.deepEqual(filter('Quotes', 'ContactId')?.param, { name: 'ContactID', operators: ['='], each: false, transform: 'none' });
    assert.deepEqual(filter('PurchaseOrders', 'Status')?.param, { name: 'Status', operators: ['='], each: false, transform: 'none' });
    assert.deepEqual(filter('PurchaseOrders', 'Date')?.range, { from: 'DateFrom', to: 'DateTo' });
    assert.deepEqual(filter('Quotes', 'ExpiryDate')?.range, { from: 'ExpiryDateFrom', to: 'ExpiryDateTo' });
    assert.equal(filter('LinkedTransactions', 'SourceTransactionId')?.param?.name, 'SourceTransactionID');
    assert.equal(filter('Invoices', 'UpdatedDateUTC')?.modifiedSince, true);
    assert.equal(filter('Journals', 'CreatedDateUTC')?.modifiedSince, true);
    assert.equal(filter('BankTransfers', 'CreatedDateUTC')?.modifiedSince, true);
    assert.equal(filter('Invoices', 'InvoiceId')?.byId, true);
    for (const [table, columns] of [
      ['Invoices', ['Status', 'ContactId', 'ContactName', 'ContactNumber', 'Reference', 'Date', 'Type', 'AmountDue', 'AmountPaid', 'DueDate']],
      ['Contacts', ['Name', 'EmailAddress', 'AccountNumber']],
      ['BankTransactions', ['Type', 'Status', 'Date', 'ContactId']],
    ] as const) {
      for (const column of columns) assert.equal(filter(table, column)?.optimised, true, `${table}.${column}`);
    }
  });

  it('pages the way each endpoint pages', () => {
    assert.deepEqual(byName('Invoices').request.paging, { style: 'page', size: 100, sizeParam: 'pageSize', maxSize: 1000, pagination: true, optional: true });
    assert.equal(byName('Invoices').request.detailNeedsPaging, true);
    assert.deepEqual(byName('Quotes').request.paging, { style: 'page', size: 100, pagination: false, optional: true });
    assert.deepEqual(byName('Journals').request.paging, { style: 'offset', param: 'offset', field: 'JournalNumber', size: 100 });
    assert.deepEqual(byName('Accounts').request.paging, { style: 'none' });
    assert.equal(byName('Organisation').request.envelope, 'Organisations');
  });

  it('flattens as the commercial driver names columns', () => {
    const names = (table: string) => byName(table).columns.map((c) => c.name);
    for (const column of ['Id', 'InvoiceId', 'ContactId', 'ContactName', 'LineItem_Description', 'LineItem_Item_ItemId', 'LineItem_TrackingCategory2_OptionName']) {
      assert.ok(names('Invoices').includes(column), column);
    }
    for (const column of ['ContactPerson1_FirstName', 'ContactPerson4_IncludeInEmails', 'POBOX_AddressLine1', 'STREET_City', 'MOBILE_PhoneNumber']) {
      assert.ok(names('Contacts').includes(column), column);
    }
    assert.ok(names('Journals').includes('JournalLine_NetAmount'));
    assert.deepEqual(names('TrackingCategories'), ['Id', 'TrackingCategoryId', 'Name', 'Status', 'TrackingOptionId', 'OptionName', 'OptionStatus', 'TenantId']);
    assert.deepEqual(names('HistoryInvoices'), ['Id', 'InvoiceId', 'Changes', 'Date', 'User', 'Details', 'TenantId']);
    assert.ok(['Allocation_AppliedAmount', 'Allocation_InvoiceId', 'Allocation_InvoiceNumber'].every((c) => names('CreditNoteAllocations').includes(c)));
  });

  it('keys every History view on a path value the engine can enumerate', () => {
    for (const t of tables.filter((x) => x.name.startsWith('History'))) {
      const parent = t.columns.find((c) => c.filter?.pathParam);
      assert.ok(parent, t.name);
      assert.equal(parent.source.kind, 'pathValue');
      assert.ok(t.request.path.includes(`{${parent.name}}`));
      assert.ok(catalog.find('ACCOUNTING', parent.filter!.valuesFrom!.table), t.name);
    }
  });

  it('declares reports with a row number key, labels and their parameters as pseudo-columns', () => {
    const pl = byName('ProfitAndLoss');
    assert.equal(pl.rows.kind, 'report');
    assert.deepEqual(pl.columns[0], { name: 'ID', type: 'integer', description: pl.columns[0]!.description, source: { kind: 'reportRow' }, format: 'plain', key: true });
    assert.ok(pl.columns.some((c) => c.name === 'Label14'));
    const pseudo = (table: string) => byName(table).columns.filter((c) => c.source.kind === 'pseudo').map((c) => c.name);
    assert.deepEqual(pseudo('ProfitAndLoss'), ['FromDate', 'ToDate', 'Periods', 'Timeframe', 'TrackingCategoryID', 'TrackingCategoryID2', 'TrackingOptionID', 'TrackingOptionID2', 'StandardLayout', 'PaymentsOnly']);
    assert.deepEqual(pseudo('TrialBalance'), ['Date', 'PaymentsOnly']);
    const contact = byName('AgedPayablesByContact').columns.find((c) => c.name === 'ContactId');
    assert.deepEqual(contact?.source, { kind: 'pseudo', param: 'contactId', required: true });
  });
});

describe('find and suggest', () => {
  it('finds case-insensitively, with or without the schema', () => {
    assert.equal(catalog.find('ACCOUNTING', 'invoices')?.name, 'Invoices');
    assert.equal(catalog.find('ACCOUNTING', 'ACCOUNTING.Invoices')?.name, 'Invoices');
    assert.equal(catalog.find('ACCOUNTING', 'accounting.INVOICES')?.name, 'Invoices');
    assert.equal(catalog.find('ACCOUNTING', 'PAYROLLAUS.Invoices'), undefined);
    assert.equal(catalog.find('ACCOUNTING', 'Invoice'), undefined);
    assert.equal(catalog.find('PAYROLLAUS', 'Invoices'), undefined);
    assert.deepEqual(
      catalog.tables('FILES').map((t) => t.name),
      ['Associations', 'Files', 'Folders', 'Tenants'],
    );
  });

  it('suggests close names', () => {
    assert.equal(catalog.suggest('ACCOUNTING', 'Invoice')[0], 'Invoices');
    assert.equal(catalog.suggest('ACCOUNTING', 'Contcts')[0], 'Contacts');
    assert.equal(catalog.suggest('ACCOUNTING', 'accounting.ProfitLoss')[0], 'ProfitAndLoss');
    assert.ok(catalog.suggest('ACCOUNTING', 'Invoice').length <= 3);
    assert.deepEqual(catalog.suggest('ACCOUNTING', 'Zzzzzzzzzz'), []);
  });
});

describe('broken declarations', () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const column = (name: string, extra: object = {}) => ({ name, type: 'text', description: name, source: { kind: 'field', path: name }, ...extra });
  const declaration = (name: string, extra: object = {}) => ({
    name,
    schema: 'ACCOUNTING',
    kind: 'table',
    description: 'x',
    request: { base: '/api.xro/2.0', path: `/${name}`, paging: { style: 'none' } },
    rows: { kind: 'record' },
    columns: [column('Id', { key: true })],
    ...extra,
  });

  function folder(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'accounting'));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, 'accounting', file), text);
    return dir;
  }

  it('reports every problem of every file at once, naming the files', () => {
    const dir = folder({
      'Good.json': JSON.stringify(declaration('Good')),
      'Twice.json': JSON.stringify(
        declaration('Twice', {
          columns: [column('Id', { key: true }), column('id'), column('X', { filter: { where: { field: 'X', kind: 'string', operators: ['='] } } })],
        }),
      ),
      'Typo.json': JSON.stringify({ ...declaration('Typo'), colums: [] }),
      'NotJson.json': '{ "name": ',
      'Renamed.json': JSON.stringify(declaration('Other')),
      'Dangling.json': JSON.stringify(
        declaration('Dangling', {
          request: { base: '/api.xro/2.0', path: '/Dangling/{Id}', paging: { style: 'none' } },
          columns: [column('Id', { key: true, filter: { pathParam: true, valuesFrom: { table: 'Nowhere', column: 'Id' } } })],
        }),
      ),
    });
    assert.throws(
      () => loadCatalogFrom(dir),
      (error: unknown) => {
        assert.ok(error instanceof XeroSqlError);
        assert.equal(error.code, ErrorCode.Config);
        const m = error.message;
        assert.match(m, /schemas\/accounting\/Twice\.json: columns\[1\]\.name: duplicate column id/);
        assert.match(m, /schemas\/accounting\/Twice\.json: columns\[2\]\.filter: where pushdown on an endpoint without where/);
        assert.match(m, /schemas\/accounting\/Typo\.json: .*colums/);
        assert.match(m, /schemas\/accounting\/NotJson\.json: not valid JSON/);
        assert.match(m, /schemas\/accounting\/Renamed\.json: declares table Other; the file must be named Other\.json/);
        assert.match(m, /schemas\/accounting\/Dangling\.json: Id: valuesFrom names Nowhere\.Id, which does not exist/);
        assert.doesNotMatch(m, /Good\.json/);
        assert.match(m, /^Invalid table declarations \(6 problems\)/);
        return true;
      },
    );
  });

  it('loads a folder of good declarations', () => {
    const c = loadCatalogFrom(folder({ 'Good.json': JSON.stringify(declaration('Good')) }));
    assert.deepEqual(
      c.tables('ACCOUNTING').map((t) => t.name),
      ['Good'],
    );
  });
});

describe('the declaration rules added for the ACCOUNTING tables', () => {
  const base = {
    name: 'T',
    schema: 'ACCOUNTING',
    kind: 'view',
    description: 'x',
    request: { base: '/api.xro/2.0', path: '/T', paging: { style: 'none' } },
  };
  const column = (name: string, source: object, extra: object = {}) => ({ name, type: 'text', description: name, source, ...extra });
  const problems = (def: object): string[] => {
    const parsed = tableDefSchema.safeParse(def);
    return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
  };

  it('accepts what the shipped declarations use', () => {
    assert.deepEqual(
      problems({
        ...base,
        rows: { kind: 'items', path: 'BudgetLines', idField: 'BudgetID', inner: 'BudgetBalances' },
        columns: [column('Id', { kind: 'rowId' }, { key: true }), column('Period', { kind: 'field', path: 'Period', scope: 'inner' })],
      }),
      [],
    );
  });

  it('rejects inner columns without an inner array, and a rowId of a column that is not a path value', () => {
    assert.deepEqual(
      problems({
        ...base,
        rows: { kind: 'items', path: 'Lines', idField: 'ID' },
        columns: [column('Id', { kind: 'rowId' }, { key: true }), column('P', { kind: 'field', path: 'P', scope: 'inner' })],
      }),
      ['inner columns need rows.inner'],
    );
    assert.deepEqual(
      problems({ ...base, rows: { kind: 'record' }, columns: [column('Id', { kind: 'rowId', of: 'X' }, { key: true }), column('X', { kind: 'field', path: 'X' })] }),
      ['rowId of X needs rows.kind "record" and a pathValue column X'],
    );
  });

  it('rejects path values without pathParam, report sources outside reports, and misplaced valuesFrom', () => {
    assert.deepEqual(
      problems({
        ...base,
        rows: { kind: 'record' },
        columns: [
          column('Id', { kind: 'pathValue' }, { key: true }),
          column('L', { kind: 'reportCell', index: 1 }),
          column('V', { kind: 'pseudo', param: 'v' }, { filter: { valuesFrom: { table: 'A', column: 'B' } } }),
        ],
      }),
      ['a pathValue column needs filter.pathParam', 'report columns need rows.kind "report"', 'valuesFrom needs a pathParam or a required pseudo-column'],
    );
  });
});
