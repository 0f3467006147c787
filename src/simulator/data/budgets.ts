/**
 * Budgets: an OVERALL budget with a line per profit-and-loss account for the previous and the
 * current financial year, and a TRACKING budget of revenue for one Region. Monthly amounts are
 * based on the last twelve months of the ledger, plus some growth and noise, in whole units.
 * BudgetBalances.Period is `YYYY-MM`, as Xero's budget examples write it (the spec marks it as a
 * date; see xero_accounting.yaml, BudgetBalance, and the /Budgets examples).
 */
import type { AccountInfo } from './chart-of-accounts.js';
import type { OrgContext } from './context.js';
import { DAY_MS, addMonths, parseMsDate, toMsDate, toYearMonth } from './msdate.js';
import type { Random } from './random.js';
import type { XeroRecord } from './types.js';

/** Creates the budgets from the finished journals. */
export function createBudgets(ctx: OrgContext, journals: readonly XeroRecord[]): void {
  const rnd = ctx.rnd.fork('budgets');
  const fyStart = financialYearStart(ctx, ctx.asOfMs - DAY_MS);
  const from = ctx.asOfMs - 365 * DAY_MS;
  const region = ctx.tracking.categories[0];
  const option = region?.options.find((o) => o.archivedAtMs === Infinity);
  const byAccount = new Map<string, number>();
  const byAccountTracked = new Map<string, number>();
  for (const j of journals) {
    const dateMs = parseMsDate(String(j['JournalDate']));
    if (dateMs < from || dateMs >= ctx.asOfMs) continue;
    for (const line of j['JournalLines'] as XeroRecord[]) {
      const accountId = String(line['AccountID']);
      const cents = Math.round(Number(line['NetAmount']) * 100);
      byAccount.set(accountId, (byAccount.get(accountId) ?? 0) + cents);
      const tags = line['TrackingCategories'] as XeroRecord[];
      if (option !== undefined && tags.some((t) => t['TrackingOptionID'] === option.id)) {
        byAccountTracked.set(accountId, (byAccountTracked.get(accountId) ?? 0) + cents);
      }
    }
  }
  const pnl = ctx.chart.profitAndLoss();
  const overallLines = budgetLines(rnd, pnl, byAccount, addMonths(fyStart, -12), 24);
  const overallId = rnd.guid();
  ctx.books.add('Budgets', overallId, addMonths(fyStart, -12) - 20 * DAY_MS, {
    BudgetID: overallId,
    Type: 'OVERALL',
    Description: 'Overall Budget',
    UpdatedDateUTC: toMsDate(fyStart - 15 * DAY_MS + rnd.int(0, 28_800_000)),
    BudgetLines: overallLines,
    Tracking: [],
  });
  if (region === undefined || option === undefined) return;
  const trackingId = rnd.guid();
  const revenue = pnl.filter((a) => a.accountClass === 'REVENUE');
  const createdMs = fyStart - 10 * DAY_MS + rnd.int(0, 28_800_000);
  ctx.books.add('Budgets', trackingId, createdMs, {
    BudgetID: trackingId,
    Type: 'TRACKING',
    Description: `${option.name} sales budget`,
    UpdatedDateUTC: toMsDate(createdMs),
    BudgetLines: budgetLines(rnd, revenue, byAccountTracked, fyStart, 12),
    Tracking: [{ TrackingCategoryID: region.id, Name: region.name, TrackingOptionID: option.id, Option: option.name }],
  });
}

/** First day of the financial year containing `ms`. */
function financialYearStart(ctx: OrgContext, ms: number): number {
  const d = new Date(ms);
  const startMonth = ctx.profile.fyEndMonth % 12; // the month after the year-end month, 0-based
  const year = d.getUTCMonth() >= startMonth ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
  return Date.UTC(year, startMonth, 1);
}

function budgetLines(rnd: Random, accounts: readonly AccountInfo[], actuals: ReadonlyMap<string, number>, firstMonth: number, months: number): XeroRecord[] {
  const lines: XeroRecord[] = [];
  for (const account of accounts) {
    const yearly = Math.abs(actuals.get(account.id) ?? 0);
    if (yearly === 0) continue;
    const monthly = yearly / 100 / 12;
    const balances: XeroRecord[] = [];
    for (let m = 0; m < months; m++) {
      const growth = m < months - 12 ? 1 : 1.05;
      balances.push({
        Period: toYearMonth(addMonths(firstMonth, m)),
        Amount: Math.round(monthly * growth * (0.9 + rnd.next() * 0.2)),
        Notes: '',
      });
    }
    lines.push({ AccountID: account.id, AccountCode: account.code, BudgetBalances: balances });
  }
  return lines;
}
