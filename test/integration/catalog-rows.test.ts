/**
 * Every ACCOUNTING declaration against the simulator: each table's real responses (fetched as
 * its declaration says) become rows whose values equal the simulator's stored records, column
 * by column, and whose count is what the declaration implies (one per line item, keepEmpty
 * counted, ...). History views, BudgetLines and the reports are called with their inputs.
 * Expected values come from `sim.orgs` and the served responses, never from literals.
 */
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { toRows, type Row } from '../../src/catalog/rows.js';
import type { TableDef } from '../../src/catalog/table-def.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { expectedConversion, expectedValue, fetchPages, readPathOf, type Inputs, type RowOrigin } from '../helpers/catalog-fetch.js';
import { apiGet, customConnectionToken } from '../helpers/sim-client.js';

type Obj = Record<string, unknown>;

const catalog = loadCatalog();
const tables = catalog.tables('ACCOUNTING');
let sim: Simulator;
let token: string;
let org: Simulator['orgs'][number];

before(async () => {
  sim = await startSimulator({ seed: 11 });
  token = await customConnectionToken(sim);
  org = sim.orgs[0]!;
  // These tests check declarations, not Xero's limits: the History and report tests alone make
  // more calls than a minute allows.
  sim.rateLimits.update({ perMinute: 100_000 });
});
after(() => sim.close());

const needsInput = (t: TableDef) => t.columns.some((c) => c.filter?.pathParam || (c.source.kind === 'pseudo' && c.source.required));
const objects = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

/** The stored records a table's envelope holds. */
function storedRecords(table: TableDef): Obj[] {
  if (table.request.envelope === 'Organisations') return [org.accounting.organisation];
  const collections = org.accounting.collections as unknown as Record<string, Obj[]>;
  const records = collections[String(table.request.envelope)];
  assert.ok(records, `${table.name}: the simulator stores no ${table.request.envelope}`);
  return records;
}

/** The JSON path of a record's id: the items id field, or the key column's field. */
function recordIdPath(table: TableDef): string {
  if (table.rows.kind === 'items') return table.rows.idField;
  const key = table.columns.find((c) => c.key && c.source.kind === 'field');
  assert.ok(key && key.source.kind === 'field', `${table.name} has a key field`);
  return key.source.path;
}

/**
 * The stored element a served one copies (nested arrays may be filtered, so not by position):
 * the one with the same JSON, else the one with the same id (`LineItemID`): endpoints without
 * `unitdp` serve unit amounts rounded to two places.
 */
function storedTwin(stored: Obj[], served: Obj, what: string): Obj {
  const json = JSON.stringify(served);
  const idField = Object.keys(served).find((k) => k.endsWith('ID'));
  const twin = stored.find((s) => JSON.stringify(s) === json) ?? (idField ? stored.find((s) => s[idField] === served[idField]) : undefined);
  assert.ok(twin, `${what}: the served element is one of the stored ones`);
  return twin;
}

/** Equal, or for an item's amount within the two-place rounding of endpoints without `unitdp`. */
function sameValue(got: unknown, expected: unknown, column: TableDef['columns'][number]): boolean {
  if (isDeepStrictEqual(got, expected)) return true;
  const itemAmount = column.source.kind === 'field' && column.source.scope !== 'record' && (column.type === 'decimal' || column.type === 'real');
  return itemAmount && typeof got === 'number' && typeof expected === 'number' && Math.abs(got - expected) < 0.005 + 1e-9;
}

/** The origin of every row the declaration implies for the served records of one response. */
function origins(table: TableDef, served: Obj[], stored: Obj[], inputs: Inputs): RowOrigin[] {
  // History entries have no id of their own: they are matched by content.
  const idPath = table.columns.some((c) => c.source.kind === 'rowId' && c.source.of !== undefined) ? undefined : recordIdPath(table);
  const out: RowOrigin[] = [];
  served.forEach((r, i) => {
    const id = idPath === undefined ? i + 1 : readPathOf(r, idPath);
    const record = idPath === undefined ? storedTwin(stored, r, `${table.name} entry ${i + 1}`) : stored.find((s) => readPathOf(s, idPath) === id);
    assert.ok(record, `${table.name}: served record ${String(id)} is stored`);
    const base = { record, recordNumber: i + 1, tenantId: org.tenantId, inputs };
    if (table.rows.kind !== 'items') {
      out.push(base);
      return;
    }
    const { path, inner, keepEmpty } = table.rows;
    const items = objects(readPathOf(r, path));
    if (items.length === 0 && keepEmpty) out.push({ ...base, itemNumber: 0 });
    items.forEach((servedItem, j) => {
      const item = storedTwin(objects(readPathOf(record, path)), servedItem, `${table.name} ${String(id)} item ${j + 1}`);
      if (inner === undefined) {
        out.push({ ...base, item, itemNumber: j + 1 });
        return;
      }
      const inners = objects(readPathOf(servedItem, inner));
      if (inners.length === 0 && keepEmpty) out.push({ ...base, item, itemNumber: j + 1 });
      inners.forEach((servedInner, k) => {
        out.push({ ...base, item, itemNumber: j + 1, inner: storedTwin(objects(item[inner]), servedInner, `${table.name} inner`), innerNumber: k + 1 });
      });
    });
  });
  return out;
}

/** Fetches a table, turns each response into rows, and checks every value of every row. */
async function checkTable(table: TableDef, inputs: Inputs = {}, stored: Obj[] = storedRecords(table)): Promise<Row[]> {
  const pages = await fetchPages(sim, token, table, inputs);
  const rows: Row[] = [];
  const expected: RowOrigin[] = [];
  for (const page of pages) {
    rows.push(...toRows(table, page.records, { tenantId: org.tenantId, pseudo: inputs }));
    expected.push(...origins(table, page.records, stored, inputs));
  }
  assert.equal(rows.length, expected.length, `${table.name}: one row per ${table.rows.kind === 'items' ? 'item' : 'record'}`);
  rows.forEach((row, r) => {
    table.columns.forEach((column, c) => {
      const want = expectedValue(table, column, expected[r] as RowOrigin);
      assert.ok(sameValue(row[c], want, column), `${table.name} row ${r + 1} ${column.name}: ${String(row[c])} != ${String(want)}`);
    });
  });
  return rows;
}

describe('collection tables: rows equal the stored records', () => {
  for (const table of tables.filter((t) => (t.rows.kind === 'record' || t.rows.kind === 'items') && !needsInput(t))) {
    it(table.name, async () => {
      const rows = await checkTable(table);
      assert.ok(rows.length > 0, `${table.name} has rows in the demo books`);
      const nonNull = table.columns.filter((_c, i) => rows.some((row) => row[i] !== null)).length;
      assert.ok(nonNull >= Math.min(3, table.columns.length), `${table.name}: columns are filled, not all null`);
    });
  }

  it('Invoices: as many rows as line items, and every line item of every invoice appears once', async () => {
    const invoices = catalog.find('ACCOUNTING', 'Invoices')!;
    const rows = await checkTable(invoices);
    const idColumn = invoices.columns.findIndex((c) => c.name === 'Id');
    const stored = storedRecords(invoices);
    const lines = stored.reduce((n, inv) => n + Math.max(1, objects(inv.LineItems).length), 0);
    // Archived invoices are left out of lists unless includeArchived=true (the declaration does not ask).
    const served = stored.filter((inv) => inv.Status !== 'ARCHIVED');
    assert.equal(rows.length, served.reduce((n, inv) => n + Math.max(1, objects(inv.LineItems).length), 0));
    assert.ok(lines >= rows.length);
    assert.equal(new Set(rows.map((r) => r[idColumn])).size, rows.length, 'Id is unique');
  });
});

describe('views that need an input', () => {
  it('BudgetLines: one row per account and month of a budget read by id', async () => {
    const table = catalog.find('ACCOUNTING', 'BudgetLines')!;
    const budgets = org.accounting.collections.Budgets as Obj[];
    const budget = budgets.find((b) => objects(b.BudgetLines).length > 0);
    assert.ok(budget, 'the demo books have a budget with lines');
    const rows = await checkTable(table, { BudgetId: String(budget.BudgetID) }, budgets);
    const months = objects(budget.BudgetLines).reduce((n, line) => n + Math.max(1, objects(line.BudgetBalances).length), 0);
    assert.equal(rows.length, months);
  });

  it('BudgetLines: DateFrom/DateTo go to Xero and are echoed', async () => {
    const table = catalog.find('ACCOUNTING', 'BudgetLines')!;
    const budget = (org.accounting.collections.Budgets as Obj[]).find((b) => objects(b.BudgetLines).length > 0)!;
    const first = String(objects(objects(budget.BudgetLines)[0]!.BudgetBalances)[0]!.Period);
    const pages = await fetchPages(sim, token, table, { BudgetId: String(budget.BudgetID), DateFrom: `${first}-01`, DateTo: `${first}-28` });
    const rows = pages.flatMap((p) => toRows(table, p.records, { tenantId: org.tenantId, pseudo: { BudgetId: String(budget.BudgetID), DateFrom: `${first}-01` } }));
    const col = (name: string) => table.columns.findIndex((c) => c.name === name);
    assert.equal(rows.length, objects(budget.BudgetLines).length, 'one month per line');
    for (const row of rows) {
      assert.equal(row[col('Period')], first);
      assert.equal(row[col('DateFrom')], `${first}-01`);
      assert.equal(row[col('DateTo')], null, 'not given to toRows, so null');
    }
  });

  for (const table of tables.filter((t) => t.columns.some((c) => c.source.kind === 'pathValue'))) {
    it(`${table.name}: the history of a record, oldest first`, async () => {
      const column = table.columns.find((c) => c.source.kind === 'pathValue')!;
      const parent = catalog.find('ACCOUNTING', column.filter!.valuesFrom!.table)!;
      const idPath = recordIdPath(parent);
      const withHistory = storedRecords(parent)
        .map((r) => String(readPathOf(r, idPath)))
        .find((id) => (org.accounting.history.get(id) ?? []).length > 0);
      assert.ok(withHistory, `some ${parent.name} record has a history`);
      const entries = org.accounting.history.get(withHistory) as Obj[];
      const inputs = { [column.name]: withHistory };
      const rows = await checkTable(table, inputs, entries);
      assert.equal(rows.length, entries.length);
      const id = table.columns.findIndex((c) => c.name === 'Id');
      assert.deepEqual(
        rows.map((r) => r[id]),
        entries.map((_e, i) => `${i + 1}|${withHistory}`),
      );
    });
  }
});

describe('report views', () => {
  /** A contact with outstanding documents of the report's kind, for the aged reports. */
  function agedContact(type: string): string {
    const invoice = (org.accounting.collections.Invoices as Obj[]).find((i) => i.Type === type && i.Status === 'AUTHORISED' && Number(i.AmountDue) > 0);
    assert.ok(invoice, `an outstanding ${type} invoice`);
    return String((invoice.Contact as Obj).ContactID);
  }

  const inputsFor = (table: TableDef): Inputs =>
    table.name === 'AgedPayablesByContact' ? { ContactId: agedContact('ACCPAY') } : table.name === 'AgedReceivablesByContact' ? { ContactId: agedContact('ACCREC') } : {};

  for (const table of tables.filter((t) => t.rows.kind === 'report')) {
    it(`${table.name}: one row per header, row and total, cells in order`, async () => {
      const inputs = inputsFor(table);
      const pages = await fetchPages(sim, token, table, inputs);
      assert.equal(pages.length, 1);
      const reports = pages[0]!.records;
      const rows = toRows(table, reports, { tenantId: org.tenantId, pseudo: inputs });

      // The served report's rows in document order, with their section titles.
      const served: { row: Obj; section: string | null }[] = [];
      for (const report of reports) {
        for (const top of objects(report.Rows)) {
          if (top.RowType === 'Section') for (const row of objects(top.Rows)) served.push({ row, section: String(top.Title) });
          else served.push({ row: top, section: null });
        }
      }
      assert.equal(rows.length, served.length);
      assert.ok(rows.length > 1, 'the report has rows beyond its header');
      const maxCells = Math.max(...served.map((s) => objects(s.row.Cells).length));
      const labels = table.columns.filter((c) => c.source.kind === 'reportCell').length;
      assert.ok(labels === 0 || maxCells <= labels, `${table.name}: ${maxCells} cells fit in ${labels} columns`);

      rows.forEach((row, r) => {
        const { row: source, section } = served[r]!;
        const cells = objects(source.Cells);
        table.columns.forEach((column, c) => {
          const s = column.source;
          let expected: unknown;
          if (s.kind === 'reportRow') expected = r + 1;
          else if (s.kind === 'reportRowType') expected = source.RowType;
          else if (s.kind === 'reportSection') expected = section;
          else if (s.kind === 'reportCell') expected = expectedConversion(cells[s.index - 1]?.Value, column);
          else if (s.kind === 'reportAttribute') {
            const attribute = cells.flatMap((cell) => objects(cell.Attributes)).find((a) => a.Id === s.id);
            expected = attribute === undefined ? null : attribute.Value;
          } else if (s.kind === 'tenant') expected = org.tenantId;
          else if (s.kind === 'pseudo') expected = inputs[column.name] ?? null;
          else assert.fail(`${table.name}: unexpected source ${s.kind}`);
          assert.deepEqual(row[c], expected, `${table.name} row ${r + 1} ${column.name}`);
        });
      });
    });
  }

  it('ProfitAndLoss with 12 comparison periods fills Label14, and echoes its inputs', async () => {
    const table = catalog.find('ACCOUNTING', 'ProfitAndLoss')!;
    const inputs = { Periods: '12', Timeframe: 'MONTH' };
    const [page] = await fetchPages(sim, token, table, inputs);
    const rows = toRows(table, page!.records, { tenantId: org.tenantId, pseudo: { Periods: 12, Timeframe: 'MONTH' } });
    const col = (name: string) => table.columns.findIndex((c) => c.name === name);
    const header = rows.find((r) => r[col('RowType')] === 'Header')!;
    assert.notEqual(header[col('Label14')], null, 'the 13th period heads Label14');
    assert.ok(rows.every((r) => r[col('Periods')] === 12 && r[col('Timeframe')] === 'MONTH'));
    assert.ok(rows.some((r) => typeof r[col('AccountId')] === 'string'), 'account rows carry their account');
  });
});

describe('Tenants', () => {
  it('one row per connected organisation, the connection tenant active', async () => {
    const table = catalog.find('ACCOUNTING', 'Tenants')!;
    const res = await apiGet(sim, '/connections', { token });
    assert.equal(res.status, 200);
    const connections = res.json as Obj[];
    const rows = toRows(table, connections, { tenantId: org.tenantId.toUpperCase() });
    assert.equal(rows.length, connections.length);
    rows.forEach((row, i) => {
      const c = connections[i]!;
      assert.deepEqual(row, [c.tenantId, c.tenantName, c.tenantType, String(c.tenantId).toLowerCase() === org.tenantId.toLowerCase()]);
    });
    assert.ok(rows.some((r) => r[3] === true));
  });
});
