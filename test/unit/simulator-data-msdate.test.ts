/**
 * The generator's date and money helpers: Xero's Microsoft JSON dates and readable companions,
 * and integer-cent arithmetic for line amounts, tax and currency conversion.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatAmount } from '../../src/simulator/data/history.js';
import { amount, lineAmountCents, taxCents, toBaseCents, toCents } from '../../src/simulator/data/money.js';
import { DAY_MS, addMonths, parseMsDate, startOfDay, toDateString, toMsDate, toYearMonth } from '../../src/simulator/data/msdate.js';

describe('msdate', () => {
  it('formats dates and timestamps as Xero does', () => {
    assert.equal(toMsDate(Date.UTC(2026, 2, 4)), '/Date(1772582400000+0000)/');
    assert.equal(toMsDate(1_541_176_290_160), '/Date(1541176290160+0000)/');
    assert.equal(toDateString(Date.UTC(2026, 2, 4)), '2026-03-04T00:00:00');
    assert.equal(toDateString(Date.UTC(2026, 2, 4, 13, 5, 9, 250)), '2026-03-04T13:05:09');
    assert.throws(() => toMsDate(1.5), RangeError);
    assert.throws(() => toDateString(Number.NaN), RangeError);
  });

  it('parses Microsoft JSON dates with or without an offset, and nothing else', () => {
    assert.equal(parseMsDate('/Date(1539993600000+0000)/'), 1_539_993_600_000);
    assert.equal(parseMsDate('/Date(1552326816230)/'), 1_552_326_816_230);
    // The offset says where the writer was; the number is already UTC.
    assert.equal(parseMsDate('/Date(1419937200000+1300)/'), 1_419_937_200_000);
    assert.equal(parseMsDate('/Date(-86400000+0000)/'), -86_400_000);
    for (const bad of ['2026-03-04', '/Date()/', 'Date(1)', '/Date(12a)/', '/Date(1+00)/']) assert.throws(() => parseMsDate(bad), RangeError, bad);
  });

  it('round-trips any instant', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => parseMsDate(toMsDate(ms)) === ms));
  });

  it('has day and month helpers in UTC', () => {
    assert.equal(startOfDay(Date.UTC(2026, 9, 30, 23, 59)), Date.UTC(2026, 9, 30));
    assert.equal(addMonths(Date.UTC(2026, 0, 31, 12), 1), Date.UTC(2026, 1, 1));
    assert.equal(addMonths(Date.UTC(2026, 0, 15), -13), Date.UTC(2024, 11, 1));
    assert.equal(toYearMonth(Date.UTC(2026, 6, 1)), '2026-07');
    assert.equal(DAY_MS, 86_400_000);
  });
});

describe('money', () => {
  it('turns cents into two-decimal JSON numbers exactly', () => {
    assert.equal(JSON.stringify(amount(1234)), '12.34');
    assert.equal(JSON.stringify(amount(-5)), '-0.05');
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (c) => toCents(amount(c)) === c && /^-?\d+(\.\d{1,2})?$/.test(JSON.stringify(amount(c)))));
  });

  it('computes LineAmount = Quantity × UnitAmount less the discount, rounded to cents', () => {
    assert.equal(lineAmountCents(200, 200_000, 0), 4000); // 2 × 20.00
    assert.equal(lineAmountCents(100, 12_345, 0), 123); // 1 × 1.2345 = 1.2345 -> 1.23
    assert.equal(lineAmountCents(100, 12_350, 0), 124); // 1.235 -> 1.24
    assert.equal(lineAmountCents(100, 25_000_000, 1000), 225_000); // 2500 less 10%
    assert.equal(lineAmountCents(300, 33_333, 1250), 875); // 3 × 3.3333 × 0.875 = 8.7499...
  });

  it('rounds tax per line, on top of or inside the amount', () => {
    assert.equal(taxCents(4000, 1500, false), 600);
    assert.equal(taxCents(4600, 1500, true), 600);
    assert.equal(taxCents(1005, 1000, false), 101); // 100.5 -> 101
    assert.equal(taxCents(1100, 1000, true), 100);
    assert.equal(taxCents(999, 0, true), 0);
  });

  it('writes amounts for history details with thousands separators', () => {
    assert.deepEqual([0, 5, 123_456, -123_456_789, 100_000_000].map(formatAmount), ['0.00', '0.05', '1,234.56', '-1,234,567.89', '1,000,000.00']);
  });

  it('converts foreign amounts to the base currency with Xero\'s rate (foreign per base)', () => {
    assert.equal(toBaseCents(59_600, 0.596), 100_000);
    assert.equal(toBaseCents(12_345, 1), 12_345);
    assert.equal(toBaseCents(100, 0.3), 333);
  });
});
