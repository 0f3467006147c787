/**
 * Timesheets of the staff paid by the hour: one per employee per fortnightly pay period, with an
 * ordinary-hours line and, when they worked overtime, an overtime line. The same timesheet is
 * served in two shapes: Payroll v1 (`NumberOfUnits` holds one figure per day of the period) and
 * Payroll v2 (camelCase, one line per day and earnings rate, statuses Draft/Approved/Completed).
 */
import { toMsDate } from '../data/msdate.js';
import type { Random } from '../data/random.js';
import type { XeroRecord } from '../data/types.js';
import type { PayPeriod } from './calendars.js';
import { daysBetween, toV2DateTime } from './dates.js';
import type { EmployeePlan } from './employees.js';
import type { LeaveBook } from './leave.js';
import type { PayItemIds } from './pay-items.js';

/** Hours worked in one period, per day of the period, in hundredths. */
export interface WorkedHours {
  readonly days: readonly number[];
  readonly ordinary100: readonly number[];
  readonly overtime100: readonly number[];
}

/** v1 statuses a generated timesheet can have; v2 names them Completed, Approved and Draft. */
export type TimesheetStatus = 'PROCESSED' | 'APPROVED' | 'DRAFT';

const V2_STATUS: Readonly<Record<TimesheetStatus, string>> = { PROCESSED: 'Completed', APPROVED: 'Approved', DRAFT: 'Draft' };

/**
 * The hours an hourly employee worked each day of `period`: their normal days (none on leave or
 * outside their employment), a casual roster for casuals, and now and then some overtime.
 */
export function workedHours(rnd: Random, e: EmployeePlan, period: PayPeriod, leave: LeaveBook): WorkedHours {
  const days = daysBetween(period.startMs, period.endMs);
  const ordinary100: number[] = [];
  const overtime100: number[] = [];
  for (const d of days) {
    const employed = d >= e.startMs && d <= (e.terminationMs ?? Infinity);
    const weekday = new Date(d).getUTCDay();
    let ordinary = 0;
    if (employed && !leave.takenOn(e.id, d)) {
      if (e.basis === 'CASUAL') {
        const rostered = weekday === 0 ? false : weekday === 6 ? rnd.chance(0.2) : rnd.chance(0.45);
        if (rostered) ordinary = rnd.pick([400, 500, 600, 750, 800]);
      } else if (e.workDays.includes(weekday)) {
        ordinary = e.hoursPerDay100;
      }
    }
    ordinary100.push(ordinary);
    overtime100.push(ordinary > 0 && e.basis !== 'CASUAL' && rnd.chance(0.06) ? rnd.pick([100, 150, 200, 300]) : 0);
  }
  return { days, ordinary100, overtime100 };
}

/** One timesheet, both shapes. */
export interface TimesheetRecords {
  readonly v1: XeroRecord;
  readonly v2: XeroRecord;
}

/** The v1 and v2 records of one timesheet; `updatedMs` is when it last changed status. */
export function timesheetRecords(
  rnd: Random,
  id: string,
  e: EmployeePlan,
  period: PayPeriod,
  hours: WorkedHours,
  status: TimesheetStatus,
  updatedMs: number,
  ids: PayItemIds,
): TimesheetRecords {
  const lines: { rateId: string; units: readonly number[] }[] = [{ rateId: ids.ordinary, units: hours.ordinary100 }];
  if (hours.overtime100.some((h) => h > 0)) lines.push({ rateId: ids.overtime, units: hours.overtime100 });
  const total100 = lines.reduce((sum, l) => sum + l.units.reduce((a, b) => a + b, 0), 0);
  const updated = toMsDate(updatedMs);
  const tracking = e.trackingItemId !== undefined ? { TrackingItemID: e.trackingItemId } : {};
  const v1: XeroRecord = {
    TimesheetID: id,
    EmployeeID: e.id,
    StartDate: toMsDate(period.startMs),
    EndDate: toMsDate(period.endMs),
    Status: status,
    Hours: total100 / 100,
    TimesheetLines: lines.map((l) => ({ EarningsRateID: l.rateId, ...tracking, NumberOfUnits: l.units.map((u) => u / 100), UpdatedDateUTC: updated })),
    UpdatedDateUTC: updated,
  };
  const v2Lines: XeroRecord[] = [];
  hours.days.forEach((day, i) => {
    for (const l of lines) {
      const units = l.units[i] ?? 0;
      if (units === 0) continue;
      v2Lines.push({
        timesheetLineID: rnd.guid(),
        date: toV2DateTime(day),
        earningsRateID: l.rateId,
        ...(e.trackingItemId !== undefined ? { trackingItemID: e.trackingItemId } : {}),
        numberOfUnits: units / 100,
      });
    }
  });
  const v2: XeroRecord = {
    timesheetID: id,
    payrollCalendarID: e.calendar.id,
    employeeID: e.id,
    startDate: toV2DateTime(period.startMs),
    endDate: toV2DateTime(period.endMs),
    status: V2_STATUS[status],
    totalHours: total100 / 100,
    updatedDateUTC: toV2DateTime(updatedMs),
    timesheetLines: v2Lines,
  };
  return { v1, v2 };
}
