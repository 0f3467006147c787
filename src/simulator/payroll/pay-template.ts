/**
 * An employee's pay template (`PayTemplate` of `/Employees/{id}`): the earnings, deductions,
 * super and leave lines of a normal pay.
 */
import { amount } from '../data/money.js';
import type { XeroRecord } from '../data/types.js';
import type { PayrollAccounts } from './accounts.js';
import type { EmployeePlan } from './employees.js';
import type { PayItemIds } from './pay-items.js';

/** The employee's pay template: what a normal pay holds. */
export function payTemplate(plan: EmployeePlan, ids: PayItemIds, accounts: PayrollAccounts, longService: boolean): XeroRecord {
  const earnings: XeroRecord[] = [];
  if (plan.annualSalaryCents !== undefined) {
    earnings.push({ EarningsRateID: ids.ordinary, CalculationType: 'ANNUALSALARY', AnnualSalary: amount(plan.annualSalaryCents), NumberOfUnitsPerWeek: 38 });
  } else {
    const weekly = (plan.workDays.length * plan.hoursPerDay100) / 100;
    earnings.push({
      EarningsRateID: ids.ordinary,
      CalculationType: 'ENTEREARNINGSRATE',
      RatePerUnit: plan.rate10000 / 10_000,
      ...(plan.basis !== 'CASUAL' ? { NumberOfUnitsPerWeek: weekly } : {}),
    });
  }
  if (plan.carAllowanceCents !== undefined) earnings.push({ EarningsRateID: ids.carAllowance, FixedAmount: amount(plan.carAllowanceCents) });
  const superLines: XeroRecord[] = [
    {
      SuperMembershipID: plan.superMembershipId,
      ContributionType: 'SGC',
      CalculationType: 'STATUTORY',
      ExpenseAccountCode: accounts.superExpense.code,
      LiabilityAccountCode: accounts.superLiability.code,
    },
  ];
  if (plan.extraSuperBp !== undefined) {
    superLines.push({
      SuperMembershipID: plan.superMembershipId,
      ContributionType: 'EMPLOYERADDITIONAL',
      CalculationType: 'PERCENTAGEOFEARNINGS',
      Percentage: plan.extraSuperBp / 100,
      ExpenseAccountCode: accounts.superExpense.code,
      LiabilityAccountCode: accounts.superLiability.code,
    });
  }
  const leaveLines: XeroRecord[] = plan.accruals.map((a) => ({
    LeaveTypeID: a.leaveTypeId,
    CalculationType: plan.basis === 'FULLTIME' ? 'FIXEDAMOUNTEACHPERIOD' : 'BASEDONORDINARYEARNINGS',
    AnnualNumberOfUnits: a.annualUnits100 / 100,
    ...(plan.basis === 'FULLTIME' ? {} : { FullTimeNumberOfUnitsPerPeriod: plan.calendar.fullTimeHours100 / 100 }),
    EntitlementFinalPayPayoutType: a.leaveTypeId === ids.annualLeave ? 'PAIDOUT' : 'NOTPAIDOUT',
    IsQualifyingEarnings: true,
  }));
  if (longService) {
    leaveLines.push({ LeaveTypeID: ids.longServiceLeave, CalculationType: 'NOCALCULATIONREQUIRED', EntitlementFinalPayPayoutType: 'PAIDOUT', IsQualifyingEarnings: true });
  }
  return {
    EarningsLines: earnings,
    DeductionLines: plan.deductions.map((d) => ({ DeductionTypeID: d.typeId, CalculationType: 'FIXEDAMOUNT', Amount: amount(d.cents) })),
    SuperLines: superLines,
    ReimbursementLines: plan.reimbursement
      ? [{ ReimbursementTypeID: plan.reimbursement.typeId, Description: plan.reimbursement.description, Amount: amount(plan.reimbursement.cents) }]
      : [],
    LeaveLines: leaveLines,
  };
}
