/**
 * Xero's Accounting date formats (xero-api-endpoints.md §1 "Date formats"): Microsoft JSON dates
 * `/Date(<ms since the epoch>+0000)/` for both date-only fields (UTC midnight) and timestamps,
 * plus readable companions such as `DateString: "2026-03-04T00:00:00"`.
 */

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

// Date-only values repeat endlessly (every invoice of a day shares its Date), so their strings
// are interned; timestamps are nearly all distinct and are not.
const dayStrings = new Map<number, string>();
const MAX_INTERNED_DAYS = 200_000;

/** `/Date(<ms>+0000)/` for an instant or a UTC midnight. */
export function toMsDate(ms: number): string {
  if (!Number.isInteger(ms)) throw new RangeError(`toMsDate needs integer milliseconds, got ${ms}`);
  if (ms % DAY_MS !== 0) return `/Date(${ms}+0000)/`;
  let s = dayStrings.get(ms);
  if (s === undefined) {
    s = `/Date(${ms}+0000)/`;
    if (dayStrings.size < MAX_INTERNED_DAYS) dayStrings.set(ms, s);
  }
  return s;
}

const dayDateStrings = new Map<number, string>();

/** The readable companion Xero sends next to a date (`DateString`): `YYYY-MM-DDTHH:MM:SS`, UTC, no zone. */
export function toDateString(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`toDateString needs finite milliseconds, got ${ms}`);
  if (ms % DAY_MS !== 0) return new Date(ms).toISOString().slice(0, 19);
  let s = dayDateStrings.get(ms);
  if (s === undefined) {
    s = new Date(ms).toISOString().slice(0, 19);
    if (dayDateStrings.size < MAX_INTERNED_DAYS) dayDateStrings.set(ms, s);
  }
  return s;
}

/**
 * Milliseconds since the epoch of a Microsoft JSON date. The number is already UTC; the optional
 * `+hhmm` suffix only says which zone the writer was in, so it does not shift the value.
 */
export function parseMsDate(text: string): number {
  const m = MS_DATE.exec(text);
  if (m === null) throw new RangeError(`Not a Microsoft JSON date: ${JSON.stringify(text)}`);
  return Number(m[1]);
}

/** The UTC midnight at or before `ms`. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** `YYYY-MM` of a UTC instant (the period key Xero's budgets use). */
export function toYearMonth(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** The UTC midnight starting the month `delta` months after the month containing `ms`. */
export function addMonths(ms: number, delta: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + delta, 1);
}

/** Day of the week of a UTC instant, 0 = Sunday. */
export function weekday(ms: number): number {
  return new Date(ms).getUTCDay();
}
