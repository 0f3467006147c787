/**
 * The simulator's report endpoints on a small hand-built organisation (test/helpers/report-fixture.ts),
 * where every expected figure can be worked out by hand: layout, signs, defaults, comparatives,
 * tracking, cash basis, aged documents, budgets, parameter errors and the spec's schemas.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReportRoutes } from '../../src/simulator/accounting/reports/index.js';
import { addMonths, fromYmd, parseQueryDay, parseRecordDay } from '../../src/simulator/accounting/reports/dates.js';
import { formatAttributeDate, formatMoney, formatPercent, formatShortYearDate } from '../../src/simulator/accounting/reports/format.js';
import { hasScope } from '../../src/simulator/api.js';
import {
  IDS,
  accountRows,
  callReport,
  cents,
  reportFixture,
  reportSchemas,
  rowValues,
  type ParsedReport,
  type ReportAnswer,
} from '../helpers/report-fixture.js';

const routes = createReportRoutes();
const schemas = reportSchemas();
const org = reportFixture();

/** Calls a report and checks the envelope and the spec schema; returns the one report. */
async function report(name: string, query: Record<string, string> = {}): Promise<ParsedReport> {
  const answer = await callReport(routes, org, name, query);
  assert.equal(answer.status, 200, answer.text);
  assertEnvelope(answer);
  assert.equal(answer.body.Reports.length, 1);
  const only = answer.body.Reports[0] as ParsedReport;
  assert.equal(only.ReportType, name);
  assert.equal(only.ReportID, name);
  return only;
}

function assertEnvelope(answer: ReportAnswer, schema: 'ReportWithRows' | 'Reports' = 'ReportWithRows'): void {
  assert.match(answer.body.Id, /^[0-9a-f-]{36}$/);
  assert.equal(answer.body.Status, 'OK');
  assert.equal(answer.body.ProviderName, 'Report Tests');
  assert.equal(answer.body.DateTimeUTC, `/Date(${Date.UTC(2026, 0, 2, 3, 4, 5)})/`);
  if ('missing' in schemas) return;
  assert.equal(schemas.validate(schema, answer.body), undefined);
}

function money(values: readonly string[] | undefined): number[] {
  assert.ok(values, 'row not found');
  return values.map(cents);
}

describe('report schemas', () => {
  it('are available (committed fixtures or the spec), or the schema checks say why they are skipped', (t) => {
    if ('missing' in schemas) t.skip(`spec schema checks skipped: ${schemas.missing}`);
  });
});

describe('TrialBalance', () => {
  it('defaults to the books today and lists month and year-to-date figures on their sides', async () => {
    const tb = await report('TrialBalance');
    assert.deepEqual(tb.ReportTitles, ['Trial Balance', 'Report Fixture Pty Ltd', 'As at 15 October 2025']);
    assert.equal(tb.ReportDate, '15 October 2025');
    assert.deepEqual(tb.Rows[0], {
      RowType: 'Header',
      Cells: [{ Value: 'Account' }, { Value: 'Debit' }, { Value: 'Credit' }, { Value: 'YTD Debit' }, { Value: 'YTD Credit' }],
    });
    assert.deepEqual(
      tb.Rows.filter((r) => r.RowType === 'Section').map((r) => r.Title),
      ['Revenue', 'Expenses', 'Assets', 'Liabilities', 'Equity', ''],
    );
    const rows = accountRows(tb);
    // Bank: October moved -3000 (transfer) + 12.34 (interest); balance 8232.34.
    assert.deepEqual(rows.get(IDS.bank)?.values, ['', '2987.66', '8232.34', '']);
    assert.equal(rows.get(IDS.bank)?.label, 'Business Bank Account (090)');
    // Sales: October -300 + 100; this financial year -2000 - 300 + 100 (INV-001 was last year).
    assert.deepEqual(rows.get(IDS.sales)?.values, ['', '200.00', '', '2200.00']);
    // No October movement: "0.00" on the natural side.
    assert.deepEqual(rows.get(IDS.payables)?.values, ['', '0.00', '', '550.00']);
    assert.deepEqual(rows.get(IDS.rent)?.values, ['0.00', '', '800.00', '']);
    // Retained earnings carries last year's profit (INV-001's 1000), up to 30 Jun 2025.
    assert.deepEqual(rows.get(IDS.retained)?.values, ['', '0.00', '', '1000.00']);
    const retained = tb.Rows.flatMap((r) => r.Rows ?? []).find((r) => r.Cells?.[0]?.Value === 'Retained Earnings (960)');
    assert.deepEqual(retained?.Cells?.[1]?.Attributes, [
      { Value: IDS.retained, Id: 'account' },
      { Value: '', Id: 'fromDate' },
      { Value: '6/30/2025', Id: 'toDate' },
    ]);
    assert.deepEqual(rowValues(tb, 'Total', ''), ['3220.00', '3220.00', '18952.34', '18952.34']);
  });

  it('leaves out accounts with no figures and honours an earlier date', async () => {
    const tb = await report('TrialBalance', { date: '2025-06-30' });
    const rows = accountRows(tb);
    assert.equal(rows.has(IDS.savings), false);
    assert.equal(rows.has(IDS.retained), false);
    assert.deepEqual(rows.get(IDS.sales)?.values, ['', '0.00', '', '1000.00']);
    const total = money(rowValues(tb, 'Total', ''));
    assert.equal(total[0], total[1]);
    assert.equal(total[2], total[3]);
  });

  it('on a cash basis recognises paid invoices in proportion and still balances', async () => {
    const tb = await report('TrialBalance', { paymentsOnly: 'true' });
    const rows = accountRows(tb);
    // Only PAY-2 (1000 of INV-002's 2200) this year: 2000 * 1000/2200 = 909.09 of sales.
    assert.deepEqual(rows.get(IDS.sales)?.values.slice(2), ['', '909.09']);
    assert.equal(rows.has(IDS.receivables), false);
    assert.equal(rows.has(IDS.payables), false);
    const total = money(rowValues(tb, 'Total', ''));
    assert.equal(total[2], total[3]);
  });
});

describe('ProfitAndLoss', () => {
  it('defaults to the month of the books today', async () => {
    const pl = await report('ProfitAndLoss');
    assert.equal(pl.ReportName, 'Profit and Loss');
    assert.deepEqual(pl.ReportTitles, ['Profit & Loss', 'Report Fixture Pty Ltd', '1 October 2025 to 31 October 2025']);
    assert.deepEqual(pl.Rows[0]?.Cells, [{ Value: '' }, { Value: '31 Oct 25' }]);
    assert.deepEqual(
      pl.Rows.filter((r) => r.RowType === 'Section').map((r) => r.Title),
      ['Income', '', 'Plus Other Income', ''],
    );
    assert.deepEqual(rowValues(pl, 'Sales', 'Income'), ['200.00']);
    assert.deepEqual(rowValues(pl, 'Total Income'), ['200.00']);
    assert.deepEqual(rowValues(pl, 'Gross Profit'), ['200.00']);
    assert.deepEqual(rowValues(pl, 'Interest Income', 'Plus Other Income'), ['12.34']);
    assert.deepEqual(rowValues(pl, 'Net Profit'), ['212.34']);
  });

  it('shows each section with its total for a date range', async () => {
    const pl = await report('ProfitAndLoss', { fromDate: '2025-07-01', toDate: '2025-09-30' });
    assert.deepEqual(rowValues(pl, 'Total Income'), ['2000.00']);
    assert.deepEqual(rowValues(pl, 'Cost of Goods Sold', 'Less Cost of Sales'), ['500.00']);
    assert.deepEqual(rowValues(pl, 'Total Cost of Sales'), ['500.00']);
    assert.deepEqual(rowValues(pl, 'Gross Profit'), ['1500.00']);
    assert.deepEqual(rowValues(pl, 'Rent', 'Less Operating Expenses'), ['800.00']);
    assert.deepEqual(rowValues(pl, 'Total Operating Expenses'), ['800.00']);
    assert.deepEqual(rowValues(pl, 'Net Profit'), ['700.00']);
    const sales = pl.Rows.flatMap((r) => r.Rows ?? []).find((r) => r.Cells?.[0]?.Value === 'Sales');
    assert.deepEqual(sales?.Cells?.[1], { Value: '2000.00', Attributes: [{ Value: IDS.sales, Id: 'account' }] });
  });

  it('adds comparative periods stepped back by the timeframe', async () => {
    const pl = await report('ProfitAndLoss', { fromDate: '2025-10-01', toDate: '2025-10-31', periods: '2', timeframe: 'MONTH' });
    assert.deepEqual(pl.Rows[0]?.Cells?.map((c) => c.Value), ['', '31 Oct 25', '30 Sep 25', '31 Aug 25']);
    assert.deepEqual(rowValues(pl, 'Sales'), ['200.00', '0.00', '2000.00']);
    assert.deepEqual(rowValues(pl, 'Net Profit'), ['212.34', '-800.00', '1500.00']);
    const quarters = await report('ProfitAndLoss', { fromDate: '2025-07-01', toDate: '2025-09-30', periods: '1', timeframe: 'QUARTER' });
    assert.deepEqual(quarters.Rows[0]?.Cells?.map((c) => c.Value), ['', '30 Sep 25', '30 Jun 25']);
    assert.deepEqual(rowValues(quarters, 'Sales'), ['2000.00', '1000.00']);
  });

  it('splits by the options of a tracking category, with Unassigned and Total', async () => {
    const pl = await report('ProfitAndLoss', { fromDate: '2025-05-01', toDate: '2025-10-31', trackingCategoryID: IDS.region });
    assert.deepEqual(pl.Rows[0]?.Cells?.map((c) => c.Value), ['', 'North', 'South', 'Unassigned', 'Total']);
    assert.deepEqual(rowValues(pl, 'Sales'), ['1000.00', '2000.00', '200.00', '3200.00']);
    assert.deepEqual(rowValues(pl, 'Cost of Goods Sold'), ['500.00', '0.00', '0.00', '500.00']);
    assert.deepEqual(rowValues(pl, 'Net Profit'), ['500.00', '2000.00', '-587.66', '1912.34']);
  });

  it('keeps one tracking option when trackingOptionID narrows the category', async () => {
    const pl = await report('ProfitAndLoss', { fromDate: '2025-05-01', toDate: '2025-10-31', trackingCategoryID: IDS.region, trackingOptionID: IDS.south });
    assert.deepEqual(rowValues(pl, 'Sales'), ['2000.00']);
    assert.equal(rowValues(pl, 'Rent'), undefined);
  });

  it('on a cash basis counts only what was paid', async () => {
    const pl = await report('ProfitAndLoss', { fromDate: '2025-07-01', toDate: '2025-10-31', paymentsOnly: 'true' });
    assert.deepEqual(rowValues(pl, 'Sales'), ['909.09']);
    assert.equal(rowValues(pl, 'Cost of Goods Sold'), undefined);
    assert.deepEqual(rowValues(pl, 'Net Profit'), ['121.43']);
  });
});

describe('BalanceSheet', () => {
  it('balances, rolls last year into retained earnings and shows this year as current year earnings', async () => {
    const bs = await report('BalanceSheet');
    assert.deepEqual(bs.ReportTitles, ['Balance Sheet', 'Report Fixture Pty Ltd', 'As at 15 October 2025']);
    assert.deepEqual(bs.Rows[0]?.Cells?.map((c) => c.Value), ['', '15 Oct 2025']);
    assert.deepEqual(
      bs.Rows.filter((r) => r.RowType === 'Section').map((r) => r.Title),
      ['Assets', 'Bank', 'Current Assets', 'Fixed Assets', '', 'Liabilities', 'Current Liabilities', 'Non-current Liabilities', '', '', 'Equity'],
    );
    assert.deepEqual(rowValues(bs, 'Total Bank'), ['11232.34']);
    assert.deepEqual(rowValues(bs, 'Accounts Receivable'), ['1420.00']);
    assert.deepEqual(rowValues(bs, 'Total Assets'), ['17652.34']);
    assert.deepEqual(rowValues(bs, 'GST'), ['190.00']);
    assert.deepEqual(rowValues(bs, 'Total Liabilities'), ['5740.00']);
    assert.deepEqual(rowValues(bs, 'Net Assets'), ['11912.34']);
    assert.deepEqual(rowValues(bs, 'Current Year Earnings', 'Equity'), ['912.34']);
    assert.deepEqual(rowValues(bs, 'Retained Earnings', 'Equity'), ['1000.00']);
    assert.deepEqual(rowValues(bs, 'Total Equity'), ['11912.34']);
    const equity = bs.Rows.find((r) => r.Title === 'Equity');
    assert.deepEqual(
      equity?.Rows?.map((r) => r.Cells?.[0]?.Value),
      ['Current Year Earnings', 'Owner A Funds Introduced', 'Retained Earnings', 'Total Equity'],
    );
    assert.deepEqual(equity?.Rows?.[0]?.Cells?.[1]?.Attributes?.slice(1), [
      { Value: '7/1/2025', Id: 'fromDate' },
      { Value: '10/15/2025', Id: 'toDate' },
    ]);
  });

  it('steps comparative columns back, keeping month ends', async () => {
    const bs = await report('BalanceSheet', { date: '2025-08-31', periods: '2', timeframe: 'MONTH' });
    assert.deepEqual(bs.Rows[0]?.Cells?.map((c) => c.Value), ['', '31 Aug 2025', '31 Jul 2025', '30 Jun 2025']);
    // 30 Jun 2025 is the last day of last year: its profit is still current year earnings.
    assert.deepEqual(rowValues(bs, 'Current Year Earnings'), ['1500.00', '0.00', '1000.00']);
    assert.deepEqual(rowValues(bs, 'Retained Earnings'), ['1000.00', '1000.00', '0.00']);
    const net = money(rowValues(bs, 'Net Assets'));
    assert.deepEqual(money(rowValues(bs, 'Total Equity')), net);
  });

  it('keeps only the lines of a tracking option', async () => {
    const bs = await report('BalanceSheet', { trackingOptionID1: IDS.north });
    assert.deepEqual(rowValues(bs, 'Current Year Earnings'), ['-500.00']);
    assert.deepEqual(rowValues(bs, 'Retained Earnings'), ['1000.00']);
  });
});

describe('BankSummary', () => {
  it('shows opening, received, spent and closing per bank account', async () => {
    const bank = await report('BankSummary');
    assert.deepEqual(bank.ReportTitles, ['Bank Summary', 'Report Fixture Pty Ltd', 'From 1 October 2025 to 31 October 2025']);
    assert.deepEqual(bank.Rows[0]?.Cells?.map((c) => c.Value), ['Bank Accounts', 'Opening Balance', 'Cash Received', 'Cash Spent', 'Closing Balance']);
    const row = bank.Rows[1]?.Rows?.[0];
    assert.deepEqual(row, {
      RowType: 'Row',
      Cells: [
        { Value: 'Business Bank Account', Attributes: [{ Value: IDS.bank, Id: 'accountID' }] },
        { Value: '11220.00' },
        { Value: '12.34', Attributes: [{ Value: IDS.bank, Id: 'account' }] },
        { Value: '3000.00', Attributes: [{ Value: IDS.bank, Id: 'account' }] },
        { Value: '8232.34' },
      ],
    });
    assert.deepEqual(rowValues(bank, 'Savings Account'), ['0.00', '3000.00', '0.00', '3000.00']);
    assert.deepEqual(rowValues(bank, 'Total'), ['11220.00', '3012.34', '3000.00', '11232.34']);
  });
});

describe('BudgetSummary', () => {
  it('sums the overall budget per period, profit and loss accounts only', async () => {
    const budget = await report('BudgetSummary', { periods: '3', timeframe: '1' });
    assert.deepEqual(budget.ReportTitles, ['Overall Budget', 'Budget Summary', 'Report Fixture Pty Ltd', 'October 2025 to December 2025']);
    assert.deepEqual(budget.Rows[0]?.Cells?.map((c) => c.Value), ['Account', 'Oct-25', 'Nov-25', 'Dec-25']);
    assert.deepEqual(rowValues(budget, 'Sales', 'Income'), ['3000.00', '3100.00', '3200.00']);
    assert.deepEqual(rowValues(budget, 'Cost of Goods Sold'), ['600.00', '0.00', '0.00']);
    assert.deepEqual(rowValues(budget, 'Gross Profit'), ['2400.00', '3100.00', '3200.00']);
    assert.deepEqual(rowValues(budget, 'Total Expenses'), ['800.00', '800.00', '800.00']);
    assert.deepEqual(rowValues(budget, 'Net Profit'), ['1600.00', '2300.00', '2400.00']);
    assert.equal(rowValues(budget, 'Business Bank Account'), undefined);
  });

  it('groups months into quarters labelled by their last month', async () => {
    const budget = await report('BudgetSummary', { date: '2025-09-01', periods: '2', timeframe: '3' });
    assert.deepEqual(budget.Rows[0]?.Cells?.map((c) => c.Value), ['Account', 'Nov-25', 'Feb-26']);
    assert.deepEqual(rowValues(budget, 'Sales'), ['6100.00', '3200.00']);
    assert.deepEqual(budget.ReportTitles[3], 'September 2025 to February 2026');
  });
});

describe('ExecutiveSummary', () => {
  it('compares the month of the date with the month before', async () => {
    const exec = await report('ExecutiveSummary');
    assert.deepEqual(exec.ReportTitles, ['Executive Summary', 'Report Fixture Pty Ltd', 'For the month of October 2025']);
    assert.deepEqual(exec.Rows[0]?.Cells?.map((c) => c.Value), ['', 'Oct 2025', 'Sep 2025', 'Variance']);
    // The transfer between two bank accounts is neither received nor spent.
    assert.deepEqual(rowValues(exec, 'Cash received', 'Cash'), ['12.34', '1000.00', '-98.8%']);
    assert.deepEqual(rowValues(exec, 'Cash spent'), ['0.00', '880.00', '-100.0%']);
    assert.deepEqual(rowValues(exec, 'Closing bank balance'), ['11232.34', '11220.00', '0.1%']);
    assert.deepEqual(rowValues(exec, 'Income'), ['200.00', '0.00', '0.0%']);
    assert.deepEqual(rowValues(exec, 'Profit (loss)'), ['212.34', '-800.00', '126.5%']);
    assert.deepEqual(rowValues(exec, 'Debtors'), ['1420.00', '1200.00', '18.3%']);
    assert.deepEqual(rowValues(exec, 'Creditors'), ['550.00', '550.00', '0.0%']);
    assert.deepEqual(rowValues(exec, 'Net assets'), ['11912.34', '11700.00', '1.8%']);
    assert.deepEqual(rowValues(exec, 'Number of invoices issued'), ['1', '0', '0.0%']);
    assert.deepEqual(rowValues(exec, 'Average value of invoices'), ['330.00', '0.00', '0.0%']);
    assert.deepEqual(rowValues(exec, 'Gross profit margin'), ['100.0%', '', '0.0%']);
    assert.deepEqual(rowValues(exec, 'Average debtors days'), ['220.10', '0', '0.0%']);
    assert.deepEqual(rowValues(exec, 'Short term cash forecast'), ['870.00', '650.00', '33.8%']);
  });
});

describe('AgedReceivablesByContact and AgedPayablesByContact', () => {
  it('list the contact outstanding documents with paid and credited amounts as at the date', async () => {
    const aged = await report('AgedReceivablesByContact', { contactId: IDS.customer });
    assert.equal(aged.ReportName, 'Aged Receivables By Contact');
    assert.deepEqual(aged.ReportTitles, ['Invoices', 'Customer A', 'From 10 March 2025 to 15 October 2025', 'Showing payments to 15 October 2025']);
    assert.deepEqual(aged.Rows[0]?.Cells?.map((c) => c.Value), ['Date', 'Number', 'Due Date', '', 'Total', 'Paid', 'Credited', 'Due']);
    assert.deepEqual(aged.Rows[1]?.Rows?.[0]?.Cells?.map((c) => c.Value), ['2025-03-10T00:00:00', 'Opening Balance', '', '', '', '', '', '0.00']);
    const docs = aged.Rows[2]?.Rows ?? [];
    assert.deepEqual(docs.map((r) => r.Cells?.map((c) => c.Value)), [
      ['2025-08-05T00:00:00', 'INV-002', '2025-09-04T00:00:00', '41 days overdue', '2200.00', '1000.00', '0.00', '1200.00'],
      ['2025-10-08T00:00:00', 'INV-003', '2025-11-07T00:00:00', '', '330.00', '0.00', '50.00', '280.00'],
      ['2025-10-10T00:00:00', 'CN-001', '', '', '-110.00', '0.00', '-50.00', '-60.00'],
      ['Total', '', '', '', '2420.00', '1000.00', '0.00', '1420.00'],
    ]);
    assert.deepEqual(docs[0]?.Cells?.[0]?.Attributes, [{ Value: IDS.inv2, Id: 'invoiceID' }]);
    assert.deepEqual(docs[2]?.Cells?.[0]?.Attributes, [{ Value: IDS.credit1, Id: 'creditNoteID' }]);
    assert.deepEqual(rowValues(aged, 'Closing Balance'), ['', '', '', '2420.00', '1000.00', '0.00', '1420.00']);
  });

  it('ignore payments after the date and move earlier documents into the opening balance', async () => {
    const early = await report('AgedReceivablesByContact', { contactId: IDS.customer, date: '2025-09-05' });
    assert.deepEqual(early.Rows[2]?.Rows?.map((r) => r.Cells?.map((c) => c.Value)), [
      ['2025-08-05T00:00:00', 'INV-002', '2025-09-04T00:00:00', '1 day overdue', '2200.00', '0.00', '0.00', '2200.00'],
      ['Total', '', '', '', '2200.00', '0.00', '0.00', '2200.00'],
    ]);
    const opening = await report('AgedReceivablesByContact', { contactId: IDS.customer, fromDate: '2025-09-01' });
    assert.deepEqual(opening.Rows[1]?.Rows?.[0]?.Cells?.map((c) => c.Value), ['2025-09-01T00:00:00', 'Opening Balance', '', '', '', '', '', '1200.00']);
    assert.deepEqual(rowValues(opening, 'Closing Balance'), ['', '', '', '220.00', '0.00', '0.00', '1420.00']);
  });

  it('cover bills for payables', async () => {
    const aged = await report('AgedPayablesByContact', { contactId: IDS.supplier });
    assert.deepEqual(aged.Rows[0]?.Cells?.[1]?.Value, 'Reference');
    assert.deepEqual(rowValues(aged, 'Total'), ['', '', '', '550.00', '0.00', '0.00', '550.00']);
  });

  it('answer 404 for an unknown contact', async () => {
    const answer = await callReport(routes, org, 'AgedPayablesByContact', { contactId: '11111111-2222-3333-4444-555555555555' });
    assert.equal(answer.status, 404);
    assert.equal(answer.text, "The resource you're looking for cannot be found");
  });
});

describe('TenNinetyNine, the report list and reports by id', () => {
  it('TenNinetyNine has no reports for a non-US organisation and two empty ones for a US one', async () => {
    const au = await callReport(routes, org, 'TenNinetyNine', { reportYear: '2024' });
    assert.equal(au.status, 200);
    assertEnvelope(au, 'Reports');
    assert.deepEqual(au.body.Reports, []);
    const us = await callReport(routes, reportFixture({ countryCode: 'US' }), 'TenNinetyNine', { reportYear: '2024' });
    assertEnvelope(us, 'Reports');
    assert.deepEqual(us.body.Reports, [
      { ReportName: '1099-NEC report', ReportDate: '1 Jan 2024 to 31 Dec 2024', Fields: [], Contacts: [] },
      { ReportName: '1099-MISC report', ReportDate: '1 Jan 2024 to 31 Dec 2024', Fields: [], Contacts: [] },
    ]);
  });

  it('/Reports lists no published reports and an unknown report id is a plain-text 404', async () => {
    const list = await callReport(routes, org, '');
    assert.equal(list.status, 200);
    assertEnvelope(list);
    assert.deepEqual(list.body.Reports, []);
    const unknown = await callReport(routes, org, ':ReportID', {}, { ReportID: 'b1e2c3d4-0000-0000-0000-000000000000' });
    assert.equal(unknown.status, 404);
    assert.match(unknown.contentType, /^text\/plain/);
    assert.equal(unknown.text, "The resource you're looking for cannot be found");
  });
});

describe('parameter validation', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['TrialBalance', { date: '2025-02-30' }, 'date'],
    ['TrialBalance', { paymentsOnly: 'yes' }, 'paymentsOnly'],
    ['BalanceSheet', { date: '15/10/2025' }, 'date'],
    ['BalanceSheet', { periods: '13' }, 'periods'],
    ['BalanceSheet', { timeframe: 'WEEK' }, 'timeframe'],
    ['BalanceSheet', { trackingOptionID1: '99999999-9999-9999-9999-999999999999' }, 'trackingOptionID1'],
    ['ProfitAndLoss', { fromDate: '2025-10-31', toDate: '2025-10-01' }, 'fromDate'],
    ['ProfitAndLoss', { periods: '0' }, 'periods'],
    ['ProfitAndLoss', { periods: 'two' }, 'periods'],
    ['ProfitAndLoss', { trackingOptionID: IDS.north }, 'trackingCategoryID'],
    ['ProfitAndLoss', { trackingCategoryID: 'region' }, 'trackingCategoryID'],
    ['ProfitAndLoss', { trackingCategoryID: IDS.region, trackingOptionID: IDS.customer }, 'trackingOptionID'],
    ['ProfitAndLoss', { standardLayout: 'maybe' }, 'standardLayout'],
    ['BankSummary', { toDate: 'tomorrow' }, 'toDate'],
    ['BudgetSummary', { timeframe: '2' }, 'timeframe'],
    ['BudgetSummary', { periods: '13' }, 'periods'],
    ['ExecutiveSummary', { date: '2025-13-01' }, 'date'],
    ['AgedReceivablesByContact', {}, 'contactId'],
    ['AgedPayablesByContact', { contactId: 'not-a-guid' }, 'contactId'],
    ['AgedPayablesByContact', { contactId: IDS.supplier, fromDate: '2025-10-02', toDate: '2025-10-01' }, 'fromDate'],
    ['TenNinetyNine', { reportYear: '24' }, 'reportYear'],
  ];
  for (const [name, query, param] of cases) {
    it(`${name} rejects ${JSON.stringify(query)} naming ${param}`, async () => {
      const answer = await callReport(routes, org, name, query);
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.body.ErrorNumber, 10);
      assert.equal(answer.body.Type, 'ValidationException');
      assert.ok(answer.body.Message.includes(` ${param} `), answer.body.Message);
    });
  }

  it('matches parameter names case-insensitively', async () => {
    const pl = await report('ProfitAndLoss', { FROMDATE: '2025-07-01', todate: '2025-09-30' });
    assert.deepEqual(rowValues(pl, 'Net Profit'), ['700.00']);
  });
});

describe('scopes', () => {
  it('each report accepts the broad scope and its granular read scope', () => {
    const expected: Record<string, string> = {
      BalanceSheet: 'accounting.reports.balancesheet.read',
      ProfitAndLoss: 'accounting.reports.profitandloss.read',
      TrialBalance: 'accounting.reports.trialbalance.read',
      BankSummary: 'accounting.reports.banksummary.read',
      BudgetSummary: 'accounting.reports.budgetsummary.read',
      ExecutiveSummary: 'accounting.reports.executivesummary.read',
      AgedPayablesByContact: 'accounting.reports.aged.read',
      AgedReceivablesByContact: 'accounting.reports.aged.read',
      TenNinetyNine: 'accounting.reports.tenninetynine.read',
    };
    for (const [name, granular] of Object.entries(expected)) {
      const route = routes.find((r) => r.pattern === `/api.xro/2.0/Reports/${name}`);
      assert.ok(route, name);
      assert.ok(hasScope(['accounting.reports.read'], route.scopes), name);
      assert.ok(hasScope([granular], route.scopes), name);
      assert.ok(!hasScope(['accounting.transactions.read'], route.scopes), name);
      assert.ok(!hasScope(['accounting.reports.taxreports.read'], route.scopes), name);
    }
    assert.ok(!hasScope(['accounting.reports.aged.read'], routes.find((r) => r.pattern.endsWith('/BalanceSheet'))?.scopes ?? []));
  });
});

describe('report formats and calendar steps', () => {
  it('writes money with two decimals, a leading minus and no grouping', () => {
    assert.deepEqual([0, 5, -5, 123456789, -185000].map(formatMoney), ['0.00', '0.05', '-0.05', '1234567.89', '-1850.00']);
    assert.deepEqual([0.0726, -0.2178, -0.0004, 1].map(formatPercent), ['7.3%', '-21.8%', '0.0%', '100.0%']);
    assert.equal(formatShortYearDate(fromYmd(2026, 10, 31)), '31 Oct 26');
    assert.equal(formatAttributeDate(fromYmd(2019, 4, 1)), '4/1/2019');
  });

  it('steps month ends to month ends and clamps other days', () => {
    const step = (y: number, m: number, d: number, n: number) => addMonths(fromYmd(y, m, d), n);
    assert.equal(step(2019, 3, 31, -1), fromYmd(2019, 2, 28));
    assert.equal(step(2020, 2, 29, -12), fromYmd(2019, 2, 28));
    assert.equal(step(2019, 2, 28, 12), fromYmd(2020, 2, 29));
    assert.equal(step(2019, 4, 30, -1), fromYmd(2019, 3, 31));
    assert.equal(step(2019, 5, 30, -3), fromYmd(2019, 2, 28));
    assert.equal(step(2019, 5, 15, -1), fromYmd(2019, 4, 15));
  });

  it('reads query dates strictly and record dates in Microsoft JSON form', () => {
    assert.equal(parseQueryDay('2019-10-31'), fromYmd(2019, 10, 31));
    assert.equal(parseQueryDay('2019-10-31T00:00:00'), fromYmd(2019, 10, 31));
    for (const bad of ['2019-02-29', '2019-13-01', '31/10/2019', '2019-1-1', '']) assert.equal(parseQueryDay(bad), undefined, bad);
    assert.equal(parseRecordDay(`/Date(${Date.UTC(2019, 9, 31)}+0000)/`), fromYmd(2019, 10, 31));
    assert.equal(parseRecordDay('2019-10-31'), undefined);
  });
});
