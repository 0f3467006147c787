/**
 * The Payroll AU route handlers on a payroll big enough to page (120 employees, about a
 * thousand timesheets: scale 12), called directly with the simulator's router so no socket or
 * token is involved (authentication, tenants and scopes are tested over HTTP in
 * test/integration/simulator-payroll-api.test.ts). Paging is exactly 100 a page with no
 * pagination object in v1, and with one in v2; where/order/If-Modified-Since and the v2 query
 * parameters filter as documented; unknown ids are 404s.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiCall, ApiRouteDef } from '../../src/simulator/api.js';
import { DEFAULT_AS_OF_MS, generateOrganisations } from '../../src/simulator/data/generate.js';
import { Random } from '../../src/simulator/data/random.js';
import type { OrgData, XeroRecord } from '../../src/simulator/data/types.js';
import type { Route } from '../../src/simulator/http.js';
import { createPayrollRoutes } from '../../src/simulator/payroll/index.js';
import { generatePayroll } from '../../src/simulator/payroll/generate.js';
import { Router } from '../../src/simulator/router.js';

const [books, nz] = generateOrganisations({ seed: 5, scale: 1, asOfMs: DEFAULT_AS_OF_MS });
const au: OrgData = { ...books!, payroll: generatePayroll(books!, new Random(5).fork('payroll'), 12) };
const data = au.payroll!.collections as Record<string, XeroRecord[]>;

const defs = createPayrollRoutes();
const router = new Router();
const defOf = new Map<Route, ApiRouteDef>();
for (const def of defs) {
  const route: Route = { method: 'GET', pattern: def.pattern, handler: () => ({ status: 500 }) };
  defOf.set(route, def);
  router.add(route, 'api');
}

interface Answer {
  readonly status: number;
  readonly body: any;
  readonly text: string;
}

/** Calls the route for `path` as an admitted API call on `org`. */
async function get(path: string, query: Record<string, string> = {}, headers: Record<string, string> = {}, org: OrgData = au): Promise<Answer> {
  const match = router.match('GET', path);
  if (!match.found) throw new Error(`no route for ${path}`);
  const def = defOf.get(match.route)!;
  const call: ApiCall = {
    req: {
      method: 'GET',
      path,
      query: new URLSearchParams(query),
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
      body: Buffer.alloc(0),
      params: match.params,
      origin: 'http://simulator.test',
    },
    org,
    principal: { clientId: 'TEST', appKind: 'custom-connection', scopes: [], expiresAtMs: Number.MAX_SAFE_INTEGER },
    app: { kind: 'custom-connection', name: 'payroll route test', clientId: 'TEST', redirectUris: [] },
    nowMs: DEFAULT_AS_OF_MS + 3_600_000,
  };
  const res = await def.handler(call);
  const text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : (res.body ?? '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

const V1 = '/payroll.xro/1.0';
const V2 = '/payroll.xro/2.0';
const ids = (records: XeroRecord[], field: string) => records.map((r) => String(r[field]));

describe('Payroll v1 paging', () => {
  it('pages Employees exactly 100 at a time, with no pagination object; no page means all', async () => {
    const employees = data.Employees!;
    assert.equal(employees.length, 120);
    const p1 = await get(`${V1}/Employees`, { page: '1' });
    const p2 = await get(`${V1}/Employees`, { page: '2' });
    const p3 = await get(`${V1}/Employees`, { page: '3' });
    assert.equal(p1.body.Employees.length, 100);
    assert.equal(p2.body.Employees.length, 20);
    assert.deepEqual(p3.body.Employees, []);
    assert.equal(p1.body.pagination, undefined);
    assert.deepEqual([...ids(p1.body.Employees, 'EmployeeID'), ...ids(p2.body.Employees, 'EmployeeID')], ids(employees, 'EmployeeID'));
    assert.equal((await get(`${V1}/Employees`)).body.Employees.length, 120);
    assert.equal((await get(`${V1}/Employees`, { page: '0' })).status, 400);
  });

  it('pages Timesheets, and pages after where/order', async () => {
    const all = data.Timesheets!;
    assert.ok(all.length > 200, `${all.length} timesheets`);
    const pages: XeroRecord[][] = [];
    for (let page = 1; ; page++) {
      const res = await get(`${V1}/Timesheets`, { page: String(page), order: 'StartDate DESC' });
      pages.push(res.body.Timesheets);
      if (res.body.Timesheets.length < 100) break;
    }
    assert.ok(pages.slice(0, -1).every((p) => p.length === 100));
    const got = pages.flat();
    assert.equal(got.length, all.length);
    const starts = got.map((t) => Number(/\d+/.exec(String(t.StartDate))![0]));
    assert.deepEqual(starts, [...starts].sort((a, b) => b - a), 'ordered newest first across pages');
    const processed = await get(`${V1}/Timesheets`, { where: 'Status=="PROCESSED"', page: '2' });
    assert.equal(processed.body.Timesheets.length, 100);
    assert.ok(processed.body.Timesheets.every((t: XeroRecord) => t.Status === 'PROCESSED'));
  });

  it('ignores page on PayItems, as Xero does (Xero-OpenAPI#708)', async () => {
    const one = await get(`${V1}/PayItems`, { page: '1' });
    const nine = await get(`${V1}/PayItems`, { page: '9' });
    assert.deepEqual(nine.body.PayItems, one.body.PayItems);
    assert.equal(one.body.PayItems.EarningsRates.length, data.EarningsRates!.length);
  });
});

describe('Payroll v1 where, order and If-Modified-Since', () => {
  it('filters and orders Employees on summary and full fields; the list shows the summary', async () => {
    const terminated = await get(`${V1}/Employees`, { where: 'Status=="TERMINATED"' });
    const expected = data.Employees!.filter((e) => e.Status === 'TERMINATED');
    assert.ok(expected.length > 0);
    assert.deepEqual(ids(terminated.body.Employees, 'EmployeeID'), ids(expected, 'EmployeeID'));
    const casual = await get(`${V1}/Employees`, { where: 'TaxDeclaration.EmploymentBasis=="CASUAL"' });
    assert.equal(casual.body.Employees.length, data.Employees!.filter((e) => (e.TaxDeclaration as XeroRecord).EmploymentBasis === 'CASUAL').length);
    assert.equal(casual.body.Employees[0].TaxDeclaration, undefined, 'lists carry no tax declaration');
    assert.equal(casual.body.Employees[0].PayTemplate, undefined);
    const ordered = await get(`${V1}/Employees`, { order: 'LastName DESC, FirstName' });
    const names = ordered.body.Employees.map((e: XeroRecord) => String(e.LastName).toLowerCase());
    assert.deepEqual(names, [...names].sort().reverse());
    const byId = await get(`${V1}/Employees/${String(expected[0]!.EmployeeID).toUpperCase()}`);
    assert.equal(byId.status, 200);
    assert.ok(byId.body.Employees[0].TaxDeclaration, 'by id is the full record (GUIDs match in any case)');
  });

  it('filters pay runs, leave, calendars and super funds', async () => {
    const drafts = await get(`${V1}/PayRuns`, { where: 'PayRunStatus=="DRAFT"' });
    assert.equal(drafts.body.PayRuns.length, 2);
    assert.ok(drafts.body.PayRuns.every((r: XeroRecord) => r.Payslips === undefined), 'pay run lists have no payslips');
    const one = await get(`${V1}/PayRuns/${String(drafts.body.PayRuns[0].PayRunID)}`);
    assert.ok(one.body.PayRuns[0].Payslips.length > 0, 'by id has them');
    const since = await get(`${V1}/PayRuns`, { where: 'PaymentDate >= DateTime(2026,10,1)' });
    assert.ok(since.body.PayRuns.length > 0 && since.body.PayRuns.length < data.PayRuns!.length);
    const monthly = await get(`${V1}/PayrollCalendars`, { where: 'CalendarType=="MONTHLY"' });
    assert.deepEqual(monthly.body.PayrollCalendars.map((k: XeroRecord) => k.Name), ['Monthly']);
    const smsf = await get(`${V1}/Superfunds`, { where: 'Type=="SMSF"' });
    assert.equal(smsf.body.SuperFunds.length, 1);
    const employee = String(data.LeaveApplications![0]!.EmployeeID);
    const leave = await get(`${V1}/LeaveApplications/v2`, { where: `EmployeeID==Guid("${employee}")` });
    assert.deepEqual(ids(leave.body.LeaveApplications, 'LeaveApplicationID'), ids(data.LeaveApplications!.filter((l) => l.EmployeeID === employee), 'LeaveApplicationID'));
  });

  it('lists only approved leave in /LeaveApplications and requests too in /LeaveApplications/v2', async () => {
    const v1 = (await get(`${V1}/LeaveApplications`)).body.LeaveApplications as XeroRecord[];
    const v2 = (await get(`${V1}/LeaveApplications/v2`)).body.LeaveApplications as XeroRecord[];
    const statuses = (list: XeroRecord[]) => new Set(list.flatMap((l) => (l.LeavePeriods as XeroRecord[]).map((p) => String(p.LeavePeriodStatus))));
    assert.deepEqual([...statuses(v1)].sort(), ['PROCESSED', 'SCHEDULED']);
    assert.deepEqual([...statuses(v2)].sort(), ['PROCESSED', 'REJECTED', 'REQUESTED', 'SCHEDULED']);
    assert.equal(v2.length, data.LeaveApplications!.length);
    assert.ok(v1.length < v2.length);
  });

  it('filters PayItems list by list: a field one type lacks empties that list; a field none has is a 400', async () => {
    const allowances = await get(`${V1}/PayItems`, { where: 'EarningsType=="ALLOWANCE"' });
    assert.equal(allowances.status, 200);
    assert.ok(allowances.body.PayItems.EarningsRates.length >= 1);
    assert.ok(allowances.body.PayItems.EarningsRates.every((r: XeroRecord) => r.EarningsType === 'ALLOWANCE'));
    assert.deepEqual(allowances.body.PayItems.LeaveTypes, []);
    const named = await get(`${V1}/PayItems`, { where: 'Name.StartsWith("Annual")' });
    assert.deepEqual(named.body.PayItems.LeaveTypes.map((l: XeroRecord) => l.Name), ['Annual Leave']);
    const bad = await get(`${V1}/PayItems`, { where: 'Colour=="red"' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.Type, 'QueryParseException');
  });

  it('answers a bad where or order with the 400 QueryParseException', async () => {
    for (const [path, query] of [
      ['Employees', { where: 'hi=="x"' }],
      ['Timesheets', { where: 'Status=="PROCESSED" &&' }],
      ['PayRuns', { order: 'Nope DESC' }],
    ] as const) {
      const res = await get(`${V1}/${path}`, query);
      assert.equal(res.status, 400, path);
      assert.equal(res.body.ErrorNumber, 16);
      assert.equal(res.body.Type, 'QueryParseException');
      assert.match(res.body.Message, /\(at index \d+\)$/);
    }
  });

  it('returns only records updated at or after If-Modified-Since', async () => {
    const stamps = data.Employees!.map((e) => Number(/\d+/.exec(String(e.UpdatedDateUTC))![0])).sort((a, b) => a - b);
    const cut = stamps[Math.floor(stamps.length / 2)]!;
    const since = new Date(Math.floor(cut / 1000) * 1000).toISOString();
    const res = await get(`${V1}/Employees`, {}, { 'If-Modified-Since': since });
    const expected = data.Employees!.filter((e) => Number(/\d+/.exec(String(e.UpdatedDateUTC))![0]) >= Math.floor(cut / 1000) * 1000);
    assert.deepEqual(ids(res.body.Employees, 'EmployeeID'), ids(expected, 'EmployeeID'));
    assert.ok(expected.length > 0 && expected.length < data.Employees!.length);
    const timesheets = await get(`${V1}/Timesheets`, {}, { 'If-Modified-Since': new Date(DEFAULT_AS_OF_MS - 10 * 86_400_000).toISOString() });
    assert.ok(timesheets.body.Timesheets.length > 0 && timesheets.body.Timesheets.length < data.Timesheets!.length);
  });

  it('finds super fund products by ABN or USI', async () => {
    const product = data.SuperFundProducts![2]!;
    const byUsi = await get(`${V1}/SuperfundProducts`, { USI: String(product.USI).toLowerCase() });
    assert.deepEqual(byUsi.body.SuperFundProducts, [product]);
    const byAbn = await get(`${V1}/SuperfundProducts`, { ABN: String(product.ABN) });
    assert.deepEqual(byAbn.body.SuperFundProducts, [product]);
    assert.deepEqual((await get(`${V1}/SuperfundProducts`, { USI: 'NOPE0000AU' })).body.SuperFundProducts, []);
  });

  it('answers unknown ids with the plain-text 404, and singular objects for Payslip and Timesheet', async () => {
    for (const path of ['Employees', 'LeaveApplications', 'PayrollCalendars', 'PayRuns', 'Payslip', 'Superfunds', 'Timesheets']) {
      const res = await get(`${V1}/${path}/00000000-0000-4000-8000-000000000000`);
      assert.equal(res.status, 404, path);
      assert.equal(res.text, "The resource you're looking for cannot be found");
    }
    const payslip = await get(`${V1}/Payslip/${String(data.Payslips![0]!.PayslipID)}`);
    assert.deepEqual(payslip.body.Payslip, data.Payslips![0]);
    const timesheet = await get(`${V1}/Timesheets/${String(data.Timesheets![0]!.TimesheetID)}`);
    assert.deepEqual(timesheet.body.Timesheet, data.Timesheets![0]);
  });
});

describe('Payroll v2 timesheets', () => {
  it('pages 100 at a time with a pagination object, page 1 by default', async () => {
    const all = data.TimesheetsV2!;
    const first = await get(`${V2}/Timesheets`);
    assert.deepEqual(first.body.pagination, { page: 1, pageSize: 100, pageCount: Math.ceil(all.length / 100), itemCount: all.length });
    assert.equal(first.body.problem, null);
    assert.equal(first.body.httpStatusCode, 'OK');
    assert.match(first.body.dateTimeUTC, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/);
    assert.equal(first.body.timesheets.length, 100);
    assert.equal(first.body.timesheets[0].timesheetLines, undefined, 'lists leave the lines out');
    const last = await get(`${V2}/Timesheets`, { page: String(first.body.pagination.pageCount) });
    assert.equal(last.body.timesheets.length, all.length - 100 * (first.body.pagination.pageCount - 1));
    assert.equal(last.body.timesheets.at(-1).timesheetID, all.at(-1)!.timesheetID, 'default order: as created');
    assert.deepEqual((await get(`${V2}/Timesheets`, { page: '999' })).body.timesheets, []);
  });

  it('filters by employee and calendar, status and dates, and sorts by start date newest first', async () => {
    const sample = data.TimesheetsV2![5]!;
    const mine = await get(`${V2}/Timesheets`, { filter: `employeeId==${String(sample.employeeID)},payrollCalendarId==${String(sample.payrollCalendarID)}` });
    const expected = data.TimesheetsV2!.filter((t) => t.employeeID === sample.employeeID);
    assert.deepEqual(ids(mine.body.timesheets, 'timesheetID'), ids(expected, 'timesheetID'));
    const drafts = await get(`${V2}/Timesheets`, { status: 'draft' });
    assert.ok(drafts.body.timesheets.length > 0 && drafts.body.timesheets.every((t: XeroRecord) => t.status === 'Draft'));
    const from = '2026-09-01';
    const to = '2026-10-15';
    const window = await get(`${V2}/Timesheets`, { startDate: from, endDate: to });
    const inWindow = data.TimesheetsV2!.filter((t) => String(t.startDate).slice(0, 10) >= from && String(t.endDate).slice(0, 10) <= to);
    assert.equal(window.body.pagination.itemCount, inWindow.length);
    assert.ok(inWindow.length > 0 && inWindow.length < data.TimesheetsV2!.length);
    const sorted = await get(`${V2}/Timesheets`, { sort: 'startDate' });
    const starts = sorted.body.timesheets.map((t: XeroRecord) => String(t.startDate));
    assert.deepEqual(starts, [...starts].sort().reverse());
    assert.equal(starts[0], String(data.TimesheetsV2!.at(-1)!.startDate));
  });

  it('answers bad parameters with a 400 problem naming the field, and unknown ids with a 404 problem', async () => {
    const bad = await get(`${V2}/Timesheets`, { filter: 'firstName==Jo', status: 'Pending', startDate: '2026-13-01', page: 'x' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.httpStatusCode, 'BadRequest');
    assert.equal(bad.body.timesheets, null);
    assert.equal(bad.body.problem.type, 'application/problem+json');
    assert.equal(bad.body.problem.status, 400);
    assert.deepEqual(bad.body.problem.invalidFields.map((f: { name: string }) => f.name).sort(), ['filter', 'page', 'startDate', 'status']);
    const missing = await get(`${V2}/Timesheets/00000000-0000-4000-8000-000000000000`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.problem.title, 'NotFound');
    assert.equal(missing.body.timesheet, null);
    const one = await get(`${V2}/Timesheets/${String(data.TimesheetsV2![0]!.timesheetID).toUpperCase()}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body.timesheet, data.TimesheetsV2![0]);
    assert.equal(one.body.pagination, null);
  });
});

describe('an organisation without Australian payroll', () => {
  it('answers every payroll route with 403 (UNCERTAIN what Xero answers; see responses.ts)', async () => {
    assert.equal(nz!.payroll, undefined);
    for (const def of defs) {
      const path = def.pattern.replace(':id', '00000000-0000-4000-8000-000000000000');
      const res = await get(path, {}, {}, nz!);
      assert.equal(res.status, 403, path);
      assert.equal(res.body.Title, 'Forbidden');
      assert.match(res.body.Detail, /^AuthenticationUnsuccessful/);
    }
  });
});
