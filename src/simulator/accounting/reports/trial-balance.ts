/**
 * `GET /Reports/TrialBalance?date&paymentsOnly`.
 *
 * Layout (spec example): header `Account | Debit | Credit | YTD Debit | YTD Credit`; sections
 * Revenue, Expenses, Assets, Liabilities, Equity with one row per account labelled
 * `Name (Code)`, sorted by name; then an untitled section with the `Total` summary row.
 *
 * Figures: Debit/Credit are the account's net movement in the month of `date` up to `date`
 * (ODataLink's description of Xero's columns: "total debit for the month as at the date");
 * YTD is the balance at `date`, where revenue and expense accounts count from the start of the
 * financial year and Retained Earnings carries every earlier year's profit (its attributes give
 * that cut-off as `toDate`). Each figure sits on its debit or credit side; a zero sits on the
 * account's natural side as "0.00" and the other side is "". Both column pairs total equal.
 */
import type { ApiCall } from '../../api.js';
import { isCreditNatured, isProfitAndLoss, type AccountClass } from './accounts.js';
import { dayOfMs, startOfMonth } from './dates.js';
import { formatAttributeDate, formatLongDate, formatMoney } from './format.js';
import { ledgerFor, type LedgerAccount } from './ledger.js';
import { boolParam, dateParam } from './params.js';
import {
  accountAttribute,
  accountRow,
  cell,
  headerRow,
  organisationName,
  section,
  summaryRow,
  type ReportAttribute,
  type ReportBody,
  type ReportRow,
} from './report.js';

const SECTIONS: readonly { readonly cls: AccountClass; readonly title: string }[] = [
  { cls: 'REVENUE', title: 'Revenue' },
  { cls: 'EXPENSE', title: 'Expenses' },
  { cls: 'ASSET', title: 'Assets' },
  { cls: 'LIABILITY', title: 'Liabilities' },
  { cls: 'EQUITY', title: 'Equity' },
];

interface TrialBalanceLine {
  readonly account: LedgerAccount;
  readonly month: number;
  readonly ytd: number;
}

/** Builds the Trial Balance. */
export function buildTrialBalance(call: ApiCall): ReportBody {
  const query = call.req.query;
  // Default: the books' today (UNCERTAIN: the spec gives no default).
  const date = dateParam(query, 'date') ?? dayOfMs(call.org.asOfMs);
  const ledger = ledgerFor(call.org, boolParam(query, 'paymentsOnly') === true ? 'cash' : 'accrual');
  const yearStart = ledger.financialYearStart(date);

  const month = ledger.totals(startOfMonth(date), date);
  const balance = ledger.totals(undefined, date);
  const yearToDate = ledger.totals(yearStart, date);
  let priorProfit = 0;
  for (const [key, cents] of ledger.totals(undefined, yearStart - 1)) {
    const account = ledger.account(key);
    if (account && isProfitAndLoss(account.cls)) priorProfit += cents;
  }

  const retained = ledger.retainedEarnings();
  const accounts = ledger.accounts();
  if (!accounts.includes(retained)) accounts.push(retained);
  const lines: TrialBalanceLine[] = [];
  for (const account of accounts) {
    const key = account.id.toLowerCase();
    const ytd = (isProfitAndLoss(account.cls) ? yearToDate.get(key) : balance.get(key)) ?? 0;
    const line = { account, month: month.get(key) ?? 0, ytd: account === retained ? ytd + priorProfit : ytd };
    if (line.month !== 0 || line.ytd !== 0) lines.push(line);
  }

  const totals = { debit: 0, credit: 0, ytdDebit: 0, ytdCredit: 0 };
  const rows = SECTIONS.flatMap(({ cls, title }) => {
    const inSection = lines.filter((l) => l.account.cls === cls).sort((a, b) => a.account.name.localeCompare(b.account.name));
    if (inSection.length === 0) return [];
    return [
      section(
        title,
        inSection.map((line) => {
          for (const [cents, debit, credit] of [
            [line.month, 'debit', 'credit'],
            [line.ytd, 'ytdDebit', 'ytdCredit'],
          ] as const) {
            if (cents > 0) totals[debit] += cents;
            else totals[credit] -= cents;
          }
          const values = [...sides(line.month, cls), ...sides(line.ytd, cls)];
          const label = line.account.code ? `${line.account.name} (${line.account.code})` : line.account.name;
          return line.account === retained ? retainedEarningsRow(label, line.account.id, values, yearStart) : accountRow(label, line.account.id, values);
        }),
      ),
    ];
  });

  return {
    type: 'TrialBalance',
    name: 'Trial Balance',
    titles: ['Trial Balance', organisationName(call.org), `As at ${formatLongDate(date)}`],
    rows: [
      headerRow(['Account', 'Debit', 'Credit', 'YTD Debit', 'YTD Credit']),
      ...rows,
      section('', [summaryRow(['Total', ...[totals.debit, totals.credit, totals.ytdDebit, totals.ytdCredit].map(formatMoney)])]),
    ],
  };
}

/** `[debit, credit]` cells of a net amount. */
function sides(cents: number, cls: AccountClass): [string, string] {
  if (cents > 0) return [formatMoney(cents), ''];
  if (cents < 0) return ['', formatMoney(-cents)];
  return isCreditNatured(cls) ? ['', '0.00'] : ['0.00', ''];
}

/** Retained Earnings' value cells also say up to when earlier years' profit was rolled in. */
function retainedEarningsRow(label: string, accountId: string, values: readonly string[], yearStart: number): ReportRow {
  const account = accountAttribute(accountId);
  const valueAttributes: ReportAttribute[] = [
    account,
    { Value: '', Id: 'fromDate' },
    { Value: formatAttributeDate(yearStart - 1), Id: 'toDate' },
  ];
  return { RowType: 'Row', Cells: [cell(label, [account]), ...values.map((v) => cell(v, valueAttributes))] };
}
