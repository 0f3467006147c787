/**
 * The scopes the simulator's authorize page accepts (xero-platform-facts.md §5). Broad and
 * granular accounting scopes are both accepted, as for an app created before 2 March 2026 during
 * the transition (§5.2): drivers written either way can be tested.
 */

const withRead = (names: readonly string[]): string[] => names.flatMap((n) => [n, `${n}.read`]);

/** Every scope an authorization-code app may request here. */
export const GRANTABLE_SCOPES: ReadonlySet<string> = new Set([
  'openid',
  'profile',
  'email',
  'offline_access',
  ...withRead([
    'accounting.settings',
    'accounting.contacts',
    'accounting.attachments',
    'accounting.transactions',
    'accounting.invoices',
    'accounting.payments',
    'accounting.banktransactions',
    'accounting.manualjournals',
    'accounting.classicexpenses',
    'payroll.employees',
    'payroll.payruns',
    'payroll.payslip',
    'payroll.settings',
    'payroll.timesheets',
    'files',
    'assets',
    'projects',
  ]),
  'accounting.reports.read',
  'accounting.budgets.read',
  'accounting.journals.read',
  'accounting.reports.aged.read',
  'accounting.reports.balancesheet.read',
  'accounting.reports.profitandloss.read',
  'accounting.reports.trialbalance.read',
  'accounting.reports.banksummary.read',
  'accounting.reports.budgetsummary.read',
  'accounting.reports.executivesummary.read',
  'accounting.reports.taxreports.read',
  'accounting.reports.tenninetynine.read',
]);

/**
 * Real Xero scopes that need Xero's approval (§5.1: `bankfeeds`, `paymentservices`, the bank
 * statement report). The demo apps are not approved, so asking for one fails as a scope "the
 * client may not use" does at Xero (§2).
 */
export const RESTRICTED_SCOPES: ReadonlySet<string> = new Set([
  'bankfeeds',
  'paymentservices',
  'accounting.reports.bankstatement.read',
]);

/** Splits a space-separated `scope` parameter, dropping empty entries and duplicates, keeping order. */
export function parseScopes(value: string | null | undefined): string[] {
  return [...new Set((value ?? '').split(' ').filter((s) => s.length > 0))];
}

/** `existing` followed by the scopes of `added` it lacks. */
export function mergeScopes(existing: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...existing, ...added])];
}
