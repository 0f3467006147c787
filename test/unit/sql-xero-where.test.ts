/**
 * xero-where writes only expressions that select a superset of what SQL selects, proved against
 * the simulator's own where interpreter: any string either round-trips exactly or is not pushed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { whereTerm } from '../../src/sql/xero-where.js';
import { compileWhere, loadTypeModel } from '../../src/simulator/where/index.js';

const model = loadTypeModel('accounting');
const contact = (Name: string | null) => ({ ContactID: '00000000-0000-4000-8000-000000000000', Name });

/** SQLite's LIKE for the four pattern shapes we push (ASCII case-insensitive, % only). */
function sqliteLike(value: string, pattern: string): boolean {
  const lower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const core = lower(pattern.replace(/^%|%$/g, ''));
  const v = lower(value);
  if (pattern.startsWith('%') && pattern.endsWith('%') && pattern.length > 1) return v.includes(core);
  if (pattern.endsWith('%')) return v.startsWith(core);
  if (pattern.startsWith('%')) return v.endsWith(core);
  return v === core;
}

describe('xero-where', () => {
  it('writes each kind of literal', () => {
    assert.equal(whereTerm({ field: 'Status', kind: 'enum', op: '=', value: 'PAID' }), 'Status == "PAID"');
    assert.equal(whereTerm({ field: 'Contact.ContactID', kind: 'guid', op: '=', value: 'ABCDEF01-2345-4678-89AB-CDEF01234567' }), 'Contact.ContactID == Guid("abcdef01-2345-4678-89ab-cdef01234567")');
    assert.equal(whereTerm({ field: 'Total', kind: 'number', op: '>=', value: 12.5 }), 'Total >= 12.5');
    assert.equal(whereTerm({ field: 'IsReconciled', kind: 'boolean', op: '=', value: 1 }), 'IsReconciled == true');
    assert.equal(whereTerm({ field: 'Date', kind: 'date', op: '<', value: '2025-02-28' }), 'Date < DateTime(2025, 02, 28)');
    assert.equal(whereTerm({ field: 'UpdatedDateUTC', kind: 'datetime', op: '>', value: '2025-02-28T10:11:12.5Z' }), 'UpdatedDateUTC >= DateTime(2025, 2, 28, 10, 11, 12)');
    assert.equal(whereTerm({ field: 'UpdatedDateUTC', kind: 'datetime', op: '<', value: '2025-02-28T10:11:12.5Z' }), 'UpdatedDateUTC <= DateTime(2025, 2, 28, 10, 11, 13)');
    assert.equal(whereTerm({ field: 'Reference', kind: 'string', op: 'is null', value: null }), 'Reference == null');
  });

  it('refuses what cannot be said safely', () => {
    for (const t of [
      { field: 'Name', kind: 'string', op: '=', value: 'a"b' },
      { field: 'Name', kind: 'string', op: '=', value: 'a\\b' },
      { field: 'Name', kind: 'string', op: '>', value: 'a' },
      { field: 'Name', kind: 'string', op: 'like', value: 'a_c%' },
      { field: 'Name', kind: 'string', op: 'like', value: 'a%c' },
      { field: 'ContactID', kind: 'guid', op: '=', value: 'not-a-guid' },
      { field: 'Total', kind: 'number', op: '=', value: '1e5' },
      { field: 'Date', kind: 'date', op: '=', value: '2025-02-30' },
      { field: 'UpdatedDateUTC', kind: 'datetime', op: '>', value: '2025-01-01T10:00:00-05:00' },
      { field: 'UpdatedDateUTC', kind: 'datetime', op: '=', value: '2025-01-01T10:00:00Z' },
      { field: 'Bad Field', kind: 'string', op: '=', value: 'x' },
    ] as const) {
      assert.equal(whereTerm(t), undefined, JSON.stringify(t));
    }
  });

  it('any string value round-trips exactly through the simulator, or is not pushed (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ maxLength: 10 }), (value, other) => {
        const expr = whereTerm({ field: 'Name', kind: 'string', op: '=', value });
        if (expr === undefined) {
          assert.ok(/["\\\u0000-\u001f\u007f]/.test(value), `refused a harmless value ${JSON.stringify(value)}`);
          return;
        }
        const keep = compileWhere(expr, 'Contact', model);
        assert.equal(keep(contact(value)), true);
        assert.equal(keep(contact(`${value}x`)), false);
        assert.equal(keep(contact(other)), other === value);
        assert.equal(keep(contact(null)), false);
      }),
      { numRuns: 3000 },
    );
  });

  it('LIKE patterns select a superset of SQLite LIKE (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'B', 'c', 'É', 'é', ' ', '%', '_', '"', 'x'), maxLength: 6 });
    fc.assert(
      fc.property(text, fc.constantFrom('', '%'), fc.constantFrom('', '%'), fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'C', 'é', 'É', ' '), maxLength: 8 }), { maxLength: 6 }), (core, lead, trail, names) => {
        const pattern = `${lead}${core}${trail}`;
        const expr = whereTerm({ field: 'Name', kind: 'string', op: 'like', value: pattern });
        if (expr === undefined) return;
        const keep = compileWhere(expr, 'Contact', model);
        for (const name of names) {
          if (sqliteLike(name, pattern)) assert.equal(keep(contact(name)), true, `${JSON.stringify(name)} LIKE ${JSON.stringify(pattern)} but ${expr} drops it`);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a value crafted to close the string and add || true is never pushed', () => {
    for (const value of ['x" || Name != "', 'x") || (true', '" || true || "']) {
      assert.equal(whereTerm({ field: 'Name', kind: 'string', op: '=', value }), undefined);
      assert.equal(whereTerm({ field: 'Name', kind: 'string', op: 'like', value: `${value}%` }), undefined);
    }
  });
});
