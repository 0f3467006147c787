/**
 * Where each account type sits in the reports: its class (which decides debit/credit sign and
 * whether it closes to retained earnings) and its Balance Sheet or Profit and Loss section.
 * Account types are Xero's (`AccountType` enum in xero_accounting.yaml, plus the AU payroll
 * types Xero returns in practice).
 */

import { CLASS_OF_TYPE } from '../../data/chart-of-accounts.js';

/** Xero's account classes. */
export type AccountClass = 'ASSET' | 'LIABILITY' | 'EQUITY' | 'REVENUE' | 'EXPENSE';

const CLASSES: readonly AccountClass[] = ['ASSET', 'LIABILITY', 'EQUITY', 'REVENUE', 'EXPENSE'];

/** The class of an account: its stored `Class` when valid, otherwise derived from its type. */
export function accountClass(storedClass: string | undefined, type: string): AccountClass {
  const stored = CLASSES.find((c) => c === storedClass);
  return stored ?? CLASS_OF_TYPE[type] ?? 'EXPENSE';
}

/** True for classes that close to retained earnings at the financial year end. */
export function isProfitAndLoss(cls: AccountClass): boolean {
  return cls === 'REVENUE' || cls === 'EXPENSE';
}

/** True for classes whose natural balance is a credit (shown positive when in credit). */
export function isCreditNatured(cls: AccountClass): boolean {
  return cls === 'LIABILITY' || cls === 'EQUITY' || cls === 'REVENUE';
}

/** Balance Sheet sections, in report order. */
export const BALANCE_SHEET_ASSET_SECTIONS = ['Bank', 'Current Assets', 'Fixed Assets', 'Non-current Assets'] as const;
export const BALANCE_SHEET_LIABILITY_SECTIONS = ['Current Liabilities', 'Non-current Liabilities'] as const;

export type BalanceSheetSection =
  | (typeof BALANCE_SHEET_ASSET_SECTIONS)[number]
  | (typeof BALANCE_SHEET_LIABILITY_SECTIONS)[number]
  | 'Equity';

/**
 * The Balance Sheet section of an asset, liability or equity account. UNCERTAIN: where Xero puts
 * the generic `LIABILITY` type and the payroll liability types is not documented; they are
 * short-term in practice, so they join Current Liabilities.
 */
export function balanceSheetSection(cls: AccountClass, type: string): BalanceSheetSection {
  switch (type) {
    case 'BANK':
      return 'Bank';
    case 'FIXED':
      return 'Fixed Assets';
    case 'NONCURRENT':
      return 'Non-current Assets';
    case 'TERMLIAB':
      return 'Non-current Liabilities';
    default:
      if (cls === 'ASSET') return 'Current Assets';
      if (cls === 'LIABILITY') return 'Current Liabilities';
      return 'Equity';
  }
}

/** Profit and Loss groups, in report order. */
export type ProfitAndLossGroup = 'income' | 'costOfSales' | 'otherIncome' | 'operatingExpenses';

/** The Profit and Loss group of a revenue or expense account. */
export function profitAndLossGroup(cls: AccountClass, type: string): ProfitAndLossGroup {
  if (type === 'DIRECTCOSTS') return 'costOfSales';
  if (type === 'OTHERINCOME') return 'otherIncome';
  return cls === 'REVENUE' ? 'income' : 'operatingExpenses';
}
