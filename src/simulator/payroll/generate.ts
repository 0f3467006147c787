/**
 * Generates an Australian organisation's payroll from its Accounting books: the story is that
 * payroll moved to Xero about six months before the books' "today" (each employee brought their
 * year-to-date figures and leave balances in as opening balances), and has been run every
 * fortnight and every month since; today's pay runs are drafts.
 *
 * Each area forks its own random stream, so adding to one never shifts another's ids.
 */
import type { Random } from '../data/random.js';
import type { ApiData, OrgData, XeroRecord } from '../data/types.js';
import { findPayrollAccounts } from './accounts.js';
import { calendarRecord, createCalendars } from './calendars.js';
import { PAYROLL } from './collections.js';
import { addDays } from './dates.js';
import { employeeRecord } from './employee-record.js';
import { planEmployees, type EmployeePlan } from './employees.js';
import { leaveApplicationRecord, planLeave } from './leave.js';
import { createPayItems } from './pay-items.js';
import { runPayroll } from './pay-runs.js';
import { payrollTracking, settingsRecord } from './settings.js';
import { createSuperFunds } from './super-funds.js';

/** The most employees any scale gets: enough to page through, small enough to generate in a moment. */
const MAX_EMPLOYEES = 5000;

/** How many employees a payroll of `scale` has: ten at scale 1, at least eight. */
export function employeeCount(scale: number): number {
  return Math.min(MAX_EMPLOYEES, Math.max(8, Math.round(10 * scale)));
}

/** Builds every Payroll AU collection of one organisation. */
export function generatePayroll(org: OrgData, rnd: Random, scale: number): ApiData {
  const asOfMs = org.asOfMs;
  const asOf = new Date(asOfMs);
  const windowStartMs = Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - 6, asOf.getUTCDate());
  const calendars = createCalendars(rnd.fork('calendars'), asOfMs, windowStartMs);
  const [fortnightly, monthly] = calendars;
  if (!fortnightly || !monthly) throw new Error('payroll needs its two calendars');
  // Payroll was set up three weeks before its first pay period (never before the organisation).
  const firstPeriodMs = Math.min(...calendars.map((c) => c.periods[0]?.startMs ?? windowStartMs));
  const setupMs = Math.max(org.createdAtMs, addDays(firstPeriodMs, -21)) + rnd.int(9 * 3_600_000, 12 * 3_600_000);

  const books = org.accounting.collections;
  const accounts = findPayrollAccounts(books.Accounts);
  const payItems = createPayItems(rnd.fork('pay-items'), accounts, setupMs, addDays(asOfMs, -30));
  const superFunds = createSuperFunds(rnd.fork('super-funds'), setupMs);
  const tracking = payrollTracking(books.TrackingCategories);

  const employees = planEmployees({
    rnd: rnd.fork('employees'),
    count: employeeCount(scale),
    asOfMs,
    windowStartMs,
    setupMs,
    fortnightly,
    monthly,
    payItems,
    accounts,
    superFunds,
    groups: tracking.employeeGroups?.options ?? [],
    timesheetOptions: tracking.timesheetCategories?.optionIds ?? [],
    emailDomain: emailDomain(org),
  });

  const lastPeriod = (e: EmployeePlan) => e.calendar.periods[e.calendar.periods.length - 1];
  const leave = planLeave(
    rnd.fork('leave'),
    employees,
    payItems.ids,
    asOfMs,
    // Processed leave falls in posted periods: from the first up to the day before the draft's.
    (e) => ({ fromMs: e.calendar.periods[0]?.startMs ?? windowStartMs, toMs: addDays(lastPeriod(e)?.startMs ?? windowStartMs, -1) }),
    (e) => addDays(lastPeriod(e)?.endMs ?? asOfMs, 1),
  );
  const run = runPayroll(rnd.fork('pay-runs'), calendars, employees, leave, payItems, accounts);

  const leaveRnd = rnd.fork('leave-updates');
  const leaveApplications = leave.applications.map((app) => {
    const lastDay = app.days[app.days.length - 1] as number;
    let updatedMs = app.createdMs;
    if (app.state === 'processed') {
      updatedMs = run.postedAt(app.employee.calendar.id, app.employee.calendar.periodOf(lastDay).startMs) ?? app.createdMs;
    } else if (app.state !== 'requested') {
      // Approved or turned down by a manager a day or two after it was asked for.
      updatedMs = Math.min(app.createdMs + leaveRnd.int(2, 48) * 3_600_000, asOfMs - 3_600_000);
    }
    return leaveApplicationRecord(app, updatedMs);
  });

  const employeeRecords = employees.map((e) => {
    const balances = new Map<string, number>();
    const types = new Set([...e.accruals.map((a) => a.leaveTypeId), ...e.openingLeave.keys()]);
    for (const type of types) {
      const units = (e.openingLeave.get(type) ?? 0) + (run.accrued.get(e.id)?.get(type) ?? 0) - (run.taken.get(e.id)?.get(type) ?? 0);
      balances.set(type, units);
    }
    return employeeRecord(e, { leaveBalances: balances }, { payItems });
  });

  const collections: Record<string, XeroRecord[]> = {
    [PAYROLL.employees]: employeeRecords,
    [PAYROLL.leaveApplications]: leaveApplications,
    [PAYROLL.earningsRates]: payItems.earningsRates,
    [PAYROLL.deductionTypes]: payItems.deductionTypes,
    [PAYROLL.leaveTypes]: payItems.leaveTypes,
    [PAYROLL.reimbursementTypes]: payItems.reimbursementTypes,
    [PAYROLL.payrollCalendars]: calendars.map((c) => calendarRecord(c, run.lastPostedMs.get(c.id) ?? setupMs)),
    [PAYROLL.payRuns]: run.payRuns,
    [PAYROLL.payslips]: run.payslips,
    [PAYROLL.settings]: [settingsRecord(accounts, tracking)],
    [PAYROLL.superFunds]: superFunds.funds,
    [PAYROLL.superFundProducts]: superFunds.products,
    [PAYROLL.timesheets]: run.timesheets,
    [PAYROLL.timesheetsV2]: run.timesheetsV2,
  };
  return { collections, blobs: new Map() };
}

/** The organisation's web domain (`democompany.com.au`), which staff e-mail addresses use. */
function emailDomain(org: OrgData): string {
  const links = org.accounting.organisation.ExternalLinks;
  if (Array.isArray(links)) {
    for (const link of links) {
      if (link && typeof link === 'object' && !Array.isArray(link) && typeof link.Url === 'string') {
        try {
          return new URL(link.Url).hostname.replace(/^www\./, '');
        } catch {
          // Not a URL: fall through to the default.
        }
      }
    }
  }
  return 'example.com.au';
}
