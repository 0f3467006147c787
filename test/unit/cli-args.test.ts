/**
 * The small parsers and decisions of the CLI: `exec`'s `--Name value` parameters
 * (parseProcedureArgs), the `tables` / `.tables` pattern (patternMatcher), the shell's tab
 * completion (complete), and how errors are shown and which exit code they get.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidArgumentError } from 'commander';
import fc from 'fast-check';
import { describeResult, parseProcedureArgs, patternMatcher } from '../../src/cli/commands.js';
import { describeError, exitCodeOf } from '../../src/cli/errors.js';
import { complete } from '../../src/cli/repl.js';
import { ErrorCode, XeroSqlError } from '../../src/errors.js';

describe('parseProcedureArgs (exec --Name value)', () => {
  it('reads --Name value and --Name=value pairs', () => {
    assert.deepEqual(parseProcedureArgs(['--CallbackURL', 'http://localhost:33333', '--Scope=openid profile']), {
      CallbackURL: 'http://localhost:33333',
      Scope: 'openid profile',
    });
    assert.deepEqual(parseProcedureArgs([]), {});
  });

  it('keeps = and spaces in values, and allows empty values', () => {
    assert.deepEqual(parseProcedureArgs(['--State=a=b=c', '--Verifier', '', '--AuthToken=']), { State: 'a=b=c', Verifier: '', AuthToken: '' });
    assert.deepEqual(parseProcedureArgs(['--Value', '-5']), { Value: '-5' }, 'a value may start with a dash');
  });

  it('skips --format and its value (an option of exec itself)', () => {
    assert.deepEqual(parseProcedureArgs(['--format', 'json', '--A', '1', '--format=csv']), { A: '1' });
  });

  it('lets a repeated parameter take its last value', () => {
    assert.deepEqual(parseProcedureArgs(['--A', '1', '--A', '2']), { A: '2' });
  });

  it('refuses a missing value, a stray word and a bad name with InvalidArgumentError (exit code 2)', () => {
    assert.throws(() => parseProcedureArgs(['--CallbackURL']), (err: unknown) => err instanceof InvalidArgumentError && /--CallbackURL needs a value/.test(err.message));
    assert.throws(() => parseProcedureArgs(['stray']), (err: unknown) => err instanceof InvalidArgumentError && /Unexpected "stray": give parameters as --Name value/.test(err.message));
    assert.throws(() => parseProcedureArgs(['-A', '1']), /Unexpected "-A"/);
    assert.throws(() => parseProcedureArgs(['--1abc', 'x']), /Unexpected "--1abc"/, 'names start with a letter');
    assert.throws(() => parseProcedureArgs(['--A;DROP', 'x']), /Unexpected "--A;DROP"/, 'names are plain identifiers');
    assert.throws(() => parseProcedureArgs(['--A', '1', 'extra']), /Unexpected "extra"/);
  });

  it('gives back any identifier-named parameters it is given (property)', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/).filter((n) => n !== 'format');
    fc.assert(
      fc.property(fc.dictionary(name, fc.string({ maxLength: 15 }), { maxKeys: 5 }), fc.boolean(), (params, withEquals) => {
        const words = Object.entries(params).flatMap(([k, v]) => (withEquals ? [`--${k}=${v}`] : [`--${k}`, v]));
        assert.deepEqual(parseProcedureArgs(words), { ...params });
      }),
      { numRuns: 200 },
    );
  });
});

describe('patternMatcher (tables [pattern], .tables [pattern])', () => {
  const names = ['Invoices', 'InvoiceReminders', 'CreditNotes', 'Contacts', 'ContactGroups', 'BankTransactions', 'Accounts'];
  const matching = (pattern: string | undefined) => names.filter(patternMatcher(pattern));

  it('matches everything without a pattern', () => {
    assert.deepEqual(matching(undefined), names);
    assert.deepEqual(matching(''), names);
  });

  it('matches plain text anywhere, case-insensitively', () => {
    assert.deepEqual(matching('contact'), ['Contacts', 'ContactGroups']);
    assert.deepEqual(matching('NOTES'), ['CreditNotes']);
    assert.deepEqual(matching('xyz'), []);
  });

  it('anchors wildcard patterns: * any text, ? one character', () => {
    assert.deepEqual(matching('Invoice*'), ['Invoices', 'InvoiceReminders']);
    assert.deepEqual(matching('*s'), names.filter((n) => n.endsWith('s')));
    assert.deepEqual(matching('invoice?'), ['Invoices']);
    assert.deepEqual(matching('*Note*'), ['CreditNotes']);
    assert.deepEqual(matching('Contact'), ['Contacts', 'ContactGroups'], 'plain text is not anchored');
    assert.deepEqual(matching('Contact*s'), ['Contacts', 'ContactGroups']);
    assert.deepEqual(matching('Contact?'), ['Contacts']);
  });

  it('treats regular-expression characters literally instead of failing', () => {
    for (const pattern of ['(', 'Invoice[', '.*', 'a|b', '^Inv', 'Inv$', '\\', '+', '{2}', 'Inv(*']) {
      assert.doesNotThrow(() => patternMatcher(pattern), pattern);
    }
    assert.deepEqual(matching('.*'), [], 'the dot is a dot');
    assert.deepEqual(matching('a|b'), []);
    assert.deepEqual(matching('^Inv'), []);
    assert.equal(patternMatcher('Bank.Transactions')('BankXTransactions'), false);
    assert.equal(patternMatcher('Bank.Transactions')('Bank.Transactions'), true);
  });
});

describe('complete (tab in the shell)', () => {
  const conn = {
    tables: () => [{ name: 'Invoices' }, { name: 'InvoiceReminders' }, { name: 'Contacts' }],
    describe: (t: string) => {
      if (t === 'Invoices') return [{ name: 'InvoiceNumber' }, { name: 'Total' }, { name: 'AmountDue' }];
      if (t === 'Contacts') return [{ name: 'Name' }, { name: 'EmailAddress' }];
      throw new Error(`no such table ${t}`);
    },
  };

  it('completes dot-commands at the start of a line', () => {
    assert.deepEqual(complete('.ta', '', conn), [['.tables'], '.ta']);
    assert.deepEqual(complete('.t', '', conn), [['.tables', '.timer', '.tenants'], '.t']);
    assert.deepEqual(complete('.', '', conn)[0].length, 11);
    assert.deepEqual(complete('.zz', '', conn), [[], '.zz']);
  });

  it('completes keywords and table names, case-insensitively', () => {
    assert.deepEqual(complete('sel', '', conn), [['SELECT'], 'sel']);
    assert.deepEqual(complete('SELECT * FROM Inv', '', conn), [['Invoices', 'InvoiceReminders'], 'Inv']);
    assert.deepEqual(complete('SELECT * FROM cont', '', conn), [['Contacts'], 'cont']);
  });

  it('completes columns only once their table is named, also from earlier lines of the statement', () => {
    assert.deepEqual(complete('SELECT Tot', '', conn), [[], 'Tot'], 'no table named yet');
    assert.deepEqual(complete('SELECT * FROM Invoices WHERE Tot', '', conn), [['Total'], 'Tot']);
    assert.deepEqual(complete('SELECT Tot', 'WITH x AS (SELECT 1 FROM invoices)\n', conn), [['Total'], 'Tot'], 'named on an earlier line, any case');
    assert.deepEqual(complete('SELECT * FROM Contacts WHERE Em', '', conn), [['EmailAddress'], 'Em']);
    assert.deepEqual(complete('SELECT * FROM Contacts WHERE Tot', '', conn), [[], 'Tot'], "another table's columns are not offered");
  });

  it('offers nothing for an empty word, and survives a table whose describe fails', () => {
    assert.deepEqual(complete('SELECT ', '', conn), [[], '']);
    assert.deepEqual(complete('SELECT * FROM InvoiceReminders WHERE Inv', '', conn), [['Invoices', 'InvoiceReminders'], 'Inv']);
  });

  it('does not treat a dot-command as one in the middle of a statement', () => {
    const [hits] = complete('.ta', 'SELECT 1\n', conn);
    assert.ok(!hits.includes('.tables'));
  });
});

describe('describeResult', () => {
  it('shows each column with its type, key, pushdown (or "(local)") and description', () => {
    const result = describeResult([
      { name: 'Id', type: 'text', key: true, pushdown: '', description: 'the key' },
      { name: 'Total', type: 'decimal', key: false, pushdown: 'where: =', description: 'money' },
    ] as never);
    assert.deepEqual(result.columns.map((c) => c.name), ['Column', 'Type', 'Key', 'Pushdown', 'Description']);
    assert.deepEqual(result.rows, [
      { Column: 'Id', Type: 'text', Key: 'yes', Pushdown: '(local)', Description: 'the key' },
      { Column: 'Total', Type: 'decimal', Key: '', Pushdown: 'where: =', Description: 'money' },
    ]);
  });
});

describe('describeError and exitCodeOf', () => {
  const cause = new Error('ECONNREFUSED 127.0.0.1:9');
  const err = new XeroSqlError(ErrorCode.Http, 'GET http://127.0.0.1:9/connections: the connection was refused.', { cause });

  it('shows only the message without --verbose: no code, no cause, no stack', () => {
    const text = describeError(err, false);
    assert.equal(text, 'Error: GET http://127.0.0.1:9/connections: the connection was refused.');
    assert.equal(describeError(new TypeError('boom'), false), 'Error: boom');
    assert.equal(describeError('just text', false), 'Error: just text');
  });

  it('adds the code, the causes and the stack with --verbose', () => {
    const text = describeError(err, true);
    assert.match(text, /^Error: GET/);
    assert.match(text, /code: XSQL_HTTP/);
    assert.match(text, /caused by: Error: ECONNREFUSED 127\.0\.0\.1:9/);
    assert.match(text, /^\s+at .*:\d+:\d+\)?$/m, 'a stack frame');
  });

  it('gives 2 for usage, config and connection-string mistakes, 1 for everything else', () => {
    for (const code of ['XSQL_USAGE', 'XSQL_CONFIG', 'XSQL_CONN_STRING', 'XSQL_CONN_OPTION'] as const) assert.equal(exitCodeOf(new XeroSqlError(code, 'x')), 2, code);
    for (const code of ['XSQL_HTTP', 'XSQL_AUTH', 'XSQL_AUTH_REQUIRED', 'XSQL_SQL_SYNTAX', 'XSQL_UNKNOWN_TABLE', 'XSQL_API', 'XSQL_CANCELLED'] as const) {
      assert.equal(exitCodeOf(new XeroSqlError(code, 'x')), 1, code);
    }
    assert.equal(exitCodeOf(new Error('plain')), 1);
    assert.equal(exitCodeOf(undefined), 1);
  });
});
