/**
 * Exact decimal SUM and AVG for SQLite. Xero's amounts are decimals; SQLite adds them as binary
 * floats (0.1 + 0.2 = 0.30000000000000004). These aggregates replace `sum` and `avg`: each value
 * is read as the decimal it prints as and added as a scaled BigInt, so sums of money are exact
 * (DESIGN.md §2 "Exact money"). Integers stay integers, as with SQLite's own `sum`.
 */
import type Database from 'better-sqlite3';

interface Acc {
  /** Sum scaled by 10^scale. */
  units: bigint;
  scale: number;
  count: number;
  allIntegers: boolean;
  /** A value that is not a plain decimal (exponent, huge) switched us to float addition. */
  float: number | undefined;
}

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

function toDecimal(v: unknown): { units: bigint; scale: number } | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) return undefined;
  const m = PLAIN.exec(String(n));
  if (!m) return undefined;
  const frac = m[3] ?? '';
  const units = BigInt(`${m[1]}${m[2]}${frac}`);
  return { units, scale: frac.length };
}

function add(acc: Acc, v: unknown, sign: 1 | -1): Acc {
  if (v === null || v === undefined) return acc;
  const num = typeof v === 'number' ? v : Number(v);
  // SQLite's sum reads text that is not a number as 0.
  const value = Number.isFinite(num) ? num : 0;
  acc.count += sign;
  if (!Number.isInteger(value)) acc.allIntegers = false;
  if (acc.float !== undefined) {
    acc.float += sign * value;
    return acc;
  }
  const d = toDecimal(value);
  if (!d) {
    acc.float = Number(scaledText(acc.units, acc.scale)) + sign * value;
    return acc;
  }
  if (d.scale > acc.scale) {
    acc.units *= 10n ** BigInt(d.scale - acc.scale);
    acc.scale = d.scale;
  }
  acc.units += BigInt(sign) * d.units * 10n ** BigInt(acc.scale - d.scale);
  return acc;
}

function scaledText(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

function start(): Acc {
  return { units: 0n, scale: 0, count: 0, allIntegers: true, float: undefined };
}

/** Registers exact `sum` and `avg` (usable as window functions too). */
export function registerDecimalAggregates(db: Database.Database): void {
  db.aggregate('sum', {
    start,
    step: (acc: Acc, v: unknown) => add(acc, v, 1),
    inverse: (acc: Acc, v: unknown) => add(acc, v, -1),
    result: (acc: Acc) => {
      if (acc.count === 0) return null;
      if (acc.float !== undefined) return acc.float;
      const text = scaledText(acc.units, acc.scale);
      // A BigInt reaches SQLite as an INTEGER, so typeof(sum(int)) stays 'integer' as in SQLite.
      return acc.allIntegers && acc.scale === 0 ? BigInt(text) : Number(text);
    },
  });
  db.aggregate('avg', {
    start,
    step: (acc: Acc, v: unknown) => add(acc, v, 1),
    inverse: (acc: Acc, v: unknown) => add(acc, v, -1),
    result: (acc: Acc) => {
      if (acc.count === 0) return null;
      if (acc.float !== undefined) return acc.float / acc.count;
      // Divide exactly to 12 more decimal places, then round half away from zero.
      const extra = 12;
      const scaled = acc.units * 10n ** BigInt(extra + 1);
      let q = scaled / BigInt(acc.count);
      q = (q + (q >= 0n ? 5n : -5n)) / 10n;
      return Number(scaledText(q, acc.scale + extra));
    },
  });
}
