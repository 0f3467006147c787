/**
 * Payroll settings (`/Settings`): the accounts payroll posts to, with the payroll account types
 * Xero reports for them, the tracking categories used for employee groups and timesheets, and
 * the payroll year.
 */
import type { XeroRecord } from '../data/types.js';
import type { AccountRef, PayrollAccounts } from './accounts.js';

/** The tracking categories payroll uses, when the organisation has them. */
export interface PayrollTracking {
  readonly employeeGroups?: { readonly id: string; readonly name: string; readonly options: readonly string[] };
  readonly timesheetCategories?: { readonly id: string; readonly name: string; readonly optionIds: readonly string[] };
}

/**
 * Picks the tracking categories: "Department" groups employees and "Region" tags timesheet
 * hours when the books have them; otherwise the first and the last active category.
 */
export function payrollTracking(categories: readonly XeroRecord[]): PayrollTracking {
  const active = categories.filter((c) => c.Status === 'ACTIVE');
  const groups = active.find((c) => c.Name === 'Department') ?? active[0];
  const timesheets = active.find((c) => c.Name === 'Region') ?? active[active.length - 1];
  const options = (c: XeroRecord): XeroRecord[] =>
    Array.isArray(c.Options) ? c.Options.filter((o): o is XeroRecord => !!o && typeof o === 'object' && !Array.isArray(o) && o.Status === 'ACTIVE') : [];
  return {
    ...(groups
      ? { employeeGroups: { id: String(groups.TrackingCategoryID), name: String(groups.Name), options: options(groups).map((o) => String(o.Name)) } }
      : {}),
    ...(timesheets
      ? {
          timesheetCategories: {
            id: String(timesheets.TrackingCategoryID),
            name: String(timesheets.Name),
            optionIds: options(timesheets).map((o) => String(o.TrackingOptionID)),
          },
        }
      : {}),
  };
}

/** The Settings object. */
export function settingsRecord(accounts: PayrollAccounts, tracking: PayrollTracking): XeroRecord {
  const account = (type: string, a: AccountRef): XeroRecord => ({ AccountID: a.id, Type: type, Code: a.code, Name: a.name });
  const category = (c: { id: string; name: string }): XeroRecord => ({ TrackingCategoryID: c.id, TrackingCategoryName: c.name });
  return {
    Accounts: [
      account('BANK', accounts.bank),
      account('WAGESPAYABLELIABILITY', accounts.wagesPayable),
      account('PAYGLIABILITY', accounts.paygLiability),
      account('SUPERANNUATIONEXPENSE', accounts.superExpense),
      account('SUPERANNUATIONLIABILITY', accounts.superLiability),
      account('WAGESEXPENSE', accounts.wagesExpense),
    ],
    TrackingCategories: {
      ...(tracking.employeeGroups ? { EmployeeGroups: category(tracking.employeeGroups) } : {}),
      ...(tracking.timesheetCategories ? { TimesheetCategories: category(tracking.timesheetCategories) } : {}),
    },
    // A string, as the spec's example shows, although its schema says integer: one of the spec's
    // documented self-contradictions (xero-api-endpoints.md appendix); the example is the wire.
    DaysInPayrollYear: '364',
    EmployeesAreSTP2: true,
  };
}
