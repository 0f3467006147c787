/**
 * `GET /Reports/BudgetSummary?date&periods&timeframe` from the organisation's OVERALL budget.
 *
 * Layout: the spec example (a budget without lines) shows the header `Account | Jan-20 | ...`,
 * titles `Overall Budget | Budget Summary | <org> | November 2019 to October 2022` and three
 * untitled sections holding the "Gross Profit", "Total Expenses" and "Net Profit" summary rows.
 * With budget lines, each account's row (name, account attribute) goes in a titled section
 * before them: "Income" and "Less Cost of Sales" (each with its total) before Gross Profit,
 * "Plus Other Income" (with its total) and "Less Operating Expenses" before Total Expenses.
 * UNCERTAIN: those titled sections are not in the example; they mirror the Profit and Loss.
 *
 * Columns: `periods` (1-12, default 12) periods of `timeframe` months (1, 3 or 12, default 1),
 * the first starting with the month of `date` (default: the books' today), each labelled with its
 * last month; a figure is the sum of the account's budget balances for the months in its
 * period, as entered (positive income and positive costs). Balance sheet accounts, which a
 * Budget Summary does not show, are left out. UNCERTAIN: the defaults of periods and timeframe
 * (the example has 12 quarterly columns starting at the report date's month).
 */
import type { ApiCall } from '../../api.js';
import type { XeroRecord } from '../../data/types.js';
import { isProfitAndLoss, profitAndLossGroup, type ProfitAndLossGroup } from './accounts.js';
import { dayOfMs, fromYmd, startOfMonth, toYmd } from './dates.js';
import { arrayField, textField } from './fields.js';
import { formatBudgetPeriod, formatMoney, formatMonthYear, toCents } from './format.js';
import { ledgerFor, type LedgerAccount } from './ledger.js';
import { choiceParam, dateParam, intParam } from './params.js';
import { accountRow, headerRow, organisationName, section, summaryRow, type ReportBody, type ReportRow } from './report.js';

/** One account's budget per report column, in cents. */
interface BudgetRow {
  readonly account: LedgerAccount;
  readonly amounts: number[];
}

/** Builds the Budget Summary. */
export function buildBudgetSummary(call: ApiCall): ReportBody {
  const query = call.req.query;
  const first = startOfMonth(dateParam(query, 'date') ?? dayOfMs(call.org.asOfMs));
  const periods = intParam(query, 'periods', 1, 12) ?? 12;
  const months = Number(choiceParam(query, 'timeframe', ['1', '3', '12'] as const) ?? '1');
  const start = toYmd(first);
  // Column k covers the months k*months .. (k+1)*months-1 after the first; index by "YYYY-MM".
  const columnOf = new Map<string, number>();
  for (let m = 0; m < periods * months; m++) columnOf.set(monthKey(fromYmd(start.year, start.month + m, 1)), Math.floor(m / months));
  const lastMonthOf = (k: number) => fromYmd(start.year, start.month + (k + 1) * months - 1, 1);

  const ledger = ledgerFor(call.org, 'accrual');
  const rows = new Map<string, BudgetRow>();
  for (const line of arrayField(overallBudget(call.org.accounting.collections.Budgets), 'BudgetLines')) {
    const account = ledger.account(textField(line, 'AccountID'));
    if (!account || !isProfitAndLoss(account.cls)) continue;
    const budgetRow = rows.get(account.id) ?? { account, amounts: new Array<number>(periods).fill(0) };
    rows.set(account.id, budgetRow);
    for (const balance of arrayField(line, 'BudgetBalances')) {
      const column = columnOf.get(textField(balance, 'Period').slice(0, 7));
      if (column !== undefined) budgetRow.amounts[column] = (budgetRow.amounts[column] ?? 0) + toCents(balance.Amount);
    }
  }

  const byGroup = (group: ProfitAndLossGroup) =>
    [...rows.values()]
      .filter((r) => profitAndLossGroup(r.account.cls, r.account.type) === group)
      .sort((a, b) => a.account.name.localeCompare(b.account.name));
  const sum = (group: ProfitAndLossGroup) => (k: number) => byGroup(group).reduce((s, r) => s + (r.amounts[k] ?? 0), 0);
  const columns = Array.from({ length: periods }, (_, k) => k);
  const money = (f: (k: number) => number) => columns.map((k) => formatMoney(f(k)));
  const accountRows = (group: ProfitAndLossGroup): ReportRow[] =>
    byGroup(group).map((r) => accountRow(r.account.name, r.account.id, r.amounts.map(formatMoney)));
  const titled = (group: ProfitAndLossGroup, title: string, total?: string) => {
    const members = accountRows(group);
    if (members.length === 0) return [];
    return [section(title, total ? [...members, summaryRow([total, ...money(sum(group))])] : members)];
  };

  const gross = (k: number) => sum('income')(k) - sum('costOfSales')(k);
  return {
    type: 'BudgetSummary',
    name: 'Budget Summary',
    titles: [
      'Overall Budget',
      'Budget Summary',
      organisationName(call.org),
      `${formatMonthYear(first)} to ${formatMonthYear(lastMonthOf(periods - 1))}`,
    ],
    rows: [
      headerRow(['Account', ...columns.map((k) => formatBudgetPeriod(lastMonthOf(k)))]),
      ...titled('income', 'Income', 'Total Income'),
      ...titled('costOfSales', 'Less Cost of Sales', 'Total Cost of Sales'),
      section('', [summaryRow(['Gross Profit', ...money(gross)])]),
      ...titled('otherIncome', 'Plus Other Income', 'Total Other Income'),
      ...titled('operatingExpenses', 'Less Operating Expenses'),
      section('', [summaryRow(['Total Expenses', ...money(sum('operatingExpenses'))])]),
      section('', [summaryRow(['Net Profit', ...money((k) => gross(k) + sum('otherIncome')(k) - sum('operatingExpenses')(k))])]),
    ],
  };
}

/** The organisation's overall budget (Xero keeps exactly one). */
function overallBudget(budgets: readonly XeroRecord[]): XeroRecord | undefined {
  return budgets.find((b) => textField(b, 'Type') === 'OVERALL');
}

function monthKey(day: number): string {
  const { year, month } = toYmd(day);
  return `${year}-${String(month).padStart(2, '0')}`;
}
