/**
 * The Employee record (`/Employees/{EmployeeID}`), written from the employee's plan once the
 * pay runs have settled their leave balances.
 */
import { amount } from '../data/money.js';
import { toMsDate } from '../data/msdate.js';
import type { XeroRecord } from '../data/types.js';
import type { EmployeePlan } from './employees.js';
import type { PayItems } from './pay-items.js';

/** What the pay runs found out about an employee, for the record. */
export interface EmployeeOutcome {
  /** Leave balance per leave type, in ten-thousandths of hours. */
  readonly leaveBalances: ReadonlyMap<string, number>;
}

/** The Employee record, as `/Employees/{EmployeeID}` returns it. */
export function employeeRecord(plan: EmployeePlan, outcome: EmployeeOutcome, ctx: { payItems: PayItems }): XeroRecord {
  const p = plan.person;
  const d = plan.details;
  const ids = ctx.payItems.ids;
  const opening = plan.opening;
  return {
    EmployeeID: plan.id,
    Title: p.title,
    FirstName: p.first,
    ...(p.middle !== undefined ? { MiddleNames: p.middle } : {}),
    LastName: p.last,
    Status: plan.terminationMs !== undefined ? 'TERMINATED' : 'ACTIVE',
    Email: plan.email,
    DateOfBirth: toMsDate(plan.dobMs),
    JobTitle: plan.jobTitle,
    Gender: p.gender,
    HomeAddress: d.HomeAddress,
    Phone: d.Phone,
    Mobile: d.Mobile,
    StartDate: toMsDate(plan.startMs),
    ...(plan.terminationMs !== undefined ? { TerminationDate: toMsDate(plan.terminationMs), TerminationReason: 'V' } : {}),
    Classification: d.Classification,
    OrdinaryEarningsRateID: ids.ordinary,
    PayrollCalendarID: plan.calendar.id,
    UpdatedDateUTC: d.UpdatedDateUTC,
    ...(plan.group !== undefined ? { EmployeeGroupName: plan.group } : {}),
    IsAuthorisedToApproveLeave: d.IsAuthorisedToApproveLeave,
    IsAuthorisedToApproveTimesheets: d.IsAuthorisedToApproveTimesheets,
    IncomeType: 'SALARYANDWAGES',
    EmploymentType: 'EMPLOYEE',
    IsSTP2Qualified: true,
    TaxDeclaration: d.TaxDeclaration,
    BankAccounts: d.BankAccounts,
    OpeningBalances: {
      OpeningBalanceDate: toMsDate(opening?.dateMs ?? plan.startMs),
      ...(opening ? { Tax: (opening.taxCents / 100).toFixed(2) } : {}),
      EarningsLines: opening && opening.earningsCents > 0 ? [{ EarningsRateID: ids.ordinary, Amount: amount(opening.earningsCents) }] : [],
      DeductionLines: [],
      SuperLines:
        opening && opening.superCents > 0
          ? [{ SuperMembershipID: plan.superMembershipId, ContributionType: 'SGC', CalculationType: 'STATUTORY', Amount: amount(opening.superCents) }]
          : [],
      ReimbursementLines: [],
      LeaveLines: [...plan.openingLeave].map(([leaveTypeId, units]) => ({ LeaveTypeID: leaveTypeId, NumberOfUnits: units / 10_000 })),
      PaidLeaveEarningsLines: [],
    },
    PayTemplate: d.PayTemplate,
    SuperMemberships: d.SuperMemberships,
    LeaveBalances: [...outcome.leaveBalances].map(([leaveTypeId, units]) => ({
      LeaveName: ctx.payItems.leaveNames.get(leaveTypeId) ?? 'Leave',
      LeaveTypeID: leaveTypeId,
      NumberOfUnits: units / 10_000,
      TypeOfUnits: 'Hours',
    })),
  };
}
