/**
 * `GET /Reports/ProfitAndLoss?fromDate&toDate&periods&timeframe&trackingCategoryID&
 * trackingCategoryID2&trackingOptionID&trackingOptionID2&standardLayout&paymentsOnly`.
 *
 * Layout (standard layout; the spec has no example, so this follows Xero's documented section
 * names as SDK users parse them): header `"" | <period end, "31 Oct 19">...`; sections
 * "Income" (Total Income), "Less Cost of Sales" (Total Cost of Sales), an untitled section with
 * the "Gross Profit" row, "Plus Other Income" (Total Other Income), "Less Operating Expenses"
 * (Total Operating Expenses), and an untitled section with the "Net Profit" row. Account rows are
 * sorted by name; sections without accounts are left out, Gross and Net Profit never are.
 * Income is shown as a positive credit, costs as positive debits, so
 * Net Profit = −(sum of the period's revenue and expense journal lines).
 *
 * Columns: the period `fromDate..toDate` (default: the month containing the books' today), then
 * with `periods` the same period stepped back `timeframe` (default MONTH) at a time, as Xero's
 * comparatives are (a year-long period compares year-long periods). With `trackingCategoryID`
 * (and `trackingCategoryID2`) the columns are instead one per option (and combination), plus
 * "Unassigned" and "Total"; a `trackingOptionID` narrows its category to that one option.
 * UNCERTAIN: how Xero combines `periods` with a tracking split; here the split wins.
 * `standardLayout` is accepted: the simulated organisations have no custom layouts.
 */
import type { ApiCall } from '../../api.js';
import { isProfitAndLoss, profitAndLossGroup, type ProfitAndLossGroup } from './accounts.js';
import { addMonths, dayOfMs } from './dates.js';
import { grossProfit, netProfit, profitFigures, shown, type ProfitFigures } from './figures.js';
import { formatLongDate, formatMoney, formatShortYearDate } from './format.js';
import { ledgerFor, type Ledger, type LedgerAccount, type LineFilter } from './ledger.js';
import { boolParam, choiceParam, guidParam, intParam, periodParams, ReportParamError, TIMEFRAME_MONTHS, TIMEFRAMES } from './params.js';
import { accountRow, headerRow, organisationName, row, section, summaryRow, type ReportBody, type ReportSection } from './report.js';
import { allOf, findCategory, withOption, withoutCategory } from './tracking.js';

const GROUPS: readonly { readonly group: ProfitAndLossGroup; readonly title: string; readonly total: string }[] = [
  { group: 'income', title: 'Income', total: 'Total Income' },
  { group: 'costOfSales', title: 'Less Cost of Sales', total: 'Total Cost of Sales' },
  { group: 'otherIncome', title: 'Plus Other Income', total: 'Total Other Income' },
  { group: 'operatingExpenses', title: 'Less Operating Expenses', total: 'Total Operating Expenses' },
];

interface Column {
  readonly label: string;
  readonly from: number;
  readonly to: number;
  readonly filter?: LineFilter;
}

/** Builds the Profit and Loss report. */
export function buildProfitAndLoss(call: ApiCall): ReportBody {
  const query = call.req.query;
  const { from, to } = periodParams(query, dayOfMs(call.org.asOfMs));
  const periods = intParam(query, 'periods', 1, 12) ?? 0;
  const months = TIMEFRAME_MONTHS[choiceParam(query, 'timeframe', TIMEFRAMES) ?? 'MONTH'];
  boolParam(query, 'standardLayout');
  const ledger = ledgerFor(call.org, boolParam(query, 'paymentsOnly') === true ? 'cash' : 'accrual');

  const dims = trackingDimensions(call);
  // Without a split every dimension is a single fixed option: all columns keep only its lines.
  const filter = allOf(dims.flatMap((d) => d.choices.map((c) => c.filter)));
  const columns = trackingColumns(dims, from, to) ?? [
    { label: formatShortYearDate(to), from, to, filter },
    ...Array.from({ length: periods }, (_, i) => {
      const shiftedTo = addMonths(to, -(i + 1) * months);
      return { label: formatShortYearDate(shiftedTo), from: addMonths(from, -(i + 1) * months), to: shiftedTo, filter };
    }),
  ];
  const totals = columns.map((c) => ledger.totals(c.from, c.to, c.filter));

  return {
    type: 'ProfitAndLoss',
    name: 'Profit and Loss',
    titles: ['Profit & Loss', organisationName(call.org), `${formatLongDate(from)} to ${formatLongDate(to)}`],
    rows: [headerRow(['', ...columns.map((c) => c.label)]), ...profitAndLossSections(ledger, totals)],
  };
}

/** The report's sections for per-column ledger totals. */
function profitAndLossSections(ledger: Ledger, totals: readonly ReadonlyMap<string, number>[]): ReportSection[] {
  const figures: ProfitFigures[] = totals.map((t) => profitFigures(ledger, t));
  const money = (values: readonly number[]) => values.map(formatMoney);
  const accounts = new Map<ProfitAndLossGroup, LedgerAccount[]>();
  const seen = new Set<string>();
  for (const t of totals) {
    for (const [key, cents] of t) {
      const account = ledger.account(key);
      if (!account || !isProfitAndLoss(account.cls) || cents === 0 || seen.has(key)) continue;
      seen.add(key);
      const group = profitAndLossGroup(account.cls, account.type);
      accounts.set(group, [...(accounts.get(group) ?? []), account]);
    }
  }

  const groupSection = (group: ProfitAndLossGroup): ReportSection[] => {
    const spec = GROUPS.find((g) => g.group === group);
    const members = (accounts.get(group) ?? []).sort((a, b) => a.name.localeCompare(b.name));
    if (!spec || members.length === 0) return [];
    const rows = members.map((a) =>
      accountRow(a.name, a.id, money(totals.map((t) => shown(a, t.get(a.id.toLowerCase()) ?? 0)))),
    );
    return [section(spec.title, [...rows, summaryRow([spec.total, ...money(figures.map((f) => f[group]))])])];
  };

  return [
    ...groupSection('income'),
    ...groupSection('costOfSales'),
    section('', [row(['Gross Profit', ...money(figures.map(grossProfit))])]),
    ...groupSection('otherIncome'),
    ...groupSection('operatingExpenses'),
    section('', [row(['Net Profit', ...money(figures.map(netProfit))])]),
  ];
}

interface TrackingDimension {
  readonly categoryId: string;
  /** The options to split by, or the single option to keep. */
  readonly choices: readonly { readonly label: string; readonly filter: LineFilter }[];
  readonly split: boolean;
}

/** The tracking dimensions the parameters ask for (validated). */
function trackingDimensions(call: ApiCall): TrackingDimension[] {
  const query = call.req.query;
  const dims: TrackingDimension[] = [];
  for (const [categoryParam, optionParam] of [
    ['trackingCategoryID', 'trackingOptionID'],
    ['trackingCategoryID2', 'trackingOptionID2'],
  ] as const) {
    const categoryId = guidParam(query, categoryParam);
    const optionId = guidParam(query, optionParam);
    if (categoryId === undefined) {
      if (optionId !== undefined) throw new ReportParamError(`The ${categoryParam} parameter must be provided if ${optionParam} is provided.`);
      continue;
    }
    const category = findCategory(call.org, categoryId, categoryParam);
    if (optionId !== undefined) {
      const option = category.options.find((o) => o.id === optionId);
      if (!option) throw new ReportParamError(`The ${optionParam} parameter is not an option of the tracking category '${category.name}'.`);
      dims.push({ categoryId, split: false, choices: [{ label: option.name, filter: withOption(categoryId, option.id) }] });
    } else {
      dims.push({
        categoryId,
        split: true,
        choices: [
          ...category.options.map((o) => ({ label: o.name, filter: withOption(categoryId, o.id) })),
          { label: 'Unassigned', filter: withoutCategory(categoryId) },
        ],
      });
    }
  }
  return dims;
}

/**
 * One column per option (or per pair of options) of the split categories, then "Total"; undefined
 * when no category is split. Combined labels join the option names with ", " (UNCERTAIN).
 */
function trackingColumns(dims: readonly TrackingDimension[], from: number, to: number): Column[] | undefined {
  if (!dims.some((d) => d.split)) return undefined;
  let combos: { label: string[]; filters: LineFilter[] }[] = [{ label: [], filters: [] }];
  for (const dim of dims) {
    combos = combos.flatMap((c) =>
      dim.choices.map((choice) => ({
        label: dim.split ? [...c.label, choice.label] : c.label,
        filters: [...c.filters, choice.filter],
      })),
    );
  }
  const fixed = allOf(dims.filter((d) => !d.split).flatMap((d) => d.choices.map((c) => c.filter)));
  return [
    ...combos.map((c) => ({ label: c.label.join(', '), from, to, filter: allOf(c.filters) })),
    { label: 'Total', from, to, filter: fixed },
  ];
}
