/**
 * The interactive shell: statements end with `;` and may span lines; dot-commands act at once.
 * Ctrl-C cancels a running query (down to its HTTP requests) and keeps the shell; on an empty
 * prompt it says how to leave; Ctrl-D leaves. History persists between sessions.
 */
import { appendFileSync, createWriteStream, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface, type Interface } from 'node:readline';
import type { Command } from 'commander';
import { configDir } from '../connection/options.js';
import { SCHEMAS } from '../connection/properties.js';
import { XeroSqlError } from '../errors.js';
import type { ClientEvent } from '../http/xero-client.js';
import { describeResult, globalFlags, patternMatcher, type CliIo } from './commands.js';
import { openConnection, type OpenedConnection } from './connection-source.js';
import { FORMATS, renderResult, type Format } from './format.js';
import { writeResult } from './output.js';
import { Progress } from './progress.js';
import { endsStatement, splitStatements } from './statements.js';
import { describeError } from './errors.js';

const PROMPT = 'xero-sql> ';
const CONTINUE = '     ...> ';
const HISTORY_LINES = 1000;

const KEYWORDS = [
  'SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'LIKE', 'BETWEEN', 'JOIN', 'LEFT', 'INNER', 'ON', 'AS',
  'GROUP BY', 'ORDER BY', 'HAVING', 'LIMIT', 'OFFSET', 'TOP', 'DISTINCT', 'COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'CASE', 'WHEN',
  'THEN', 'ELSE', 'END', 'UNION', 'ALL', 'WITH', 'EXPLAIN', 'EXEC', 'DESC', 'ASC',
];
const DOT_COMMANDS = ['.tables', '.describe', '.explain', '.mode', '.output', '.timer', '.tenants', '.schema', '.help', '.quit', '.exit'];

const HELP = `Statements end with ";" and may span several lines. Dot-commands:
  .tables [pattern]     list tables (pattern: text or Invoice*)
  .describe <table>     columns, types, and which filters are sent to Xero
  .explain <sql>        the plan: the API requests a query will make
  .mode <format>        table, csv, json, ndjson or markdown
  .output [file]        write results to a file (no argument: back to the screen)
  .timer on|off         show how long each statement took
  .tenants              the organisations the sign-in reaches
  .schema [name]        show or switch the schema (${SCHEMAS.join(', ')})
  .help                 this text
  .quit                 leave (or Ctrl-D)
Ctrl-C cancels a running query.`;

/** The history file (one statement per line). */
export function historyFile(env: NodeJS.ProcessEnv): string {
  return env.XERO_SQL_HISTORY ?? join(configDir(env), 'xero-sql', 'history');
}

export async function runRepl(cmd: Command, io: CliIo): Promise<void> {
  const progress = new Progress(io.stderr);
  let apiCalls = 0;
  const onEvent = (e: ClientEvent) => {
    if (e.type === 'request') apiCalls++;
    progress.onClientEvent(e);
  };
  const flags = globalFlags(cmd);
  if (flags.demo) io.stderr.write('Starting the built-in Xero simulator and signing in to Demo Company (AU)…\n');
  const opened: OpenedConnection = await openConnection(flags, { onNotice: (m) => io.stderr.write(`${m}\n`), onEvent }, io.env);
  const conn = opened.conn;
  const historyPath = historyFile(io.env);
  const rl = createInterface({
    input: io.stdin,
    output: io.stdout,
    prompt: PROMPT,
    historySize: HISTORY_LINES,
    terminal: Boolean(io.stdin.isTTY),
    completer: (line: string) => complete(line, buffer, conn),
  });
  loadHistory(rl, historyPath);

  let buffer = '';
  let format: Format = 'table';
  let timer = false;
  let output: WriteStream | undefined;
  let running: AbortController | undefined;

  const say = (text: string) => io.stdout.write(`${text}\n`);
  const fail = (err: unknown) => {
    progress.clear();
    io.stderr.write(`${describeError(err, Boolean(flags.verbose))}\n`);
  };

  io.stdout.write(`xero-sql: connected${opened.simulator ? ' to the built-in simulator' : ''}, schema ${conn.schema}. Type .help for help, .quit to leave.\n`);

  const runSql = async (sql: string) => {
    running = new AbortController();
    const started = performance.now();
    apiCalls = 0;
    try {
      const out = output ?? io.stdout;
      const rows = await writeResult(conn, sql, undefined, {
        format,
        out,
        ...(out === io.stdout && io.stdout.isTTY ? { width: io.stdout.columns, color: true } : {}),
        progress,
        signal: running.signal,
        maskTokens: '(hidden in the shell: see the settings file, or run xero-sql exec)',
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      io.stderr.write(`(${rows} row${rows === 1 ? '' : 's'}${timer ? `, ${seconds} s` : ''}, ${apiCalls} API call${apiCalls === 1 ? '' : 's'})\n`);
    } catch (err) {
      if (running.signal.aborted) {
        progress.clear();
        io.stderr.write('Cancelled.\n');
      } else {
        fail(err);
      }
    } finally {
      running = undefined;
    }
  };

  const runDot = async (line: string): Promise<boolean> => {
    const [command = '', ...rest] = line.trim().split(/\s+/);
    const arg = line.trim().slice(command.length).trim();
    switch (command.toLowerCase()) {
      case '.quit':
      case '.exit':
        return false;
      case '.help':
        say(HELP);
        break;
      case '.tables': {
        const match = patternMatcher(rest[0]);
        const rows = conn.tables().filter((t) => match(t.name)).map((t) => ({ Name: t.name, Kind: t.kind, Description: t.description }));
        say(renderResult({ rows, columns: ['Name', 'Kind', 'Description'].map((name) => ({ name, type: 'text', nullable: false })) }, format, { ...(io.stdout.isTTY ? { width: io.stdout.columns } : {}) }));
        break;
      }
      case '.describe':
        if (!arg) throw new XeroSqlError('XSQL_USAGE', 'Usage: .describe <table>');
        say(renderResult(describeResult(conn.describe(arg)), format, { ...(io.stdout.isTTY ? { width: io.stdout.columns } : {}) }));
        break;
      case '.explain':
        if (!arg) throw new XeroSqlError('XSQL_USAGE', 'Usage: .explain <select statement>');
        say(renderResult(await conn.query(`EXPLAIN ${arg.replace(/;\s*$/, '')}`), format, { ...(io.stdout.isTTY ? { width: io.stdout.columns } : {}) }));
        break;
      case '.mode':
        if (!arg) say(`mode ${format}`);
        else if ((FORMATS as readonly string[]).includes(arg.toLowerCase())) format = arg.toLowerCase() as Format;
        else throw new XeroSqlError('XSQL_USAGE', `Unknown mode ${arg}: use ${FORMATS.join(', ')}.`);
        break;
      case '.output':
        output?.end();
        output = arg && arg !== 'stdout' ? createWriteStream(arg) : undefined;
        if (output) output.on('error', (err) => fail(err));
        break;
      case '.timer':
        if (!['on', 'off'].includes(arg.toLowerCase())) throw new XeroSqlError('XSQL_USAGE', 'Usage: .timer on|off');
        timer = arg.toLowerCase() === 'on';
        break;
      case '.tenants':
        await runSql('SELECT TenantId, Name, Type, IsActive FROM Tenants ORDER BY Name');
        break;
      case '.schema':
        if (arg) say(`schema ${conn.setSchema(arg)}`);
        else say(`schema ${conn.schema} (others: ${SCHEMAS.filter((s) => s !== conn.schema).join(', ')})`);
        break;
      default:
        throw new XeroSqlError('XSQL_USAGE', `Unknown command ${command}. Type .help for the list.`);
    }
    return true;
  };

  rl.on('SIGINT', () => {
    if (running) {
      running.abort();
      return;
    }
    const typed = (rl as unknown as { line: string }).line;
    if (buffer !== '' || typed !== '') {
      buffer = '';
      // Drop the half-typed line too, as shells do.
      rl.write(null, { ctrl: true, name: 'u' });
      io.stdout.write('^C\n');
    } else {
      io.stdout.write('\n(To leave, type .quit or press Ctrl-D.)\n');
    }
    rl.setPrompt(PROMPT);
    rl.prompt();
  });

  const closed = new Promise<void>((resolve) => rl.once('close', () => resolve()));
  rl.prompt();
  try {
    for await (const line of rl) {
      let keepGoing = true;
      if (buffer === '' && line.trim().startsWith('.')) {
        remember(historyPath, line.trim());
        try {
          keepGoing = await runDot(line);
        } catch (err) {
          fail(err);
        }
      } else if (buffer !== '' || line.trim() !== '') {
        buffer += `${line}\n`;
        if (endsStatement(buffer)) {
          const script = buffer;
          buffer = '';
          remember(historyPath, script.trim().replace(/\s*\n\s*/g, ' '));
          for (const sql of splitStatements(script)) await runSql(sql);
        }
      }
      if (!keepGoing) break;
      rl.setPrompt(buffer === '' ? PROMPT : CONTINUE);
      rl.prompt();
    }
  } finally {
    rl.close();
    await closed;
    output?.end();
    await opened.close();
  }
}

/** Completes dot-commands, keywords, table names, and the columns of tables the statement names. */
export function complete(line: string, buffer: string, conn: { tables(): { name: string }[]; describe(t: string): { name: string }[] }): [string[], string] {
  const word = /[\w.$]*$/.exec(line)?.[0] ?? '';
  if (buffer === '' && line.trimStart().startsWith('.') && !line.includes(' ')) {
    return [DOT_COMMANDS.filter((c) => c.startsWith(word.toLowerCase())), word];
  }
  const tables = conn.tables().map((t) => t.name);
  const statement = `${buffer}${line}`;
  const named = tables.filter((t) => new RegExp(`\\b${t}\\b`, 'i').test(statement));
  const columns = named.flatMap((t) => {
    try {
      return conn.describe(t).map((c) => c.name);
    } catch {
      return [];
    }
  });
  const lower = word.toLowerCase();
  const candidates = [...new Set([...columns, ...tables, ...KEYWORDS])];
  const hits = candidates.filter((c) => c.toLowerCase().startsWith(lower));
  return [word === '' ? [] : hits, word];
}

function loadHistory(rl: Interface, path: string): void {
  try {
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
    // readline keeps the newest entry first.
    (rl as unknown as { history: string[] }).history = lines.slice(-HISTORY_LINES).reverse();
  } catch {
    // No history yet.
  }
}

/** Statements that carry a token or code are not written to the history file. */
const SECRET_LINE = /OAuthRefreshToken|OAuthAccessToken|Verifier|AuthKey|ClientSecret/i;

function remember(path: string, line: string): void {
  if (SECRET_LINE.test(line)) return;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    appendFileSync(path, `${line}\n`, { mode: 0o600 });
  } catch {
    // History is a convenience; a read-only home must not break the shell.
  }
}
