/**
 * Figures several reports share, derived from ledger totals: what each account shows on a
 * statement (natural sign) and the profit subtotals.
 */
import {
  balanceSheetSection,
  isCreditNatured,
  isProfitAndLoss,
  profitAndLossGroup,
  type BalanceSheetSection,
  type ProfitAndLossGroup,
} from './accounts.js';
import type { Ledger, LedgerAccount } from './ledger.js';

/** An account's net movement as a statement shows it: credits positive for credit-natured classes. */
export function shown(account: LedgerAccount, cents: number): number {
  return isCreditNatured(account.cls) ? -cents : cents;
}

/** Profit and Loss subtotals, each positive in its natural direction (income as credits, costs as debits). */
export type ProfitFigures = Record<ProfitAndLossGroup, number>;

/** Sums revenue and expense movements into the Profit and Loss groups. */
export function profitFigures(ledger: Ledger, totals: ReadonlyMap<string, number>): ProfitFigures {
  const out: ProfitFigures = { income: 0, costOfSales: 0, otherIncome: 0, operatingExpenses: 0 };
  for (const [key, cents] of totals) {
    const account = ledger.account(key);
    if (account && isProfitAndLoss(account.cls)) out[profitAndLossGroup(account.cls, account.type)] += shown(account, cents);
  }
  return out;
}

/** Income less cost of sales. */
export function grossProfit(f: ProfitFigures): number {
  return f.income - f.costOfSales;
}

/** Gross profit plus other income less operating expenses. */
export function netProfit(f: ProfitFigures): number {
  return grossProfit(f) + f.otherIncome - f.operatingExpenses;
}

/**
 * Net profit of the revenue and expense lines among `totals` (credit positive), the figure
 * that closes to equity.
 */
export function profitOf(ledger: Ledger, totals: ReadonlyMap<string, number>): number {
  return netProfit(profitFigures(ledger, totals));
}

/** Balance Sheet section totals as at a date, each in its natural sign. */
export function sectionTotals(ledger: Ledger, balances: ReadonlyMap<string, number>): Map<BalanceSheetSection, number> {
  const out = new Map<BalanceSheetSection, number>();
  for (const [key, cents] of balances) {
    const account = ledger.account(key);
    if (!account || isProfitAndLoss(account.cls)) continue;
    const name = balanceSheetSection(account.cls, account.type);
    out.set(name, (out.get(name) ?? 0) + shown(account, cents));
  }
  return out;
}
