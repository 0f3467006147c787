/**
 * `GET /Reports/ExecutiveSummary?date`.
 *
 * Layout (spec example): header `"" | Nov 2019 | Oct 2019 | Variance`, title "For the month of
 * November 2019", sections Cash, Profitability, Balance Sheet, Income, Performance, Position.
 * The columns are the whole month containing `date` (default: the books' today) and the month
 * before; flows cover the month, balances are taken at its last day.
 *
 * The formulas are those that reproduce every figure of the spec example:
 * - cash received/spent: each journal's net debit/credit to the bank accounts together (so a
 *   transfer between two bank accounts is neither); surplus = received − spent;
 * - Profitability: the Profit and Loss groups; Debtors/Creditors: the DEBTORS/CREDITORS system
 *   accounts (creditors credit-positive, as on the Balance Sheet); net assets = assets − liabilities;
 * - invoices: ACCREC invoices (AUTHORISED or PAID) dated in the month, in base currency;
 * - margins = gross or net profit / income; return on investment p.a. = profit × 12 / net assets;
 * - average debtors days = debtors / income × days in the month; creditors days = creditors /
 *   (cost of sales + operating expenses) × days; short term cash forecast = debtors − creditors;
 *   current (term) assets to liabilities = (bank + current assets) / current liabilities
 *   (fixed + non-current assets / non-current liabilities);
 * - Variance = (this − last) / |last|, "0.0%" when last month's figure is zero or missing.
 * A ratio without a denominator is "" (margins, ROI, asset ratios) or "0" (day counts), as in the
 * example. Ratios are printed with two decimals (Xero prints its raw 28-digit decimals).
 */
import type { ApiCall } from '../../api.js';
import type { OrgData, XeroRecord } from '../../data/types.js';
import type { BalanceSheetSection } from './accounts.js';
import { addMonths, daysInMonth, dayOfMs, endOfMonth, parseRecordDay, startOfMonth, toYmd } from './dates.js';
import { textField } from './fields.js';
import { grossProfit, netProfit, profitFigures, sectionTotals, shown, type ProfitFigures } from './figures.js';
import { formatDecimal, formatMoney, formatMonthYear, formatPercent, formatShortMonthYear, toCents } from './format.js';
import { ledgerFor, type Ledger } from './ledger.js';
import { dateParam } from './params.js';
import { headerRow, organisationName, row, section, type ReportBody, type ReportRow } from './report.js';

interface MonthFigures {
  readonly days: number;
  readonly received: number;
  readonly spent: number;
  readonly closingBank: number;
  readonly profit: ProfitFigures;
  readonly debtors: number;
  readonly creditors: number;
  readonly netAssets: number;
  readonly currentAssets: number;
  readonly currentLiabilities: number;
  readonly termAssets: number;
  readonly termLiabilities: number;
  readonly invoiceCount: number;
  readonly invoiceTotal: number;
}

/** Builds the Executive Summary. */
export function buildExecutiveSummary(call: ApiCall): ReportBody {
  const date = dateParam(call.req.query, 'date') ?? dayOfMs(call.org.asOfMs);
  const ledger = ledgerFor(call.org, 'accrual');
  const thisMonth = startOfMonth(date);
  const lastMonth = addMonths(thisMonth, -1);
  const issued = invoicesIssued(call.org);
  const [cur, prev] = [monthFigures(ledger, issued, thisMonth), monthFigures(ledger, issued, lastMonth)];

  const metric = (label: string, f: (m: MonthFigures) => number | undefined, format: (n: number) => string, missing = ''): ReportRow => {
    const [a, b] = [f(cur), f(prev)];
    const variance = a === undefined || b === undefined || b === 0 ? '0.0%' : formatPercent((a - b) / Math.abs(b));
    return row([label, a === undefined ? missing : format(a), b === undefined ? missing : format(b), variance]);
  };
  const money = (label: string, f: (m: MonthFigures) => number) => metric(label, f, formatMoney);
  const ratio = (n: number, d: number) => (d === 0 ? undefined : n / d);
  const costs = (m: MonthFigures) => m.profit.costOfSales + m.profit.operatingExpenses;

  return {
    type: 'ExecutiveSummary',
    name: 'Executive Summary',
    titles: ['Executive Summary', organisationName(call.org), `For the month of ${formatMonthYear(thisMonth)}`],
    rows: [
      headerRow(['', formatShortMonthYear(thisMonth), formatShortMonthYear(lastMonth), 'Variance']),
      section('Cash', [
        money('Cash received', (m) => m.received),
        money('Cash spent', (m) => m.spent),
        money('Cash surplus (deficit)', (m) => m.received - m.spent),
        money('Closing bank balance', (m) => m.closingBank),
      ]),
      section('Profitability', [
        money('Income', (m) => m.profit.income),
        money('Direct costs', (m) => m.profit.costOfSales),
        money('Gross profit (loss)', (m) => grossProfit(m.profit)),
        money('Other Income', (m) => m.profit.otherIncome),
        money('Expenses', (m) => m.profit.operatingExpenses),
        money('Profit (loss)', (m) => netProfit(m.profit)),
      ]),
      section('Balance Sheet', [
        money('Debtors', (m) => m.debtors),
        money('Creditors', (m) => m.creditors),
        money('Net assets', (m) => m.netAssets),
      ]),
      section('Income', [
        metric('Number of invoices issued', (m) => m.invoiceCount, String),
        money('Average value of invoices', (m) => (m.invoiceCount === 0 ? 0 : Math.round(m.invoiceTotal / m.invoiceCount))),
      ]),
      section('Performance', [
        metric('Gross profit margin', (m) => ratio(grossProfit(m.profit), m.profit.income), formatPercent),
        metric('Net profit margin', (m) => ratio(netProfit(m.profit), m.profit.income), formatPercent),
        metric('Return on investment (p.a.)', (m) => ratio(netProfit(m.profit) * 12, m.netAssets), formatPercent),
      ]),
      section('Position', [
        metric('Average debtors days', (m) => ratio(m.debtors * m.days, m.profit.income), formatDecimal, '0'),
        metric('Average creditors days', (m) => ratio(m.creditors * m.days, costs(m)), formatDecimal, '0'),
        money('Short term cash forecast', (m) => m.debtors - m.creditors),
        metric('Current assets to liabilities', (m) => ratio(m.currentAssets, m.currentLiabilities), formatDecimal),
        metric('Term assets to liabilities', (m) => ratio(m.termAssets, m.termLiabilities), formatDecimal),
      ]),
    ],
  };
}

/** Day and base-currency total (cents) of every approved sales invoice. */
function invoicesIssued(org: OrgData): { day: number; cents: number }[] {
  return org.accounting.collections.Invoices.flatMap((invoice) => {
    const status = textField(invoice, 'Status');
    if (textField(invoice, 'Type') !== 'ACCREC' || (status !== 'AUTHORISED' && status !== 'PAID')) return [];
    const day = parseRecordDay(invoice.Date);
    return day === undefined ? [] : [{ day, cents: baseCents(org, invoice) }];
  });
}

/** Everything the summary needs for the month starting at `first`, in cents. */
function monthFigures(ledger: Ledger, issued: readonly { day: number; cents: number }[], first: number): MonthFigures {
  const last = endOfMonth(first);
  const banks = new Set(ledger.accounts().filter((a) => a.type === 'BANK').map((a) => a.id.toLowerCase()));
  const perJournal = new Map<number, number>();
  for (const line of ledger.lines(first, last)) {
    if (banks.has(line.accountKey)) perJournal.set(line.journal, (perJournal.get(line.journal) ?? 0) + line.cents);
  }
  let received = 0;
  let spent = 0;
  for (const cents of perJournal.values()) {
    if (cents > 0) received += cents;
    else spent -= cents;
  }

  const balances = ledger.totals(undefined, last);
  const sections = sectionTotals(ledger, balances);
  const of = (...names: BalanceSheetSection[]) => names.reduce((s, n) => s + (sections.get(n) ?? 0), 0);
  const system = (name: string) =>
    ledger
      .accounts()
      .filter((a) => a.systemAccount === name)
      .reduce((s, a) => s + shown(a, balances.get(a.id.toLowerCase()) ?? 0), 0);

  const inMonth = issued.filter((i) => i.day >= first && i.day <= last);

  const { year, month } = toYmd(first);
  return {
    days: daysInMonth(year, month),
    received,
    spent,
    closingBank: [...banks].reduce((s, key) => s + (balances.get(key) ?? 0), 0),
    profit: profitFigures(ledger, ledger.totals(first, last)),
    debtors: system('DEBTORS'),
    creditors: system('CREDITORS'),
    netAssets: of('Bank', 'Current Assets', 'Fixed Assets', 'Non-current Assets') - of('Current Liabilities', 'Non-current Liabilities'),
    currentAssets: of('Bank', 'Current Assets'),
    currentLiabilities: of('Current Liabilities'),
    termAssets: of('Fixed Assets', 'Non-current Assets'),
    termLiabilities: of('Non-current Liabilities'),
    invoiceCount: inMonth.length,
    invoiceTotal: inMonth.reduce((sum, i) => sum + i.cents, 0),
  };
}

/**
 * An invoice's total in base currency. Xero's CurrencyRate is units of the invoice currency per
 * unit of base currency, so the base amount is total / rate.
 */
function baseCents(org: OrgData, invoice: XeroRecord): number {
  const total = toCents(invoice.Total);
  const rate = invoice.CurrencyRate;
  const currency = textField(invoice, 'CurrencyCode');
  const foreign = currency !== '' && currency !== org.baseCurrency;
  return foreign && typeof rate === 'number' && rate > 0 ? Math.round(total / rate) : total;
}
