/**
 * How `xero-sql` fails, as a subprocess: bad flags and usage are exit code 2 with a message that
 * names the flag; bad SQL and an unreachable server are exit code 1 with a clear message and no
 * stack trace (unless --verbose); every command's --help has examples.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CliSandbox, STACK_FRAME, type CliResult } from '../helpers/cli-run.js';
import { freePort } from '../helpers/ports.js';

let box: CliSandbox;
before(() => {
  box = new CliSandbox();
});
after(() => box?.cleanup());

/** Runs many short invocations a few at a time (each is a separate process). */
async function runAll<T extends { args: string[]; stdin?: string }>(cases: readonly T[], width = 3): Promise<[T, CliResult][]> {
  const out: [T, CliResult][] = [];
  for (let i = 0; i < cases.length; i += width) {
    const batch = cases.slice(i, i + width);
    const results = await Promise.all(batch.map((c) => box.run(c.args, c.stdin !== undefined ? { stdin: c.stdin } : {})));
    batch.forEach((c, j) => out.push([c, results[j] as CliResult]));
  }
  return out;
}

function noStack(r: CliResult, what: string): void {
  assert.doesNotMatch(r.stderr, STACK_FRAME, `${what}: no stack trace without --verbose:\n${r.stderr}`);
  assert.doesNotMatch(r.stdout, STACK_FRAME, what);
}

describe('usage errors: exit code 2 and a message that names the problem', () => {
  it('rejects unknown flags, bad values, missing values and unknown commands, naming them', async () => {
    // A representative set as real processes; test/unit/cli-main.test.ts runs the rest in-process.
    const cases = [
      { args: ['--bogus'], message: /unknown option '--bogus'/ },
      { args: ['query', '--format', 'xml', 'SELECT 1'], message: /option '--format <format>' argument 'xml' is invalid\. Allowed choices are table, csv, json, ndjson, markdown/ },
      { args: ['-c'], message: /option '-c, --connection <string>' argument missing/ },
      { args: ['frobnicate'], message: /unknown command 'frobnicate'/ },
      { args: ['query'], stdin: '  \n-- nothing here\n', message: /The SQL given is empty/ },
      { args: ['-c', 'Bogus=1', 'query', 'SELECT 1'], message: /Unknown connection property "Bogus"/ },
    ];
    for (const [c, r] of await runAll(cases)) {
      const what = c.args.join(' ');
      assert.equal(r.code, 2, `${what}: exit ${r.code}\nstderr: ${r.stderr}`);
      assert.match(r.stderr, c.message, `${what}: stderr was ${r.stderr}`);
      assert.equal(r.stdout, '', `${what}: nothing on standard output`);
      noStack(r, what);
    }
  });
});

describe('bad SQL: exit code 1, a clear message, no stack trace', () => {
  it('explains syntax errors, unsupported statements and unknown tables', async () => {
    const cases = [
      { args: ['query', 'SELEC 1'], message: /^xero-sql: Cannot run "SELEC 1": statements start with SELECT, WITH, EXPLAIN or EXEC\.$/m },
      { args: ['query', 'SELECT * FROM Accounts WHERE'], message: /^xero-sql: SQL syntax error at line 1, column \d+/m },
      { args: ['query', 'SELECT * FROM NoSuchTable'], message: /^xero-sql: Unknown table NoSuchTable in the ACCOUNTING schema\./m },
      { args: ['query', 'DELETE FROM Invoices'], message: /^xero-sql: DELETE is not supported yet/m },
    ];
    for (const [c, r] of await runAll(cases)) {
      const what = c.args.join(' ');
      assert.equal(r.code, 1, `${what}: exit ${r.code}\nstderr: ${r.stderr}`);
      assert.match(r.stderr, c.message, `${what}: stderr was ${r.stderr}`);
      noStack(r, what);
    }
  });

  it('an unknown column against the demo books, and the statements before a failing one still print', async () => {
    const script = join(box.dir, 'midway.sql');
    writeFileSync(script, "SELECT Code FROM Accounts WHERE Code = '090';\nSELECT NoSuchColumn FROM Invoices;\nSELECT 3 AS never;\n");
    const r = await box.run(['--demo', 'query', '--format', 'csv', '-f', script]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^Code\r\n090\r\n/, 'the first statement ran');
    assert.doesNotMatch(r.stdout, /never/, 'the one after the failure did not');
    assert.match(r.stderr, /NoSuchColumn/);
    noStack(r, 'unknown column');
  });

  it('--verbose adds the error code and the stack', async () => {
    const r = await box.run(['--verbose', 'query', 'SELECT * FROM NoSuchTable']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Unknown table NoSuchTable/);
    assert.match(r.stderr, /code: XSQL_UNKNOWN_TABLE/);
    assert.match(r.stderr, STACK_FRAME);
  });

  it('says how to get a connection when none is configured', async () => {
    const r = await box.run(['query', 'SELECT * FROM Accounts']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No access token/);
    assert.match(r.stderr, /No connection is configured: try --demo/);
    noStack(r, 'no connection');
  });
});

describe('an unreachable server: exit code 1 and what to check', () => {
  let hang: Server;
  let hangPort: number;
  const sockets = new Set<Socket>();
  before(async () => {
    // Accepts connections and never answers.
    hang = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }).listen(0, '127.0.0.1');
    await once(hang, 'listening');
    hangPort = (hang.address() as { port: number }).port;
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => hang.close(resolve));
  });

  const SECRET = 'cli-test-client-secret-Zq9';
  const conn = (port: number, extra = '') => `AuthScheme=OAuthClient;OAuthClientId=cli-test-client;OAuthClientSecret=${SECRET};BaseURL=http://127.0.0.1:${port}${extra}`;

  it('a closed port: query fails with "connection was refused" and BaseURL named; test-connection says unavailable', async () => {
    const port = await freePort();
    const [query, verbose, test] = await Promise.all([
      box.run(['-c', conn(port), 'query', 'SELECT * FROM Accounts']),
      box.run(['--verbose', '-c', conn(port), 'query', 'SELECT * FROM Accounts']),
      box.run(['-c', conn(port), 'test-connection']),
    ]);
    assert.equal(query.code, 1, query.stderr);
    assert.match(query.stderr, new RegExp(`^xero-sql: POST http://127\\.0\\.0\\.1:${port}/connect/token: the connection was refused \\(is the server running, and is BaseURL right\\?\\)`, 'm'));
    noStack(query, 'closed port');
    assert.equal(verbose.code, 1);
    assert.match(verbose.stderr, /caused by: .*ECONNREFUSED/);

    assert.notEqual(test.code, 0);
    assert.equal(test.code, 1);
    assert.match(test.stdout, /^connection unavailable: .*connection was refused/m);
    assert.doesNotMatch(test.stdout, /connection available/);
    noStack(test, 'test-connection');

    for (const r of [query, verbose, test]) assert.ok(!`${r.stdout}${r.stderr}`.includes(SECRET), 'the client secret is never printed, even with --verbose');
  });

  it('a server that never answers: gives up after Timeout and says so', async () => {
    const started = Date.now();
    const r = await box.run(['-c', conn(hangPort, ';Timeout=1'), 'query', 'SELECT * FROM Accounts']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /timed out after 1 s \(the Timeout connection property\)/);
    assert.ok(Date.now() - started < 30_000, 'it did not wait for the default 60 s');
    noStack(r, 'timeout');
  });

  it('an address that is not a URL of a server: test-connection explains and exits non-zero', async () => {
    const r = await box.run(['-c', 'AuthScheme=OAuthClient;OAuthClientId=x;OAuthClientSecret=y;BaseURL=not a url', 'test-connection']);
    assert.notEqual(r.code, 0);
    assert.match(`${r.stdout}${r.stderr}`, /BaseURL/);
    noStack(r, 'bad BaseURL');
  });
});

describe('--help', () => {
  // Every command's help is checked in-process in test/unit/cli-main.test.ts; this is the binary.
  it('the root help lists every command, with examples, and exits 0', async () => {
    const r = await box.run(['--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const name of ['repl', 'query', 'exec', 'login', 'tenants', 'tables', 'describe', 'test-connection', 'simulator']) {
      assert.match(r.stdout, new RegExp(`^ {2}${name}\\b`, 'm'), name);
    }
    assert.match(r.stdout, /^Examples:\n {2}xero-sql --demo/m);
  });
});
