/**
 * Date parsers, one per format the APIs write (xero-api-endpoints.md, "Date formats"). Each turns
 * text into the catalog's canonical forms: `YYYY-MM-DD` for date-only values and
 * `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC) for timestamps. Anything else gives undefined, so a caller
 * can tell "not this format" from a value.
 */

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * The milliseconds of a Microsoft JSON date. The offset is ignored: the number is already
 * milliseconds since the epoch in UTC, and the offset only says which zone the value was
 * entered in (.NET's `DataContractJsonSerializer` convention).
 */
function msOf(text: string): number | undefined {
  const match = MS_DATE.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]);
  return Number.isFinite(new Date(ms).getTime()) ? ms : undefined;
}

/**
 * `/Date(1573689600000+0000)/` of a date-only field (`x-is-msdate`) as `YYYY-MM-DD`: the UTC
 * calendar day of the instant, whatever the offset (Xero writes date-only values as UTC
 * midnight; shifting by the offset would move them to the previous or next day).
 */
export function parseMsDate(text: string): string | undefined {
  const ms = msOf(text);
  return ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 10);
}

/** `/Date(1573755038314+0000)/` of a timestamp (`x-is-msdate-time`) as a UTC ISO string. */
export function parseMsDateTime(text: string): string | undefined {
  const ms = msOf(text);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

interface IsoParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly ms: number;
  /** Minutes east of UTC; 0 when the text has no zone (the APIs mean UTC then). */
  readonly offsetMinutes: number;
}

/** `Date.UTC` without its mapping of years 0-99 to 1900-1999. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year);
  return date.getTime();
}

function isoParts(text: string): IsoParts | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Fractions beyond milliseconds (the Files API writes 7 digits) are truncated.
  const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const zone = m[8];
  let offsetMinutes = 0;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    offsetMinutes = (digits.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const check = new Date(utcMs(year, month, day));
  const realDay = check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
  if (!realDay || hour > 23 || minute > 59 || second > 59) return undefined;
  return { year, month, day, hour, minute, second, ms, offsetMinutes };
}

/**
 * An ISO date or date-time of a date-only field as `YYYY-MM-DD`: the calendar day as written,
 * without applying any zone (`DateString: "2018-10-20T00:00:00"` is the 20th).
 */
export function parseIsoDate(text: string): string | undefined {
  const p = isoParts(text);
  if (!p) return undefined;
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** An ISO date-time (with or without zone; none means UTC) as a UTC ISO string. */
export function parseIsoDateTime(text: string): string | undefined {
  const p = isoParts(text);
  if (!p) return undefined;
  const ms = utcMs(p.year, p.month, p.day, p.hour, p.minute, p.second, p.ms) - p.offsetMinutes * 60_000;
  const date = new Date(ms);
  return Number.isFinite(date.getTime()) ? date.toISOString() : undefined;
}
