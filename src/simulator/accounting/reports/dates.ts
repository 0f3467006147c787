/**
 * Calendar arithmetic for the reports on whole UTC days. A "day" is the number of days since
 * 1970-01-01; report dates carry no time or zone, and the books store their dates as UTC
 * midnights (`/Date(ms+0000)/`), so integer days avoid every time-zone and DST trap.
 */
import type { Json } from '../../data/types.js';

const DAY_MS = 86_400_000;

/** A calendar date split into parts; `month` is 1-12. */
export interface Ymd {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The day containing the instant `ms`. */
export function dayOfMs(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** Splits a day into year, month and day of month. */
export function toYmd(day: number): Ymd {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The day of a calendar date. Months outside 1-12 roll into neighbouring years. */
export function fromYmd(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** Number of days in a month (`month` 1-12, may roll over years). */
export function daysInMonth(year: number, month: number): number {
  return toYmd(fromYmd(year, month + 1, 0)).day;
}

/** First day of the month containing `day`. */
export function startOfMonth(day: number): number {
  const { year, month } = toYmd(day);
  return fromYmd(year, month, 1);
}

/** Last day of the month containing `day`. */
export function endOfMonth(day: number): number {
  const { year, month } = toYmd(day);
  return fromYmd(year, month + 1, 0);
}

/** True when `day` is the last day of its month. */
export function isMonthEnd(day: number): boolean {
  return endOfMonth(day) === day;
}

/**
 * `day` moved by `months` calendar months. A month-end date stays a month end (31 Mar − 1 month
 * = 28/29 Feb, 28 Feb − 1 year = 28/29 Feb), which is how Xero's comparative columns step;
 * other dates keep their day of month, clamped to the target month's length.
 */
export function addMonths(day: number, months: number): number {
  const { year, month, day: dom } = toYmd(day);
  if (isMonthEnd(day)) return fromYmd(year, month + months + 1, 0);
  return fromYmd(year, month + months, Math.min(dom, daysInMonth(year, month + months)));
}

/**
 * Parses a query-string date: `YYYY-MM-DD`, optionally followed by a time (`T00:00:00`), which
 * is ignored. Returns undefined for anything else, including impossible dates (2019-02-30).
 */
export function parseQueryDay(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(text.trim());
  if (!m) return undefined;
  const [year, month, dom] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || dom < 1 || dom > daysInMonth(year, month)) return undefined;
  return fromYmd(year, month, dom);
}

/** The day of a stored Microsoft JSON date (`/Date(1573755038314+0000)/`), if `value` is one. */
export function parseRecordDay(value: Json | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(value);
  return m ? dayOfMs(Number(m[1])) : undefined;
}
