import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatConnectionString, parseConnectionString } from '../../src/connection/connection-string.js';
import { XeroSqlError } from '../../src/errors.js';

const pairs = (text: string) => parseConnectionString(text).map((p) => [p.name, p.value]);

describe('parseConnectionString', () => {
  it('reads Name=value pairs, trimming names and unquoted values, ignoring empty segments', () => {
    assert.deepEqual(pairs('  InitiateOAuth = GETANDREFRESH ;Schema=ACCOUNTING;; Tenant=Demo Company (AU);'), [
      ['InitiateOAuth', 'GETANDREFRESH'],
      ['Schema', 'ACCOUNTING'],
      ['Tenant', 'Demo Company (AU)'],
    ]);
    assert.deepEqual(pairs(''), []);
    assert.deepEqual(pairs(' ; ;'), []);
  });

  it('reads quoted values with ; = and doubled quotes', () => {
    assert.deepEqual(pairs(`Other='MaximumRequestRetries=4;X=1';Tenant="O""Brien ; Co";Scope={a}}b c}`), [
      ['Other', 'MaximumRequestRetries=4;X=1'],
      ['Tenant', 'O"Brien ; Co'],
      ['Scope', 'a}b c'],
    ]);
    assert.deepEqual(pairs(`Tenant='it''s'`), [['Tenant', "it's"]]);
    assert.deepEqual(pairs(`Tenant='  padded  '`), [['Tenant', '  padded  ']]);
  });

  it('keeps = inside unquoted values (base64 secrets end with it)', () => {
    assert.deepEqual(pairs('OAuthClientSecret=abc=='), [['OAuthClientSecret', 'abc==']]);
  });

  it('records where each property starts', () => {
    assert.deepEqual(parseConnectionString('A=1; B=2').map((p) => p.position), [0, 5]);
  });

  for (const [text, pattern] of [
    ['Tenant', /position 0 has no "="/],
    ['A=1;lonely;B=2', /position 4 has no "="/],
    ['=value', /has a value but no name/],
    ['Tenant="unterminated', /opens a quote \(\"\) at position 7 that is never closed/],
    ["Tenant='a' trailing;", /unexpected text after the quoted value of Tenant/],
    ['Schema=A;schema=B', /schema is given twice \(also as Schema\)/],
    ['bad name=1', /not a single word/],
  ] as const) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(() => parseConnectionString(text), (err: unknown) => {
        assert.ok(err instanceof XeroSqlError);
        assert.equal(err.code, 'XSQL_CONN_STRING');
        assert.match(err.message, pattern);
        return true;
      });
    });
  }

  it('never echoes the text around a parse error (it may be part of a secret)', () => {
    const secretPart = 'S3cr3tFragment';
    assert.throws(() => parseConnectionString(`OAuthClientSecret=abc;${secretPart};Schema=ACCOUNTING`), (err: Error) => !err.message.includes(secretPart));
  });

  it('rejects non-string input with a typed error', () => {
    assert.throws(() => parseConnectionString(undefined as unknown as string), { code: 'XSQL_CONN_STRING' });
  });

  it('round-trips any values through formatConnectionString (property)', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,15}$/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(name, fc.string()), { selector: ([n]) => n.toLowerCase(), maxLength: 8 }), (entries) => {
        const text = formatConnectionString(Object.fromEntries(entries));
        const back = parseConnectionString(text).map((p) => [p.name, p.value]);
        // Unquoted values are trimmed; formatConnectionString quotes any value whose ends are blank.
        assert.deepEqual(back, entries);
      }),
      { numRuns: 2000 },
    );
  });

  it('either parses or throws XeroSqlError for any input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'B', '=', ';', "'", '"', '{', '}', ' ', 'x') }), (text) => {
        try {
          parseConnectionString(text);
        } catch (err) {
          assert.ok(err instanceof XeroSqlError, String(err));
          assert.equal(err.code, 'XSQL_CONN_STRING');
        }
      }),
      { numRuns: 5000 },
    );
  });
});
