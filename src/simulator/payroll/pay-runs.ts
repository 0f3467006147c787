/**
 * Runs the payroll: for every pay period of every calendar, the timesheets of the hourly staff,
 * a payslip for everyone employed in the period, and the pay run whose totals are the sums of its
 * payslips. Every period but the last is POSTED (its timesheets PROCESSED, its leave accrued and
 * taken); the last is the DRAFT pay run being prepared on "today".
 */
import { amount } from '../data/money.js';
import { toMsDate } from '../data/msdate.js';
import type { Random } from '../data/random.js';
import type { XeroRecord } from '../data/types.js';
import type { PayrollAccounts } from './accounts.js';
import type { CalendarInfo, PayPeriod } from './calendars.js';
import { addDays, daysBetween, isWeekday } from './dates.js';
import type { EmployeePlan } from './employees.js';
import type { LeaveBook } from './leave.js';
import type { PayItems } from './pay-items.js';
import { buildPayslip, type PayTotals } from './payslips.js';
import { timesheetRecords, workedHours, type TimesheetStatus } from './timesheets.js';

/** Everything the pay runs produced. */
export interface PayrollRun {
  readonly payRuns: XeroRecord[];
  readonly payslips: XeroRecord[];
  readonly timesheets: XeroRecord[];
  readonly timesheetsV2: XeroRecord[];
  /** When the pay run of a calendar's period was posted (undefined for the draft). */
  postedAt(calendarId: string, periodStartMs: number): number | undefined;
  /** When each calendar's latest pay run was posted. */
  readonly lastPostedMs: ReadonlyMap<string, number>;
  /** Leave accrued in posted pays, per employee and leave type, in ten-thousandths of hours. */
  readonly accrued: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Leave taken in posted pays, likewise. */
  readonly taken: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

const HOUR_MS = 3_600_000;

/** Runs every calendar's pay periods for the employees on it. */
export function runPayroll(
  rnd: Random,
  calendars: readonly CalendarInfo[],
  employees: readonly EmployeePlan[],
  leave: LeaveBook,
  payItems: PayItems,
  accounts: PayrollAccounts,
): PayrollRun {
  const runs: { paymentMs: number; record: XeroRecord; payslips: XeroRecord[]; timesheets: XeroRecord[]; timesheetsV2: XeroRecord[] }[] = [];
  const posted = new Map<string, number>();
  const lastPostedMs = new Map<string, number>();
  const accrued = new Map<string, Map<string, number>>();
  const taken = new Map<string, Map<string, number>>();
  const add = (book: Map<string, Map<string, number>>, employeeId: string, leaveTypeId: string, units: number) => {
    let byType = book.get(employeeId);
    if (!byType) book.set(employeeId, (byType = new Map()));
    byType.set(leaveTypeId, (byType.get(leaveTypeId) ?? 0) + units);
  };

  for (const calendar of calendars) {
    const staff = employees.filter((e) => e.calendar === calendar);
    calendar.periods.forEach((period, index) => {
      const isPosted = index < calendar.periods.length - 1;
      const r = rnd.fork(`run:${calendar.id}:${period.startMs}`);
      // Prepared the day before payday, during business hours (UTC).
      const runMs = addDays(period.paymentMs, -1) + r.int(9 * HOUR_MS, 16 * HOUR_MS);
      if (isPosted) {
        posted.set(`${calendar.id}:${period.startMs}`, runMs);
        lastPostedMs.set(calendar.id, runMs);
      }
      const payslips: XeroRecord[] = [];
      const summaries: XeroRecord[] = [];
      const timesheets: XeroRecord[] = [];
      const timesheetsV2: XeroRecord[] = [];
      const totals: PayTotals = { wages: 0, deductions: 0, tax: 0, super: 0, reimbursements: 0, netPay: 0 };
      for (const e of staff) {
        if (e.startMs > period.endMs || (e.terminationMs ?? Infinity) < period.startMs) continue;
        const er = r.fork(`employee:${e.id}`);
        const leaveHours = new Map<string, number>();
        for (const d of daysBetween(period.startMs, period.endMs)) {
          const day = leave.takenOn(e.id, d);
          if (day) leaveHours.set(day.leaveTypeId, (leaveHours.get(day.leaveTypeId) ?? 0) + day.hours100);
        }
        const leaveTotal = [...leaveHours.values()].reduce((a, b) => a + b, 0);
        let ordinary100: number;
        let overtime100 = 0;
        if (e.salaried) {
          ordinary100 = Math.max(0, salariedHours100(e, period) - leaveTotal);
        } else {
          const hours = workedHours(er, e, period, leave);
          const status: TimesheetStatus = isPosted ? 'PROCESSED' : er.chance(0.15) ? 'DRAFT' : 'APPROVED';
          const worked = hours.ordinary100.some((h) => h > 0);
          if (!worked && leaveTotal === 0) continue; // a casual not rostered this fortnight
          if (worked) {
            const updatedMs = status === 'PROCESSED' ? runMs : period.endMs + er.int(8 * HOUR_MS, 30 * HOUR_MS);
            const ts = timesheetRecords(er, er.guid(), e, period, hours, status, Math.min(updatedMs, runMs), payItems.ids);
            timesheets.push(ts.v1);
            timesheetsV2.push(ts.v2);
          }
          // A draft pay run pays only approved timesheets.
          const paid = status !== 'DRAFT';
          ordinary100 = paid ? hours.ordinary100.reduce((a, b) => a + b, 0) : 0;
          overtime100 = paid ? hours.overtime100.reduce((a, b) => a + b, 0) : 0;
        }
        const slip = buildPayslip(
          er,
          { id: er.guid(), employee: e, period, posted: isPosted, ordinary100, overtime100, fromTimesheet: !e.salaried, leave: leaveHours, updatedMs: runMs },
          payItems,
          accounts,
        );
        payslips.push(slip.record);
        summaries.push(slip.summary);
        for (const key of Object.keys(totals) as (keyof PayTotals)[]) (totals as Record<keyof PayTotals, number>)[key] += slip.totals[key];
        if (isPosted) {
          for (const [type, units] of slip.accruals) add(accrued, e.id, type, units);
          for (const [type, hours100] of leaveHours) add(taken, e.id, type, hours100 * 100);
        }
      }
      const record: XeroRecord = {
        PayRunID: r.guid(),
        PayrollCalendarID: calendar.id,
        PayRunPeriodStartDate: toMsDate(period.startMs),
        PayRunPeriodEndDate: toMsDate(period.endMs),
        PaymentDate: toMsDate(period.paymentMs),
        Wages: amount(totals.wages),
        Deductions: amount(totals.deductions),
        Tax: amount(totals.tax),
        Super: amount(totals.super),
        Reimbursement: amount(totals.reimbursements),
        NetPay: amount(totals.netPay),
        PayRunStatus: isPosted ? 'POSTED' : 'DRAFT',
        UpdatedDateUTC: toMsDate(runMs),
        Payslips: summaries,
      };
      runs.push({ paymentMs: period.paymentMs, record, payslips, timesheets, timesheetsV2 });
    });
  }
  // Listed in the order they were run (payday), as Xero lists records by creation.
  runs.sort((a, b) => a.paymentMs - b.paymentMs);
  return {
    payRuns: runs.map((r) => r.record),
    payslips: runs.flatMap((r) => r.payslips),
    timesheets: runs.flatMap((r) => r.timesheets),
    timesheetsV2: runs.flatMap((r) => r.timesheetsV2),
    postedAt: (calendarId, periodStartMs) => posted.get(`${calendarId}:${periodStartMs}`),
    lastPostedMs,
    accrued,
    taken,
  };
}

/**
 * A salaried employee's normal hours in a period: the calendar's full-time hours, prorated by
 * the weekdays they were employed when they started or left during it.
 */
function salariedHours100(e: EmployeePlan, period: PayPeriod): number {
  const days = daysBetween(period.startMs, period.endMs).filter(isWeekday);
  const employed = days.filter((d) => d >= e.startMs && d <= (e.terminationMs ?? Infinity));
  if (employed.length === days.length) return e.calendar.fullTimeHours100;
  return Math.round((e.calendar.fullTimeHours100 * employed.length) / days.length);
}
