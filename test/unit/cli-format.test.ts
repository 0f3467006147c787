/**
 * The CLI's result formats (src/cli/format.ts): the aligned table fitted to a width with NULL
 * shown distinctly, CSV quoting (read back with an RFC 4180 parser), JSON/NDJSON that parse back
 * to the rows, Markdown escaping, and token masking.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { csvField, csvLine, jsonRow, maskTokens, renderMarkdown, renderResult, renderTable, truncate } from '../../src/cli/format.js';
import type { ColumnInfo, QueryResult } from '../../src/sql/result.js';

const col = (name: string, type: ColumnInfo['type'] = 'text'): ColumnInfo => ({ name, type, nullable: true });

const sample: QueryResult = {
  columns: [col('Name'), col('Total', 'decimal'), col('Note')],
  rows: [
    { Name: 'Acme', Total: 12.5, Note: null },
    { Name: 'Bob | "x", y\nz', Total: 1234.75, Note: 'a very long note that goes on and on and on and on' },
    { Name: 'NULL', Total: 0, Note: undefined },
  ],
};

const ESC = '\u001b';
const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

/** The cells of a table body line (`│ a │ b │`), untrimmed. */
function cells(line: string): string[] {
  return line.split('│').slice(1, -1);
}

/** Lines of the table that hold data (not borders), header first. */
function dataLines(table: string): string[] {
  return table.split('\n').filter((l) => l.startsWith('│'));
}

/** A minimal RFC 4180 reader, to check that what csvLine writes reads back the same. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

describe('renderTable', () => {
  it('aligns every line to the same width, numbers to the right and text to the left', () => {
    const table = renderTable(sample);
    const lines = table.split('\n');
    assert.equal(lines.length, 3 + 4, 'top border, header, rule, three rows, bottom border');
    const widths = new Set(lines.map((l) => stringWidth(l)));
    assert.equal(widths.size, 1, `every line as wide as the others:\n${table}`);
    const [header, acme, bob] = dataLines(table) as [string, string, string];
    assert.deepEqual(cells(header).map((c) => c.trim()), ['Name', 'Total', 'Note']);
    const [name, total] = cells(acme) as [string, string];
    assert.match(total, /^ +12\.5 $/, 'decimal right-aligned');
    assert.match(name, /^ Acme +$/, 'text left-aligned');
    // Every cell of a column is as wide as the column.
    for (const i of [0, 1, 2]) assert.equal(stringWidth(cells(acme)[i] as string), stringWidth(cells(bob)[i] as string));
  });

  it('shows NULL for null and undefined, and dims it on a colour terminal so it differs from the text "NULL"', () => {
    const plain = renderTable(sample);
    const [, acme, , textNull] = dataLines(plain) as [string, string, string, string];
    assert.equal((cells(acme)[2] as string).trim(), 'NULL');
    assert.equal((cells(textNull)[2] as string).trim(), 'NULL', 'undefined is NULL too');
    assert.ok(!plain.includes(ESC), 'no escape codes without colour');

    const coloured = renderTable(sample, { color: true });
    const [, cAcme, , cText] = dataLines(coloured) as [string, string, string, string];
    assert.match(cells(cAcme)[2] as string, /\u001b\[2mNULL\u001b\[22m/, 'a real NULL is dimmed');
    assert.match(cells(cText)[0] as string, /^ NULL +$/, 'the string "NULL" is printed as is, undimmed');
    assert.match(cells(cText)[2] as string, /\u001b\[2mNULL/, 'undefined dimmed like null');
    assert.equal(new Set(stripAnsi(coloured).split('\n').map((l) => stringWidth(l))).size, 1, 'colour codes do not break alignment');
  });

  it('keeps a cell with a line break on one line', () => {
    const table = renderTable(sample);
    assert.equal(dataLines(table).length, 4);
    assert.match(table, /Bob \| "x", y z/);
  });

  it('fits the width, cutting the widest columns with an ellipsis and leaving short ones whole', () => {
    for (const width of [40, 50, 60, 80]) {
      const table = renderTable(sample, { width });
      for (const line of table.split('\n')) assert.ok(stringWidth(line) <= width, `width ${width}: ${JSON.stringify(line)} is ${stringWidth(line)} wide`);
      assert.match(table, /…/, `width ${width}: something was cut`);
      assert.match(table, / 1234\.75 /, `width ${width}: the short number column is whole`);
    }
    const wide = renderTable(sample, { width: 500 });
    assert.doesNotMatch(wide, /…/, 'nothing cut when it fits');
    assert.match(wide, /a very long note that goes on and on and on and on/);
  });

  it('never cuts a column below a readable minimum, even when the width is tiny', () => {
    const table = renderTable(sample, { width: 10 });
    // Every column was wider than 6, so each is cut to exactly 6 columns (plus one space either side).
    for (const line of dataLines(table)) {
      for (const c of cells(line)) assert.equal(stringWidth(c), 6 + 2, `cell ${JSON.stringify(c)}`);
    }
    assert.match(table, /│ 1234\.… │/);
  });

  it('counts wide characters by their terminal width', () => {
    const table = renderTable({ columns: [col('日本')], rows: [{ 日本: '漢字テキスト長い' }] }, { width: 12 });
    for (const line of table.split('\n')) assert.ok(stringWidth(line) <= 12, line);
    assert.match(table, /漢字テ…/);
  });

  it('prints objects as JSON, booleans and numbers as text, and nothing for a result without columns', () => {
    const table = renderTable({ columns: [col('Obj'), col('Flag', 'boolean'), col('N', 'integer')], rows: [{ Obj: { a: [1, 2] }, Flag: false, N: 0 }] });
    assert.match(table, /\{"a":\[1,2\]\}/);
    assert.match(table, /│ false │/);
    assert.match(table, /│ 0 │/);
    assert.equal(renderTable({ columns: [], rows: [] }), '');
  });

  it('keeps every body line the same number of cells for any text (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 30 }), fc.option(fc.string({ maxLength: 30 }))), { minLength: 1, maxLength: 5 }), fc.integer({ min: 20, max: 120 }), (pairs, width) => {
        const result: QueryResult = { columns: [col('A'), col('B')], rows: pairs.map(([a, b]) => ({ A: a, B: b })) };
        const table = renderTable(result, { width });
        const lines = table.split('\n');
        assert.equal(lines.length, pairs.length + 4);
        // Cells never contain the border character, so splitting on it is exact unless text has it.
        const bodies = dataLines(table).filter((l) => !pairs.some(([a, b]) => `${a}${b ?? ''}`.includes('│')));
        for (const l of bodies) assert.equal(cells(l).length, 2, l);
      }),
      { numRuns: 100 },
    );
  });
});

describe('control characters in cells', () => {
  it('never reach the terminal: line breaks (a lone CR too) and tabs become spaces, ESC and others U+FFFD', () => {
    const result: QueryResult = { columns: [col('A'), col('B')], rows: [{ A: 'abcdef\rXY', B: 'tab\there' }, { A: 'esc\u001b[31mred', B: 'bell\u0007' }] };
    for (const table of [renderTable(result), renderTable(result, { width: 20 })]) {
      for (const line of table.split('\n')) assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f]/, `no control character printed: ${JSON.stringify(line)}`);
      assert.equal(new Set(table.split('\n').map((l) => stringWidth(l))).size, 1, 'still aligned');
    }
    const table = renderTable(result);
    assert.match(table, /│ abcdef XY +│ tab here │/);
    assert.match(table, /│ esc\uFFFD\[31mred +│ bell\uFFFD +│/);
    const md = renderMarkdown(result);
    assert.equal(md.split('\n').length, 4, 'a lone CR does not end a Markdown row');
    for (const line of md.split('\n')) assert.doesNotMatch(line, /[\u0000-\u001f]/);
  });

  it('are kept as they are in CSV and JSON, which carry the data exactly', () => {
    assert.equal(csvField('a\tb'), 'a\tb');
    assert.equal(JSON.parse(jsonRow({ s: 'e\u001bx' })).s, 'e\u001bx');
  });
});

describe('truncate', () => {
  it('cuts to the width with an ellipsis, and leaves text that fits alone', () => {
    assert.equal(truncate('abcdef', 4), 'abc…');
    assert.equal(truncate('abcd', 4), 'abcd');
    assert.equal(truncate('', 3), '');
    assert.equal(truncate('line1\nline2', 20), 'line1 line2');
    assert.equal(truncate('a\r\nb', 20), 'a b');
    assert.equal(stringWidth(truncate('漢字漢字漢字', 5)), 5);
  });
});

describe('CSV', () => {
  it('quotes fields with commas, quotes, line breaks and edge spaces, and leaves others bare', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('cr\rhere'), '"cr\rhere"');
    assert.equal(csvField(' padded'), '" padded"');
    assert.equal(csvField('padded '), '"padded "');
    assert.equal(csvField(12.5), '12.5');
    assert.equal(csvField(true), 'true');
    assert.equal(csvField(null), '', 'NULL is an empty field');
    assert.equal(csvField(undefined), '');
    assert.equal(csvField({ a: 'x,y' }), '"{""a"":""x,y""}"');
    assert.equal(csvLine(['a', 1, null]), 'a,1,\r\n', 'records end with CRLF');
  });

  it('renders a header and the rows', () => {
    const text = renderResult(sample, 'csv');
    const records = parseCsv(`${text}\r\n`);
    assert.deepEqual(records, [
      ['Name', 'Total', 'Note'],
      ['Acme', '12.5', ''],
      ['Bob | "x", y\nz', '1234.75', 'a very long note that goes on and on and on and on'],
      ['NULL', '0', ''],
    ]);
    assert.equal(renderResult({ columns: sample.columns, rows: [] }, 'csv'), 'Name,Total,Note');
  });

  it('reads back exactly what it wrote, for any text (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 20 }), { minLength: 1, maxLength: 6 }), (values) => {
        const parsed = parseCsv(csvLine(values));
        assert.deepEqual(parsed, [values]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('JSON and NDJSON', () => {
  it('JSON is an array that parses back to the rows, with null kept and strings escaped', () => {
    const text = renderResult(sample, 'json');
    const parsed = JSON.parse(text) as Record<string, unknown>[];
    assert.equal(parsed.length, 3);
    assert.deepEqual(parsed[0], { Name: 'Acme', Total: 12.5, Note: null });
    assert.equal(parsed[1]?.Name, 'Bob | "x", y\nz');
    assert.deepEqual(JSON.parse(renderResult({ columns: sample.columns, rows: [] }, 'json')), []);
  });

  it('NDJSON is one parseable object per line, even when text has line breaks', () => {
    const text = renderResult(sample, 'ndjson');
    const lines = text.split('\n');
    assert.equal(lines.length, 3);
    assert.deepEqual(lines.map((l) => JSON.parse(l).Name), ['Acme', 'Bob | "x", y\nz', 'NULL']);
    assert.equal(renderResult({ columns: sample.columns, rows: [] }, 'ndjson'), '');
  });

  it('writes a bigint as a number instead of failing', () => {
    assert.equal(jsonRow({ n: 42n, s: 'x' }), '{"n":42,"s":"x"}');
    assert.throws(() => JSON.stringify({ n: 42n }), TypeError, 'plain JSON.stringify would have failed');
  });

  it('round-trips any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const line = jsonRow({ s });
        assert.ok(!line.includes('\n'), 'one line');
        assert.equal(JSON.parse(line).s, s);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Markdown', () => {
  it('has a header, a rule that right-aligns numbers, NULL, escaped pipes and no line breaks in cells', () => {
    const md = renderMarkdown(sample);
    const lines = md.split('\n');
    assert.deepEqual(lines.slice(0, 2), ['| Name | Total | Note |', '| --- | ---: | --- |']);
    assert.equal(lines.length, 2 + 3);
    assert.equal(lines[2], '| Acme | 12.5 | NULL |');
    assert.equal(lines[3], '| Bob \\| "x", y z | 1234.75 | a very long note that goes on and on and on and on |');
    assert.equal(renderResult(sample, 'markdown'), md);
  });

  it('escapes backslashes, so a backslash before a pipe cannot open a new column', () => {
    const md = renderMarkdown({ columns: [col('Path'), col('Other')], rows: [{ Path: 'a\\|b', Other: 'C:\\dir\\' }] });
    assert.equal(md.split('\n')[2], '| a\\\\\\|b | C:\\\\dir\\\\ |');
  });

  it('keeps the column count for any text (property)', () => {
    // Often the characters that matter to Markdown's table syntax.
    const text = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: fc.constantFrom('\\', '|', 'a', ' ', '\n', '\r'), maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), (values) => {
        const result: QueryResult = { columns: values.map((_, i) => col(`c${i}`)), rows: [Object.fromEntries(values.map((v, i) => [`c${i}`, v]))] };
        const lines = renderMarkdown(result).split('\n');
        assert.equal(lines.length, 3, 'no line break leaks out of a cell');
        const unescapedPipes = (lines[2] as string).replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 1;
        assert.equal(unescapedPipes, values.length + 1, lines[2]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('maskTokens', () => {
  it('replaces access and refresh token values (any case) and nothing else', () => {
    const row = { URL: 'https://x', OAuthAccessToken: 'eyJ.secret.token', oauthrefreshtoken: 'refresh-secret', OAuthAccessTokenSecret: '', ExpiresIn: 1800 };
    const masked = maskTokens(row, '(hidden)');
    assert.deepEqual(masked, { URL: 'https://x', OAuthAccessToken: '(hidden)', oauthrefreshtoken: '(hidden)', OAuthAccessTokenSecret: '(hidden)', ExpiresIn: 1800 });
    assert.equal(row.OAuthAccessToken, 'eyJ.secret.token', 'the input row is not changed');
  });

  it('leaves NULL tokens as NULL (nothing to hide) and rows without tokens as they were', () => {
    assert.deepEqual(maskTokens({ OAuthRefreshToken: null, OAuthAccessToken: undefined }, '(hidden)'), { OAuthRefreshToken: null, OAuthAccessToken: undefined });
    assert.deepEqual(maskTokens({ Name: 'Acme', Token: 'not a token column' }, '(hidden)'), { Name: 'Acme', Token: 'not a token column' });
  });
});
