import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIsoDate, parseIsoDateTime, parseMsDate, parseMsDateTime } from '../../src/catalog/dates.js';
import { toSqlValue } from '../../src/catalog/values.js';

describe('parseMsDate (x-is-msdate fields)', () => {
  it('reads the UTC day of Xero\'s /Date(ms+0000)/', () => {
    assert.equal(parseMsDate('/Date(1539993600000+0000)/'), '2018-10-20');
    assert.equal(parseMsDate('/Date(1539993600000)/'), '2018-10-20');
  });

  it('never shifts a date-only value by its offset', () => {
    // 2019-11-14T00:00Z written by an organisation in New Zealand (+1300) or Hawaii (-1000).
    assert.equal(parseMsDate('/Date(1573689600000+1300)/'), '2019-11-14');
    assert.equal(parseMsDate('/Date(1573689600000-1000)/'), '2019-11-14');
  });

  it('reads negative milliseconds (before 1970)', () => {
    assert.equal(parseMsDate('/Date(-86400000+0000)/'), '1969-12-31');
    assert.equal(parseMsDate('/Date(-1+0000)/'), '1969-12-31');
  });

  it('rejects anything else', () => {
    for (const text of ['2018-10-20', '/Date()/', '/Date(12a)/', 'Date(1)', '/Date(1+00)/', '/Date(99999999999999999)/']) {
      assert.equal(parseMsDate(text), undefined, text);
    }
  });
});

describe('parseMsDateTime (x-is-msdate-time fields)', () => {
  it('gives the UTC instant with milliseconds', () => {
    assert.equal(parseMsDateTime('/Date(1573755038314+0000)/'), '2019-11-14T18:10:38.314Z');
    assert.equal(parseMsDateTime('/Date(1552326816230)/'), '2019-03-11T17:53:36.230Z');
  });

  it('ignores the offset: the milliseconds are already UTC', () => {
    assert.equal(parseMsDateTime('/Date(1573755038314+1300)/'), '2019-11-14T18:10:38.314Z');
    assert.equal(parseMsDateTime('/Date(-1000-0800)/'), '1969-12-31T23:59:59.000Z');
  });

  it('rejects ISO text', () => assert.equal(parseMsDateTime('2019-11-14T18:10:38Z'), undefined));
});

describe('parseIsoDate', () => {
  it('takes the calendar day as written, whatever the time or zone', () => {
    assert.equal(parseIsoDate('2018-10-20'), '2018-10-20');
    assert.equal(parseIsoDate('2018-10-20T00:00:00'), '2018-10-20');
    assert.equal(parseIsoDate('2018-10-20T23:30:00-05:00'), '2018-10-20');
    assert.equal(parseIsoDate('2020-04-13 00:00:00'), '2020-04-13');
  });

  it('rejects impossible days and other text', () => {
    for (const text of ['2019-02-29', '2018-13-01', '2018-10-20T25:00:00', 'Total', '', '20/10/2018']) {
      assert.equal(parseIsoDate(text), undefined, text);
    }
    assert.equal(parseIsoDate('2020-02-29'), '2020-02-29');
  });
});

describe('parseIsoDateTime', () => {
  it('reads a time without zone as UTC', () => {
    assert.equal(parseIsoDateTime('2018-11-02T16:31:30'), '2018-11-02T16:31:30.000Z');
    assert.equal(parseIsoDateTime('2018-11-02'), '2018-11-02T00:00:00.000Z');
  });

  it('converts zoned times to UTC', () => {
    assert.equal(parseIsoDateTime('2020-02-06T12:17:43.202-08:00'), '2020-02-06T20:17:43.202Z');
    assert.equal(parseIsoDateTime('2020-01-01T00:30:00+1300'), '2019-12-31T11:30:00.000Z');
    assert.equal(parseIsoDateTime('2020-03-03T15:00:00Z'), '2020-03-03T15:00:00.000Z');
  });

  it('truncates fractions beyond milliseconds (the Files API writes seven digits)', () => {
    assert.equal(parseIsoDateTime('2021-02-10T16:02:54.9930000'), '2021-02-10T16:02:54.993Z');
    assert.equal(parseIsoDateTime('2019-12-07T18:46:19.5'), '2019-12-07T18:46:19.500Z');
  });

  it('keeps years before 100 as written', () => assert.equal(parseIsoDateTime('0050-01-01T00:00:00Z'), '0050-01-01T00:00:00.000Z'));
});

describe('toSqlValue', () => {
  it('picks the parser of the column format', () => {
    assert.equal(toSqlValue('/Date(1539993600000+0000)/', 'date', 'msdate'), '2018-10-20');
    assert.equal(toSqlValue('/Date(1573755038314+0000)/', 'datetime', 'msdatetime'), '2019-11-14T18:10:38.314Z');
    assert.equal(toSqlValue('2018-10-20T00:00:00', 'date', 'isodate'), '2018-10-20');
    assert.equal(toSqlValue('2018-10-20T10:00:00', 'datetime', 'isodatetime'), '2018-10-20T10:00:00.000Z');
    // A date column without a declared format (pseudo-column inputs, report cells) takes either form.
    assert.equal(toSqlValue('2026-01-01', 'date', 'plain'), '2026-01-01');
    assert.equal(toSqlValue('/Date(1539993600000)/', 'date', 'plain'), '2018-10-20');
  });

  it('converts numbers, booleans and text, and gives null for what cannot be read', () => {
    assert.equal(toSqlValue(12.5, 'decimal', 'plain'), 12.5);
    assert.equal(toSqlValue('1,234.50', 'decimal', 'plain'), 1234.5);
    assert.equal(toSqlValue('-2000.00', 'decimal', 'plain'), -2000);
    assert.equal(toSqlValue('', 'decimal', 'plain'), null);
    assert.equal(toSqlValue('Total', 'decimal', 'plain'), null);
    assert.equal(toSqlValue('3', 'integer', 'plain'), 3);
    assert.equal(toSqlValue('TRUE', 'boolean', 'plain'), true);
    assert.equal(toSqlValue(false, 'boolean', 'plain'), false);
    assert.equal(toSqlValue('yes', 'boolean', 'plain'), null);
    assert.equal(toSqlValue(1, 'text', 'plain'), '1');
    assert.equal(toSqlValue('', 'text', 'plain'), '');
    assert.equal(toSqlValue('Total', 'date', 'isodate'), null);
    assert.equal(toSqlValue(undefined, 'text', 'plain'), null);
    assert.equal(toSqlValue(null, 'integer', 'plain'), null);
  });
});
