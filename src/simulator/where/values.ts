/**
 * Reading record values as the language compares them, and the orderings it uses. Records
 * hold Xero's JSON (`../data/types.ts`); a value of the wrong JSON type reads as null rather
 * than throwing, so one odd record cannot fail a whole request.
 */
import type { FieldKind } from './type-model.js';
import type { Json } from '../data/types.js';

/** A normalized value: string (strings, enums, lower-case GUIDs), number (numbers, instants in ms), boolean, or null. */
export type Scalar = string | number | boolean | null;
/** A value as expressions see it: a scalar, or a present object/array (only ever compared to null). */
export type Value = Scalar | object;

/**
 * Milliseconds since the epoch of a Xero date: a Microsoft JSON date (`/Date(1573755038314+0000)/`;
 * the offset only says which zone it was shown in, the ms are already UTC) or an ISO-8601
 * string (read as UTC when it has no zone). Null when it is neither.
 */
export function parseXeroDate(text: string): number | null {
  if (text.startsWith('/Date(')) {
    // Hand-rolled: this runs once per record per date comparison, on up to ~100,000 records.
    let i = 6;
    const negative = text.charCodeAt(i) === 45; // '-'
    if (negative) i++;
    let ms = 0;
    const first = i;
    for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) ms = ms * 10 + (c - 48);
    if (i === first) return null;
    return negative ? -ms : ms;
  }
  // A bare date and a zoned timestamp parse as they are (a bare date as UTC); a local
  // timestamp (Xero's `DateString` style, `2018-10-20T00:00:00`) needs a `Z` to be UTC.
  const asIs = /^\d{4}-\d{2}-\d{2}(T.*(Z|[+-]\d{2}:?\d{2}))?$/.test(text);
  const ms = Date.parse(asIs ? text : `${text}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** Converts a raw JSON value of a property of `kind` to its normalized form. */
export function normalizer(kind: FieldKind): (raw: Json | undefined) => Value {
  switch (kind.kind) {
    case 'string':
    case 'enum':
      return (v) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);
    case 'number':
    case 'integer':
      return (v) => {
        if (typeof v === 'number') return v;
        // The Payroll spec shows some numbers as strings (e.g. RatePerUnit); read those too.
        if (typeof v === 'string' && v.trim() !== '') {
          const n = Number(v);
          return Number.isFinite(n) ? n : null;
        }
        return null;
      };
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : null);
    case 'date':
    case 'datetime':
      return (v) => (typeof v === 'string' ? parseXeroDate(v) : null);
    case 'guid':
      // GUIDs compare case-insensitively: Xero's are .NET Guids, whatever case the JSON shows.
      return (v) => (typeof v === 'string' ? v.toLowerCase() : null);
    case 'object':
    case 'array':
      return (v) => (v === undefined ? null : v);
  }
}

/**
 * Orders two strings case-insensitively, breaking ties ordinally ("ABC" before "abc").
 * UNCERTAIN: .NET's default string comparison is culture-sensitive, and SQL Server collations
 * (if Xero's filters reach one) are usually case-insensitive; this is a deterministic stand-in
 * for both, used by `<`/`>` on strings and by `order`.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : 1;
}

/** Orders two non-null scalars of one class (strings by {@link compareText}, the rest by value). */
export function compareScalars(a: Scalar, b: Scalar): number {
  if (typeof a === 'string' && typeof b === 'string') return compareText(a, b);
  if (a === b) return 0;
  return (a as number | boolean) < (b as number | boolean) ? -1 : 1;
}
