/**
 * Employees: who is on the payroll and how each one is paid. A plan per employee holds the facts
 * the pay runs, timesheets and leave need (calendar, rate, hours, template lines); the Employee
 * record itself is written last, once leave balances are known (employee-record.ts).
 *
 * Employees take turns through a fixed pattern of roles so that even the smallest payroll shows
 * every case: salaried staff on the monthly calendar, full-time, part-time and casual staff paid
 * by the hour from timesheets on the fortnightly one, a new starter and a leaver.
 */
import { toMsDate } from '../data/msdate.js';
import type { Random } from '../data/random.js';
import type { XeroRecord } from '../data/types.js';
import type { PayrollAccounts } from './accounts.js';
import type { CalendarInfo } from './calendars.js';
import { addDays, isWeekday } from './dates.js';
import type { PayItems } from './pay-items.js';
import { payTemplate } from './pay-template.js';
import { bankAccounts, emailFor, homeAddress, landline, mobile, person, taxFileNumber, type Person } from './people.js';
import type { SuperFunds } from './super-funds.js';

/** How an employee is engaged. */
export type Basis = 'FULLTIME' | 'PARTTIME' | 'CASUAL';

/** A leave type the employee accrues, and how much a full year gives, in hundredths of hours. */
export interface Accrual {
  readonly leaveTypeId: string;
  readonly annualUnits100: number;
}

/** Everything about one employee the payroll needs. */
export interface EmployeePlan {
  readonly id: string;
  readonly person: Person;
  readonly email: string;
  readonly dobMs: number;
  readonly startMs: number;
  /** Last day of employment, for the leaver. */
  readonly terminationMs?: number;
  readonly basis: Basis;
  /** Salaried staff are paid a twelfth of their salary a month; the others by the hour. */
  readonly salaried: boolean;
  readonly calendar: CalendarInfo;
  readonly annualSalaryCents?: number;
  /** Hourly rate in ten-thousandths of a dollar (salaried: salary over 1976 hours). */
  readonly rate10000: number;
  /** Normal hours of a working day, in hundredths. */
  readonly hoursPerDay100: number;
  /** Days of the week worked (1 = Monday); casual staff are rostered day by day instead. */
  readonly workDays: readonly number[];
  readonly jobTitle: string;
  readonly group?: string;
  /** Timesheet tracking option (Settings' TimesheetCategories) the employee's hours go to. */
  readonly trackingItemId?: string;
  readonly taxFreeThreshold: boolean;
  readonly helpDebt: boolean;
  /** Fixed deductions each pay, in cents. */
  readonly deductions: readonly { readonly typeId: string; readonly cents: number }[];
  /** A fixed car allowance each pay, in cents. */
  readonly carAllowanceCents?: number;
  /** Drives their own car for work and claims the kilometre allowance. */
  readonly claimsKilometres: boolean;
  /** A cost reimbursed every pay (a work phone), from the pay template. */
  readonly reimbursement?: { readonly typeId: string; readonly description: string; readonly cents: number };
  /** An employer contribution on top of the guarantee, in basis points of ordinary earnings. */
  readonly extraSuperBp?: number;
  readonly superMembershipId: string;
  readonly accruals: readonly Accrual[];
  /** Leave balances brought in when payroll started, in ten-thousandths of hours. */
  readonly openingLeave: ReadonlyMap<string, number>;
  /** The date payroll took the employee on in Xero, and their year-to-date figures then. */
  readonly opening?: { readonly dateMs: number; readonly earningsCents: number; readonly taxCents: number; readonly superCents: number };
  /** Rest of the record's details, fixed at creation. */
  readonly details: XeroRecord;
}

type Role = { readonly basis: Basis; readonly salaried: boolean };
const SALARIED: Role = { basis: 'FULLTIME', salaried: true };
const FULL: Role = { basis: 'FULLTIME', salaried: false };
const PART: Role = { basis: 'PARTTIME', salaried: false };
const CASUAL: Role = { basis: 'CASUAL', salaried: false };
/** The turn-taking pattern: three salaried, four full-time, two part-time and one casual in ten. */
const ROLES: readonly Role[] = [SALARIED, FULL, PART, SALARIED, FULL, CASUAL, FULL, SALARIED, PART, FULL];

const SALARIED_JOBS: readonly (readonly [string, string])[] = [
  ['Operations Manager', 'Administration'],
  ['Sales Manager', 'Sales'],
  ['Accountant', 'Administration'],
  ['Account Manager', 'Sales'],
  ['Installations Supervisor', 'Installations'],
];
const HOURLY_JOBS: readonly (readonly [string, string])[] = [
  ['Installer', 'Installations'],
  ['Delivery Driver', 'Installations'],
  ['Sales Assistant', 'Sales'],
  ['Customer Service Officer', 'Sales'],
  ['Receptionist', 'Administration'],
  ['Warehouse Assistant', 'Installations'],
];

/** What employee generation needs from the rest of the payroll. */
export interface EmployeeContext {
  readonly rnd: Random;
  readonly count: number;
  readonly asOfMs: number;
  readonly windowStartMs: number;
  readonly setupMs: number;
  readonly fortnightly: CalendarInfo;
  readonly monthly: CalendarInfo;
  readonly payItems: PayItems;
  readonly accounts: PayrollAccounts;
  readonly superFunds: SuperFunds;
  /** Active options of the employee-group tracking category, by name. */
  readonly groups: readonly string[];
  /** Active option ids of the timesheet tracking category. */
  readonly timesheetOptions: readonly string[];
  readonly emailDomain: string;
}

/** Plans `count` employees. */
export function planEmployees(ctx: EmployeeContext): EmployeePlan[] {
  const taken = new Set<string>();
  const plans: EmployeePlan[] = [];
  for (let i = 0; i < ctx.count; i++) plans.push(planEmployee(ctx, ctx.rnd.fork(`employee:${i}`), i, taken));
  return plans;
}

function planEmployee(ctx: EmployeeContext, rnd: Random, index: number, taken: Set<string>): EmployeePlan {
  const role = ROLES[index % ROLES.length] as Role;
  // The first employee (a salaried manager) pays into their family's self-managed super fund.
  const ownsSmsf = index === 0;
  const p = ownsSmsf ? { ...person(rnd), last: ctx.superFunds.smsfFamily } : person(rnd);
  const calendar = role.salaried ? ctx.monthly : ctx.fortnightly;
  const [jobTitle, wantedGroup] = rnd.pick(role.salaried ? SALARIED_JOBS : HOURLY_JOBS);
  const group = ctx.groups.includes(wantedGroup) ? wantedGroup : ctx.groups.length > 0 ? rnd.pick(ctx.groups) : undefined;

  // A new starter every 20 and a leaver every 25 (the 8th and the 5th of a small payroll).
  const newStarter = index % 20 === 7;
  const leaver = index % 25 === 4;
  const startMs = newStarter
    ? weekdayOnOrAfter(addDays(ctx.windowStartMs, rnd.int(40, 100)))
    : weekdayOnOrAfter(addDays(ctx.windowStartMs, -rnd.int(60, 365 * 9)));
  const terminationMs = leaver ? weekdayOnOrAfter(addDays(ctx.windowStartMs, rnd.int(60, 140))) : undefined;
  const dobMs = addDays(startMs, -rnd.int(19 * 365, 58 * 365));

  let workDays: number[] = [1, 2, 3, 4, 5];
  let hoursPerDay100 = 760;
  if (role.basis === 'PARTTIME') {
    workDays = rnd.pick([
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 5],
      [1, 2, 4, 5],
      [1, 3, 5],
    ]);
    hoursPerDay100 = rnd.pick([600, 700, 760]);
  } else if (role.basis === 'CASUAL') {
    workDays = [];
    hoursPerDay100 = 0;
  }

  const annualSalaryCents = role.salaried ? rnd.int(75, 140) * 1000 * 100 : undefined;
  // Casual rates carry the 25% casual loading.
  const hourlyDollars100 = role.basis === 'CASUAL' ? rnd.int(3600, 4900) : role.basis === 'PARTTIME' ? rnd.int(3000, 4200) : rnd.int(3200, 4800);
  const rate10000 = annualSalaryCents !== undefined ? Math.round((annualSalaryCents * 100) / 1976) : hourlyDollars100 * 100;

  const ids = ctx.payItems.ids;
  const deductions: { typeId: string; cents: number }[] = [];
  const perPeriod = (fortnightCents: number) => (calendar.kind === 'MONTHLY' ? Math.round((fortnightCents * 26) / 12) : fortnightCents);
  if (rnd.chance(0.3)) deductions.push({ typeId: ids.unionFees, cents: perPeriod(rnd.pick([1450, 1800, 2250])) });
  if (rnd.chance(0.2)) deductions.push({ typeId: ids.workplaceGiving, cents: perPeriod(rnd.pick([1000, 2000, 2500])) });
  const carAllowanceCents = role.salaried && rnd.chance(0.5) ? perPeriod(ids.carAllowanceFortnightCents) : undefined;
  const extraSuperBp = role.salaried && rnd.chance(0.35) ? 300 : undefined;
  // Every fourth employee is reimbursed for a work phone each pay.
  const reimbursement = index % 4 === 1 ? { typeId: ids.otherReimbursable, description: 'Mobile phone', cents: perPeriod(rnd.pick([2500, 3000, 4500])) } : undefined;

  const accruals: Accrual[] =
    role.basis === 'CASUAL'
      ? []
      : [
          { leaveTypeId: ids.annualLeave, annualUnits100: 15200 },
          { leaveTypeId: ids.personalLeave, annualUnits100: 7600 },
        ];
  const fte = role.basis === 'PARTTIME' ? (workDays.length * hoursPerDay100) / 3800 : role.basis === 'CASUAL' ? 0 : 1;
  const openingLeave = new Map<string, number>();
  const longService = role.basis !== 'CASUAL' && startMs < addDays(ctx.windowStartMs, -7 * 365);
  if (!newStarter && role.basis !== 'CASUAL') {
    openingLeave.set(ids.annualLeave, Math.round(rnd.int(1600, 15200) * fte) * 100);
    openingLeave.set(ids.personalLeave, Math.round(rnd.int(800, 7600) * fte) * 100);
    if (longService) openingLeave.set(ids.longServiceLeave, rnd.int(2000, 20000) * 100);
  }

  const id = rnd.guid();
  const superMembershipId = rnd.guid();
  const fundId = ownsSmsf ? ctx.superFunds.smsfId : rnd.weighted(ctx.superFunds.regulatedIds.map((f, i) => [f, i === 0 ? 2 : 1] as const));
  const timesheetItem = !role.salaried && group === 'Installations' && ctx.timesheetOptions.length > 0 ? rnd.pick(ctx.timesheetOptions) : undefined;
  const taxFreeThreshold = rnd.chance(0.9);
  const helpDebt = rnd.chance(0.2);
  const onboardMs = Math.max(ctx.setupMs, startMs) + rnd.int(3_600_000, 8 * 3_600_000);

  const plan = {
    id,
    person: p,
    email: emailFor(p, ctx.emailDomain, taken),
    dobMs,
    startMs,
    ...(terminationMs !== undefined ? { terminationMs } : {}),
    basis: role.basis,
    salaried: role.salaried,
    calendar,
    ...(annualSalaryCents !== undefined ? { annualSalaryCents } : {}),
    rate10000,
    hoursPerDay100,
    workDays,
    jobTitle,
    ...(group !== undefined ? { group } : {}),
    ...(timesheetItem !== undefined ? { trackingItemId: timesheetItem } : {}),
    taxFreeThreshold,
    helpDebt,
    deductions,
    ...(carAllowanceCents !== undefined ? { carAllowanceCents } : {}),
    ...(extraSuperBp !== undefined ? { extraSuperBp } : {}),
    ...(reimbursement !== undefined ? { reimbursement } : {}),
    // Installers and drivers use their own cars between jobs (and one hourly employee in ten always does).
    claimsKilometres: !role.salaried && (group === 'Installations' || index % 10 === 1),
    superMembershipId,
    accruals,
    openingLeave,
  };
  const opening = newStarter ? undefined : openingFigures(plan);
  const details: XeroRecord = {
    Phone: landline(rnd),
    Mobile: mobile(rnd),
    HomeAddress: homeAddress(rnd),
    Classification: role.salaried ? 'Award free' : rnd.pick(['Clerks Award Level 2', 'Storage Services Award Grade 2', 'General Retail Award Level 3']),
    IsAuthorisedToApproveLeave: role.salaried && jobTitle.includes('Manager'),
    IsAuthorisedToApproveTimesheets: role.salaried && /Manager|Supervisor/.test(jobTitle),
    TaxDeclaration: {
      EmployeeID: id,
      EmploymentBasis: role.basis,
      TaxFileNumber: taxFileNumber(rnd),
      AustralianResidentForTaxPurposes: true,
      ResidencyStatus: 'AUSTRALIANRESIDENT',
      TaxScaleType: 'REGULAR',
      TaxFreeThresholdClaimed: taxFreeThreshold,
      HasHELPDebt: helpDebt,
      HasSFSSDebt: false,
      HasTradeSupportLoanDebt: false,
      HasStudentStartupLoan: false,
      HasLoanOrStudentDebt: helpDebt,
      EligibleToReceiveLeaveLoading: false,
      IncludeLeaveLoadingInQualifyingEarnings: false,
      UpdatedDateUTC: toMsDate(onboardMs),
    },
    BankAccounts: bankAccounts(rnd, p),
    SuperMemberships: [{ SuperMembershipID: superMembershipId, SuperFundID: fundId, EmployeeNumber: String(rnd.int(100_000, 9_999_999)) }],
    PayTemplate: payTemplate({ ...plan, ...(opening ? { opening } : {}), details: {} }, ctx.payItems.ids, ctx.accounts, longService),
    // Onboarding wrote the record; a later edit (a new address, a pay rise) touched a few again.
    UpdatedDateUTC: toMsDate(
      terminationMs !== undefined
        ? addDays(terminationMs, 1) + rnd.int(3_600_000, 8 * 3_600_000)
        : rnd.chance(0.4)
          ? rnd.int(onboardMs, addDays(ctx.asOfMs, -1))
          : onboardMs,
    ),
  };
  return { ...plan, ...(opening ? { opening } : {}), details };
}

/** The next Monday-to-Friday day at or after `ms`. */
function weekdayOnOrAfter(ms: number): number {
  let d = ms;
  while (!isWeekday(d)) d = addDays(d, 1);
  return d;
}

/**
 * Year-to-date figures when payroll started in Xero (the day before the employee's first pay
 * period): the pay since 1 July, or since they started, at their normal rate.
 */
function openingFigures(plan: Omit<EmployeePlan, 'details' | 'opening'>): EmployeePlan['opening'] {
  const first = plan.calendar.periods[0];
  if (!first) return undefined;
  const dateMs = addDays(first.startMs, -1);
  const d = new Date(dateMs);
  const fyStart = Date.UTC(d.getUTCMonth() >= 6 ? d.getUTCFullYear() : d.getUTCFullYear() - 1, 6, 1);
  const fromMs = Math.max(fyStart, plan.startMs);
  const days = Math.max(0, Math.round((dateMs - fromMs) / 86_400_000));
  const yearlyCents =
    plan.annualSalaryCents ?? Math.round((plan.rate10000 / 100) * (plan.basis === 'CASUAL' ? 1000 : (plan.workDays.length * plan.hoursPerDay100 * 52) / 100));
  const earningsCents = Math.round((yearlyCents * days) / 365);
  // About a fifth in tax and the guarantee rate in super: opening figures are typed in, not computed.
  const taxCents = Math.round(earningsCents * (plan.taxFreeThreshold ? 0.2 : 0.27) / 100) * 100;
  const superCents = Math.round((earningsCents * 1150) / 10_000);
  return { dateMs, earningsCents, taxCents, superCents };
}
