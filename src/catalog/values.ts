/**
 * Turning JSON values into SQL values of a column's type. Conversion is lenient in one direction
 * only: a value that cannot be read as the column's type (a report cell "Total" in a date
 * column, an empty string in a number column) becomes null rather than failing the query, and
 * nothing is ever guessed into a different value.
 */
import { parseIsoDate, parseIsoDateTime, parseMsDate, parseMsDateTime } from './dates.js';
import type { SqlType, ValueFormat } from './table-def.js';

/** A value of a row: what SQLite and the result types carry. */
export type SqlValue = string | number | boolean | null;

const DATE_PARSERS: Record<ValueFormat, readonly ((text: string) => string | undefined)[]> = {
  msdate: [parseMsDate],
  msdatetime: [parseMsDateTime],
  isodate: [parseIsoDate],
  isodatetime: [parseIsoDateTime],
  // Undeclared format (pseudo-column inputs, report cells): whichever form the text is in.
  plain: [parseMsDate, parseIsoDate],
};

const DATETIME_PARSERS: Record<ValueFormat, readonly ((text: string) => string | undefined)[]> = {
  ...DATE_PARSERS,
  msdate: [parseMsDateTime],
  isodate: [parseIsoDateTime],
  plain: [parseMsDateTime, parseIsoDateTime],
};

function firstParsed(parsers: readonly ((text: string) => string | undefined)[], text: string): string | null {
  for (const parse of parsers) {
    const value = parse(text);
    if (value !== undefined) return value;
  }
  return null;
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    // Report cells may carry thousands separators ("1,234.50"); nothing else is stripped.
    const n = Number(value.trim().replace(/,(?=\d{3}(\D|$))/g, ''));
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Converts one JSON value (undefined when absent) to a column's SQL type and format. */
export function toSqlValue(value: unknown, type: SqlType, format: ValueFormat): SqlValue {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'text':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return JSON.stringify(value);
    case 'integer':
    case 'decimal':
    case 'real':
      return toNumber(value);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
      return null;
    case 'date':
      return typeof value === 'string' ? firstParsed(DATE_PARSERS[format], value) : null;
    case 'datetime':
      return typeof value === 'string' ? firstParsed(DATETIME_PARSERS[format], value) : null;
  }
}
