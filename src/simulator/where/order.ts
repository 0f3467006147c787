/**
 * Xero's `order` parameter: `Name ASC, Date DESC`. Each key is an expression (usually a
 * property path such as `Contact.Name`), optionally followed by ASC/ASCENDING or
 * DESC/DESCENDING (case-insensitive; ASC when omitted), keys separated by commas.
 *
 * Ordering rules: nulls (and missing values) first ascending and last descending, as .NET's
 * default comparer puts them; dates as instants, numbers numerically, Booleans false first;
 * strings case-insensitively with an ordinal tie-break (UNCERTAIN: see `compareText`).
 */
import { compileExpr } from './evaluator.js';
import { parseOrder } from './parser.js';
import type { TypeModel } from './type-model.js';
import { compareScalars } from './values.js';
import type { Scalar } from './values.js';
import type { XeroRecord } from '../data/types.js';

interface OrderPlan {
  readonly getters: readonly ((record: XeroRecord) => Scalar)[];
  /** 1 ascending, -1 descending, per key. */
  readonly signs: readonly number[];
}

function plan(order: string, typeName: string, model: TypeModel): OrderPlan {
  const orderings = parseOrder(order, typeName, model);
  return {
    // Object and array keys are rejected by the parser, so every value here is a scalar.
    getters: orderings.map((o) => compileExpr(o.expr) as (record: XeroRecord) => Scalar),
    signs: orderings.map((o) => (o.ascending ? 1 : -1)),
  };
}

/**
 * Compiles an `order` expression for records of `typeName` into a comparator for
 * `Array.prototype.sort`, which is stable, so records with equal keys keep their input order.
 * Throws {@link QueryParseError} for an unknown field, a non-sortable key or bad syntax.
 * For large arrays prefer {@link compileSort}, which reads each record's keys only once.
 */
export function compileOrder(order: string, typeName: string, model: TypeModel): (a: XeroRecord, b: XeroRecord) => number {
  const { getters, signs } = plan(order, typeName, model);
  return (a, b) => {
    for (let i = 0; i < getters.length; i++) {
      const get = getters[i] as (record: XeroRecord) => Scalar;
      const x = get(a);
      const y = get(b);
      if (x === y) continue;
      const sign = signs[i] as number;
      if (x === null) return -sign;
      if (y === null) return sign;
      const c = compareScalars(x, y);
      if (c !== 0) return c * sign;
    }
    return 0;
  };
}

/** A record with its sort keys read once: values, and strings lower-cased. */
interface Decorated {
  readonly record: XeroRecord;
  readonly values: readonly Scalar[];
  readonly lowered: readonly (string | undefined)[];
}

/**
 * Like {@link compileOrder}, but returns a function that sorts a whole array (into a new
 * array, stably), reading, date-parsing and lower-casing each record's keys once rather
 * than on every comparison: several times faster on ~100,000 records.
 */
export function compileSort(order: string, typeName: string, model: TypeModel): (records: readonly XeroRecord[]) => XeroRecord[] {
  const { getters, signs } = plan(order, typeName, model);
  const compare = (a: Decorated, b: Decorated): number => {
    for (let i = 0; i < signs.length; i++) {
      const x = a.values[i] as Scalar;
      const y = b.values[i] as Scalar;
      if (x === y) continue;
      const sign = signs[i] as number;
      if (x === null) return -sign;
      if (y === null) return sign;
      const xl = a.lowered[i];
      const yl = b.lowered[i];
      if (xl !== undefined && yl !== undefined && xl !== yl) return xl < yl ? -sign : sign;
      // Equal lower-cased text (the ordinal tie-break), or numbers, instants, Booleans.
      return x < y ? -sign : sign;
    }
    return 0;
  };
  return (records) => {
    const decorated = records.map((record): Decorated => {
      const values = getters.map((get) => get(record));
      return { record, values, lowered: values.map((v) => (typeof v === 'string' ? v.toLowerCase() : undefined)) };
    });
    return decorated.sort(compare).map((d) => d.record);
  };
}
