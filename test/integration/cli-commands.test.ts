/**
 * The `xero-sql` commands as a user runs them: subprocesses of bin/xero-sql.js with `--demo` (the
 * built-in simulator, seed 1). Expected values come from the simulator's own books for seed 1
 * (an in-process simulator started with the same seed) and from the table catalog, so the
 * assertions check real rows, not just that something was printed.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { startSimulator } from '../../src/simulator/index.js';
import { CliSandbox, type CliResult } from '../helpers/cli-run.js';

interface Expected {
  readonly tenants: { tenantId: string; tenantName: string }[];
  /** Distinct invoices (and bills) of Demo Company (AU). */
  readonly invoiceCount: number;
  /** The first three invoices by number, as the formats query selects them. */
  readonly firstInvoices: { InvoiceNumber: string; ContactName: string; Total: number; Reference: null; Label: string }[];
  readonly bankAccounts: { Code: string; Name: string }[];
  readonly confidentialClientId: string;
  readonly confidentialSecret: string;
}

const FORMATS_SQL =
  `SELECT DISTINCT InvoiceNumber, ContactName, Total, Reference, Status || ', "' || Type || '"' AS Label ` + 'FROM Invoices ORDER BY InvoiceNumber LIMIT 3';

let box: CliSandbox;
let expected: Expected;

before(async () => {
  box = new CliSandbox();
  // The same seed --demo uses: the books it serves, to compare the CLI's output with.
  const sim = await startSimulator({ seed: 1 });
  try {
    const au = sim.orgs[0];
    assert.ok(au);
    assert.equal(au.tenantName, 'Demo Company (AU)');
    const invoices = au.accounting.collections.Invoices as Record<string, any>[];
    const first = [...invoices].sort((a, b) => (a.InvoiceNumber < b.InvoiceNumber ? -1 : 1)).slice(0, 3);
    const app = sim.appRegistry.find((a) => a.kind === 'confidential');
    assert.ok(app?.clientSecret);
    expected = {
      tenants: sim.orgs.map((o) => ({ tenantId: o.tenantId, tenantName: o.tenantName })),
      invoiceCount: invoices.length,
      firstInvoices: first.map((i) => ({
        InvoiceNumber: i.InvoiceNumber,
        ContactName: i.Contact.Name,
        Total: i.Total,
        Reference: i.Reference ?? null,
        Label: `${i.Status}, "${i.Type}"`,
      })),
      bankAccounts: (au.accounting.collections.Accounts as Record<string, any>[])
        .filter((a) => a.Type === 'BANK')
        .map((a) => ({ Code: a.Code, Name: a.Name }))
        .sort((a, b) => (a.Code < b.Code ? -1 : 1)),
      confidentialClientId: app.clientId,
      confidentialSecret: app.clientSecret,
    };
  } finally {
    await sim.close();
  }
  assert.ok(expected.invoiceCount > 100, 'the demo books have invoices');
  assert.ok(expected.firstInvoices.every((i) => i.Reference === null), 'the query picks invoices without a reference, to show NULL');
});
after(() => box?.cleanup());

/** Asserts a successful run: exit 0, and standard error free of progress and escape codes. */
function ok(r: CliResult, what: string): void {
  assert.equal(r.code, 0, `${what}: exit ${r.code}\nstderr: ${r.stderr}\nstdout: ${r.stdout}`);
  assert.doesNotMatch(r.stderr, /\r|\u001b\[/, `${what}: no progress line or colour when standard error is not a terminal`);
  assert.doesNotMatch(r.stdout, /\u001b\[/, `${what}: no colour when standard output is not a terminal`);
  assert.ok(!`${r.stdout}${r.stderr}`.includes(expected.confidentialSecret), `${what}: the demo app's client secret is never printed`);
}

/** The cells of the data lines of a box table, trimmed (header first). */
function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('│'))
    .map((l) => l.split('│').slice(1, -1).map((c) => c.trim()));
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const re = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n|\n|$)/g;
  let row: string[] = [];
  for (let m = re.exec(text); m && m[0] !== ''; m = re.exec(text)) {
    const raw = m[1] as string;
    row.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
    if (m[2] !== ',') {
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

describe('xero-sql query --demo, in every format', () => {
  it('table: aligned, numbers right, NULL shown, the rows the simulator holds', async () => {
    const r = await box.run(['--demo', 'query', FORMATS_SQL]);
    ok(r, 'table');
    const rows = tableRows(r.stdout);
    assert.deepEqual(rows[0], ['InvoiceNumber', 'ContactName', 'Total', 'Reference', 'Label']);
    assert.deepEqual(
      rows.slice(1),
      expected.firstInvoices.map((i) => [i.InvoiceNumber, i.ContactName, String(i.Total), 'NULL', i.Label]),
    );
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(new Set(lines.map((l) => [...l].length)).size, 1, 'every line equally wide');
    const totalCell = (lines[3] as string).split('│')[3] as string;
    assert.match(totalCell, /^ +\d+(\.\d+)? $/, 'Total right-aligned');
  });

  it('csv: a header, RFC 4180 quoting, NULL as an empty field', async () => {
    const r = await box.run(['--demo', 'query', '--format', 'csv', FORMATS_SQL]);
    ok(r, 'csv');
    assert.match(r.stdout, /^InvoiceNumber,ContactName,Total,Reference,Label\r\n/);
    assert.deepEqual(parseCsv(r.stdout.trimEnd()), [
      ['InvoiceNumber', 'ContactName', 'Total', 'Reference', 'Label'],
      ...expected.firstInvoices.map((i) => [i.InvoiceNumber, i.ContactName, String(i.Total), '', i.Label]),
    ]);
    assert.ok(r.stdout.includes(`"${expected.firstInvoices[0]?.Label.replace(/"/g, '""')}"`), 'the label with a comma and quotes is quoted');
  });

  it('json: an array of the rows, null for NULL', async () => {
    const r = await box.run(['--demo', 'query', '--format', 'json', FORMATS_SQL]);
    ok(r, 'json');
    assert.deepEqual(JSON.parse(r.stdout), expected.firstInvoices);
  });

  it('ndjson: one object per line', async () => {
    const r = await box.run(['--demo', 'query', '--format=ndjson', FORMATS_SQL]);
    ok(r, 'ndjson');
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.deepEqual(lines.map((l) => JSON.parse(l)), expected.firstInvoices);
  });

  it('markdown: a pipe table, numbers right-aligned in the rule, NULL shown', async () => {
    const r = await box.run(['--demo', 'query', '--format', 'markdown', FORMATS_SQL]);
    ok(r, 'markdown');
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      '| InvoiceNumber | ContactName | Total | Reference | Label |',
      '| --- | --- | ---: | --- | --- |',
      ...expected.firstInvoices.map((i) => `| ${i.InvoiceNumber} | ${i.ContactName} | ${i.Total} | NULL | ${i.Label} |`),
    ]);
  });
});

describe('xero-sql query: where the SQL comes from and where the result goes', () => {
  it('reads several statements from standard input and runs each', async () => {
    const r = await box.run(['--demo', 'query', '--format', 'ndjson'], {
      stdin: "SELECT COUNT(DISTINCT InvoiceId) AS n FROM Invoices;\n-- the bank accounts\nSELECT Code, Name FROM Accounts WHERE Type = 'BANK' ORDER BY Code;\n",
    });
    ok(r, 'stdin');
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines, [{ n: expected.invoiceCount }, ...expected.bankAccounts]);
  });

  it('runs every statement of -f file.sql and writes them to --output FILE, leaving standard output empty', async () => {
    const script = join(box.dir, 'report.sql');
    const out = join(box.dir, 'report.csv');
    writeFileSync(
      script,
      [
        '/* a report; in two parts */',
        "SELECT Code, Name FROM Accounts WHERE Type = 'BANK' ORDER BY Code;",
        '',
        "SELECT COUNT(DISTINCT InvoiceId) AS n, ';' AS semicolon FROM Invoices; -- trailing comment",
        '',
      ].join('\n'),
    );
    const r = await box.run(['--demo', 'query', '-f', script, '--format', 'csv', '--output', out]);
    ok(r, '-f --output');
    assert.equal(r.stdout, '', 'the result went to the file');
    assert.deepEqual(parseCsv(readFileSync(out, 'utf8').trimEnd()), [
      ['Code', 'Name'],
      ...expected.bankAccounts.map((a) => [a.Code, a.Name]),
      ['n', 'semicolon'],
      [String(expected.invoiceCount), ';'],
    ]);
  });

  it('writes a table to --output with a blank line between statements', async () => {
    const out = join(box.dir, 'tables.txt');
    const r = await box.run(['--demo', 'query', '-o', out, "SELECT Code FROM Accounts WHERE Type = 'BANK' ORDER BY Code; SELECT COUNT(DISTINCT InvoiceId) AS n FROM Invoices"]);
    ok(r, '--output table');
    assert.equal(r.stdout, '');
    const text = readFileSync(out, 'utf8');
    const blocks = text.trimEnd().split('\n\n');
    assert.equal(blocks.length, 2, text);
    assert.deepEqual(tableRows(blocks[0] as string), [['Code'], ...expected.bankAccounts.map((a) => [a.Code])]);
    assert.deepEqual(tableRows(blocks[1] as string), [['n'], [String(expected.invoiceCount)]]);
  });
});

describe('xero-sql exec, tenants, tables, describe, test-connection (--demo)', () => {
  it('exec GetOAuthAuthorizationURL builds the authorize URL for the demo app from --Name value parameters', async () => {
    const r = await box.run(['--demo', 'exec', 'GetOAuthAuthorizationURL', '--CallbackURL', 'http://localhost:5001/code', '--State=cli-test-state', '--format', 'json']);
    ok(r, 'exec');
    const [row] = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.ok(row);
    const url = new URL(String(row.URL));
    assert.equal(url.pathname, '/identity/connect/authorize');
    assert.equal(url.searchParams.get('client_id'), expected.confidentialClientId);
    assert.equal(url.searchParams.get('redirect_uri'), 'http://localhost:5001/code');
    assert.equal(url.searchParams.get('state'), 'cli-test-state');
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(row.AuthToken, 'cli-test-state');
  });

  it('tenants lists both demo organisations with their ids', async () => {
    const r = await box.run(['--demo', 'tenants', '--format', 'json']);
    ok(r, 'tenants');
    const rows = JSON.parse(r.stdout) as { TenantId: string; Name: string; Type: string }[];
    assert.deepEqual(
      rows.map((t) => ({ tenantId: t.TenantId, tenantName: t.Name })),
      [...expected.tenants].sort((a, b) => (a.tenantName < b.tenantName ? -1 : 1)),
    );
    assert.ok(rows.every((t) => t.Type === 'ORGANISATION'));
  });

  it('tables lists the schema, and a pattern narrows it', async () => {
    const all = loadCatalog().tables('ACCOUNTING').map((t) => t.name);
    const r = await box.run(['--demo', 'tables', '--format', 'csv']);
    ok(r, 'tables');
    const names = parseCsv(r.stdout.trimEnd()).slice(1).map((row) => row[0]);
    assert.deepEqual(names, all);
    const narrowed = await box.run(['--demo', 'tables', 'Invoice*']);
    ok(narrowed, 'tables Invoice*');
    const shown = tableRows(narrowed.stdout).slice(1).map((row) => row[0]);
    assert.deepEqual(shown, all.filter((n) => /^invoice/i.test(n)));
    assert.ok(shown.includes('Invoices'));
  });

  it('describe Invoices shows its columns, types, key and pushdown', async () => {
    const def = loadCatalog().find('ACCOUNTING', 'Invoices');
    assert.ok(def);
    const r = await box.run(['--demo', 'describe', 'invoices', '--format', 'json']);
    ok(r, 'describe');
    const rows = JSON.parse(r.stdout) as { Column: string; Type: string; Key: string; Pushdown: string }[];
    assert.deepEqual(rows.map((c) => [c.Column, c.Type]), def.columns.map((c) => [c.name, c.type]));
    assert.equal(rows.find((c) => c.Column === 'Id')?.Key, 'yes');
    assert.match(rows.find((c) => c.Column === 'InvoiceNumber')?.Pushdown ?? '', /where: =/);
    assert.equal(rows.find((c) => c.Column === 'Id')?.Pushdown, '(local)');
  });

  it('test-connection says "connection available" with the organisation, id and schema, and exits 0', async () => {
    const r = await box.run(['--demo', 'test-connection']);
    ok(r, 'test-connection');
    const au = expected.tenants[0];
    assert.ok(au);
    assert.match(r.stdout, new RegExp(`^connection available: Demo Company \\(AU\\) \\(${au.tenantId}\\), schema ACCOUNTING, scopes: .*accounting\\.transactions`));
  });
});
