/**
 * Shared pieces of the reliability fuzz tests: fixed seeds (so every run is the same run and a
 * failure names the seed that found it), and the "typed error or nothing" check.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { XeroSqlError } from '../../src/errors.js';

/**
 * Seeds of the fuzz properties. `XERO_SQL_FUZZ_SEED` replaces them all (to explore); a failing
 * case is reported by fast-check with its seed and path, so it can be replayed exactly.
 */
export function seedFor(name: string, fixed: number): number {
  const override = process.env.XERO_SQL_FUZZ_SEED;
  return override !== undefined && override !== '' ? Number(override) : fixed;
}

/** Cases per property in `npm test` (cheap, in-process cases); `XERO_SQL_FUZZ_RUNS` overrides. */
export const FUZZ_RUNS = Number(process.env.XERO_SQL_FUZZ_RUNS ?? 10_000);

/** Runs `fn`; anything it throws must be a XeroSqlError with an `XSQL_` code (and one of `codes` when given). */
export function typedOrNothing<T>(fn: () => T, codes?: readonly string[]): T | XeroSqlError {
  try {
    return fn();
  } catch (err) {
    assertTyped(err, codes);
    return err as XeroSqlError;
  }
}

export function assertTyped(err: unknown, codes?: readonly string[]): asserts err is XeroSqlError {
  assert.ok(err instanceof XeroSqlError, `not a XeroSqlError: ${err instanceof Error ? `${err.constructor.name}: ${err.message}\n${err.stack}` : String(err)}`);
  assert.match(err.code, /^XSQL_[A-Z_]+$/);
  if (codes) assert.ok(codes.includes(err.code), `unexpected code ${err.code}: ${err.message}`);
  assert.ok(err.message.length > 0);
}

/** Text made mostly of characters that matter to the parser under test, plus any unicode. */
export function textOf(units: readonly string[], maxLength = 60): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...units), maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength }) },
  );
}

/** Values a caller might bind to a parameter: strings (nasty ones often), numbers, and odd types. */
export const anyParam: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 3, arbitrary: fc.constantFrom('"', '" || true || "', '") OR 1==1 OR ("', "' OR '1'='1", '\\', '\u0000', '%', '_', '../..', '.', '..', '?x=1#', '2026-01-01', '2026-02-30', '00000000-0000-0000-0000-000000000000') },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.bigInt() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, Number.NaN, Infinity, -0) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: false }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
);
