/**
 * The names of the Payroll AU collections in `OrgData.payroll`, each holding records in exactly
 * the JSON a by-id GET returns (see index.ts for what each one holds).
 */

/** Collection names, shared by the generator and the routes. */
export const PAYROLL = {
  employees: 'Employees',
  leaveApplications: 'LeaveApplications',
  earningsRates: 'EarningsRates',
  deductionTypes: 'DeductionTypes',
  leaveTypes: 'LeaveTypes',
  reimbursementTypes: 'ReimbursementTypes',
  payrollCalendars: 'PayrollCalendars',
  payRuns: 'PayRuns',
  payslips: 'Payslips',
  settings: 'Settings',
  superFunds: 'SuperFunds',
  superFundProducts: 'SuperFundProducts',
  timesheets: 'Timesheets',
  timesheetsV2: 'TimesheetsV2',
} as const;

/** One of the collection names above. */
export type PayrollCollection = (typeof PAYROLL)[keyof typeof PAYROLL];
