/**
 * The only place that writes Xero `where` expressions (DESIGN.md §2). Each SQL comparison either
 * becomes a Xero expression that selects a superset of the rows the SQL condition selects
 * (SQLite re-applies the whole WHERE afterwards), or is refused (`undefined`) and stays local.
 *
 * Refused on purpose:
 * - string values containing `"` (Xero's where language has no escape for it: a `\"` is a syntax
 *   error; xero-platform-facts.md §8), `\` or control characters;
 * - `<`/`>` on strings (Xero's ordering of text is not SQLite's);
 * - LIKE patterns other than `abc`, `abc%`, `%abc`, `%abc%` (no `_`, no inner `%`);
 * - datetime values with a non-UTC offset (SQLite compares the text, not the instant);
 * - GUIDs that are not GUIDs, numbers that are not plain decimals.
 */
import type { PushOperator, WhereKind } from '../catalog/table-def.js';
import type { Value } from './nodes.js';

/** One pushable comparison. */
export interface WhereTerm {
  /** Xero field path, e.g. `Contact.ContactID`. */
  readonly field: string;
  readonly kind: WhereKind;
  readonly op: PushOperator;
  readonly value: Value;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const PLAIN_NUMBER = /^-?\d{1,15}(\.\d{1,10})?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z)?$/;

/** Writes one comparison as a Xero where expression, or `undefined` when it must stay local. */
export function whereTerm(term: WhereTerm): string | undefined {
  const { field, kind, op, value } = term;
  if (!/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/.test(field)) return undefined;
  if (op === 'is null') return `${field} == null`;
  if (op === 'is not null') return `${field} != null`;
  if (value === null || op === 'in') return undefined;
  switch (kind) {
    case 'string':
    case 'enum': {
      if (typeof value !== 'string' || !safeText(value)) return undefined;
      if (op === '=' || op === '!=') return `${field} ${op === '=' ? '==' : '!='} "${value}"`;
      if (op === 'like') return likeTerm(field, value);
      return undefined;
    }
    case 'guid': {
      if (typeof value !== 'string' || !GUID.test(value)) return undefined;
      if (op === '=' || op === '!=') return `${field} ${op === '=' ? '==' : '!='} Guid("${value.toLowerCase()}")`;
      return undefined;
    }
    case 'number': {
      const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
      if (!PLAIN_NUMBER.test(text) || op === 'like') return undefined;
      return `${field} ${op === '=' ? '==' : op} ${text}`;
    }
    case 'boolean': {
      const b = value === true || value === 1 || value === 'true' ? true : value === false || value === 0 || value === 'false' ? false : undefined;
      if (b === undefined || (op !== '=' && op !== '!=')) return undefined;
      return `${field} ${op === '=' ? '==' : '!='} ${b}`;
    }
    case 'date': {
      if (typeof value !== 'string' || op === 'like') return undefined;
      const m = DATE_ONLY.exec(value.trim());
      if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
      return `${field} ${op === '=' ? '==' : op} DateTime(${m[1]}, ${m[2]}, ${m[3]})`;
    }
    case 'datetime': {
      if (typeof value !== 'string' || op === 'like' || op === '=' || op === '!=') return undefined;
      const ms = utcInstant(value.trim());
      if (ms === undefined) return undefined;
      // Xero's DateTime(...) has whole seconds; widen to the enclosing second so the set only grows.
      const lower = op === '>' || op === '>=';
      const second = lower ? Math.floor(ms / 1000) * 1000 : Math.ceil(ms / 1000) * 1000;
      const d = new Date(second);
      const parts = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
      return `${field} ${lower ? '>=' : '<='} DateTime(${parts.join(', ')})`;
    }
  }
}

/** `(a) && (b)`: Xero's AND. */
export function whereAnd(parts: readonly string[]): string {
  return parts.length === 1 ? (parts[0] as string) : parts.map((p) => `(${p})`).join(' && ');
}

/** `(a) || (b)`: Xero's OR. */
export function whereOr(parts: readonly string[]): string {
  return parts.length === 1 ? (parts[0] as string) : parts.map((p) => `(${p})`).join(' || ');
}

/**
 * SQLite's LIKE ignores ASCII case, so the pushed form lower-cases both sides (a superset for any
 * text) and guards against null, as Xero's docs advise for string methods on optional fields.
 */
function likeTerm(field: string, pattern: string): string | undefined {
  const m = /^(%?)([^%_]*)(%?)$/.exec(pattern);
  if (!m) return undefined;
  const [, lead, core = '', trail] = m;
  if (!safeText(core)) return undefined;
  const lower = core.toLowerCase();
  const guard = `${field} != null && `;
  if (lead && trail) return core === '' ? `${field} != null` : `${guard}${field}.ToLower().Contains("${lower}")`;
  if (trail) return `${guard}${field}.ToLower().StartsWith("${lower}")`;
  if (lead) return `${guard}${field}.ToLower().EndsWith("${lower}")`;
  return `${guard}${field}.ToLower() == "${lower}"`;
}

/** Text that can sit between double quotes in a Xero where literal and mean itself. */
export function safeText(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/["\\\u0000-\u001f\u007f]/.test(text);
}

function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Epoch ms of a date or UTC date-time (no zone or `Z`); undefined for anything else. */
function utcInstant(text: string): number | undefined {
  const m = DATETIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = m;
  if (!validDate(Number(y), Number(mo), Number(d))) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(frac.padEnd(3, '0').slice(0, 3)));
}
