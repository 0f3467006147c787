/**
 * Payroll AU v2 timesheet routes (`/payroll.xro/2.0`, xero-api-endpoints.md §2):
 * `GET /Timesheets` with `page` (100 a page, always paged), `filter`
 * (`employeeId==<guid>,payrollCalendarId==<guid>`), `status`, `startDate`, `endDate` and `sort`
 * (`startDate`: newest first; the default is the order they were created, oldest first), and
 * `GET /Timesheets/{TimesheetID}`. Bad parameters are 400s with the problem object naming the
 * field.
 */
import type { ApiCall, ApiRouteDef } from '../api.js';
import { isGuid } from '../accounting/records.js';
import { parseIsoDate } from '../accounting/list-query.js';
import type { XeroRecord } from '../data/types.js';
import type { SimResponse } from '../http.js';
import { PAYROLL } from './collections.js';
import { isoDay } from './dates.js';
import { noPayroll, v2Envelope, v2Problem, type InvalidField } from './responses.js';

/** Base path of Payroll AU v2. */
export const PAYROLL_V2_BASE = '/payroll.xro/2.0';

/** "By default the number of the records per set is 100" (the spec's `page` parameter). */
export const V2_PAGE_SIZE = 100;

const SCOPES = ['payroll.timesheets.read'];

/** v2 statuses, by lower case. */
const STATUSES = new Map(['Draft', 'Approved', 'Completed'].map((s) => [s.toLowerCase(), s]));

/** Filter keys, by lower case, to the field they match. */
const FILTER_FIELDS = new Map([
  ['employeeid', 'employeeID'],
  ['payrollcalendarid', 'payrollCalendarID'],
]);

/** The v2 routes. */
export function createPayrollV2Routes(): ApiRouteDef[] {
  return [
    {
      pattern: `${PAYROLL_V2_BASE}/Timesheets`,
      scopes: SCOPES,
      handler: (call) => {
        const stored = call.org.payroll?.collections[PAYROLL.timesheetsV2];
        return stored ? listTimesheets(call, stored) : noPayroll();
      },
    },
    {
      pattern: `${PAYROLL_V2_BASE}/Timesheets/:id`,
      scopes: SCOPES,
      handler: (call) => {
        const stored = call.org.payroll?.collections[PAYROLL.timesheetsV2];
        if (!stored) return noPayroll();
        const id = (call.req.params.id ?? '').toLowerCase();
        const timesheet = stored.find((t) => String(t.timesheetID) === id);
        return timesheet ? v2Envelope(call, 'timesheet', timesheet, null) : v2Problem(call, 404, 'timesheet');
      },
    },
  ];
}

function listTimesheets(call: ApiCall, stored: readonly XeroRecord[]): SimResponse {
  const q = call.req.query;
  const invalid: InvalidField[] = [];

  const pageText = q.get('page');
  const page = pageText === null ? 1 : /^\d+$/.test(pageText.trim()) && Number(pageText) >= 1 ? Number(pageText) : undefined;
  if (page === undefined) invalid.push({ name: 'page', reason: 'The page must be a whole number from 1.' });

  const wanted: [string, string][] = [];
  const filter = q.get('filter');
  if (filter !== null && filter.trim() !== '') {
    for (const part of filter.split(',')) {
      const m = /^\s*(\w+)\s*==\s*(.+?)\s*$/.exec(part);
      const field = m ? FILTER_FIELDS.get((m[1] as string).toLowerCase()) : undefined;
      const value = m?.[2] ?? '';
      if (!field) invalid.push({ name: 'filter', reason: `'${part.trim()}' is not a valid filter: use employeeId==<id> or payrollCalendarId==<id>.` });
      else if (!isGuid(value)) invalid.push({ name: 'filter', reason: `'${value}' is not a valid identifier.` });
      else wanted.push([field, value.toLowerCase()]);
    }
  }

  const statusText = q.get('status');
  const status = statusText === null || statusText.trim() === '' ? undefined : STATUSES.get(statusText.trim().toLowerCase());
  if (statusText !== null && statusText.trim() !== '' && status === undefined) {
    invalid.push({ name: 'status', reason: `'${statusText}' is not a timesheet status: use Draft, Approved or Completed.` });
  }

  const dateParam = (name: string): string | undefined => {
    const text = q.get(name);
    if (text === null || text.trim() === '') return undefined;
    const ms = parseIsoDate(text);
    if (ms === undefined) invalid.push({ name, reason: `'${text}' is not a date written YYYY-MM-DD.` });
    return ms === undefined ? undefined : isoDay(ms);
  };
  const from = dateParam('startDate');
  const to = dateParam('endDate');

  const sort = q.get('sort');
  // UNCERTAIN: what Xero does with another sort key; the spec names startDate as the only one.
  if (sort !== null && sort.trim() !== '' && sort.trim().toLowerCase() !== 'startdate') {
    invalid.push({ name: 'sort', reason: `'${sort}' is not a sort option: the only one is startDate.` });
  }
  if (invalid.length > 0 || page === undefined) return v2Problem(call, 400, 'timesheets', invalid);

  // Dates are `YYYY-MM-DDT00:00:00`, so their first ten characters compare as days.
  let records = stored.filter(
    (t) =>
      wanted.every(([field, value]) => String(t[field]) === value) &&
      (status === undefined || t.status === status) &&
      (from === undefined || String(t.startDate).slice(0, 10) >= from) &&
      (to === undefined || String(t.endDate).slice(0, 10) <= to),
  );
  if (sort !== null && sort.trim() !== '') {
    // Newest first by start date; `sort` is stable, so creation order breaks ties.
    records = [...records].sort((a, b) => (String(a.startDate) < String(b.startDate) ? 1 : String(a.startDate) > String(b.startDate) ? -1 : 0));
  }
  const itemCount = records.length;
  // The list shows each timesheet without its lines (the spec's list example); by id has them.
  const pageRecords = records.slice((page - 1) * V2_PAGE_SIZE, page * V2_PAGE_SIZE).map(({ timesheetLines: _lines, ...rest }) => rest);
  return v2Envelope(call, 'timesheets', pageRecords, {
    page,
    pageSize: V2_PAGE_SIZE,
    pageCount: Math.ceil(itemCount / V2_PAGE_SIZE),
    itemCount,
  });
}
