/**
 * The Files API's timestamps: ISO 8601 in UTC but written without a zone, with seven fractional
 * digits (`"CreatedDateUtc": "2021-02-10T16:02:54.9930000"`, xero-api-endpoints.md §3), the way
 * .NET prints a DateTime. Our instants have millisecond precision, so the last four digits are 0.
 */

/** `YYYY-MM-DDTHH:MM:SS.fffffff` for an instant in ms since the epoch. */
export function filesTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000`;
}
