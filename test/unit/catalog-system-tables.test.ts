import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { systemTables, type SystemTable } from '../../src/catalog/system-tables.js';
import { PROCEDURES } from '../../src/procedures/registry.js';

const catalog = loadCatalog();
const sys = systemTables(catalog, 'ACCOUNTING', PROCEDURES);
const get = (name: string): SystemTable => {
  const t = sys.find((s) => s.name === name);
  assert.ok(t, name);
  return t;
};
/** Rows as objects keyed by column name. */
const records = (t: SystemTable) => t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c.name, r[i]])));

describe('system tables', () => {
  it('are the commercial driver\'s, each row as wide as its columns, values of the column types', () => {
    assert.deepEqual(
      sys.map((t) => t.name),
      ['sys_tables', 'sys_tablecolumns', 'sys_keycolumns', 'sys_procedures', 'sys_procedureparameters'],
    );
    const typeOf = { text: 'string', integer: 'number', decimal: 'number', real: 'number', boolean: 'boolean', date: 'string', datetime: 'string' } as const;
    for (const t of sys) {
      assert.ok(t.rows.length > 0, t.name);
      for (const row of t.rows) {
        assert.equal(row.length, t.columns.length, t.name);
        row.forEach((v, i) => {
          const column = t.columns[i]!;
          if (v !== null) assert.equal(typeof v, typeOf[column.type], `${t.name}.${column.name}`);
        });
      }
    }
  });

  it('sys_tables lists every table and view', () => {
    const rows = records(get('sys_tables'));
    assert.equal(rows.length, catalog.tables('ACCOUNTING').length);
    assert.deepEqual(rows.find((r) => r.TableName === 'Invoices'), {
      CatalogName: 'Xero',
      SchemaName: 'ACCOUNTING',
      TableName: 'Invoices',
      TableType: 'TABLE',
      Description: catalog.find('ACCOUNTING', 'Invoices')!.description,
    });
    assert.equal(rows.find((r) => r.TableName === 'ProfitAndLoss')?.TableType, 'VIEW');
  });

  it('sys_tablecolumns says how each column is pushed down', () => {
    const rows = records(get('sys_tablecolumns'));
    const of = (table: string, column: string) => rows.find((r) => r.TableName === table && r.ColumnName === column);
    assert.equal(rows.length, catalog.tables('ACCOUNTING').reduce((n, t) => n + t.columns.length, 0));
    assert.deepEqual(of('Invoices', 'InvoiceId'), {
      CatalogName: 'Xero',
      SchemaName: 'ACCOUNTING',
      TableName: 'Invoices',
      ColumnName: 'InvoiceId',
      DataTypeName: 'varchar',
      Ordinal: 2,
      IsKey: false,
      IsNullable: true,
      IsPseudoColumn: false,
      Pushdown: 'where: = !=; param IDs (= in); by id /Invoices/{id} (= in); order by',
      Description: catalog.find('ACCOUNTING', 'Invoices')!.columns[1]!.description,
    });
    assert.equal(of('Invoices', 'Id')?.IsKey, true);
    assert.equal(of('Invoices', 'Id')?.IsNullable, false);
    assert.equal(of('Invoices', 'LineItem_Description')?.Pushdown, '');
    assert.equal(of('Invoices', 'Total')?.DataTypeName, 'decimal');
    assert.equal(of('Invoices', 'Status')?.Pushdown, 'where: = !=; param Statuses (= in); optimised; order by');
    assert.equal(of('Invoices', 'UpdatedDateUTC')?.Pushdown, 'where: = != < <= > >= is null is not null; If-Modified-Since (> >=); order by');
    assert.equal(of('PurchaseOrders', 'Date')?.Pushdown, 'range DateFrom/DateTo (> >= < <=); order by');
    assert.equal(of('HistoryInvoices', 'InvoiceId')?.Pushdown, 'path {InvoiceId} (= in, required, else every Invoices.InvoiceId)');
    assert.equal(of('ProfitAndLoss', 'FromDate')?.Pushdown, 'parameter fromDate (=)');
    assert.equal(of('ProfitAndLoss', 'FromDate')?.IsPseudoColumn, true);
    assert.equal(of('AgedPayablesByContact', 'ContactId')?.Pushdown, 'parameter contactId (= in, required, else every Contacts.ContactId)');
  });

  it('sys_keycolumns lists primary keys and the columns History and report views read from other tables', () => {
    const rows = records(get('sys_keycolumns'));
    assert.deepEqual(rows.find((r) => r.TableName === 'Invoices'), {
      CatalogName: 'Xero',
      SchemaName: 'ACCOUNTING',
      TableName: 'Invoices',
      ColumnName: 'Id',
      KeySeq: 1,
      IsKey: true,
      IsForeignKey: false,
      PrimaryKeyName: 'PK_Invoices',
      ReferencedTableName: null,
      ReferencedColumnName: null,
    });
    const history = rows.find((r) => r.TableName === 'HistoryInvoices' && r.ColumnName === 'InvoiceId');
    assert.equal(history?.IsForeignKey, true);
    assert.equal(history?.ReferencedTableName, 'Invoices');
    assert.equal(history?.ReferencedColumnName, 'InvoiceId');
    const aged = rows.filter((r) => r.TableName === 'AgedPayablesByContact');
    assert.deepEqual(
      aged.map((r) => [r.ColumnName, r.KeySeq, r.IsKey, r.IsForeignKey]),
      [
        ['ID', 1, true, false],
        ['ContactId', 2, true, true],
      ],
    );
    for (const t of catalog.tables('ACCOUNTING')) assert.ok(rows.some((r) => r.TableName === t.name && r.IsKey), `${t.name} has a key`);
  });

  it('sys_procedures and sys_procedureparameters come from the procedure declarations', () => {
    const procedures = records(get('sys_procedures'));
    assert.deepEqual(
      procedures.map((p) => p.ProcedureName),
      PROCEDURES.map((p) => p.name),
    );
    const params = records(get('sys_procedureparameters'));
    for (const p of PROCEDURES) {
      const mine = params.filter((r) => r.ProcedureName === p.name);
      assert.deepEqual(
        mine.filter((r) => r.Direction === 'IN').map((r) => r.ColumnName),
        p.params.map((x) => x.name),
      );
      assert.deepEqual(
        mine.filter((r) => r.Direction === 'OUT').map((r) => r.ColumnName),
        p.outputs.map((x) => x.name),
      );
      for (const x of p.params) {
        const row = mine.find((r) => r.ColumnName === x.name && r.Direction === 'IN');
        assert.equal(row?.IsRequired, x.required && x.default === undefined);
        assert.equal(row?.DefaultValue, x.default ?? null);
      }
    }
  });
});
