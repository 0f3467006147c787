/**
 * Splitting a script into statements at `;` (src/cli/statements.ts), as `query -f file.sql` and
 * the shell do: never inside a string, a quoted identifier or a comment.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { endsStatement, splitStatements } from '../../src/cli/statements.js';

describe('splitStatements', () => {
  it('splits at semicolons and trims, dropping empty statements', () => {
    assert.deepEqual(splitStatements('SELECT 1; SELECT 2;'), ['SELECT 1', 'SELECT 2']);
    assert.deepEqual(splitStatements('  SELECT 1  ;;\n;  SELECT 2  '), ['SELECT 1', 'SELECT 2'], 'the last statement needs no ;');
    assert.deepEqual(splitStatements('SELECT a\nFROM t\nWHERE b = 1;\n'), ['SELECT a\nFROM t\nWHERE b = 1'], 'line breaks kept inside a statement');
  });

  it('does not split at a ; inside a string, a quoted identifier or a comment', () => {
    assert.deepEqual(splitStatements("SELECT ';' AS a; SELECT 'it''s; fine' AS b"), ["SELECT ';' AS a", "SELECT 'it''s; fine' AS b"]);
    assert.deepEqual(splitStatements('SELECT "x;y" FROM t; SELECT [a;b] FROM t; SELECT `c;d` FROM t'), ['SELECT "x;y" FROM t', 'SELECT [a;b] FROM t', 'SELECT `c;d` FROM t']);
    assert.deepEqual(splitStatements('SELECT 1 /* ; */ + 1; SELECT 2 -- trailing; comment\n'), ['SELECT 1 /* ; */ + 1', 'SELECT 2 -- trailing; comment']);
  });

  it('gives nothing for empty text, blanks, semicolons or comments alone', () => {
    for (const script of ['', '   \n\t', ';', ' ; ; ', '-- only a comment;', '/* block; */', '-- a\n-- b\n']) {
      assert.deepEqual(splitStatements(script), [], JSON.stringify(script));
    }
  });

  it('does not make a statement of a comment between two semicolons', () => {
    assert.deepEqual(splitStatements('SELECT 1;\n-- a note\n;SELECT 2'), ['SELECT 1', 'SELECT 2']);
    assert.deepEqual(splitStatements('SELECT 1; /* c */ ; SELECT 2;'), ['SELECT 1', 'SELECT 2']);
  });

  it('keeps a comment that precedes a statement with it', () => {
    assert.deepEqual(splitStatements('-- first\nSELECT 1;\n/* second */ SELECT 2;'), ['-- first\nSELECT 1', '/* second */ SELECT 2']);
  });

  it('leaves an unterminated string to run to the end (one statement, reported by the engine)', () => {
    assert.deepEqual(splitStatements("SELECT 'oops; SELECT 2"), ["SELECT 'oops; SELECT 2"]);
  });

  it('gives back each of several statements that contain no ; of their own (property)', () => {
    const safeText = fc.string({ maxLength: 12 }).map((s) => s.replace(/'/g, "''"));
    const statement = fc.tuple(fc.constantFrom('SELECT', 'WITH', 'EXEC'), safeText).map(([kw, s]) => `${kw} '${s}'`);
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 5 }), fc.constantFrom(';', ' ;\n', ';\n\n', '; ;\t'), (statements, sep) => {
        assert.deepEqual(splitStatements(statements.join(sep)), statements.map((s) => s.trim()));
      }),
      { numRuns: 200 },
    );
  });
});

describe('endsStatement', () => {
  it('is true only when the last meaningful token is ;', () => {
    assert.equal(endsStatement('SELECT 1;'), true);
    assert.equal(endsStatement('SELECT 1;\n  '), true);
    assert.equal(endsStatement('SELECT 1; -- done'), true, 'a comment after ; still ends it');
    assert.equal(endsStatement('SELECT 1\n'), false);
    assert.equal(endsStatement("SELECT ';'"), false, 'a ; inside a string does not');
    assert.equal(endsStatement('SELECT 1 -- ;'), false, 'a ; inside a comment does not');
    assert.equal(endsStatement('SELECT 1 /* ; */'), false);
    assert.equal(endsStatement(''), false);
  });
});
