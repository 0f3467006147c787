/**
 * Day arithmetic for the payroll generator and the Payroll AU v2 date format.
 *
 * v2 writes local-looking ISO strings without a zone: dates as `2020-04-13T00:00:00`, timestamps
 * as `2020-04-13T21:53:39`, and the envelope's `dateTimeUTC` with seven fractional digits
 * (`2020-04-13T21:54:01.8865016`): the spec's own examples (xero-payroll-au-v2.yaml) and Xero's
 * payroll v2 documentation show it so. xero-api-endpoints.md §2 prints them with a space and six
 * digits, which is how a YAML parser renders the spec's unquoted timestamps, not what goes over
 * the wire.
 */
import { DAY_MS } from '../data/msdate.js';

export { DAY_MS };

/** `ms` plus `days` whole days. */
export function addDays(ms: number, days: number): number {
  return ms + days * DAY_MS;
}

/** `YYYY-MM-DD` of a UTC instant. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const v2Days = new Map<number, string>();

/** A v2 date or timestamp, to the second: `2020-04-13T00:00:00`. */
export function toV2DateTime(ms: number): string {
  if (ms % DAY_MS !== 0) return new Date(ms).toISOString().slice(0, 19);
  // Dates repeat on every timesheet line of the day; their strings are made once.
  let s = v2Days.get(ms);
  if (s === undefined) {
    s = new Date(ms).toISOString().slice(0, 19);
    if (v2Days.size < 100_000) v2Days.set(ms, s);
  }
  return s;
}

/** The v2 envelope's `dateTimeUTC`: `2020-04-13T21:54:01.8860000` (milliseconds padded to seven digits). */
export function toV2Now(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000`;
}

/** The UTC midnight of the last day of the month containing `ms`. */
export function endOfMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
}

/** The UTC midnight of the first day of the month containing `ms`. */
export function startOfMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** True for Monday to Friday. */
export function isWeekday(ms: number): boolean {
  const day = new Date(ms).getUTCDay();
  return day !== 0 && day !== 6;
}

/** Every UTC midnight from `startMs` to `endMs`, both included. */
export function daysBetween(startMs: number, endMs: number): number[] {
  const out: number[] = [];
  for (let d = startMs; d <= endMs; d += DAY_MS) out.push(d);
  return out;
}
