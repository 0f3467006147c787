/**
 * Pay items (`/PayItems`): the earnings rates, deduction types, leave types and reimbursement
 * types of an Australian payroll, modelled on the ones Xero sets up for a new AU organisation
 * (the spec's `/PayItems` example: Ordinary Hours, Overtime Hours (exempt from super), Union
 * Fees/Subscriptions, Annual Leave, Travel Costs, ...), each pointing at a real account code.
 */
import { toMsDate } from '../data/msdate.js';
import type { Random } from '../data/random.js';
import type { XeroRecord } from '../data/types.js';
import type { PayrollAccounts } from './accounts.js';

/** The ids the rest of the generator pays with. */
export interface PayItemIds {
  readonly ordinary: string;
  readonly overtime: string;
  /** Overtime is paid at this multiple of the ordinary rate, in hundredths. */
  readonly overtimeMultiple100: number;
  readonly carAllowance: string;
  /** The per-kilometre travel allowance, and its rate in ten-thousandths of a dollar. */
  readonly kilometreAllowance: string;
  readonly kilometreRate10000: number;
  /** A fixed car allowance per pay period, in cents, for a fortnight (monthly pays 13/6 of it). */
  readonly carAllowanceFortnightCents: number;
  readonly bonus: string;
  readonly unionFees: string;
  readonly workplaceGiving: string;
  readonly travelCosts: string;
  readonly otherReimbursable: string;
  readonly annualLeave: string;
  readonly personalLeave: string;
  readonly longServiceLeave: string;
}

/** A deduction type's tax treatment, which the payslip arithmetic needs. */
export interface DeductionTypeInfo {
  readonly id: string;
  readonly reducesTax: boolean;
}

/** The four lists of `/PayItems` and the ids the generator uses. */
export interface PayItems {
  readonly ids: PayItemIds;
  readonly earningsRates: XeroRecord[];
  readonly deductionTypes: XeroRecord[];
  readonly leaveTypes: XeroRecord[];
  readonly reimbursementTypes: XeroRecord[];
  readonly deductionInfo: ReadonlyMap<string, DeductionTypeInfo>;
  /** Leave type id to its name, for employees' `LeaveBalances`. */
  readonly leaveNames: ReadonlyMap<string, string>;
}

/**
 * Creates the pay items. `setupMs` is when payroll was set up; a few items were edited later,
 * before `lastEditMs`.
 */
export function createPayItems(rnd: Random, accounts: PayrollAccounts, setupMs: number, lastEditMs: number): PayItems {
  const stamp = (edited: boolean) => toMsDate(edited ? rnd.int(setupMs, lastEditMs) : setupMs + rnd.int(0, 3_600_000));
  const wages = accounts.wagesExpense.code;
  const earning = (fields: XeroRecord): XeroRecord => ({
    EarningsRateID: rnd.guid(),
    ...fields,
    AccountCode: wages,
    UpdatedDateUTC: stamp(rnd.chance(0.25)),
    CurrentRecord: true,
  });
  const flags = (tax: boolean, superExempt: boolean, w1: boolean, qualifying: boolean) => ({
    IsExemptFromTax: tax,
    IsExemptFromSuper: superExempt,
    IsReportableAsW1: w1,
    IsQualifyingEarnings: qualifying,
    AllowanceContributesToAnnualLeaveRate: false,
    AllowanceContributesToOvertimeRate: false,
  });
  const ordinary = earning({ Name: 'Ordinary Hours', EarningsType: 'ORDINARYTIMEEARNINGS', RateType: 'RATEPERUNIT', TypeOfUnits: 'Hours', ...flags(false, false, true, true) });
  const overtime = earning({
    Name: 'Overtime Hours (exempt from super)',
    EarningsType: 'OVERTIMEEARNINGS',
    RateType: 'MULTIPLE',
    Multiplier: 1.5,
    AccrueLeave: false,
    ...flags(false, true, true, false),
  });
  const car = earning({
    Name: 'Car Allowance',
    EarningsType: 'ALLOWANCE',
    RateType: 'FIXEDAMOUNT',
    Amount: 120,
    AllowanceType: 'CAR',
    AllowanceCategory: 'PRIVATEVEHICLE',
    ...flags(false, false, true, true),
  });
  const kilometres = earning({
    Name: 'Travel Allowance (per km)',
    EarningsType: 'ALLOWANCE',
    RateType: 'RATEPERUNIT',
    TypeOfUnits: 'km',
    // The spec declares RatePerUnit a string, but its own example (and Xero) send a number
    // (xero-api-endpoints.md appendix); the number is what the wire carries.
    RatePerUnit: 0.88,
    AllowanceType: 'TRAVEL',
    AllowanceCategory: 'TRANSPORT',
    ...flags(false, true, true, false),
  });
  const bonus = earning({ Name: 'Bonus', EarningsType: 'BONUSESANDCOMMISSIONS', RateType: 'FIXEDAMOUNT', ...flags(false, false, true, true) });
  const redundancy = earning({ Name: 'Redundancy', EarningsType: 'LUMPSUMD', RateType: 'FIXEDAMOUNT', ...flags(true, true, true, false) });
  const etp = earning({
    Name: 'ETP Leave Earning',
    EarningsType: 'EMPLOYMENTTERMINATIONPAYMENT',
    RateType: 'RATEPERUNIT',
    TypeOfUnits: 'Hours',
    EmploymentTerminationPaymentType: 'O',
    ...flags(false, true, true, false),
  });

  const deduction = (name: string, category: string, reducesTax: boolean): XeroRecord => ({
    DeductionTypeID: rnd.guid(),
    DeductionCategory: category,
    Name: name,
    AccountCode: accounts.deductionsLiability.code,
    ReducesTax: reducesTax,
    ReducesSuper: false,
    IsExemptFromW1: false,
    UpdatedDateUTC: stamp(false),
    CurrentRecord: true,
  });
  const union = deduction('Union Fees/Subscriptions', 'UNIONFEES', false);
  const giving = deduction('Workplace Giving', 'WORKPLACEGIVING', true);
  const lease = deduction('Lease Payments', 'NONE', true);

  const leave = (name: string, code: string | undefined, fields: XeroRecord): XeroRecord => ({
    LeaveTypeID: rnd.guid(),
    Name: name,
    TypeOfUnits: 'Hours',
    ...fields,
    UpdatedDateUTC: stamp(false),
    CurrentRecord: true,
    ...(code ? { LeaveCategoryCode: code } : {}),
  });
  const annual = leave('Annual Leave', 'ANNUALLEAVE', {
    NormalEntitlement: 152,
    LeaveLoadingRate: 17.5,
    IsPaidLeave: true,
    ShowOnPayslip: true,
    SGCExempt: false,
    IsQualifyingEarnings: true,
  });
  const personal = leave("Personal/Carer's Leave", 'PERSONALSICKCARERSLEAVE', {
    NormalEntitlement: 76,
    IsPaidLeave: true,
    ShowOnPayslip: true,
    SGCExempt: false,
    IsQualifyingEarnings: true,
  });
  const longService = leave('Long Service Leave', 'LONGSERVICELEAVE', { IsPaidLeave: true, ShowOnPayslip: false, SGCExempt: false, IsQualifyingEarnings: true });
  const compassionate = leave('Compassionate Leave (paid)', 'COMPASSIONATEANDBEREAVEMENTLEAVE', {
    IsPaidLeave: true,
    ShowOnPayslip: false,
    SGCExempt: false,
    IsQualifyingEarnings: true,
  });
  const parental = leave('Parental Leave (unpaid)', undefined, { IsPaidLeave: false, ShowOnPayslip: false, SGCExempt: false, IsQualifyingEarnings: false });

  const reimbursement = (name: string): XeroRecord => ({
    ReimbursementTypeID: rnd.guid(),
    Name: name,
    AccountCode: accounts.reimbursementsExpense.code,
    UpdatedDateUTC: stamp(false),
    CurrentRecord: true,
  });
  const travel = reimbursement('Travel Costs');
  const other = reimbursement('Other Reimbursable Costs');

  const id = (r: XeroRecord, key: string) => String(r[key]);
  const deductionTypes = [union, giving, lease];
  const leaveTypes = [annual, personal, longService, compassionate, parental];
  return {
    ids: {
      ordinary: id(ordinary, 'EarningsRateID'),
      overtime: id(overtime, 'EarningsRateID'),
      overtimeMultiple100: 150,
      carAllowance: id(car, 'EarningsRateID'),
      carAllowanceFortnightCents: 12_000,
      kilometreAllowance: id(kilometres, 'EarningsRateID'),
      kilometreRate10000: 8800,
      bonus: id(bonus, 'EarningsRateID'),
      unionFees: id(union, 'DeductionTypeID'),
      workplaceGiving: id(giving, 'DeductionTypeID'),
      travelCosts: id(travel, 'ReimbursementTypeID'),
      otherReimbursable: id(other, 'ReimbursementTypeID'),
      annualLeave: id(annual, 'LeaveTypeID'),
      personalLeave: id(personal, 'LeaveTypeID'),
      longServiceLeave: id(longService, 'LeaveTypeID'),
    },
    earningsRates: [ordinary, overtime, car, kilometres, bonus, redundancy, etp],
    deductionTypes,
    leaveTypes,
    reimbursementTypes: [travel, other],
    deductionInfo: new Map(deductionTypes.map((d) => [id(d, 'DeductionTypeID'), { id: id(d, 'DeductionTypeID'), reducesTax: d.ReducesTax === true }])),
    leaveNames: new Map(leaveTypes.map((l) => [id(l, 'LeaveTypeID'), String(l.Name)])),
  };
}
