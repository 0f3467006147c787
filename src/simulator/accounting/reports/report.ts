/**
 * The report document Xero returns (`ReportWithRow` in xero_accounting.yaml) and small builders
 * for its rows, so each report file only says which rows it has.
 *
 * Layout, as in every example response: a `Header` row of column titles, then `Section`s, each
 * with a `Title` (often "") and `Rows` of `Row`/`SummaryRow`. Cells are strings; account rows
 * carry `[{Value: <AccountID>, Id: "account"}]` attributes.
 */
import type { ApiCall } from '../../api.js';
import type { OrgData } from '../../data/types.js';
import type { SimResponse } from '../../http.js';
import { envelope } from '../responses.js';
import { dayOfMs } from './dates.js';
import { formatLongDate } from './format.js';

/** A `{Value, Id}` pair attached to a cell, e.g. the account it drills into. */
export interface ReportAttribute {
  readonly Value: string;
  readonly Id: string;
}

/** One cell. */
export interface ReportCell {
  readonly Value: string;
  readonly Attributes?: readonly ReportAttribute[];
}

/** A row inside a section (or the top-level header row). */
export interface ReportRow {
  readonly RowType: 'Header' | 'Row' | 'SummaryRow';
  readonly Cells: readonly ReportCell[];
}

/** A titled group of rows. */
export interface ReportSection {
  readonly RowType: 'Section';
  readonly Title: string;
  readonly Rows: readonly ReportRow[];
}

/** One report as served in the `Reports` array. */
export interface Report {
  readonly ReportID: string;
  readonly ReportName: string;
  readonly ReportType: string;
  readonly ReportTitles: readonly string[];
  readonly ReportDate: string;
  readonly UpdatedDateUTC: string;
  readonly Fields: readonly never[];
  readonly Rows: readonly (ReportRow | ReportSection)[];
}

/** A cell, with attributes only when there are some. */
export function cell(value: string, attributes?: readonly ReportAttribute[]): ReportCell {
  return attributes && attributes.length > 0 ? { Value: value, Attributes: attributes } : { Value: value };
}

/** The `account` attribute of an account row's cells. */
export function accountAttribute(accountId: string): ReportAttribute {
  return { Value: accountId, Id: 'account' };
}

/** The column-title row. */
export function headerRow(titles: readonly string[]): ReportRow {
  return { RowType: 'Header', Cells: titles.map((t) => cell(t)) };
}

/** A detail row of plain cells. */
export function row(values: readonly string[]): ReportRow {
  return { RowType: 'Row', Cells: values.map((v) => cell(v)) };
}

/** A totals row of plain cells. */
export function summaryRow(values: readonly string[]): ReportRow {
  return { RowType: 'SummaryRow', Cells: values.map((v) => cell(v)) };
}

/**
 * An account's row: every cell (label and values) carries the account attribute, as in the
 * Balance Sheet, Trial Balance and Profit and Loss examples.
 */
export function accountRow(label: string, accountId: string, values: readonly string[]): ReportRow {
  const attrs = [accountAttribute(accountId)];
  return { RowType: 'Row', Cells: [label, ...values].map((v) => cell(v, attrs)) };
}

/** A section. */
export function section(title: string, rows: readonly ReportRow[]): ReportSection {
  return { RowType: 'Section', Title: title, Rows: rows };
}

/** What a report builder decides; the route adds the id, dates and envelope. */
export interface ReportBody {
  readonly type: string;
  readonly name: string;
  readonly titles: readonly string[];
  readonly rows: readonly (ReportRow | ReportSection)[];
}

/**
 * Completes a report. `ReportID` repeats the type, as captured API Explorer responses show
 * (`"ReportID": "BalanceSheet"`). `ReportDate` is the day the report was run: the books' today
 * (`org.asOfMs`), so a seed gives the same report on any calendar day.
 */
export function finishReport(call: ApiCall, body: ReportBody): Report {
  return {
    ReportID: body.type,
    ReportName: body.name,
    ReportType: body.type,
    ReportTitles: body.titles,
    ReportDate: formatLongDate(dayOfMs(call.org.asOfMs)),
    // Report timestamps have no offset, like the envelope's (spec examples).
    UpdatedDateUTC: `/Date(${call.nowMs})/`,
    Fields: [],
    Rows: body.rows,
  };
}

/** The Accounting envelope around a `Reports` array. */
export function reportsResponse(call: ApiCall, reports: readonly unknown[]): SimResponse {
  return envelope(call.app.name, call.nowMs, 'Reports', reports);
}

/**
 * The organisation name in report titles: `LegalName`, which the spec describes as the
 * "Organisation name shown on Reports", else the display name.
 */
export function organisationName(org: OrgData): string {
  const { organisation } = org.accounting;
  for (const key of ['LegalName', 'Name'] as const) {
    const value = organisation[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return org.tenantName;
}
