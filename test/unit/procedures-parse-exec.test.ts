import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isExec, parseExec } from '../../src/procedures/parse-exec.js';
import { validateArgs } from '../../src/procedures/define-procedure.js';
import { findProcedure } from '../../src/procedures/registry.js';
import { XeroSqlError } from '../../src/errors.js';

const args = (sql: string, params?: unknown[] | Record<string, unknown>) => Object.fromEntries(parseExec(sql, params).args);

describe('parseExec', () => {
  it('reads EXEC and EXECUTE with @name = value arguments', () => {
    const s = parseExec("EXECUTE GetOAuthAccessToken @AuthMode = 'WEB', @Verifier = 'ab''c';");
    assert.equal(s.name, 'GetOAuthAccessToken');
    assert.deepEqual(Object.fromEntries(s.args), { AuthMode: 'WEB', Verifier: "ab'c" });
    assert.deepEqual(args('exec [GetOAuthAuthorizationURL]'), {});
    assert.equal(parseExec('EXEC ACCOUNTING.GetOAuthAuthorizationURL').name, 'GetOAuthAuthorizationURL');
  });

  it('binds ? positionally and @name from an object, and reads numbers and NULL', () => {
    assert.deepEqual(args('EXEC P @A = ?, @B = ?', ['x', 'y']), { A: 'x', B: 'y' });
    assert.deepEqual(args('EXEC P @A = @code, @B = 12, @C = NULL', { code: 'k' }), { A: 'k', B: 12, C: null });
    assert.deepEqual(args('EXEC P @A = @code', { '@code': 'k' }), { A: 'k' });
  });

  it('skips comments', () => {
    assert.ok(isExec('-- sign in\n/* web */ EXEC GetOAuthAuthorizationURL'));
    assert.deepEqual(args("EXEC P /* c */ @A = 'x' -- end"), { A: 'x' });
    assert.ok(!isExec('SELECT 1'));
  });

  for (const [sql, params, pattern] of [
    ['EXEC', undefined, /Expected a procedure name/],
    ["EXEC P @A 'x'", undefined, /Expected "=" after @A/],
    ["EXEC P @A = 'x", undefined, /Unterminated string literal/],
    ['EXEC P @A = ?', [], /"\?" number 1 has no value/],
    ['EXEC P @A = ?', { a: 1 }, /"\?" needs the parameters as an array/],
    ['EXEC P @A = @missing', {}, /No value given for the parameter @missing/],
    ["EXEC P @A = 'x', @a = 'y'", undefined, /@a is given twice/],
    ['EXEC P @A = WEB', undefined, /quote text values, e\.g\. 'WEB'/],
    ["EXEC P @A = 'x'; EXEC Q", undefined, /Only one statement/],
    ["EXEC P @A = 'x' @B = 'y'", undefined, /Expected "," or the end/],
  ] as const) {
    it(`rejects ${sql}`, () => {
      assert.throws(() => parseExec(sql, params as never), (err: unknown) => err instanceof XeroSqlError && err.code === 'XSQL_PROCEDURE' && pattern.test(err.message) && /position \d+/.test(err.message));
    });
  }

  it('only ever throws XeroSqlError on arbitrary input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('EXEC ', 'P', ' ', '@', 'a', '=', "'", ',', '?', ';', '-', '/', '*', '[', ']', '1') }), (text) => {
        try {
          parseExec(text, ['v']);
        } catch (err) {
          assert.ok(err instanceof XeroSqlError, String(err));
        }
      }),
      { numRuns: 5000 },
    );
  });
});

describe('procedure declarations', () => {
  it('finds procedures case-insensitively and suggests the closest name', () => {
    assert.equal(findProcedure('getoauthauthorizationurl').name, 'GetOAuthAuthorizationURL');
    assert.throws(() => findProcedure('GetOAuthAccesToken'), /Unknown procedure GetOAuthAccesToken\. Did you mean GetOAuthAccessToken\?/);
  });

  it('validates arguments against the declaration', () => {
    const p = findProcedure('GetOAuthAccessToken');
    const app = validateArgs(p, new Map([['authmode', 'app']]));
    assert.equal(app.AuthMode, 'APP');
    assert.equal(app.Verifier, undefined);
    assert.equal(validateArgs(p, new Map()).AuthMode, 'WEB', 'AuthMode defaults to WEB');
    assert.throws(() => validateArgs(p, new Map([['AuthMode', 'DESKTOP']])), /@AuthMode of GetOAuthAccessToken must be one of WEB, APP/);
    assert.throws(() => validateArgs(p, new Map([['Code', 'x']])), /GetOAuthAccessToken has no parameter @Code\. Its parameters are @AuthMode, @Verifier/);
    const r = findProcedure('RefreshOAuthAccessToken');
    assert.throws(() => validateArgs(r, new Map()), /RefreshOAuthAccessToken needs @OAuthRefreshToken/);
    assert.throws(() => validateArgs(r, new Map([['OAuthRefreshToken', '  ']])), /@OAuthRefreshToken of RefreshOAuthAccessToken may not be empty/);
  });
});
