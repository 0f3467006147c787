/**
 * `main(argv, io)` in-process with captured streams: every command's --help (with examples), and
 * the usage mistakes that must give exit code 2 with a message naming the flag or argument. The
 * subprocess tests (test/integration/cli-*.test.ts) run a representative set through the binary;
 * these cover the rest without paying a process start each.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { CliIo } from '../../src/cli/commands.js';
import { main } from '../../src/cli/main.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'xero-sql-cli-main-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(args: readonly string[], stdin = ''): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const io: CliIo = {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: Readable.from(stdin === '' ? [] : [stdin]) as unknown as NodeJS.ReadStream,
    env: { HOME: join(dir, 'home'), XERO_SQL_CONFIG: join(dir, 'config.json'), XERO_SQL_HISTORY: join(dir, 'history') },
  };
  const code = await main(['node', 'xero-sql', ...args], io);
  return { code, stdout: out, stderr: err };
}

describe('--help of every command', () => {
  const commands = [[], ['repl'], ['query'], ['exec'], ['login'], ['tenants'], ['tables'], ['describe'], ['test-connection'], ['simulator']];
  for (const command of commands) {
    it(`xero-sql ${[...command, '--help'].join(' ')} shows usage and examples, exit 0`, async () => {
      const r = await run([...command, '--help']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Usage: xero-sql${command.length ? ` ${command[0]}` : ''} `, 'm'));
      assert.match(r.stdout, /^Examples?( \([^)]*\))?:\n {2}xero-sql /m, `examples in:\n${r.stdout}`);
      // The examples run the command they document.
      if (command.length) assert.match(r.stdout, new RegExp(`^ {2}(\\S+=\\S+ )?xero-sql .*\\b${command[0]}\\b`, 'm'));
      assert.equal(r.stderr, '');
    });
  }
  it('-h works like --help', async () => {
    const r = await run(['query', '-h']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: xero-sql query /m);
  });
});

describe('usage mistakes: exit code 2, naming the flag or argument', () => {
  const cases: { args: string[]; stdin?: string; message: RegExp }[] = [
    { args: ['query', '--bogus', 'SELECT 1'], message: /unknown option '--bogus'/ },
    { args: ['tables', '--format'], message: /option '--format <format>' argument missing/ },
    { args: ['tenants', '--format', 'yaml'], message: /argument 'yaml' is invalid/ },
    { args: ['--profile'], message: /option '-p, --profile <name>' argument missing/ },
    { args: ['tenants', 'extra'], message: /too many arguments for 'tenants'/ },
    { args: ['no-such-command', 'x'], message: /unknown command 'no-such-command'/ },
    { args: ['describe'], message: /missing required argument 'table'/ },
    { args: ['exec'], message: /missing required argument 'procedure'/ },
    { args: ['exec', 'GetOAuthAuthorizationURL', 'stray'], message: /Unexpected "stray": give parameters as --Name value/ },
    { args: ['exec', 'GetOAuthAuthorizationURL', '--CallbackURL'], message: /--CallbackURL needs a value/ },
    { args: ['query', '-f', '/nonexistent/xero-sql-test/missing.sql'], message: /Cannot read \/nonexistent\/xero-sql-test\/missing\.sql: no such file/ },
    { args: ['--profile', 'nope', 'tables'], message: /No profile nope: the config file .*config\.json does not exist/ },
    { args: ['exec', 'GetOAuthAuthorizationURL', '-x', '1'], message: /Unexpected "-x"/ },
    { args: ['query', '-f', 'also.sql', 'SELECT 2'], message: /either as an argument or with --file, not both/ },
    { args: ['query'], stdin: ';;\n', message: /The SQL given is empty/ },
    { args: ['-c', 'Timeout=abc', 'query', 'SELECT 1'], message: /Invalid value "abc" for Timeout/ },
    { args: ['-c', "Tenant='unclosed", 'tenants'], message: /the value of Tenant opens a quote/ },
    { args: ['-c', 'Schema=NOPE', 'tables'], message: /Invalid value "NOPE" for Schema/ },
    { args: ['simulator', '--seed', 'abc'], message: /--seed must be a whole number/ },
  ];
  for (const c of cases) {
    it(`xero-sql ${c.args.join(' ')}`, async () => {
      const r = await run(c.args, c.stdin);
      assert.equal(r.code, 2, `exit ${r.code}: ${r.stderr}`);
      assert.match(r.stderr, c.message);
      assert.equal(r.stdout, '');
      assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    });
  }

  it('a config file that is not JSON is a usage error naming the file', async () => {
    writeFileSync(join(dir, 'config.json'), '{ not json');
    try {
      const r = await run(['tables']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /The config file .*config\.json is not valid JSON/);
    } finally {
      rmSync(join(dir, 'config.json'), { force: true });
    }
  });
});

describe('errors that are not usage mistakes: exit code 1', () => {
  it('unknown procedure and unknown table name what exists', async () => {
    const proc = await run(['exec', 'NoSuchProcedure']);
    assert.equal(proc.code, 1);
    assert.match(proc.stderr, /Unknown procedure NoSuchProcedure\. Procedures: GetOAuthAuthorizationURL, GetOAuthAccessToken, RefreshOAuthAccessToken/);
    const table = await run(['describe', 'Invoicez']);
    assert.equal(table.code, 1);
    assert.match(table.stderr, /Unknown table Invoicez in the ACCOUNTING schema\. Did you mean Invoices/);
    const sql = await run(['query', "SELECT 'unterminated"]);
    assert.equal(sql.code, 1);
    assert.match(sql.stderr, /^xero-sql: /);
  });
});
