/**
 * The `xero-sql` shell in a real terminal (tmux, 200x50): statements over several lines, tab
 * completion of tables and columns, dot-commands, NULL shown distinctly, errors without stacks,
 * history kept across sessions, Ctrl-C at the prompt and during a slow query (the cancel reaching
 * HTTP: a proxy in front of the simulator sees the request dropped), Ctrl-D and .quit.
 *
 * Skipped only when tmux is absent and XERO_SQL_REQUIRE_TMUX is not "1" (CI sets it).
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN, CliSandbox, STACK_FRAME } from '../helpers/cli-run.js';
import { TmuxSession, tmuxSkip } from '../helpers/cli-tmux.js';

const skip = tmuxSkip();
const PROMPT = 'xero-sql> ';
const CONTINUE = '     ...> ';

/** The screen text of a box table's data lines, cells trimmed. */
function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('│'))
    .map((l) => l.split('│').slice(1, -1).map((c) => c.trim()));
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let box: CliSandbox;
/** Facts of the seed-1 books --demo serves. */
let bank: { Code: string; Name: string }[];
let invoiceCount: number;
let folderCount: number;
let projectNames: string[];

before(async () => {
  if (skip) return;
  box = new CliSandbox('xero-sql-tmux-');
  const sim = await startSimulator({ seed: 1 });
  try {
    const au = sim.orgs[0];
    assert.ok(au);
    bank = (au.accounting.collections.Accounts as { Type: string; Code: string; Name: string }[])
      .filter((a) => a.Type === 'BANK')
      .map((a) => ({ Code: a.Code, Name: a.Name }))
      .sort((a, b) => (a.Code < b.Code ? -1 : 1));
    invoiceCount = au.accounting.collections.Invoices.length;
    folderCount = au.files?.collections.Folders?.length ?? 0;
    projectNames = (au.projects?.collections.Projects ?? []).map((p) => String(p.name)).sort();
  } finally {
    await sim.close();
  }
});
after(() => box?.cleanup());

describe('the shell on --demo, in tmux', { skip }, () => {
  let term: TmuxSession;

  before(async () => {
    term = await TmuxSession.start({ dir: box.dir, name: 'demo', command: [process.execPath, BIN, '--demo'], env: box.env(), cwd: box.dir });
    await term.waitFor('Type .help for help, .quit to leave.', 0, 60_000);
    await term.waitFor(PROMPT);
  });
  after(async () => {
    await term?.kill();
  });

  it('runs a statement typed over several lines, with a continuation prompt, as an aligned table with a row count and API calls', async () => {
    const from = await term.mark();
    await term.line('SELECT Code, Name');
    await term.waitFor(`${CONTINUE}`, from);
    await term.line("FROM Accounts WHERE Type = 'BANK' ORDER BY Code;");
    const out = await term.waitFor(/\(\d+ rows?, \d+ API calls?\)/, from);
    assert.match(out, new RegExp(`\\(${bank.length} rows, 1 API call\\)`));
    assert.deepEqual(tableRows(out), [['Code', 'Name'], ...bank.map((a) => [a.Code, a.Name])]);
    const widths = new Set(out.split('\n').filter((l) => /^[┌│├└]/.test(l)).map((l) => [...l].length));
    assert.equal(widths.size, 1, 'aligned');
    await term.waitFor(new RegExp(`\\)\\n${PROMPT}$`, 'm'), from);
  });

  it('completes a table name, then that table\'s columns, but no column before a table is named', async () => {
    let from = await term.mark();
    await term.type('SELECT BankTransferI');
    await term.keys('Tab');
    await delay(700);
    assert.match(await term.since(from), /SELECT BankTransferI\s*$/, 'nothing to complete: no table named yet');
    await term.keys('C-u');

    from = await term.mark();
    await term.type('SELECT * FROM BankTransf');
    await term.keys('Tab');
    await term.waitFor('SELECT * FROM BankTransfers', from);
    await term.type(' WHERE Amoun');
    await term.keys('Tab');
    await term.waitFor('SELECT * FROM BankTransfers WHERE Amount', from);
    await term.line(' > 0 LIMIT 1;');
    await term.waitFor(/\(1 row, 1 API call\)/, from);

    // A table named on an earlier line of the statement counts.
    from = await term.mark();
    await term.line('SELECT COUNT(DISTINCT InvoiceId) AS n FROM Invoices');
    await term.waitFor(CONTINUE, from);
    await term.type('WHERE InvoiceNu');
    await term.keys('Tab');
    await term.waitFor(`${CONTINUE}WHERE InvoiceNumber`, from);
    await term.line(" IS NOT NULL;");
    const out = await term.waitFor(/\(1 row, 1 API call\)/, from);
    assert.deepEqual(tableRows(out), [['n'], [String(invoiceCount)]]);
  });

  it('completes keywords and dot-commands', async () => {
    const from = await term.mark();
    await term.type('.tab');
    await term.keys('Tab');
    await term.waitFor(`${PROMPT}.tables`, from);
    await term.keys('C-u');
    await term.type('sele');
    await term.keys('Tab');
    await term.waitFor(`${PROMPT}SELECT`, from);
    await term.keys('C-u');
  });

  it('.help, .tables [pattern], .describe, .explain', async () => {
    let from = await term.mark();
    await term.line('.help');
    const help = await term.waitFor('Ctrl-C cancels a running query.', from);
    for (const cmd of ['.tables [pattern]', '.describe <table>', '.explain <sql>', '.mode <format>', '.output [file]', '.timer on|off', '.tenants', '.schema [name]', '.quit']) {
      assert.ok(help.includes(cmd), `.help mentions ${cmd}`);
    }

    from = await term.mark();
    await term.line('.tables Invoice*');
    const tables = await term.waitFor(/└/, from);
    const names = tableRows(tables).slice(1).map((r) => r[0]);
    assert.ok(names.includes('Invoices'), names.join(', '));
    assert.ok(names.every((n) => /^invoice/i.test(n ?? '')), names.join(', '));

    from = await term.mark();
    await term.line('.describe Invoices');
    const described = await term.waitFor(/└/, from);
    const rows = tableRows(described);
    assert.deepEqual(rows[0], ['Column', 'Type', 'Key', 'Pushdown', 'Description']);
    assert.ok(rows.some((r) => r[0] === 'InvoiceNumber' && r[1] === 'text' && /where: =/.test(r[3] ?? '')));

    from = await term.mark();
    await term.line(".explain SELECT * FROM Invoices WHERE InvoiceNumber = 'INV-0004'");
    const plan = await term.waitFor(/└/, from);
    const [head, step] = tableRows(plan) as [string[], string[]];
    assert.deepEqual(head.slice(0, 5), ['Step', 'Table', 'Request', 'Path', 'Query']);
    assert.deepEqual(step.slice(0, 4), ['1', 'Invoices', 'GET list', '/api.xro/2.0/Invoices']);
    assert.match(step[4] ?? '', /^unitdp=4&InvoiceNumber/, 'the filter is sent to Xero');
    // The plan is wider than the terminal: long cells are cut with … to fit its 200 columns.
    assert.ok(step.some((c) => c.endsWith('…')), 'long cells cut');
    for (const l of plan.split('\n')) assert.ok([...l].length <= 200, 'fitted to the 200-column terminal');
  });

  it('.mode csv, .timer on, .tenants, .schema, .output', async () => {
    let from = await term.mark();
    await term.line('.mode csv');
    await term.line('.timer on');
    await term.line("SELECT Code, Name FROM Accounts WHERE Type = 'BANK' ORDER BY Code;");
    let out = await term.waitFor(/\(\d+ rows?, \d+\.\d\d s, 1 API call\)/, from);
    assert.match(out, new RegExp(`^Code,Name\\n${bank.map((a) => `${a.Code},${a.Name}`).join('\\n')}\\n`, 'm'), out);
    await term.line('.mode');
    await term.waitFor(/^mode csv$/m, from);

    from = await term.mark();
    await term.line('.mode table');
    await term.line('.timer off');
    await term.line('.tenants');
    out = await term.waitFor(/\(2 rows, \d+ API calls?\)/, from);
    const tenants = tableRows(out).slice(1).map((r) => r[1]);
    assert.deepEqual(tenants, ['Demo Company (AU)', 'Kiwi Exports Ltd']);
    assert.doesNotMatch(out, / s, /, 'the timer is off again');

    from = await term.mark();
    await term.line('.schema');
    await term.waitFor(/^schema ACCOUNTING \(others: .*FILES.*\)$/m, from);
    await term.line('.schema files');
    await term.waitFor(/^schema FILES$/m, from);
    // Each schema answers in the demo: the switch reads that API's tables.
    await term.line('SELECT COUNT(*) AS folders FROM Folders;');
    out = await term.waitFor(/\(1 row, 1 API call\)/, from);
    assert.deepEqual(tableRows(out).slice(-1), [[String(folderCount)]]);
    from = await term.mark();
    await term.line('.schema PROJECTS');
    await term.line('SELECT Name FROM Projects ORDER BY Name LIMIT 2;');
    out = await term.waitFor(/\(2 rows, 1 API call\)/, from);
    assert.deepEqual(tableRows(out).slice(1), projectNames.slice(0, 2).map((n) => [n]));
    await term.line('.schema ACCOUNTING');
    await term.waitFor(/^schema ACCOUNTING$/m, from);
    await term.line('.schema NOPE');
    await term.waitFor(/^Error: .*NOPE.*ACCOUNTING/m, from);

    const file = join(box.dir, 'repl-output.txt');
    from = await term.mark();
    await term.line(`.output ${file}`);
    await term.line("SELECT Code FROM Accounts WHERE Type = 'BANK' ORDER BY Code;");
    out = await term.waitFor(/\(\d+ rows, 1 API call\)/, from);
    assert.doesNotMatch(out, /│ 090/, 'the result went to the file, not the screen');
    await term.line('.output');
    await term.line('SELECT 1 AS back_on_screen;');
    await term.waitFor('back_on_screen', from);
    assert.deepEqual(tableRows(readFileSync(file, 'utf8')), [['Code'], ...bank.map((a) => [a.Code])]);
  });

  it('shows NULL distinctly (dimmed), and errors as a message without a stack, keeping the shell', async () => {
    let from = await term.mark();
    await term.line("SELECT NULL AS Missing, 'NULL' AS Text;");
    await term.waitFor(/\(1 row, 0 API calls\)/, from);
    const coloured = await term.since(from, true);
    const row = coloured.split('\n').find((l) => l.includes('NULL') && l.includes('│'));
    assert.ok(row, coloured);
    const [missing, text] = row.split('│').slice(1, -1) as [string, string];
    assert.match(missing, /\u001b\[2mNULL/, `a real NULL is dimmed: ${JSON.stringify(row)}`);
    assert.doesNotMatch(text, /\u001b\[2m/, 'the text "NULL" is not');

    from = await term.mark();
    await term.line('SELECT * FROM NoSuchTable;');
    const err = await term.waitFor(/Unknown table NoSuchTable/, from);
    await term.waitFor(new RegExp(`${PROMPT}$`, 'm'), from);
    assert.doesNotMatch(err, STACK_FRAME);
    await term.line('.describe');
    await term.line('.frobnicate');
    await term.line('.timer maybe');
    const usage = await term.waitFor(/Usage: \.timer on\|off/, from);
    assert.match(usage, /Usage: \.describe <table>/);
    assert.match(usage, /Unknown command \.frobnicate\. Type \.help for the list\./);
    await term.line('SELECT 42 AS still_here;');
    await term.waitFor(/│\s+42 │/, from);
  });

  it('Ctrl-C at the prompt drops the half-typed statement and says how to leave', async () => {
    let from = await term.mark();
    await term.line('SELECT 1 AS first_line');
    await term.waitFor(CONTINUE, from);
    await term.type('AND half typed');
    await term.keys('C-c');
    await term.waitFor(/\^C\n/, from);
    await term.line('SELECT 2 AS fresh;');
    const out = await term.waitFor(/\(1 row/, from);
    assert.deepEqual(tableRows(out), [['fresh'], ['2']], 'the dropped lines did not become part of the next statement');

    from = await term.mark();
    await term.keys('C-c');
    await term.waitFor('(To leave, type .quit or press Ctrl-D.)', from);
    const s = await term.status();
    assert.equal(s.exited, false, 'Ctrl-C does not leave');
  });

  it('keeps history in XERO_SQL_HISTORY, one line per statement, without statements that carry tokens', async () => {
    const from = await term.mark();
    await term.line("EXEC RefreshOAuthAccessToken @OAuthRefreshToken = 'not-a-real-token-123';");
    await term.waitFor(/Error: /, from);
    await term.line("SELECT 'from the first session' AS marker;");
    await term.waitFor(/\(1 row/, from);
    const history = readFileSync(box.historyFile, 'utf8').split('\n');
    assert.ok(history.includes("SELECT Code, Name FROM Accounts WHERE Type = 'BANK' ORDER BY Code;"), 'the multi-line statement, joined');
    assert.ok(history.includes('.tables Invoice*'));
    assert.ok(history.includes("SELECT 'from the first session' AS marker;"));
    assert.ok(!history.some((l) => l.includes('not-a-real-token-123')), 'a statement with a token is not kept');
  });

  it('.quit leaves with exit status 0', async () => {
    const from = await term.mark();
    await term.line('.quit');
    const code = await term.waitForExit();
    assert.equal(code, 0, `exit status ${code}; the screen:\n${await term.since(from)}`);
  });
});

describe('the shell against a slow Xero, in tmux: history and Ctrl-C', { skip }, () => {
  let sim: Simulator;
  let proxy: Server;
  let term: TmuxSession;
  /** Requests the proxy is forwarding, and those the client dropped before the answer. */
  const inflight = new Set<string>();
  const aborted: string[] = [];

  before(async () => {
    // Two pages of invoices (1,000 a page): progress shows after the first.
    sim = await startSimulator({ seed: 1, scale: 2 });
    proxy = createServer((req, res) => {
      const key = `${req.method} ${req.url}`;
      inflight.add(key);
      const upstream = request(new URL(req.url ?? '/', sim.url), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
      res.on('close', () => {
        inflight.delete(key);
        if (!res.writableFinished) {
          aborted.push(key);
          upstream.destroy();
        }
      });
    }).listen(0, '127.0.0.1');
    await once(proxy, 'listening');
    const cc = sim.appRegistry.find((a) => a.kind === 'custom-connection');
    assert.ok(cc?.clientSecret);
    const url = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    // The connection string (with its secret) goes in the environment, not on the command line.
    const env = box.env({ XERO_SQL_CONNECTION: `AuthScheme=OAuthClient;OAuthClientId=${cc.clientId};OAuthClientSecret=${cc.clientSecret};BaseURL=${url}` });
    term = await TmuxSession.start({ dir: box.dir, name: 'slow', command: [process.execPath, BIN], env, cwd: box.dir });
    await term.waitFor('Type .help for help, .quit to leave.', 0, 60_000);
  });
  after(async () => {
    await term?.kill();
    proxy?.closeAllConnections();
    await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
    await sim?.close();
  });

  it('recalls the previous session\'s statements with Up', async () => {
    assert.ok(existsSync(box.historyFile), 'the first session wrote the history file');
    const from = await term.mark();
    await term.keys('Up');
    await term.waitFor(`${PROMPT}.quit`, from);
    await term.keys('Up');
    await term.waitFor(`${PROMPT}SELECT 'from the first session' AS marker;`, from);
    await term.keys('Enter');
    await term.waitFor(/│ from the first session │/, from);
  });

  it('Ctrl-C cancels a slow query down to its HTTP request, and the shell keeps working', async () => {
    let from = await term.mark();
    await term.line('SELECT COUNT(*) AS n FROM Currencies;'); // signs in while Xero is still fast
    await term.waitFor(/\(1 row, \d+ API calls?\)/, from);

    sim.faults.update({ latencyMs: 3000 });
    from = await term.mark();
    await term.line('SELECT COUNT(DISTINCT InvoiceId) AS n FROM Invoices;');
    // Progress on a terminal: the first page is in, the second is on its way.
    await term.waitFor(/Invoices: page 1\/2, [\d,]+ rows/, from, 20_000);
    const deadline = Date.now() + 10_000;
    while (![...inflight].some((k) => k.includes('/api.xro/2.0/Invoices')) && Date.now() < deadline) await delay(50);
    assert.ok([...inflight].some((k) => k.includes('/api.xro/2.0/Invoices')), 'a page request is in flight');

    const pressed = Date.now();
    await term.keys('C-c');
    const out = await term.waitFor(/Cancelled\./, from, 10_000);
    const took = Date.now() - pressed;
    assert.ok(took < 2500, `cancelled in ${took} ms, before the slow answer (3 s) came`);
    assert.doesNotMatch(out, /\(1 row/, 'no result');
    await delay(300);
    assert.ok(aborted.some((k) => k.includes('/api.xro/2.0/Invoices')), `the cancel reached HTTP: dropped ${JSON.stringify(aborted)}`);
    assert.equal((await term.status()).exited, false, 'the shell is still running');

    sim.faults.update({ latencyMs: 0 });
    from = await term.mark();
    await term.line('SELECT COUNT(DISTINCT InvoiceId) AS n FROM Invoices;');
    const after = await term.waitFor(/\(1 row, \d+ API calls?\)/, from, 20_000);
    assert.deepEqual(tableRows(after), [['n'], [String(sim.orgs[0]?.accounting.collections.Invoices.length)]]);
  });

  it('Ctrl-D leaves with exit status 0', async () => {
    const from = await term.mark();
    await delay(500);
    assert.deepEqual(await term.status(), { exited: false }, `the shell is still running before Ctrl-D:\n${await term.since(Math.max(0, from - 20))}`);
    await term.keys('C-d');
    const code = await term.waitForExit();
    assert.equal(code, 0, `exit status ${code}; the screen:\n${await term.since(from)}`);
  });
});
