/**
 * One payslip: earnings, leave, tax, super, deductions and reimbursements for one employee in one
 * pay period, computed in integer cents so that the totals add up exactly:
 * `Wages` = the sum of the earnings, timesheet earnings and leave earnings lines,
 * `NetPay` = `Wages − Tax − Deductions + Reimbursements`, and `Super` = the super lines.
 *
 * Each earnings line carries its total as `Amount` (rate × units rounded to the cent; the spec's
 * EarningsLine has the field). Leave earnings lines have no amount field; theirs is the same
 * rounding of `RatePerUnit × NumberOfUnits`.
 */
import { amount } from '../data/money.js';
import { toMsDate } from '../data/msdate.js';
import type { Random } from '../data/random.js';
import type { XeroRecord } from '../data/types.js';
import type { PayrollAccounts } from './accounts.js';
import type { PayPeriod } from './calendars.js';
import type { EmployeePlan } from './employees.js';
import type { PayItems } from './pay-items.js';
import { paygWithholdingCents, superGuaranteeBp } from './tax.js';

/** What was worked and taken in the period. */
export interface PayslipInput {
  readonly id: string;
  readonly employee: EmployeePlan;
  readonly period: PayPeriod;
  /** Payslips of posted pay runs name the accounts they posted to; drafts do not yet. */
  readonly posted: boolean;
  /** Ordinary hours (from timesheets, or a salaried employee's normal hours less leave), hundredths. */
  readonly ordinary100: number;
  readonly overtime100: number;
  /** Hours paid from approved timesheets go to `TimesheetEarningsLines`. */
  readonly fromTimesheet: boolean;
  /** Paid leave taken, per leave type, in hundredths of hours. */
  readonly leave: ReadonlyMap<string, number>;
  readonly updatedMs: number;
}

/** The computed payslip. */
export interface PayslipResult {
  /** As `/Payslip/{PayslipID}` returns it. */
  readonly record: XeroRecord;
  /** As the pay run lists it. */
  readonly summary: XeroRecord;
  readonly totals: PayTotals;
  /** Leave accrued per leave type, in ten-thousandths of hours. */
  readonly accruals: ReadonlyMap<string, number>;
}

/** The money totals of a payslip or a pay run, in cents. */
export interface PayTotals {
  readonly wages: number;
  readonly deductions: number;
  readonly tax: number;
  readonly super: number;
  readonly reimbursements: number;
  readonly netPay: number;
}

/** `rate × units` in cents: rate in ten-thousandths of a dollar, units in hundredths. */
export function lineCents(rate10000: number, units100: number): number {
  return Math.round((rate10000 * units100) / 10_000);
}

const REIMBURSEMENTS = ['Parking - client visit', 'Taxi to airport', 'Train fares', 'Tolls', 'Site visit meals'] as const;

/** Computes one payslip. */
export function buildPayslip(rnd: Random, input: PayslipInput, payItems: PayItems, accounts: PayrollAccounts): PayslipResult {
  const e = input.employee;
  const ids = payItems.ids;
  const ppy = e.calendar.periodsPerYear === 26 ? 26 : 12;

  const earningsLines: XeroRecord[] = [];
  const timesheetLines: XeroRecord[] = [];
  let wages = 0;
  let ordinaryTime = 0; // earnings the super guarantee applies to
  const rateLine = (rateId: string, rate10000: number, units100: number): XeroRecord => {
    const cents = lineCents(rate10000, units100);
    wages += cents;
    return { EarningsRateID: rateId, RatePerUnit: rate10000 / 10_000, NumberOfUnits: units100 / 100, Amount: amount(cents) };
  };
  if (input.ordinary100 > 0) {
    const line = rateLine(ids.ordinary, e.rate10000, input.ordinary100);
    ordinaryTime += lineCents(e.rate10000, input.ordinary100);
    (input.fromTimesheet ? timesheetLines : earningsLines).push(line);
  }
  if (input.overtime100 > 0) {
    const rate = Math.round((e.rate10000 * ids.overtimeMultiple100) / 100);
    (input.fromTimesheet ? timesheetLines : earningsLines).push(rateLine(ids.overtime, rate, input.overtime100));
  }
  const fixedLine = (rateId: string, cents: number) => {
    wages += cents;
    ordinaryTime += cents;
    earningsLines.push({ EarningsRateID: rateId, FixedAmount: amount(cents), Amount: amount(cents) });
  };
  if (e.carAllowanceCents !== undefined) fixedLine(ids.carAllowance, e.carAllowanceCents);
  // Kilometres driven for work; the allowance is not ordinary time earnings, so no super.
  if (e.claimsKilometres && input.ordinary100 > 0) earningsLines.push(rateLine(ids.kilometreAllowance, ids.kilometreRate10000, rnd.int(40, 320) * 100));
  if (e.salaried && input.posted && rnd.chance(0.08)) fixedLine(ids.bonus, rnd.pick([50_000, 100_000, 150_000, 250_000]));

  const leaveLines: XeroRecord[] = [];
  let leaveHours100 = 0;
  for (const [, hours100] of input.leave) {
    const cents = lineCents(e.rate10000, hours100);
    wages += cents;
    ordinaryTime += cents;
    leaveHours100 += hours100;
    leaveLines.push({ EarningsRateID: ids.ordinary, RatePerUnit: e.rate10000 / 10_000, NumberOfUnits: hours100 / 100, PayOutType: 'DEFAULT' });
  }

  // Deductions come out only of a real pay (a casual with two short shifts keeps it all).
  let deductionItems = e.deductions;
  const deductionTotal = deductionItems.reduce((s, d) => s + d.cents, 0);
  if (wages < 4 * deductionTotal) deductionItems = [];
  const preTax = deductionItems.reduce((s, d) => s + (payItems.deductionInfo.get(d.typeId)?.reducesTax ? d.cents : 0), 0);
  const deductions = deductionItems.reduce((s, d) => s + d.cents, 0);
  const tax = paygWithholdingCents(wages - preTax, ppy, e.taxFreeThreshold, e.helpDebt);

  // The template's regular reimbursement, and now and then a one-off travel cost.
  const reimbursementLines: XeroRecord[] = [];
  let reimbursements = 0;
  const reimburse = (typeId: string, description: string, cents: number) => {
    reimbursements += cents;
    reimbursementLines.push({
      ReimbursementTypeID: typeId,
      Description: description,
      ...(input.posted ? { ExpenseAccount: accounts.reimbursementsExpense.code } : {}),
      Amount: amount(cents),
    });
  };
  if (wages > 0 && e.reimbursement) reimburse(e.reimbursement.typeId, e.reimbursement.description, e.reimbursement.cents);
  if (wages > 0 && rnd.chance(0.12)) reimburse(ids.travelCosts, rnd.pick(REIMBURSEMENTS), rnd.int(15, 180) * 100 + rnd.pick([0, 50, 95]));

  const sgBp = superGuaranteeBp(input.period.paymentMs);
  const superLine = (type: string, calc: string, bp: number): XeroRecord & { cents: number } => {
    const cents = Math.round((ordinaryTime * bp) / 10_000);
    return {
      SuperMembershipID: e.superMembershipId,
      ContributionType: type,
      CalculationType: calc,
      ExpenseAccountCode: accounts.superExpense.code,
      LiabilityAccountCode: accounts.superLiability.code,
      // Super goes to the fund on payday: "Payday Super" requires it from 1 July 2026, and this
      // employer paid it that way before (a quarterly due date would lie after "today").
      PaymentDateForThisPeriod: toMsDate(input.period.paymentMs),
      Percentage: bp / 100,
      Amount: amount(cents),
      cents,
    };
  };
  const supers = [superLine('SGC', 'STATUTORY', sgBp)];
  if (e.extraSuperBp !== undefined) supers.push(superLine('EMPLOYERADDITIONAL', 'PERCENTAGEOFEARNINGS', e.extraSuperBp));
  const superTotal = supers.reduce((s, l) => s + l.cents, 0);

  const accruals = new Map<string, number>();
  const paidHours100 = input.ordinary100 + leaveHours100;
  for (const a of e.accruals) {
    const units10000 =
      e.basis === 'FULLTIME'
        ? Math.round(((a.annualUnits100 * 100) / ppy) * Math.min(1, paidHours100 / e.calendar.fullTimeHours100))
        : Math.round((paidHours100 * a.annualUnits100) / 1976);
    if (units10000 > 0) accruals.set(a.leaveTypeId, units10000);
  }

  const netPay = wages - tax - deductions + reimbursements;
  const updated = toMsDate(input.updatedMs);
  const money = {
    Wages: amount(wages),
    Deductions: amount(deductions),
    Tax: amount(tax),
    Super: amount(superTotal),
    Reimbursements: amount(reimbursements),
    NetPay: amount(netPay),
  };
  const who = { EmployeeID: e.id, PayslipID: input.id, FirstName: e.person.first, LastName: e.person.last };
  const record: XeroRecord = {
    ...who,
    ...money,
    EarningsLines: earningsLines,
    LeaveEarningsLines: leaveLines,
    TimesheetEarningsLines: timesheetLines,
    DeductionLines: deductionItems.map((d) => ({ DeductionTypeID: d.typeId, CalculationType: 'FIXEDAMOUNT', Amount: amount(d.cents) })),
    LeaveAccrualLines: [...accruals].map(([leaveTypeId, units]) => ({ LeaveTypeID: leaveTypeId, NumberOfUnits: units / 10_000, AutoCalculate: true })),
    ReimbursementLines: reimbursementLines,
    SuperannuationLines: supers.map(({ cents: _cents, ...line }) => line),
    TaxLines: [
      {
        PayslipTaxLineID: rnd.guid(),
        TaxTypeName: 'PAYG Tax',
        Description: e.taxFreeThreshold ? 'Tax free threshold claimed (Australian resident)' : 'No tax free threshold (Australian resident)',
        Amount: amount(tax),
        ...(input.posted ? { LiabilityAccount: accounts.paygLiability.code } : {}),
      },
    ],
    UpdatedDateUTC: updated,
  };
  const summary: XeroRecord = {
    ...who,
    ...(e.group !== undefined ? { EmployeeGroup: e.group } : {}),
    ...money,
    UpdatedDateUTC: updated,
  };
  return { record, summary, totals: { wages, deductions, tax, super: superTotal, reimbursements, netPay }, accruals };
}
