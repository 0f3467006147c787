/**
 * `GET /Reports/TenNinetyNine?reportYear`: the US 1099 reports, served in the `Reports` schema
 * (ReportName, ReportDate, Fields, Contacts) rather than as rows.
 *
 * 1099 forms exist only for US organisations. For any other organisation (all the simulator's
 * demo books are AU or NZ) the answer is an empty `Reports` array: there is nothing to report,
 * and a client iterating reports sees none. For a US organisation both reports (NEC and MISC)
 * come back for the year with no contacts, since the simulated contacts carry no 1099 settings.
 * UNCERTAIN: Xero's answer for a non-US organisation is not documented (it might instead be a
 * 400); an empty list is the least surprising answer a driver can handle.
 */
import type { ApiCall } from '../../api.js';
import { dayOfMs, fromYmd, toYmd } from './dates.js';
import { formatColumnDate } from './format.js';
import { intParam } from './params.js';

/** One 1099 report as the `Reports` schema has it. */
export interface TenNinetyNineReport {
  readonly ReportName: string;
  readonly ReportDate: string;
  readonly Fields: readonly never[];
  readonly Contacts: readonly never[];
}

/** The 1099 reports of `reportYear` (default: the books' current year). */
export function buildTenNinetyNine(call: ApiCall): TenNinetyNineReport[] {
  const year = intParam(call.req.query, 'reportYear', 1900, 9999) ?? toYmd(dayOfMs(call.org.asOfMs)).year;
  if (call.org.countryCode !== 'US') return [];
  const period = `${formatColumnDate(fromYmd(year, 1, 1))} to ${formatColumnDate(fromYmd(year, 12, 31))}`;
  return ['1099-NEC report', '1099-MISC report'].map((name) => ({ ReportName: name, ReportDate: period, Fields: [], Contacts: [] }));
}
