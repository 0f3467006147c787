/** The two date spellings the identity service writes. */

/**
 * A connection date as Xero's identity API writes it: UTC, no zone designator, seven fractional
 * digits, e.g. `2019-12-07T18:46:19.5165400` (xero-platform-facts.md §4). The simulator keeps
 * milliseconds, so the last four digits are zeros.
 */
export function connectionDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, -1)}0000`;
}

/**
 * The instant in a `TokenExpired: token expired at 04/09/2023 05:16:59` detail: `MM/dd/yyyy
 * HH:mm:ss` in UTC (xero-platform-facts.md §9).
 */
export function tokenExpiredStamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`
  );
}
