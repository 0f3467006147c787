/**
 * Reading and validating report query parameters. A bad value becomes a 400 with Xero's
 * validation-error body naming the parameter. Parameter names match case-insensitively: Xero's
 * .NET model binding ignores case (`fromdate` works like `fromDate`), and SDKs differ in casing
 * (`trackingOptionID` vs `trackingOptionId`).
 */
import { json, type SimResponse } from '../../http.js';
import { isGuid } from '../records.js';
import { endOfMonth, parseQueryDay, startOfMonth } from './dates.js';

/** Months per `timeframe` value of the Profit and Loss and Balance Sheet reports. */
export const TIMEFRAME_MONTHS = { MONTH: 1, QUARTER: 3, YEAR: 12 } as const;
/** Their `timeframe` values, in the spec's order. */
export const TIMEFRAMES = ['MONTH', 'QUARTER', 'YEAR'] as const;

/** A parameter Xero would reject; the message names it. */
export class ReportParamError extends Error {
  override readonly name = 'ReportParamError';
}

/**
 * The 400 body for a rejected report parameter. Unlike a PUT/POST validation failure there is
 * no entity to attach `Elements` to, so the message itself carries the reason. UNCERTAIN: the
 * exact wording is not documented (xero-platform-facts.md §9 gives only the shape).
 */
export function paramErrorResponse(error: ReportParamError): SimResponse {
  return json(400, { ErrorNumber: 10, Type: 'ValidationException', Message: error.message });
}

/** The raw value of a parameter, matched case-insensitively; empty values count as absent. */
export function rawParam(query: URLSearchParams, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of query) {
    if (key.toLowerCase() === wanted && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** An optional `YYYY-MM-DD` parameter as a day number. */
export function dateParam(query: URLSearchParams, name: string): number | undefined {
  const raw = rawParam(query, name);
  if (raw === undefined) return undefined;
  const day = parseQueryDay(raw);
  if (day === undefined) throw new ReportParamError(`The ${name} parameter is not a valid date: '${raw}'. Use YYYY-MM-DD.`);
  return day;
}

/** An optional whole-number parameter within `[min, max]`. */
export function intParam(query: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = rawParam(query, name);
  if (raw === undefined) return undefined;
  const n = /^[+-]?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ReportParamError(`The ${name} parameter must be a whole number between ${min} and ${max}: '${raw}'.`);
  }
  return n;
}

/** An optional parameter restricted to a list of values (compared case-insensitively). */
export function choiceParam<T extends string>(query: URLSearchParams, name: string, choices: readonly T[]): T | undefined {
  const raw = rawParam(query, name);
  if (raw === undefined) return undefined;
  const found = choices.find((c) => c.toLowerCase() === raw.toLowerCase());
  if (found === undefined) throw new ReportParamError(`The ${name} parameter must be one of ${choices.join(', ')}: '${raw}'.`);
  return found;
}

/** An optional `true`/`false` parameter. */
export function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = rawParam(query, name);
  if (raw === undefined) return undefined;
  const lower = raw.toLowerCase();
  if (lower !== 'true' && lower !== 'false') throw new ReportParamError(`The ${name} parameter must be true or false: '${raw}'.`);
  return lower === 'true';
}

/** An optional GUID parameter, lower-cased. */
export function guidParam(query: URLSearchParams, name: string): string | undefined {
  const raw = rawParam(query, name);
  if (raw === undefined) return undefined;
  if (!isGuid(raw)) throw new ReportParamError(`The ${name} parameter is not a valid GUID: '${raw}'.`);
  return raw.toLowerCase();
}

/** Rejects a date range that ends before it starts. */
export function checkRange(fromDay: number, toDay: number, fromName: string, toName: string): void {
  if (fromDay > toDay) throw new ReportParamError(`The ${fromName} parameter must not be after the ${toName} parameter.`);
}

/**
 * The `fromDate`/`toDate` period of the Profit and Loss and Bank Summary reports. Both default
 * to the month containing the books' today, as Xero documents for fromDate ("the beginning of
 * the current month") and its Bank Summary example shows ("From 1 April 2019 to 30 April 2019").
 * UNCERTAIN: with only toDate the period is toDate's month; with only fromDate it runs to the end
 * of the current month (or of fromDate's month, when that is later).
 */
export function periodParams(query: URLSearchParams, today: number): { from: number; to: number } {
  const fromParam = dateParam(query, 'fromDate');
  const toParam = dateParam(query, 'toDate');
  const from = fromParam ?? startOfMonth(toParam ?? today);
  const to = toParam ?? endOfMonth(fromParam !== undefined && fromParam > today ? fromParam : today);
  checkRange(from, to, 'fromDate', 'toDate');
  return { from, to };
}
