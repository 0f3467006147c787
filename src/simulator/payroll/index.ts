/**
 * The Payroll AU API of the simulator (`/payroll.xro/1.0` and the v2 timesheets at
 * `/payroll.xro/2.0`, xero-api-endpoints.md §2): its data generator and its routes.
 *
 * `OrgData.payroll.collections` holds, for Australian organisations only:
 *
 * | collection | records, in the JSON of a by-id GET |
 * | --- | --- |
 * | `Employees` | Employee, full (tax declaration, bank accounts, pay template, opening and leave balances) |
 * | `LeaveApplications` | LeaveApplication with `LeavePeriods`, requested and rejected ones included (the `/v2` form) |
 * | `EarningsRates`, `DeductionTypes`, `LeaveTypes`, `ReimbursementTypes` | the four lists of the `/PayItems` object |
 * | `PayrollCalendars` | PayrollCalendar |
 * | `PayRuns` | PayRun with its `Payslips` summaries |
 * | `Payslips` | Payslip, full (the `Payslip` object of `/Payslip/{id}`) |
 * | `Settings` | the one Settings object |
 * | `SuperFunds` | SuperFund |
 * | `SuperFundProducts` | SuperFundProduct (the register `/SuperfundProducts` searches) |
 * | `Timesheets` | Timesheet, v1 shape (PascalCase, Microsoft JSON dates) |
 * | `TimesheetsV2` | the same timesheets in the v2 shape (camelCase, `2020-04-13T00:00:00` dates), same ids |
 *
 * v1 records use Microsoft JSON dates (`/Date(ms+0000)/`); amounts are JSON numbers to the cent
 * and add up exactly (see payslips.ts).
 */
import type { ApiRouteDef } from '../api.js';
import type { Random } from '../data/random.js';
import type { ApiData, OrgData } from '../data/types.js';
import { generatePayroll } from './generate.js';
import { createPayrollV1Routes } from './routes-v1.js';
import { createPayrollV2Routes } from './routes-v2.js';

export { PAYROLL } from './collections.js';

/**
 * Generates this API's records for one organisation from its Accounting books. Called for
 * Australian organisations only; the same seed gives the same payroll.
 */
export function generatePayrollData(org: OrgData, rnd: Random, scale: number): ApiData | undefined {
  return generatePayroll(org, rnd, scale);
}

/** Every GET route of this API (v1 and v2). */
export function createPayrollRoutes(): ApiRouteDef[] {
  return [...createPayrollV1Routes(), ...createPayrollV2Routes()];
}
