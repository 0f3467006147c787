/**
 * Payroll calendars and their pay periods. Two calendars: a fortnightly one for staff paid by
 * the hour (from timesheets) and a monthly one for salaried staff. Each has posted pay runs over
 * the six months before the books' "today" and one draft pay run: the latest period whose
 * payment date has come (so nothing is dated after "today").
 */
import { toMsDate } from '../data/msdate.js';
import type { Random } from '../data/random.js';
import type { XeroRecord } from '../data/types.js';
import { addDays, endOfMonth, startOfMonth } from './dates.js';

/** One pay period: first and last day (UTC midnights) and the day staff are paid. */
export interface PayPeriod {
  readonly startMs: number;
  readonly endMs: number;
  readonly paymentMs: number;
}

/** Xero's calendar types the simulator uses. */
export type CalendarKind = 'FORTNIGHTLY' | 'MONTHLY';

/** A calendar as the generator uses it. */
export interface CalendarInfo {
  readonly id: string;
  readonly kind: CalendarKind;
  readonly name: string;
  /** The periods that have pay runs, oldest first; the last one is the draft pay run's. */
  readonly periods: readonly PayPeriod[];
  /** The period containing a day (any day, also before or after the pay runs). */
  periodOf(dayMs: number): PayPeriod;
  /** Pay periods in a year, for prorating annual amounts. */
  readonly periodsPerYear: number;
  /** Normal working hours of a full-time employee in one period, in hundredths. */
  readonly fullTimeHours100: number;
}

/** Fortnightly staff are paid on the Wednesday-equivalent: three days after the period ends. */
const FORTNIGHT_PAYMENT_LAG_DAYS = 3;

/**
 * The two calendars. Pay runs cover the periods from the one containing `windowStartMs` to the
 * last whose payment date is on or before `asOfMs`.
 */
export function createCalendars(rnd: Random, asOfMs: number, windowStartMs: number): CalendarInfo[] {
  // The fortnight is anchored so that the latest period is paid exactly on "today".
  const lastEnd = addDays(asOfMs, -FORTNIGHT_PAYMENT_LAG_DAYS);
  const fortnightOf = (dayMs: number): PayPeriod => {
    const anchorStart = addDays(lastEnd, -13);
    const k = Math.floor((dayMs - anchorStart) / (14 * 86_400_000));
    const startMs = addDays(anchorStart, 14 * k);
    const endMs = addDays(startMs, 13);
    return { startMs, endMs, paymentMs: addDays(endMs, FORTNIGHT_PAYMENT_LAG_DAYS) };
  };
  const monthOf = (dayMs: number): PayPeriod => {
    const endMs = endOfMonth(dayMs);
    return { startMs: startOfMonth(dayMs), endMs, paymentMs: endMs };
  };
  const periodsOf = (of: (d: number) => PayPeriod): PayPeriod[] => {
    const out: PayPeriod[] = [];
    for (let p = of(windowStartMs); p.paymentMs <= asOfMs; p = of(addDays(p.endMs, 1))) out.push(p);
    return out;
  };
  return [
    { id: rnd.guid(), kind: 'FORTNIGHTLY', name: 'Fortnightly', periods: periodsOf(fortnightOf), periodOf: fortnightOf, periodsPerYear: 26, fullTimeHours100: 7600 },
    // 38 hours a week for 52 weeks over 12 months: 164.67 hours a month.
    { id: rnd.guid(), kind: 'MONTHLY', name: 'Monthly', periods: periodsOf(monthOf), periodOf: monthOf, periodsPerYear: 12, fullTimeHours100: 16467 },
  ];
}

/**
 * The PayrollCalendar record: `StartDate`/`PaymentDate` of the upcoming period (the draft pay
 * run's, not yet posted) and `ReferenceDate` of the first period ever run. `updatedMs` is when
 * the calendar last moved on, i.e. when its latest pay run was posted.
 */
export function calendarRecord(calendar: CalendarInfo, updatedMs: number): XeroRecord {
  const first = calendar.periods[0];
  const upcoming = calendar.periods[calendar.periods.length - 1];
  if (!first || !upcoming) throw new RangeError(`calendar ${calendar.name} has no pay periods`);
  return {
    PayrollCalendarID: calendar.id,
    Name: calendar.name,
    CalendarType: calendar.kind,
    StartDate: toMsDate(upcoming.startMs),
    PaymentDate: toMsDate(upcoming.paymentMs),
    UpdatedDateUTC: toMsDate(updatedMs),
    ReferenceDate: toMsDate(first.startMs),
  };
}
