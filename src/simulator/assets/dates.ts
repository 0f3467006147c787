/**
 * The Assets API's dates. Its spec declares them `format: date`, but every example in
 * xero_assets.yaml writes a midnight timestamp without a zone, `purchaseDate: 2020-01-01T00:00:00`,
 * and the simulator follows the examples. UNCERTAIN (xero-api-endpoints.md §4): whether the real
 * service writes `YYYY-MM-DD` instead. (The reference's rendering `"2020-01-01 00:00:00"` is how a
 * YAML 1.1 parser prints that same unquoted example; the spec's own text has the `T`.)
 */

/** `YYYY-MM-DDT00:00:00` for a UTC midnight in ms since the epoch. */
export function assetDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 10)}T00:00:00`;
}
