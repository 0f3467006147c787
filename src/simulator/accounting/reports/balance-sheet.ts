/**
 * `GET /Reports/BalanceSheet?date&periods&timeframe&trackingOptionID1&trackingOptionID2&
 * standardLayout&paymentsOnly`.
 *
 * Layout (spec example and a captured API Explorer response): header `"" | 30 Apr 2019 | ...`;
 * an empty "Assets" section, then "Bank", "Current Assets", "Fixed Assets", "Non-current Assets"
 * (each with "Total <section>"), an untitled "Total Assets" section; an empty "Liabilities"
 * section, "Current Liabilities", "Non-current Liabilities", "Total Liabilities"; an untitled
 * section with the "Net Assets" row; and "Equity" with "Total Equity". Sections without accounts
 * are left out; account rows (name only) are sorted by name and shown when any column is
 * non-zero. Assets are shown debit-positive, liabilities and equity credit-positive, so
 * Net Assets = Total Assets − Total Liabilities = Total Equity.
 *
 * Equity holds two computed rows besides the equity accounts: "Current Year Earnings" (profit
 * from the start of the financial year containing the column date to that date) and "Retained
 * Earnings" (the Retained Earnings account plus every earlier year's profit: the roll at the
 * financial year end). Their value cells carry fromDate/toDate attributes as in the examples.
 *
 * Columns: `date` (default: the books' today; UNCERTAIN, the spec gives no default) and, with
 * `periods`, that date stepped back `timeframe` (default MONTH) at a time; month ends stay
 * month ends (30 Apr, 31 Mar, 28 Feb as in the example). `trackingOptionID1`/`2` keep only lines
 * tagged with those options (such a sheet need not balance, as in Xero).
 */
import type { ApiCall } from '../../api.js';
import {
  BALANCE_SHEET_ASSET_SECTIONS,
  BALANCE_SHEET_LIABILITY_SECTIONS,
  balanceSheetSection,
  isProfitAndLoss,
  type BalanceSheetSection,
} from './accounts.js';
import { addMonths, dayOfMs } from './dates.js';
import { profitOf, shown } from './figures.js';
import { formatAttributeDate, formatColumnDate, formatLongDate, formatMoney } from './format.js';
import { ledgerFor, type LedgerAccount } from './ledger.js';
import { boolParam, choiceParam, dateParam, guidParam, intParam, TIMEFRAME_MONTHS, TIMEFRAMES } from './params.js';
import {
  accountAttribute,
  accountRow,
  cell,
  headerRow,
  organisationName,
  row,
  section,
  summaryRow,
  type ReportAttribute,
  type ReportBody,
  type ReportRow,
  type ReportSection,
} from './report.js';
import { allOf, findOption, withOption } from './tracking.js';

/**
 * The account id Xero gives the computed Current Year Earnings row. UNCERTAIN: the spec example
 * shows all zeros, a captured 2021 API Explorer response shows this value; the latter is newer.
 */
export const CURRENT_YEAR_EARNINGS_ID = 'abababab-abab-abab-abab-abababababab';

interface BalanceColumn {
  readonly date: number;
  readonly yearStart: number;
  /** Net balance per lower-cased account id at the date. */
  readonly balances: ReadonlyMap<string, number>;
  /** Profit (credit positive) from the financial year start to the date. */
  readonly currentProfit: number;
  /** Profit of every earlier financial year. */
  readonly priorProfit: number;
}

/** Builds the Balance Sheet. */
export function buildBalanceSheet(call: ApiCall): ReportBody {
  const query = call.req.query;
  const date = dateParam(query, 'date') ?? dayOfMs(call.org.asOfMs);
  // UNCERTAIN: the spec gives no range for the Balance Sheet; the Profit and Loss's 1-12 is used.
  const periods = intParam(query, 'periods', 1, 12) ?? 0;
  const months = TIMEFRAME_MONTHS[choiceParam(query, 'timeframe', TIMEFRAMES) ?? 'MONTH'];
  const filter = allOf(
    (['trackingOptionID1', 'trackingOptionID2'] as const).flatMap((param) => {
      const optionId = guidParam(query, param);
      if (optionId === undefined) return [];
      const { category, option } = findOption(call.org, optionId, param);
      return [withOption(category.id, option.id)];
    }),
  );
  boolParam(query, 'standardLayout');
  const ledger = ledgerFor(call.org, boolParam(query, 'paymentsOnly') === true ? 'cash' : 'accrual');

  const columns: BalanceColumn[] = [0, ...Array.from({ length: periods }, (_, i) => i + 1)].map((k) => {
    const day = addMonths(date, -k * months);
    const yearStart = ledger.financialYearStart(day);
    return {
      date: day,
      yearStart,
      balances: ledger.totals(undefined, day, filter),
      currentProfit: profitOf(ledger, ledger.totals(yearStart, day, filter)),
      priorProfit: profitOf(ledger, ledger.totals(undefined, yearStart - 1, filter)),
    };
  });

  const retained = ledger.retainedEarnings();
  const value = (account: LedgerAccount, column: BalanceColumn): number =>
    shown(account, column.balances.get(account.id.toLowerCase()) ?? 0) + (account === retained ? column.priorProfit : 0);
  const bySection = new Map<BalanceSheetSection, LedgerAccount[]>();
  const accounts = ledger.accounts().filter((a) => a !== retained && !isProfitAndLoss(a.cls));
  for (const account of accounts) {
    if (!columns.some((c) => value(account, c) !== 0)) continue;
    const name = balanceSheetSection(account.cls, account.type);
    bySection.set(name, [...(bySection.get(name) ?? []), account]);
  }

  const money = (f: (c: BalanceColumn) => number) => columns.map((c) => formatMoney(f(c)));
  const sectionTotal = (name: BalanceSheetSection) => (c: BalanceColumn) =>
    (bySection.get(name) ?? []).reduce((sum, a) => sum + value(a, c), 0);
  const groupSections = (names: readonly BalanceSheetSection[]): ReportSection[] =>
    names.flatMap((name) => {
      const members = (bySection.get(name) ?? []).sort((a, b) => a.name.localeCompare(b.name));
      if (members.length === 0) return [];
      return [
        section(name, [
          ...members.map((a) => accountRow(a.name, a.id, money((c) => value(a, c)))),
          summaryRow([`Total ${name}`, ...money(sectionTotal(name))]),
        ]),
      ];
    });
  const totalOf = (names: readonly BalanceSheetSection[]) => (c: BalanceColumn) =>
    names.reduce((sum, name) => sum + sectionTotal(name)(c), 0);
  const totalAssets = totalOf(BALANCE_SHEET_ASSET_SECTIONS);
  const totalLiabilities = totalOf(BALANCE_SHEET_LIABILITY_SECTIONS);

  // Equity: the equity accounts plus the two computed earnings rows, all sorted by name.
  const equity: { name: string; row: ReportRow }[] = (bySection.get('Equity') ?? []).map((a) => ({
    name: a.name,
    row: accountRow(a.name, a.id, money((c) => value(a, c))),
  }));
  if (columns.some((c) => c.currentProfit !== 0)) {
    equity.push({
      name: 'Current Year Earnings',
      row: earningsRow('Current Year Earnings', CURRENT_YEAR_EARNINGS_ID, columns, (c) => c.currentProfit, (c) => formatAttributeDate(c.yearStart)),
    });
  }
  if (columns.some((c) => value(retained, c) !== 0)) {
    equity.push({ name: retained.name, row: earningsRow(retained.name, retained.id, columns, (c) => value(retained, c), () => '') });
  }
  equity.sort((a, b) => a.name.localeCompare(b.name));
  const totalEquity = (c: BalanceColumn) => sectionTotal('Equity')(c) + c.currentProfit + value(retained, c);

  return {
    type: 'BalanceSheet',
    name: 'Balance Sheet',
    titles: ['Balance Sheet', organisationName(call.org), `As at ${formatLongDate(date)}`],
    rows: [
      headerRow(['', ...columns.map((c) => formatColumnDate(c.date))]),
      section('Assets', []),
      ...groupSections(BALANCE_SHEET_ASSET_SECTIONS),
      section('', [summaryRow(['Total Assets', ...money(totalAssets)])]),
      section('Liabilities', []),
      ...groupSections(BALANCE_SHEET_LIABILITY_SECTIONS),
      section('', [summaryRow(['Total Liabilities', ...money(totalLiabilities)])]),
      section('', [row(['Net Assets', ...money((c) => totalAssets(c) - totalLiabilities(c))])]),
      section('Equity', [...equity.map((e) => e.row), summaryRow(['Total Equity', ...money(totalEquity)])]),
    ],
  };
}

/** A computed earnings row whose value cells say which dates they cover. */
function earningsRow(
  label: string,
  accountId: string,
  columns: readonly BalanceColumn[],
  amount: (c: BalanceColumn) => number,
  fromDate: (c: BalanceColumn) => string,
): ReportRow {
  const account = accountAttribute(accountId);
  return {
    RowType: 'Row',
    Cells: [
      cell(label, [account]),
      ...columns.map((c) => {
        const attributes: ReportAttribute[] = [
          account,
          { Value: fromDate(c), Id: 'fromDate' },
          { Value: formatAttributeDate(c.date), Id: 'toDate' },
        ];
        return cell(formatMoney(amount(c)), attributes);
      }),
    ],
  };
}
