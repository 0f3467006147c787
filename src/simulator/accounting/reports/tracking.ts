/**
 * Tracking-category parameters of the Profit and Loss and Balance Sheet reports, resolved
 * against the organisation's `TrackingCategories` into line filters.
 */
import type { OrgData, XeroRecord } from '../../data/types.js';
import { arrayField, textField } from './fields.js';
import type { LedgerLine, LineFilter } from './ledger.js';
import { ReportParamError } from './params.js';

/** One option of a tracking category. */
export interface TrackingOption {
  readonly id: string;
  readonly name: string;
}

/** A tracking category with its usable options (deleted ones left out). */
export interface TrackingCategory {
  readonly id: string;
  readonly name: string;
  readonly options: readonly TrackingOption[];
}

function readCategory(record: XeroRecord): TrackingCategory {
  return {
    id: textField(record, 'TrackingCategoryID').toLowerCase(),
    name: textField(record, 'Name'),
    options: arrayField(record, 'Options')
      .filter((o) => textField(o, 'Status') !== 'DELETED')
      .map((o) => ({ id: textField(o, 'TrackingOptionID').toLowerCase(), name: textField(o, 'Name') })),
  };
}

/** The category with this (lower-cased) id; a 400 naming `param` when there is none. */
export function findCategory(org: OrgData, categoryId: string, param: string): TrackingCategory {
  const record = org.accounting.collections.TrackingCategories.find(
    (c) => textField(c, 'TrackingCategoryID').toLowerCase() === categoryId,
  );
  if (!record) throw new ReportParamError(`The ${param} parameter does not match a tracking category: '${categoryId}'.`);
  return readCategory(record);
}

/** The option with this (lower-cased) id in any category; a 400 naming `param` when there is none. */
export function findOption(org: OrgData, optionId: string, param: string): { category: TrackingCategory; option: TrackingOption } {
  for (const record of org.accounting.collections.TrackingCategories) {
    const category = readCategory(record);
    const option = category.options.find((o) => o.id === optionId);
    if (option) return { category, option };
  }
  throw new ReportParamError(`The ${param} parameter does not match a tracking option: '${optionId}'.`);
}

/** Lines tagged with this option. */
export function withOption(categoryId: string, optionId: string): LineFilter {
  return (line: LedgerLine) => line.tracking.some((t) => t.categoryId === categoryId && t.optionId === optionId);
}

/** Lines not tagged with any option of this category. */
export function withoutCategory(categoryId: string): LineFilter {
  return (line: LedgerLine) => !line.tracking.some((t) => t.categoryId === categoryId);
}

/** Lines passing every filter (all lines when there are none). */
export function allOf(filters: readonly LineFilter[]): LineFilter | undefined {
  if (filters.length === 0) return undefined;
  return (line: LedgerLine) => filters.every((f) => f(line));
}
