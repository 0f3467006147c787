/**
 * The Projects API's dates: ISO 8601 in UTC with a `Z` (xero-api-endpoints.md §5). A day something
 * happens on (`dateUtc`, `deadlineUtc`) is the organisation's local midnight written in UTC, which
 * is why the spec's examples show `"2020-02-27T15:00:00Z"` for an Australian date; the instant an
 * entry was typed in (`dateEnteredUtc`) carries .NET's seven fractional digits.
 */

/** IANA zones of the Xero timezone names our organisations use; anything else is treated as UTC. */
const IANA_ZONES: Readonly<Record<string, string>> = {
  AUSEASTERNSTANDARDTIME: 'Australia/Sydney',
  NEWZEALANDSTANDARDTIME: 'Pacific/Auckland',
};

/** The IANA zone for a Xero `Timezone` value. */
export function ianaZone(xeroTimezone: unknown): string {
  return IANA_ZONES[String(xeroTimezone)] ?? 'UTC';
}

/** `YYYY-MM-DDTHH:MM:SSZ`. */
export function projectsTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** `YYYY-MM-DDTHH:MM:SS.fffffffZ`: the ms instant with `extraDigits` (0-9999) as the last four digits. */
export function projectsPreciseTimestamp(ms: number, extraDigits: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}${String(extraDigits).padStart(4, '0')}Z`;
}

/**
 * The instant the calendar day `dayMs` (that date's UTC midnight) begins in `zone`. Daylight saving
 * is respected: an Australian summer day starts at 13:00 UTC the day before, a winter one at 14:00.
 */
export function localMidnight(dayMs: number, zone: string): number {
  const key = `${zone}:${dayMs}`;
  const known = midnights.get(key);
  if (known !== undefined) return known;
  // Local midnight is dayMs minus the zone's offset at that instant; one refinement settles days
  // on which the offset changes.
  let guess = dayMs - offsetMs(dayMs, zone);
  guess = dayMs - offsetMs(guess, zone);
  if (midnights.size < 100_000) midnights.set(key, guess);
  return guess;
}

/** Days repeat across time entries; asking Intl once per day keeps large scales fast. */
const midnights = new Map<string, number>();

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `ms`, in ms (positive east of Greenwich). */
function offsetMs(ms: number, zone: string): number {
  if (zone === 'UTC') return 0;
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  const parts = format.formatToParts(ms);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * Parses a `dateAfterUtc`/`dateBeforeUtc` value: ISO 8601, a date or a date-time, UTC unless it
 * names an offset. NaN when it is not one.
 */
export function parseIsoInstant(text: string): number {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(t)) return Number.NaN;
  const zoned = t.length === 10 ? `${t}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/i.test(t) ? t : `${t}Z`;
  return Date.parse(zoned);
}
