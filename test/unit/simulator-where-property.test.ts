// Property tests of the quote rule the driver relies on (xero-platform-facts.md §8): any
// string without `"` round-trips exactly through `Name == "<s>"`, and a stray `"` is
// rejected rather than quietly matching something else.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { QueryParseError, compileWhere, loadTypeModel } from '../../src/simulator/where/index.js';
import type { XeroRecord } from '../../src/simulator/data/types.js';

const accounting = loadTypeModel('accounting');

// Any text, with every code unit (lone surrogates, controls, whitespace) in play.
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary-ascii' }));
const withoutQuote = anyText.map((s) => s.replaceAll('"', ''));

/** Records whose names are `s`, near misses of `s`, and unrelated names. */
function recordsAround(s: string, others: string[]): XeroRecord[] {
  const names = [s, s.toUpperCase(), s.toLowerCase(), ` ${s}`, `${s} `, `${s}x`, s.slice(1), ...others];
  return names.map((Name, i) => ({ Name, ContactNumber: String(i) }));
}

describe('where properties: string literals', () => {
  it('for any s without ", Name == "s" matches exactly the records whose Name === s', () => {
    fc.assert(
      fc.property(withoutQuote, fc.array(withoutQuote, { maxLength: 5 }), (s, others) => {
        const records = recordsAround(s, others);
        const keep = compileWhere(`Name == "${s}"`, 'Contact', accounting);
        assert.deepEqual(records.filter(keep), records.filter((r) => r.Name === s));
        const drop = compileWhere(`Name != "${s}"`, 'Contact', accounting);
        assert.deepEqual(records.filter(drop), records.filter((r) => r.Name !== s));
      }),
      { numRuns: 500 },
    );
  });

  it('for any s without ", the string methods agree with JavaScript\'s', () => {
    fc.assert(
      fc.property(withoutQuote, fc.array(withoutQuote, { maxLength: 5 }), (s, others) => {
        const records = recordsAround(s, others);
        const names = (e: string) => records.filter(compileWhere(e, 'Contact', accounting)).map((r) => r.Name);
        const all = records.map((r) => r.Name as string);
        assert.deepEqual(names(`Name.Contains("${s}")`), all.filter((n) => n.includes(s)));
        assert.deepEqual(names(`Name.StartsWith("${s}")`), all.filter((n) => n.startsWith(s)));
        assert.deepEqual(names(`Name.EndsWith("${s}")`), all.filter((n) => n.endsWith(s)));
        assert.deepEqual(names(`Name.ToLower() == "${s.toLowerCase()}"`), all.filter((n) => n.toLowerCase() === s.toLowerCase()));
      }),
      { numRuns: 300 },
    );
  });

  it('for any s containing ", Name == "s" is rejected with a QueryParseError', () => {
    // Random text with quotes in it. (A value crafted to be valid syntax, such as
    // `" || Name != "`, does parse: see the quote tests in simulator-where-errors; that is
    // why the driver, not the simulator, must keep quotes out of pushed-down filters.)
    const withQuote = fc
      .tuple(anyText, fc.integer({ min: 1, max: 3 }), anyText)
      .map(([a, n, b]) => `${a}${'"'.repeat(n)}${b}`);
    fc.assert(
      fc.property(withQuote, (s) => {
        assert.throws(() => compileWhere(`Name == "${s}"`, 'Contact', accounting), QueryParseError);
        assert.throws(() => compileWhere(`Name == "${s}" && IsSupplier == true`, 'Contact', accounting), QueryParseError);
      }),
      { numRuns: 1000 },
    );
  });

  it('any input at all either compiles or fails with a QueryParseError, never anything else', () => {
    const tokens = fc.constantFrom(
      'Name', 'Contact', '.', 'ContactID', 'Total', 'Date', '==', '!=', '<', '>=', '&&', '||', 'AND', 'or', 'NOT', '!', '(', ')',
      '"x"', '"', "'", '5', '-1.5', 'true', 'null', 'DateTime(2020,1,1)', 'Guid("00000000-0000-0000-0000-000000000000")',
      'Contains("a")', 'ToLower()', ',', ' ', '\\',
    );
    const input = fc.oneof(anyText, fc.array(tokens, { maxLength: 12 }).map((t) => t.join('')));
    fc.assert(
      fc.property(input, (text) => {
        try {
          const keep = compileWhere(text, 'Invoice', accounting);
          keep({ Total: 1, Contact: { Name: 'a' }, Date: '/Date(0+0000)/' });
          keep({});
        } catch (e) {
          assert.ok(e instanceof QueryParseError, `unexpected ${String(e)} for ${JSON.stringify(text)}`);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
