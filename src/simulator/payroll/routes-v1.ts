/**
 * Payroll AU v1 routes (`/payroll.xro/1.0`, xero-api-endpoints.md §2): collection endpoints with
 * `where`, `order`, `page` and `If-Modified-Since`, their by-id reads, and the object resources
 * (`/PayItems`, `/Payslip/{id}`, `/Settings`, `/SuperfundProducts`). Every route answers an
 * organisation without Australian payroll with {@link noPayroll}.
 */
import type { ApiCall, ApiRouteDef } from '../api.js';
import { envelope, errorResponse, notFound } from '../accounting/responses.js';
import type { XeroRecord } from '../data/types.js';
import type { SimResponse } from '../http.js';
import { loadTypeModel, type TypeModel } from '../where/index.js';
import { PAYROLL, type PayrollCollection } from './collections.js';
import { filterAndSort, runV1List } from './list-query.js';
import { noPayroll } from './responses.js';

/** Base path of Payroll AU v1. */
export const PAYROLL_V1_BASE = '/payroll.xro/1.0';

/** Scopes, in their `.read` form (the read/write scope admits too). */
const SCOPES = {
  employees: ['payroll.employees.read'],
  settings: ['payroll.settings.read'],
  payRuns: ['payroll.payruns.read'],
  payslip: ['payroll.payslip.read'],
  timesheets: ['payroll.timesheets.read'],
} as const;

/** A collection endpoint: list and by-id. */
interface V1Collection {
  readonly path: string;
  readonly collection: PayrollCollection;
  /** The spec's schema name, for where/order. */
  readonly type: string;
  /** Envelope key of the list. */
  readonly key: string;
  /** Envelope key of the by-id read, when it is a single object (`Timesheet`) rather than the list key. */
  readonly objectKey?: string;
  readonly idField: string;
  readonly scopes: readonly string[];
  /** How a list shows a record when it differs from the by-id form. */
  readonly listForm?: (r: XeroRecord) => XeroRecord;
  /** Records a list leaves out. */
  readonly listed?: (r: XeroRecord) => boolean;
}

/**
 * The employee fields a list returns: the spec's `/Employees` example shows no tax declaration,
 * bank accounts, pay template, balances or super memberships, which the by-id example has.
 * UNCERTAIN: whether `page` brings the full records (it does in Accounting's Invoices); the
 * spec shows no paged example, so lists are always the summary.
 */
const EMPLOYEE_LIST_FIELDS = [
  'EmployeeID',
  'Title',
  'FirstName',
  'MiddleNames',
  'LastName',
  'Status',
  'Email',
  'DateOfBirth',
  'JobTitle',
  'Gender',
  'Phone',
  'Mobile',
  'StartDate',
  'TerminationDate',
  'OrdinaryEarningsRateID',
  'PayrollCalendarID',
  'UpdatedDateUTC',
  'EmployeeGroupName',
  'IsSTP2Qualified',
] as const;

function employeeSummary(r: XeroRecord): XeroRecord {
  const out: XeroRecord = {};
  for (const key of EMPLOYEE_LIST_FIELDS) if (r[key] !== undefined) out[key] = r[key];
  return out;
}

/** Pay runs list without their payslips; `/PayRuns/{id}` has them (the spec's two examples). */
function payRunSummary(r: XeroRecord): XeroRecord {
  const { Payslips: _payslips, ...rest } = r;
  return rest;
}

/**
 * Whether a leave application is approved leave. `/LeaveApplications` lists those; the
 * requests (REQUESTED) and refusals (REJECTED) appear only in `/LeaveApplications/v2`
 * ("Retrieves leave applications including leave requests", and its example's statuses).
 */
function approvedLeave(r: XeroRecord): boolean {
  const periods = Array.isArray(r.LeavePeriods) ? r.LeavePeriods : [];
  return periods.some((p) => !!p && typeof p === 'object' && !Array.isArray(p) && (p.LeavePeriodStatus === 'SCHEDULED' || p.LeavePeriodStatus === 'PROCESSED'));
}

const LEAVE_APPLICATIONS: V1Collection = {
  path: 'LeaveApplications',
  collection: PAYROLL.leaveApplications,
  type: 'LeaveApplication',
  key: 'LeaveApplications',
  idField: 'LeaveApplicationID',
  scopes: SCOPES.employees,
  listed: approvedLeave,
};

const COLLECTIONS: readonly V1Collection[] = [
  { path: 'Employees', collection: PAYROLL.employees, type: 'Employee', key: 'Employees', idField: 'EmployeeID', scopes: SCOPES.employees, listForm: employeeSummary },
  LEAVE_APPLICATIONS,
  { path: 'PayrollCalendars', collection: PAYROLL.payrollCalendars, type: 'PayrollCalendar', key: 'PayrollCalendars', idField: 'PayrollCalendarID', scopes: SCOPES.settings },
  { path: 'PayRuns', collection: PAYROLL.payRuns, type: 'PayRun', key: 'PayRuns', idField: 'PayRunID', scopes: SCOPES.payRuns, listForm: payRunSummary },
  // The path says "Superfunds", the envelope "SuperFunds" (xero-api-endpoints.md §2).
  { path: 'Superfunds', collection: PAYROLL.superFunds, type: 'SuperFund', key: 'SuperFunds', idField: 'SuperFundID', scopes: SCOPES.settings },
  { path: 'Timesheets', collection: PAYROLL.timesheets, type: 'Timesheet', key: 'Timesheets', objectKey: 'Timesheet', idField: 'TimesheetID', scopes: SCOPES.timesheets },
];

/** The four lists of the `/PayItems` object and their schema names. */
const PAY_ITEM_LISTS = [
  ['EarningsRates', PAYROLL.earningsRates, 'EarningsRate'],
  ['DeductionTypes', PAYROLL.deductionTypes, 'DeductionType'],
  ['LeaveTypes', PAYROLL.leaveTypes, 'LeaveType'],
  ['ReimbursementTypes', PAYROLL.reimbursementTypes, 'ReimbursementType'],
] as const;

/** Every Payroll AU v1 route. */
export function createPayrollV1Routes(): ApiRouteDef[] {
  const model = loadTypeModel('payrollAu');
  const routes: ApiRouteDef[] = [];
  for (const c of COLLECTIONS) {
    routes.push({
      pattern: `${PAYROLL_V1_BASE}/${c.path}`,
      scopes: c.scopes,
      handler: payroll((call, data) => listResponse(call, c, data, model)),
    });
    routes.push({
      pattern: `${PAYROLL_V1_BASE}/${c.path}/:id`,
      scopes: c.scopes,
      handler: payroll((call, data) => {
        const record = findById(data, c.collection, c.idField, call.req.params.id ?? '');
        if (!record) return notFound();
        return c.objectKey ? envelope(call.app.name, call.nowMs, c.objectKey, record) : envelope(call.app.name, call.nowMs, c.key, [record]);
      }),
    });
  }
  routes.push(
    {
      pattern: `${PAYROLL_V1_BASE}/LeaveApplications/v2`,
      scopes: SCOPES.employees,
      handler: payroll((call, data) => listResponse(call, { ...LEAVE_APPLICATIONS, listed: undefined }, data, model)),
    },
    {
      pattern: `${PAYROLL_V1_BASE}/PayItems`,
      scopes: SCOPES.settings,
      handler: payroll((call, data) => payItems(call, data, model)),
    },
    {
      pattern: `${PAYROLL_V1_BASE}/Payslip/:id`,
      scopes: SCOPES.payslip,
      handler: payroll((call, data) => {
        const payslip = findById(data, PAYROLL.payslips, 'PayslipID', call.req.params.id ?? '');
        // A single object, not a one-element array (the spec's PayslipObject).
        return payslip ? envelope(call.app.name, call.nowMs, 'Payslip', payslip) : notFound();
      }),
    },
    {
      pattern: `${PAYROLL_V1_BASE}/Settings`,
      scopes: SCOPES.settings,
      handler: payroll((call, data) => envelope(call.app.name, call.nowMs, 'Settings', data[PAYROLL.settings]?.[0] ?? {})),
    },
    {
      pattern: `${PAYROLL_V1_BASE}/SuperfundProducts`,
      scopes: SCOPES.settings,
      handler: payroll((call, data) => envelope(call.app.name, call.nowMs, 'SuperFundProducts', superfundProducts(call, data))),
    },
  );
  return routes;
}

type Collections = { readonly [name: string]: XeroRecord[] };

/** Wraps a handler that needs the organisation's payroll; organisations without it get {@link noPayroll}. */
function payroll(handler: (call: ApiCall, data: Collections) => SimResponse): (call: ApiCall) => SimResponse {
  return (call) => {
    const data = call.org.payroll?.collections;
    return data ? handler(call, data) : noPayroll();
  };
}

function listResponse(call: ApiCall, c: V1Collection, data: Collections, model: TypeModel): SimResponse {
  const stored = data[c.collection] ?? [];
  const listed = c.listed ? stored.filter(c.listed) : stored;
  const result = runV1List(listed, call.req, model, c.type);
  if (!result.ok) return errorResponse(result.error);
  const records = c.listForm ? result.records.map(c.listForm) : result.records;
  return envelope(call.app.name, call.nowMs, c.key, records);
}

/**
 * `/PayItems`: one object of four lists. `where`, `order` and `If-Modified-Since` apply to each
 * list with its own type; a list whose type lacks a field the expression names comes back empty,
 * and only an expression no list accepts is a 400 (UNCERTAIN: how Xero applies one expression
 * to four types is not documented). `page` is ignored: Xero's PayItems returns everything on
 * every page (Xero-OpenAPI issue #708, "Page parameter in PayItems ... is being ignored").
 */
function payItems(call: ApiCall, data: Collections, model: TypeModel): SimResponse {
  const out: XeroRecord = {};
  let firstError: Parameters<typeof errorResponse>[0] | undefined;
  let accepted = 0;
  for (const [key, collection, type] of PAY_ITEM_LISTS) {
    const result = filterAndSort(data[collection] ?? [], call.req, model, type);
    if (result.ok) {
      out[key] = result.records;
      accepted++;
    } else {
      out[key] = [];
      firstError ??= result.error;
    }
  }
  if (accepted === 0 && firstError) return errorResponse(firstError);
  return envelope(call.app.name, call.nowMs, 'PayItems', out);
}

/**
 * `/SuperfundProducts?ABN=...` or `?USI=...`: the register entries matching either (ABN digits
 * compared without spaces, USI without regard to case). UNCERTAIN: without either parameter
 * Xero may refuse the call; the simulator lists the whole (small) register.
 */
function superfundProducts(call: ApiCall, data: Collections): XeroRecord[] {
  const abn = call.req.query.get('ABN')?.replace(/\s+/g, '');
  const usi = call.req.query.get('USI')?.trim().toUpperCase();
  return (data[PAYROLL.superFundProducts] ?? []).filter(
    (p) => (!abn || String(p.ABN).replace(/\s+/g, '') === abn) && (!usi || String(p.USI).toUpperCase() === usi),
  );
}

const indexes = new WeakMap<readonly XeroRecord[], Map<string, XeroRecord>>();

/** A record by its id, compared without regard to case (ids are GUIDs). */
function findById(data: Collections, collection: PayrollCollection, idField: string, id: string): XeroRecord | undefined {
  const records = data[collection];
  if (!records) return undefined;
  let index = indexes.get(records);
  if (!index) {
    index = new Map(records.map((r) => [String(r[idField]).toLowerCase(), r]));
    indexes.set(records, index);
  }
  return index.get(id.toLowerCase());
}
