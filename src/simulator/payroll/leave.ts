/**
 * Leave applications. Staff with leave entitlements (not casuals) take some annual and personal
 * leave in the posted pay periods (paid in those pays: PROCESSED), some have leave booked after
 * "today" (SCHEDULED), and a few have requests not yet approved (REQUESTED) or turned down
 * (REJECTED). `/LeaveApplications` lists only approved leave; `/LeaveApplications/v2` lists the
 * requests too (see routes-v1.ts).
 */
import { toMsDate } from '../data/msdate.js';
import type { Random } from '../data/random.js';
import type { XeroRecord } from '../data/types.js';
import { addDays, DAY_MS } from './dates.js';
import type { EmployeePlan } from './employees.js';
import type { PayItemIds } from './pay-items.js';

/** Where an application stands. */
export type LeaveState = 'processed' | 'scheduled' | 'requested' | 'rejected';

/** One planned application. */
export interface LeavePlan {
  readonly id: string;
  readonly employee: EmployeePlan;
  readonly leaveTypeId: string;
  readonly title: string;
  readonly description?: string;
  /** The working days of leave, ascending UTC midnights. */
  readonly days: readonly number[];
  readonly hours100PerDay: number;
  readonly state: LeaveState;
  /** When it was applied for. */
  readonly createdMs: number;
}

/** Paid leave taken on one day. */
export interface LeaveDay {
  readonly leaveTypeId: string;
  readonly hours100: number;
}

/** The applications and, per employee, the leave they took in posted pay periods. */
export interface LeaveBook {
  readonly applications: readonly LeavePlan[];
  /** Leave taken (processed) by an employee on a day. */
  takenOn(employeeId: string, dayMs: number): LeaveDay | undefined;
}

const ANNUAL_TITLES = ['Annual leave', 'Family holiday', 'Trip to Queensland', 'Long weekend away', 'School holidays'] as const;
const PERSONAL_TITLES = ['Sick leave', 'Medical appointment', "Carer's leave"] as const;

/**
 * Plans leave for every employee with entitlements. `postedRangeOf` gives the first and last
 * day of the employee's posted pay periods and `upcomingStartOf` the first day after their pay
 * runs; nothing but booked leave is dated after `asOfMs`.
 */
export function planLeave(
  rnd: Random,
  employees: readonly EmployeePlan[],
  ids: PayItemIds,
  asOfMs: number,
  postedRangeOf: (e: EmployeePlan) => { readonly fromMs: number; readonly toMs: number },
  upcomingStartOf: (e: EmployeePlan) => number,
): LeaveBook {
  const applications: LeavePlan[] = [];
  const taken = new Map<string, Map<number, LeaveDay>>();
  let staying = 0;
  for (const e of employees) {
    if (e.basis === 'CASUAL') continue;
    const r = rnd.fork(`leave:${e.id}`);
    const used = new Set<number>();
    const hours = e.hoursPerDay100;
    const posted = postedRangeOf(e);
    const takenSoFar = new Map<string, number>();
    const add = (state: LeaveState, fromMs: number, toMs: number, annual: boolean) => {
      const leaveTypeId = annual ? ids.annualLeave : ids.personalLeave;
      let length = annual ? r.int(2, 8) : r.int(1, 2);
      if (state === 'processed') {
        // Nobody takes more leave than they have: what they brought in plus what had accrued
        // by the end of the posted periods, less what they already took.
        const available = balanceAt(e, leaveTypeId, posted.fromMs, toMs) - (takenSoFar.get(leaveTypeId) ?? 0);
        length = Math.min(length, Math.floor(available / hours));
        if (length < 1) return;
      }
      const days = pickDays(r, e, fromMs, toMs, length, used);
      if (!days) return;
      if (state === 'processed') takenSoFar.set(leaveTypeId, (takenSoFar.get(leaveTypeId) ?? 0) + days.length * hours);
      const first = days[0] as number;
      const title = annual ? r.pick(ANNUAL_TITLES) : r.pick(PERSONAL_TITLES);
      const createdMs =
        state === 'processed'
          ? Math.max(e.startMs, first - r.int(3, 40) * DAY_MS) + r.int(8, 17) * 3_600_000
          : asOfMs - r.int(1, 30) * DAY_MS + r.int(8, 17) * 3_600_000;
      applications.push({
        id: r.guid(),
        employee: e,
        leaveTypeId,
        title,
        ...(r.chance(0.3) ? { description: annual ? 'Approved by manager' : 'Certificate provided' } : {}),
        days,
        hours100PerDay: hours,
        state,
        createdMs,
      });
      if (state === 'processed') {
        let byDay = taken.get(e.id);
        if (!byDay) taken.set(e.id, (byDay = new Map()));
        for (const d of days) byDay.set(d, { leaveTypeId, hours100: hours });
      }
    };
    // Taken in the posted periods, at least two weeks after starting.
    const pastFrom = Math.max(posted.fromMs, addDays(e.startMs, 14));
    const pastTo = Math.min(posted.toMs, e.terminationMs ?? Infinity);
    const pastCount = r.int(0, 2);
    for (let i = 0; i < pastCount; i++) add('processed', pastFrom, pastTo, r.chance(0.65));
    if (e.terminationMs !== undefined) continue;
    // Booked ahead, after "today" and the pay runs.
    // The first three staff who stay always have one of each, so every payroll shows them.
    const futureFrom = Math.max(upcomingStartOf(e), addDays(asOfMs, 7));
    const turn = staying++;
    if (turn === 0 || r.chance(0.35)) add('scheduled', futureFrom, addDays(futureFrom, 120), true);
    if (turn === 1 || r.chance(0.2)) add('requested', futureFrom, addDays(futureFrom, 90), r.chance(0.8));
    if (turn === 2 || r.chance(0.12)) add('rejected', futureFrom, addDays(futureFrom, 60), true);
  }
  return {
    applications,
    takenOn: (employeeId, dayMs) => taken.get(employeeId)?.get(dayMs),
  };
}

/**
 * A lower bound, in hundredths of hours, of the employee's balance of a leave type by `toMs`:
 * the opening balance plus nine tenths of what a year's entitlement accrues from the later of
 * `fromMs` and their start (the margin covers pay periods not yet posted).
 */
function balanceAt(e: EmployeePlan, leaveTypeId: string, fromMs: number, toMs: number): number {
  const opening = Math.floor((e.openingLeave.get(leaveTypeId) ?? 0) / 100);
  const annual = e.accruals.find((a) => a.leaveTypeId === leaveTypeId)?.annualUnits100 ?? 0;
  const fte = e.basis === 'FULLTIME' ? 1 : (e.workDays.length * e.hoursPerDay100) / 3800;
  const days = Math.max(0, (toMs - Math.max(fromMs, e.startMs)) / DAY_MS);
  return opening + Math.floor((annual * fte * days * 0.9) / 365);
}

/**
 * `length` consecutive working days of the employee starting at a random working day in
 * [fromMs, toMs], none already used (nor a day either side of one); undefined when none fit.
 */
function pickDays(rnd: Random, e: EmployeePlan, fromMs: number, toMs: number, length: number, used: Set<number>): number[] | undefined {
  const works = (d: number) => e.workDays.includes(new Date(d).getUTCDay());
  const candidates: number[] = [];
  for (let d = fromMs; d <= toMs; d = addDays(d, 1)) if (works(d)) candidates.push(d);
  for (let attempt = 0; attempt < 6 && candidates.length > 0; attempt++) {
    const startIndex = rnd.int(0, candidates.length - 1);
    const days = candidates.slice(startIndex, startIndex + length);
    if (days.length === 0) continue;
    const clash = days.some((d) => used.has(d) || used.has(addDays(d, -1)) || used.has(addDays(d, 1)));
    if (clash) continue;
    for (const d of days) used.add(d);
    return days;
  }
  return undefined;
}

const PERIOD_STATUS: Readonly<Record<LeaveState, string>> = {
  processed: 'PROCESSED',
  scheduled: 'SCHEDULED',
  requested: 'REQUESTED',
  rejected: 'REJECTED',
};

/**
 * The LeaveApplication record in its `/LeaveApplications/v2` form: one leave period per pay
 * period the leave falls in. `updatedMs` is when it last changed (for processed leave, when the
 * pay run that paid it was posted).
 */
export function leaveApplicationRecord(app: LeavePlan, updatedMs: number): XeroRecord {
  const periods = new Map<number, { startMs: number; endMs: number; hours100: number }>();
  for (const d of app.days) {
    const p = app.employee.calendar.periodOf(d);
    const entry = periods.get(p.startMs) ?? { startMs: p.startMs, endMs: p.endMs, hours100: 0 };
    entry.hours100 += app.hours100PerDay;
    periods.set(p.startMs, entry);
  }
  const first = app.days[0] as number;
  const last = app.days[app.days.length - 1] as number;
  return {
    LeaveApplicationID: app.id,
    EmployeeID: app.employee.id,
    LeaveTypeID: app.leaveTypeId,
    LeavePeriods: [...periods.values()].map((p) => ({
      PayPeriodStartDate: toMsDate(p.startMs),
      PayPeriodEndDate: toMsDate(p.endMs),
      LeavePeriodStatus: PERIOD_STATUS[app.state],
      NumberOfUnits: p.hours100 / 100,
    })),
    Title: app.title,
    ...(app.description !== undefined ? { Description: app.description } : {}),
    StartDate: toMsDate(first),
    EndDate: toMsDate(last),
    UpdatedDateUTC: toMsDate(updatedMs),
    PayOutType: 'DEFAULT',
  };
}
