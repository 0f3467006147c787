/**
 * The reports agree with the generated books: every figure is re-derived here straight from the
 * organisations' `Journals`, `Accounts`, `Invoices` and `Budgets` records (independently of the
 * report code) for the generator's AU and NZ (multi-currency) organisations at several dates.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReportRoutes } from '../../src/simulator/accounting/reports/index.js';
import { DEFAULT_AS_OF_MS, generateOrganisations } from '../../src/simulator/data/generate.js';
import type { JsonObject, OrgData, XeroRecord } from '../../src/simulator/data/types.js';
import { accountRows, callReport, cents, reportSchemas, rowValues, rowsOf, type ParsedReport } from '../helpers/report-fixture.js';

const routes = createReportRoutes();
const schemas = reportSchemas();
const orgs = generateOrganisations({ seed: 1, scale: 1, asOfMs: DEFAULT_AS_OF_MS });

const DAY = 86_400_000;
const dayOf = (msDate: unknown) => Math.floor(Number(/\/Date\((-?\d+)/.exec(String(msDate))?.[1]) / DAY);
const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const toCents = (n: unknown) => Math.round(Number(n) * 100);

/** One journal line, read independently of the report code. */
interface Line {
  day: number;
  journal: string;
  account: string;
  cents: number;
}

function linesOf(org: OrgData): Line[] {
  return org.accounting.collections.Journals.flatMap((j) =>
    ((j.JournalLines ?? []) as JsonObject[]).map((l) => ({
      day: dayOf(j.JournalDate),
      journal: String(j.JournalID),
      account: String(l.AccountID),
      cents: toCents(l.NetAmount),
    })),
  );
}

function accountsOf(org: OrgData): Map<string, XeroRecord> {
  return new Map(org.accounting.collections.Accounts.map((a) => [String(a.AccountID), a]));
}

const isPL = (a: XeroRecord | undefined) => a?.Class === 'REVENUE' || a?.Class === 'EXPENSE';

/** First day of the financial year containing `day`. */
function yearStart(org: OrgData, day: number): number {
  const month = Number(org.accounting.organisation.FinancialYearEndMonth);
  const dom = Number(org.accounting.organisation.FinancialYearEndDay);
  const end = (y: number) => Math.floor(Date.UTC(y, month - 1, Math.min(dom, new Date(Date.UTC(y, month, 0)).getUTCDate())) / DAY);
  const year = new Date(day * DAY).getUTCFullYear();
  return day > end(year) ? end(year) + 1 : end(year - 1) + 1;
}

function sum(lines: readonly Line[], pick: (l: Line) => boolean): number {
  return lines.reduce((s, l) => (pick(l) ? s + l.cents : s), 0);
}

async function report(org: OrgData, name: string, query: Record<string, string> = {}): Promise<ParsedReport> {
  const answer = await callReport(routes, org, name, query);
  assert.equal(answer.status, 200, answer.text);
  if (!('missing' in schemas)) assert.equal(schemas.validate('ReportWithRows', answer.body), undefined, `${name} schema`);
  return answer.body.Reports[0] as ParsedReport;
}

/** Net debit of a row's debit/credit pair. */
function net(debit: string | undefined, credit: string | undefined): number {
  return (debit ? cents(debit) : 0) - (credit ? cents(credit) : 0);
}

describe('the generator gives two organisations with books', () => {
  it('AU and NZ, with journals, accounts and a financial year end', (t) => {
    if ('missing' in schemas) t.diagnostic(`spec schema checks skipped: ${schemas.missing}`);
    assert.equal(orgs.length, 2);
    for (const org of orgs) {
      assert.ok(org.accounting.collections.Journals.length > 0);
      assert.ok(Number(org.accounting.organisation.FinancialYearEndMonth) >= 1);
    }
  });
});

for (const org of orgs) {
  const lines = linesOf(org);
  const accounts = accountsOf(org);
  const asOf = Math.floor(org.asOfMs / DAY);
  const lastYearEnd = yearStart(org, asOf) - 1;
  const dates = [asOf, lastYearEnd, lastYearEnd - 200, asOf - 45];
  const banks = [...accounts.values()].filter((a) => a.Type === 'BANK').map((a) => String(a.AccountID));

  describe(`reports of ${org.tenantName} (${org.countryCode})`, () => {
    it('TrialBalance: debits equal credits and every account matches its journal lines', async () => {
      for (const day of dates) {
        const tb = await report(org, 'TrialBalance', { date: iso(day) });
        const total = (rowValues(tb, 'Total', '') ?? []).map(cents);
        assert.equal(total[0], total[1], `month totals at ${iso(day)}`);
        assert.equal(total[2], total[3], `YTD totals at ${iso(day)}`);
        const start = yearStart(org, day);
        const monthStart = Math.floor(Date.UTC(new Date(day * DAY).getUTCFullYear(), new Date(day * DAY).getUTCMonth(), 1) / DAY);
        const rows = accountRows(tb);
        const retained = [...accounts.values()].find((a) => a.SystemAccount === 'RETAINEDEARNINGS');
        const priorProfit = sum(lines, (l) => l.day < start && isPL(accounts.get(l.account)));
        for (const [id, account] of accounts) {
          const ytd =
            (isPL(account)
              ? sum(lines, (l) => l.account === id && l.day >= start && l.day <= day)
              : sum(lines, (l) => l.account === id && l.day <= day)) + (account === retained ? priorProfit : 0);
          const month = sum(lines, (l) => l.account === id && l.day >= monthStart && l.day <= day);
          const row = rows.get(id);
          if (ytd === 0 && month === 0) {
            assert.equal(row, undefined, `${String(account.Name)} has no figures at ${iso(day)}`);
            continue;
          }
          assert.ok(row, `${String(account.Name)} missing at ${iso(day)}`);
          assert.equal(net(row.values[0], row.values[1]), month, `${String(account.Name)} month to ${iso(day)}`);
          assert.equal(net(row.values[2], row.values[3]), ytd, `${String(account.Name)} YTD at ${iso(day)}`);
        }
      }
    });

    it('ProfitAndLoss: net profit is minus the revenue and expense lines of the period, row by row', async () => {
      const ranges: [number, number][] = [
        [yearStart(org, asOf), asOf],
        [yearStart(org, lastYearEnd), lastYearEnd],
        [asOf - 40, asOf - 10],
      ];
      for (const [from, to] of ranges) {
        const pl = await report(org, 'ProfitAndLoss', { fromDate: iso(from), toDate: iso(to) });
        const inRange = (l: Line) => l.day >= from && l.day <= to && isPL(accounts.get(l.account));
        assert.equal(cents(rowValues(pl, 'Net Profit')?.[0]), -sum(lines, inRange), `${iso(from)}..${iso(to)}`);
        for (const [id, row] of accountRows(pl)) {
          const movement = sum(lines, (l) => l.account === id && l.day >= from && l.day <= to);
          const shown = accounts.get(id)?.Class === 'REVENUE' ? -movement : movement;
          assert.equal(cents(row.values[0]), shown, `${row.label} ${iso(from)}..${iso(to)}`);
        }
      }
      const monthly = await report(org, 'ProfitAndLoss', { periods: '11', timeframe: 'MONTH' });
      const columns = (rowValues(monthly, 'Net Profit') ?? []).map(cents);
      assert.equal(columns.length, 12);
      const defaultMonth = await report(org, 'ProfitAndLoss');
      assert.equal(cents(rowValues(defaultMonth, 'Net Profit')?.[0]), columns[0]);
    });

    it('BalanceSheet: balances at several dates and its bank figures are the Bank Summary and Trial Balance ones', async () => {
      for (const day of dates) {
        const bs = await report(org, 'BalanceSheet', { date: iso(day) });
        const netAssets = cents(rowValues(bs, 'Net Assets')?.[0]);
        assert.equal(cents(rowValues(bs, 'Total Equity')?.[0]), netAssets, `balances at ${iso(day)}`);
        assert.equal(
          cents(rowValues(bs, 'Total Assets')?.[0]) - cents(rowValues(bs, 'Total Liabilities')?.[0]),
          netAssets,
        );
        const bank = await report(org, 'BankSummary', { fromDate: iso(day - 30), toDate: iso(day) });
        const tb = await report(org, 'TrialBalance', { date: iso(day) });
        const bsRows = accountRows(bs);
        const bankRows = accountRows(bank);
        const tbRows = accountRows(tb);
        for (const id of banks) {
          const balance = sum(lines, (l) => l.account === id && l.day <= day);
          assert.equal(cents(bsRows.get(id)?.values[0] ?? '0.00'), balance, `bank on the balance sheet at ${iso(day)}`);
          assert.equal(cents(bankRows.get(id)?.values[3] ?? '0.00'), balance, `bank summary closing at ${iso(day)}`);
          const tbRow = tbRows.get(id);
          assert.equal(tbRow ? net(tbRow.values[2], tbRow.values[3]) : 0, balance, `trial balance bank at ${iso(day)}`);
        }
        assert.equal(cents(rowValues(bs, 'Total Bank')?.[0] ?? '0.00'), cents(rowValues(bank, 'Total')?.[3]));
      }
      const compared = await report(org, 'BalanceSheet', { periods: '3', timeframe: 'QUARTER' });
      const netAssets = (rowValues(compared, 'Net Assets') ?? []).map(cents);
      assert.equal(netAssets.length, 4);
      assert.deepEqual((rowValues(compared, 'Total Equity') ?? []).map(cents), netAssets);
    });

    it('BankSummary: closing = opening + received − spent, each from the journals', async () => {
      const from = asOf - 90;
      const bank = await report(org, 'BankSummary', { fromDate: iso(from), toDate: iso(asOf) });
      for (const [id, row] of accountRows(bank)) {
        const [opening, received, spent, closing] = row.values.map(cents) as [number, number, number, number];
        assert.equal(closing, opening + received - spent, row.label);
        assert.equal(opening, sum(lines, (l) => l.account === id && l.day < from), `${row.label} opening`);
        assert.equal(received - spent, sum(lines, (l) => l.account === id && l.day >= from && l.day <= asOf), `${row.label} movement`);
      }
      const total = (rowValues(bank, 'Total') ?? []).map(cents);
      assert.equal(total[3], (total[0] ?? 0) + (total[1] ?? 0) - (total[2] ?? 0));
    });

    it('the books record every credit allocation the aged reports date (Allocations of credits)', () => {
      // Aged reports date each settlement, so they read credits' Allocations, not invoices' totals.
      const { collections } = org.accounting;
      const refunds = new Map<string, number>();
      for (const p of collections.Payments) {
        const id = String((p.CreditNote as JsonObject | undefined)?.CreditNoteID ?? '');
        if (id && p.Status !== 'DELETED') refunds.set(id, (refunds.get(id) ?? 0) + toCents(p.Amount));
      }
      for (const c of collections.CreditNotes) {
        if (c.Status !== 'AUTHORISED' && c.Status !== 'PAID') continue;
        const allocated = ((c.Allocations ?? []) as JsonObject[]).reduce((s, a) => s + toCents(a.Amount), 0);
        const used = toCents(c.Total) - toCents(c.RemainingCredit);
        assert.equal(allocated + (refunds.get(String(c.CreditNoteID)) ?? 0), used, `credit note ${String(c.CreditNoteID)}: Allocations do not account for Total - RemainingCredit`);
      }
    });

    it('Aged reports: a contact total due is the AmountDue of its authorised invoices as at today', async () => {
      for (const [name, type] of [
        ['AgedReceivablesByContact', 'ACCREC'],
        ['AgedPayablesByContact', 'ACCPAY'],
      ] as const) {
        const open = org.accounting.collections.Invoices.filter((i) => i.Type === type && i.Status === 'AUTHORISED');
        const contacts = [...new Set(open.map((i) => String((i.Contact as JsonObject).ContactID)))].slice(0, 8);
        assert.ok(contacts.length > 0, `${org.tenantName} has open ${type} invoices`);
        for (const contactId of contacts) {
          const aged = await report(org, name, { contactId });
          const invoiceDue = rowsOf(aged)
            .filter((r) => r.row.RowType === 'Row' && r.row.Cells?.[0]?.Attributes?.[0]?.Id === 'invoiceID')
            .reduce((s, r) => s + cents(r.row.Cells?.[7]?.Value), 0);
          const expected = open
            .filter((i) => String((i.Contact as JsonObject).ContactID) === contactId)
            .reduce((s, i) => s + toCents(i.AmountDue), 0);
          assert.equal(invoiceDue, expected, `${name} ${contactId}`);
          const closing = rowValues(aged, 'Closing Balance');
          const opening = cents(aged.Rows[1]?.Rows?.[0]?.Cells?.[7]?.Value);
          assert.equal(cents(closing?.[6]), opening + cents(rowValues(aged, 'Total')?.[6]));
        }
      }
    });

    it('BudgetSummary: each account and period is the sum of its budget balances', async () => {
      const budget = org.accounting.collections.Budgets.find((b) => b.Type === 'OVERALL');
      assert.ok(budget, 'an overall budget');
      const budgetLines = (budget.BudgetLines ?? []) as JsonObject[];
      const periods = budgetLines.flatMap((l) => ((l.BudgetBalances ?? []) as JsonObject[]).map((b) => String(b.Period).slice(0, 7))).sort();
      assert.ok(periods.length > 0, 'budget balances');
      const first = periods[0] as string;
      const report12 = await report(org, 'BudgetSummary', { date: `${first}-01`, periods: '12', timeframe: '1' });
      const months = Array.from({ length: 12 }, (_, k) => {
        const d = new Date(Date.UTC(Number(first.slice(0, 4)), Number(first.slice(5, 7)) - 1 + k, 1));
        return d.toISOString().slice(0, 7);
      });
      const rows = accountRows(report12);
      for (const line of budgetLines) {
        const account = accounts.get(String(line.AccountID));
        const row = rows.get(String(line.AccountID));
        if (!isPL(account)) {
          assert.equal(row, undefined);
          continue;
        }
        const expected = months.map((m) =>
          ((line.BudgetBalances ?? []) as JsonObject[]).filter((b) => String(b.Period).startsWith(m)).reduce((s, b) => s + toCents(b.Amount), 0),
        );
        assert.ok(row, `${String(account?.Name)} budget row`);
        assert.deepEqual(row.values.map(cents), expected, String(account?.Name));
      }
    });

    it('ExecutiveSummary: closing bank and profit agree with the ledger for the month', async () => {
      const exec = await report(org, 'ExecutiveSummary', { date: iso(asOf) });
      const d = new Date(asOf * DAY);
      const monthStart = Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY);
      const monthEnd = Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) / DAY);
      const closing = sum(lines, (l) => banks.includes(l.account) && l.day <= monthEnd);
      assert.equal(cents(rowValues(exec, 'Closing bank balance')?.[0]), closing);
      const profit = -sum(lines, (l) => l.day >= monthStart && l.day <= monthEnd && isPL(accounts.get(l.account)));
      assert.equal(cents(rowValues(exec, 'Profit (loss)')?.[0]), profit);
      const received = cents(rowValues(exec, 'Cash received')?.[0]);
      const spent = cents(rowValues(exec, 'Cash spent')?.[0]);
      const opening = sum(lines, (l) => banks.includes(l.account) && l.day < monthStart);
      assert.equal(opening + received - spent, closing);
    });

    it('cash basis: the trial balance still balances and the balance sheet still equals equity', async () => {
      const tb = await report(org, 'TrialBalance', { paymentsOnly: 'true' });
      const total = (rowValues(tb, 'Total', '') ?? []).map(cents);
      assert.equal(total[2], total[3]);
      const bs = await report(org, 'BalanceSheet', { paymentsOnly: 'true' });
      assert.equal(cents(rowValues(bs, 'Total Equity')?.[0]), cents(rowValues(bs, 'Net Assets')?.[0]));
    });
  });
}
