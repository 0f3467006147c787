/**
 * The `xero-sql` commands other than `simulator` and the REPL: query, exec, login, tenants,
 * tables, describe, test-connection. Each opens the connection the global flags describe, does
 * one thing, and closes it.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { jwtExpiry } from '../auth/token-manager.js';
import { findProcedure } from '../procedures/registry.js';
import type { QueryResult } from '../sql/result.js';
import { mergeConnectionStrings, openConnection, resolveConnectionString, type GlobalFlags, type OpenedConnection } from './connection-source.js';
import { FORMATS, maskTokens, renderResult, type Format } from './format.js';
import { writeResult } from './output.js';
import { Progress } from './progress.js';
import { splitStatements } from './statements.js';

/** What a command needs from the process (replaceable in tests). */
export interface CliIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly env: NodeJS.ProcessEnv;
}

export const defaultIo: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };

/** The global flags of the root program, as commander collected them. */
export function globalFlags(cmd: Command): GlobalFlags {
  return cmd.optsWithGlobals() as GlobalFlags;
}

/** Opens the connection, with progress wired to stderr. */
export async function open(cmd: Command, io: CliIo, progress?: Progress): Promise<OpenedConnection> {
  return openConnection(globalFlags(cmd), { onNotice: (m) => io.stderr.write(`${m}\n`), ...(progress ? { onEvent: progress.onClientEvent } : {}) }, io.env);
}

function formatOption(): Option {
  return new Option('--format <format>', 'output format').choices([...FORMATS]).default('table');
}

/** Prints a result already in memory in the chosen format. */
async function print(result: QueryResult, format: Format, io: CliIo): Promise<void> {
  const text = renderResult(result, format, { ...(io.stdout.isTTY ? { width: io.stdout.columns } : {}), color: Boolean(io.stdout.isTTY) });
  if (text !== '') io.stdout.write(`${text}\n`);
}

async function readStdin(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export function registerCommands(program: Command, io: CliIo = defaultIo): void {
  program
    .command('query')
    .description('Run SQL and print the result (SQL as an argument, from --file, or on standard input)')
    .argument('[sql...]', 'the statement; quote it for the shell')
    .option('-f, --file <path>', 'read statements from a file (separated by ";")')
    .addOption(formatOption())
    .option('-o, --output <path>', 'write the result to a file instead of standard output')
    .addHelpText(
      'after',
      `
Examples:
  xero-sql --demo query "SELECT InvoiceNumber, ContactName, Total FROM Invoices LIMIT 5"
  xero-sql query --format csv --output invoices.csv "SELECT * FROM Invoices"
  echo "SELECT COUNT(*) FROM Contacts" | xero-sql query
  xero-sql query -f report.sql --format markdown`,
    )
    .action(async (words: string[], flags: { file?: string; format: Format; output?: string }, cmd: Command) => {
      let script: string;
      if (flags.file !== undefined) {
        if (words.length > 0) throw new XeroSqlError(ErrorCode.Usage, 'Give the SQL either as an argument or with --file, not both.');
        try {
          script = readFileSync(flags.file, 'utf8');
        } catch (err) {
          throw new XeroSqlError(ErrorCode.Usage, `Cannot read ${flags.file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}.`);
        }
      } else if (words.length > 0) {
        script = words.join(' ');
      } else if (!io.stdin.isTTY) {
        script = await readStdin(io.stdin);
      } else {
        throw new XeroSqlError(ErrorCode.Usage, 'No SQL given: pass it as an argument (quoted), with --file, or on standard input. Or run xero-sql for the interactive shell.');
      }
      const statements = splitStatements(script);
      if (statements.length === 0) throw new XeroSqlError(ErrorCode.Usage, 'The SQL given is empty.');
      const out: Writable = flags.output !== undefined ? createWriteStream(flags.output) : io.stdout;
      const progress = new Progress(io.stderr);
      const opened = await open(cmd, io, progress);
      try {
        for (const [i, sql] of statements.entries()) {
          if (i > 0 && flags.format === 'table') out.write('\n');
          await writeResult(opened.conn, sql, undefined, {
            format: flags.format,
            out,
            ...(out === io.stdout && io.stdout.isTTY ? { width: io.stdout.columns, color: true } : {}),
            progress,
          });
        }
      } finally {
        progress.clear();
        await opened.close();
        if (out !== io.stdout) {
          out.end();
          await once(out, 'finish');
        }
      }
    });

  program
    .command('exec')
    .description('Run a stored procedure, giving its parameters as --Name value')
    .argument('<procedure>', 'e.g. GetOAuthAuthorizationURL')
    .addOption(formatOption())
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption('-h, --help')
    .addHelpText(
      'after',
      `
Examples (the headless sign-in, from a shell):
  xero-sql exec GetOAuthAuthorizationURL --CallbackURL http://localhost:33333
  xero-sql exec GetOAuthAccessToken --Verifier <code from the redirect> --CallbackURL http://localhost:33333
  xero-sql exec RefreshOAuthAccessToken --OAuthRefreshToken <token>`,
    )
    .action(async (name: string, flags: { format: Format }, cmd: Command) => {
      const procedure = findProcedure(name);
      const args = parseProcedureArgs(cmd.args.slice(1));
      const names = Object.keys(args);
      const sql = `EXEC ${procedure.name} ${names.map((n, i) => `@${n} = ?${i === names.length - 1 ? '' : ','}`).join(' ')}`;
      const opened = await open(cmd, io);
      try {
        const result = await opened.conn.execute(sql, Object.values(args));
        // Tokens that were saved need not be printed; the web flow without a settings file needs them.
        const o = opened.conn.options;
        const saved = o.settingsLocationGiven || o.initiateOAuth !== 'OFF';
        await print(saved ? { ...result, rows: result.rows.map((r) => maskTokens(r, `(saved to ${o.settingsLocation.kind === 'file' ? o.settingsLocation.path : `memory://${o.settingsLocation.id}`})`)) } : result, flags.format, io);
      } finally {
        await opened.close();
      }
    });

  program
    .command('login')
    .description('Sign in with the browser (the desktop flow) and save the tokens in the settings file')
    .addHelpText('after', '\nExample:\n  xero-sql --connection "OAuthClientId=YOUR_CLIENT_ID" login')
    .action(async (_flags: unknown, cmd: Command) => {
      const flags = globalFlags(cmd);
      // login signs in whatever InitiateOAuth the connection string has.
      const connection = mergeConnectionStrings(resolveConnectionString(flags, io.env), 'InitiateOAuth=GETANDREFRESH');
      const opened = await openConnection({ ...flags, connection }, { onNotice: (m) => io.stderr.write(`${m}\n`) }, io.env);
      try {
        const tenants = await opened.conn.tenants();
        io.stdout.write(`Signed in. Organisations: ${tenants.map((t) => `${t.tenantName} (${t.tenantId})`).join(', ') || 'none'}\n`);
      } finally {
        await opened.close();
      }
    });

  program
    .command('tenants')
    .description('List the organisations the sign-in reaches')
    .addOption(formatOption())
    .addHelpText('after', '\nExamples:\n  xero-sql --demo tenants\n  xero-sql --profile work tenants --format json')
    .action(async (flags: { format: Format }, cmd: Command) => {
      const opened = await open(cmd, io);
      try {
        await print(await opened.conn.query('SELECT TenantId, Name, Type, IsActive FROM Tenants ORDER BY Name'), flags.format, io);
      } finally {
        await opened.close();
      }
    });

  program
    .command('tables')
    .description('List the tables and views of the schema (optionally matching a pattern)')
    .argument('[pattern]', 'case-insensitive text or * wildcard, e.g. Invoice*')
    .addOption(formatOption())
    .addHelpText('after', '\nExamples:\n  xero-sql --demo tables\n  xero-sql --demo tables "Invoice*" --format markdown')
    .action(async (pattern: string | undefined, flags: { format: Format }, cmd: Command) => {
      const opened = await open(cmd, io);
      try {
        const match = patternMatcher(pattern);
        const rows = opened.conn.tables().filter((t) => match(t.name)).map((t) => ({ Name: t.name, Kind: t.kind, Description: t.description }));
        await print({ rows, columns: ['Name', 'Kind', 'Description'].map((name) => ({ name, type: 'text', nullable: false })) }, flags.format, io);
      } finally {
        await opened.close();
      }
    });

  program
    .command('describe')
    .description("Show a table's columns, types and which filters are sent to Xero")
    .argument('<table>')
    .addOption(formatOption())
    .addHelpText('after', '\nExamples:\n  xero-sql --demo describe Invoices\n  xero-sql describe Contacts --format csv')
    .action(async (table: string, flags: { format: Format }, cmd: Command) => {
      const opened = await open(cmd, io);
      try {
        await print(describeResult(opened.conn.describe(table)), flags.format, io);
      } finally {
        await opened.close();
      }
    });

  program
    .command('test-connection')
    .description('Sign in and reach the organisation: prints "connection available" or "connection unavailable" with the reason')
    .addHelpText('after', '\nExamples:\n  xero-sql --demo test-connection\n  xero-sql -c "InitiateOAuth=REFRESH;OAuthClientId=...;Tenant=Acme Ltd" test-connection && echo ok')
    .action(async (_flags: unknown, cmd: Command) => {
      let opened: OpenedConnection | undefined;
      try {
        opened = await open(cmd, io);
        const tenant = await opened.conn.tenant();
        const scopes = scopesOf(await opened.conn.accessToken());
        io.stdout.write(`connection available: ${tenant.tenantName} (${tenant.tenantId}), schema ${opened.conn.options.schema}${scopes.length ? `, scopes: ${scopes.join(' ')}` : ''}\n`);
      } catch (err) {
        io.stdout.write(`connection unavailable: ${err instanceof Error ? err.message : String(err)}\n`);
        throw Object.assign(new XeroSqlError(ErrorCode.AuthRequired, 'connection unavailable', { cause: err }), { reported: true });
      } finally {
        await opened?.close();
      }
    });
}

/** `--Name value` / `--Name=value` pairs after the procedure name. */
export function parseProcedureArgs(words: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '--format') {
      i++;
      continue;
    }
    if (w.startsWith('--format=')) continue;
    const m = /^--([A-Za-z][A-Za-z0-9_]*)(?:=(.*))?$/.exec(w);
    if (!m) throw new InvalidArgumentError(`Unexpected "${w}": give parameters as --Name value.`);
    const value = m[2] ?? words[++i];
    if (value === undefined) throw new InvalidArgumentError(`--${m[1]} needs a value.`);
    out[m[1] as string] = value;
  }
  return out;
}

export function describeResult(columns: ReturnType<import('../connection/connection.js').Connection['describe']>): QueryResult {
  const rows = columns.map((c) => ({ Column: c.name, Type: c.type, Key: c.key ? 'yes' : '', Pushdown: c.pushdown || '(local)', Description: c.description }));
  return { rows, columns: ['Column', 'Type', 'Key', 'Pushdown', 'Description'].map((name) => ({ name, type: 'text', nullable: false })) };
}

/** `Invoice*`-style matching (case-insensitive; plain text matches anywhere). */
export function patternMatcher(pattern: string | undefined): (name: string) => boolean {
  if (!pattern) return () => true;
  const re = pattern.includes('*') || pattern.includes('?')
    ? new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i')
    : new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  return (name) => re.test(name);
}

/** The scopes in a JWT access token, without verifying it. */
function scopesOf(token: string): string[] {
  if (jwtExpiry(token) === undefined) return [];
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { scope?: unknown };
    return Array.isArray(claims.scope) ? claims.scope.map(String) : typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  } catch {
    return [];
  }
}
