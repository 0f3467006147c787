/**
 * Where the CLI's connection comes from, as subprocesses: --connection, XERO_SQL_CONNECTION, config
 * file profiles; --demo with Tenant= and Schema= on top; `login` through the desktop flow (the
 * "browser" is a script xdg-open runs via $BROWSER, signing in as the demo person); and secrets
 * (client secret, access and refresh tokens) never appearing in any output.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { signInAsDemoPerson, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { CliSandbox, JWT_PATTERN, ROOT, STACK_FRAME, startExternalSimulator, type CliResult, type ExternalSimulator } from '../helpers/cli-run.js';
import { freePort } from '../helpers/ports.js';

let box: CliSandbox;
/** The books of seed 1 (what --demo serves). */
let sim: Simulator;
let au: { tenantId: string; tenantName: string };
let kiwi: { tenantId: string; tenantName: string; invoiceCount: number; firstInvoice: string };

before(async () => {
  box = new CliSandbox();
  sim = await startSimulator({ seed: 1 });
  const [a, k] = sim.orgs;
  assert.ok(a && k);
  au = { tenantId: a.tenantId, tenantName: a.tenantName };
  const invoices = k.accounting.collections.Invoices as { InvoiceNumber: string }[];
  kiwi = { tenantId: k.tenantId, tenantName: k.tenantName, invoiceCount: invoices.length, firstInvoice: invoices.map((i) => i.InvoiceNumber).sort()[0] as string };
  assert.equal(kiwi.tenantName, 'Kiwi Exports Ltd');
});
after(async () => {
  await sim?.close();
  box?.cleanup();
});

function ok(r: CliResult, what: string): void {
  assert.equal(r.code, 0, `${what}: exit ${r.code}\nstderr: ${r.stderr}\nstdout: ${r.stdout}`);
}

/** The organisation and schema a `test-connection` line names. */
function reached(r: CliResult): { name: string; id: string; schema: string } {
  const m = /^connection available: (.+) \(([0-9a-f-]{36})\), schema (\w+)/m.exec(r.stdout);
  assert.ok(m, `test-connection output: ${r.stdout}${r.stderr}`);
  return { name: m[1] as string, id: m[2] as string, schema: m[3] as string };
}

describe('--demo with --connection properties', () => {
  it('connects to Demo Company (AU) by default', async () => {
    const r = await box.run(['--demo', 'test-connection']);
    ok(r, 'default');
    assert.deepEqual(reached(r), { name: au.tenantName, id: au.tenantId, schema: 'ACCOUNTING' });
  });

  it('Tenant=<id> reads the other organisation\'s books', async () => {
    const r = await box.run(['--demo', '--connection', `Tenant=${kiwi.tenantId}`, 'query', '--format', 'json', 'SELECT COUNT(DISTINCT InvoiceId) AS n, MIN(InvoiceNumber) AS first FROM Invoices']);
    ok(r, 'Tenant=id');
    assert.deepEqual(JSON.parse(r.stdout), [{ n: kiwi.invoiceCount, first: kiwi.firstInvoice }]);
  });

  it('Tenant=<name> and Schema= apply together', async () => {
    const r = await box.run(['--demo', '-c', 'Tenant=Kiwi Exports Ltd;Schema=FILES', 'test-connection']);
    ok(r, 'Tenant=name;Schema');
    assert.deepEqual(reached(r), { name: kiwi.tenantName, id: kiwi.tenantId, schema: 'FILES' });
  });

  it('Schema= changes the tables listed', async () => {
    const r = await box.run(['--demo', '-c', 'Schema=PAYROLLAUS', 'tables', '--format', 'json']);
    ok(r, 'Schema tables');
    const names = (JSON.parse(r.stdout) as { Name: string }[]).map((t) => t.Name);
    assert.deepEqual(names, loadCatalog().tables('PAYROLLAUS').map((t) => t.name));
    assert.ok(!names.includes('Invoices'), 'not the ACCOUNTING tables');
  });

  it('an unknown Tenant is an error that names what is connected', async () => {
    const r = await box.run(['--demo', '-c', 'Tenant=No Such Org', 'test-connection']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^connection unavailable: .*No Such Org/m);
    assert.match(r.stdout, /Demo Company \(AU\)|Kiwi Exports Ltd/, 'the message lists the organisations that are connected');
  });
});

describe('profiles and XERO_SQL_CONNECTION', () => {
  let external: ExternalSimulator;
  before(async () => {
    external = await startExternalSimulator(['--seed', '1']);
    writeFileSync(
      box.configFile,
      JSON.stringify({
        defaultProfile: 'kiwi',
        profiles: {
          kiwi: 'Tenant=Kiwi Exports Ltd',
          files: 'Schema=FILES',
          external: external.customConnection,
          closed: `${external.customConnection.replace(/BaseURL=[^;]+/, `BaseURL=http://127.0.0.1:${await freePort()}`)}`,
        },
      }),
    );
  });
  after(async () => {
    await external?.stop();
  });

  it('the default profile applies, and --profile picks another', async () => {
    const [byDefault, named] = await Promise.all([box.run(['--demo', 'test-connection']), box.run(['--demo', '--profile', 'files', 'test-connection'])]);
    ok(byDefault, 'default profile');
    assert.deepEqual(reached(byDefault), { name: kiwi.tenantName, id: kiwi.tenantId, schema: 'ACCOUNTING' });
    ok(named, '--profile files');
    assert.deepEqual(reached(named), { name: au.tenantName, id: au.tenantId, schema: 'FILES' });
  });

  it('XERO_SQL_CONNECTION wins over the default profile; --connection wins over both', async () => {
    const env = { XERO_SQL_CONNECTION: 'Schema=ASSETS' };
    const [fromEnv, fromFlag] = await Promise.all([
      box.run(['--demo', 'test-connection'], { env }),
      box.run(['--demo', '-c', 'Schema=PROJECTS', 'test-connection'], { env }),
    ]);
    ok(fromEnv, 'env');
    assert.deepEqual(reached(fromEnv), { name: au.tenantName, id: au.tenantId, schema: 'ASSETS' });
    ok(fromFlag, 'flag');
    assert.equal(reached(fromFlag).schema, 'PROJECTS');
  });

  it('a profile or XERO_SQL_CONNECTION can hold a real connection string (a simulator in another process)', async () => {
    const [profile, closed, env] = await Promise.all([
      box.run(['--profile', 'external', 'test-connection']),
      box.run(['--profile', 'closed', 'test-connection']),
      box.run(['query', '--format', 'csv', "SELECT Code FROM Accounts WHERE Type = 'BANK' ORDER BY Code"], { env: { XERO_SQL_CONNECTION: external.customConnection } }),
    ]);
    ok(profile, '--profile external');
    assert.equal(reached(profile).name, 'Demo Company (AU)');
    assert.equal(closed.code, 1);
    assert.match(closed.stdout, /^connection unavailable: .*connection was refused/m);
    ok(env, 'XERO_SQL_CONNECTION');
    const codes = (sim.orgs[0]?.accounting.collections.Accounts as { Type: string; Code: string }[]).filter((a) => a.Type === 'BANK').map((a) => a.Code).sort();
    assert.equal(env.stdout, `Code\r\n${codes.map((c) => `${c}\r\n`).join('')}`);
    const secret = /OAuthClientSecret=([^;]+)/.exec(external.customConnection)?.[1] as string;
    for (const r of [profile, closed, env]) assert.ok(!`${r.stdout}${r.stderr}`.includes(secret), 'the client secret is not printed');
  });
});

describe('login (the desktop flow, with a scripted browser)', () => {
  let browserLog: string;
  let callback: string;
  let conn: string;
  let secret: string;

  before(async () => {
    const app = sim.appRegistry.find((a) => a.kind === 'confidential');
    assert.ok(app?.clientSecret);
    secret = app.clientSecret;
    callback = `http://localhost:${await freePort()}/callback`;
    app.redirectUris.push(callback);
    // xdg-open (used by the `open` package) runs $BROWSER when there is no desktop: this "browser"
    // signs in as the demo person and follows the redirect to the CLI's loopback listener.
    browserLog = join(box.dir, 'browser.log');
    const script = join(box.dir, 'browser.mjs');
    writeFileSync(
      script,
      `import { appendFileSync } from 'node:fs';
const { signInAsDemoPerson } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'simulator', 'index.js')).href)});
const log = (line) => appendFileSync(${JSON.stringify(browserLog)}, line + '\\n');
try {
  log('open ' + process.argv[2]);
  const landed = await signInAsDemoPerson(process.argv[2], ${JSON.stringify(sim.demoUser)});
  const res = await fetch(landed);
  log('callback ' + res.status);
} catch (err) {
  log('error ' + err);
}
`,
    );
    const launcher = join(box.dir, 'browser.sh');
    writeFileSync(launcher, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(script)} "$1"\n`);
    chmodSync(launcher, 0o755);
    conn = `AuthScheme=OAuth;OAuthClientId=${app.clientId};OAuthClientSecret=${secret};BaseURL=${sim.url};CallbackURL=${callback};OAuthSettingsLocation=${join(box.dir, 'login-settings.json')}`;
  });

  it('opens the browser, receives the redirect, saves the tokens and lists the organisations', async () => {
    const env = { BROWSER: join(box.dir, 'browser.sh'), DISPLAY: undefined, WAYLAND_DISPLAY: undefined, XDG_CURRENT_DESKTOP: undefined, DESKTOP_SESSION: undefined, KDE_FULL_SESSION: undefined, GNOME_DESKTOP_SESSION_ID: undefined };
    const r = await box.run(['-c', conn, 'login'], { env, timeoutMs: 90_000 });
    ok(r, 'login');
    assert.equal(r.stdout, `Signed in. Organisations: ${sim.orgs.map((o) => `${o.tenantName} (${o.tenantId})`).join(', ')}\n`);
    const log = readFileSync(browserLog, 'utf8');
    assert.match(log, /^open http:\/\/127\.0\.0\.1:\d+\/identity\/connect\/authorize\?/m, 'the browser was opened on the authorize page');
    assert.match(log, /^callback 200$/m, "the redirect reached the CLI's listener");
    assert.ok(existsSync(join(box.dir, 'login-settings.json')), 'the tokens were saved');
    assert.ok(!`${r.stdout}${r.stderr}`.includes(secret));
    assert.doesNotMatch(`${r.stdout}${r.stderr}`, JWT_PATTERN, 'no token printed');

    // The saved sign-in is enough from now on: no browser.
    const again = await box.run(['-c', `${conn};InitiateOAuth=REFRESH;Tenant=Kiwi Exports Ltd`, 'test-connection']);
    ok(again, 'after login');
    assert.equal(reached(again).id, kiwi.tenantId);
    assert.equal(readFileSync(browserLog, 'utf8').match(/^open /gm)?.length, 1, 'the browser was not opened again');
  });

  it('refuses bad usage', async () => {
    const nothing = { XERO_SQL_CONFIG: join(box.dir, 'no-config.json') };
    const [extra, flag, none] = await Promise.all([box.run(['login', 'now']), box.run(['login', '--bogus']), box.run(['login'], { env: nothing })]);
    assert.equal(extra.code, 2);
    assert.match(extra.stderr, /too many arguments for 'login'/);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /unknown option '--bogus'/);
    assert.equal(none.code, 1, 'no client id is configured');
    assert.match(none.stderr, /OAuthClientId is required/);
    assert.match(none.stderr, /No connection is configured: try --demo/);
    assert.doesNotMatch(none.stderr, STACK_FRAME);
  });
});

describe('secrets never appear in output', () => {
  const callbackUrl = 'http://localhost:5001/code';
  let base: string;
  let secret: string;

  before(() => {
    const app = sim.appRegistry.find((a) => a.kind === 'confidential');
    assert.ok(app?.clientSecret);
    secret = app.clientSecret;
    base = `AuthScheme=OAuth;OAuthClientId=${app.clientId};OAuthClientSecret=${secret};BaseURL=${sim.url}`;
  });

  /** The headless sign-in's first half: the URL from the CLI, then the person signs in. */
  async function codeFor(conn: string): Promise<string> {
    const r = await box.run(['-c', conn, 'exec', 'GetOAuthAuthorizationURL', '--CallbackURL', callbackUrl, '--format', 'json']);
    ok(r, 'GetOAuthAuthorizationURL');
    assert.ok(!r.stdout.includes(secret), 'the URL carries no client secret');
    const landed = await signInAsDemoPerson(String((JSON.parse(r.stdout) as { URL: string }[])[0]?.URL), sim.demoUser);
    const code = landed.searchParams.get('code');
    assert.ok(code, `no code on ${landed.origin}${landed.pathname}`);
    return code;
  }

  it('headless sign-in with a settings file: the tokens are saved and shown as "(saved to ...)"', async () => {
    const settings = join(box.dir, 'headless.json');
    const conn = `${base};InitiateOAuth=OFF;OAuthSettingsLocation=${settings}`;
    const code = await codeFor(conn);
    const r = await box.run(['-c', conn, 'exec', 'GetOAuthAccessToken', '--AuthMode', 'WEB', '--Verifier', code, '--CallbackURL', callbackUrl, '--format', 'json']);
    ok(r, 'GetOAuthAccessToken');
    const [row] = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.equal(row?.OAuthAccessToken, `(saved to ${settings})`);
    assert.equal(row?.OAuthRefreshToken, `(saved to ${settings})`);
    assert.match(String(row?.ExpiresIn), /^\d+$/);
    assert.doesNotMatch(`${r.stdout}${r.stderr}`, JWT_PATTERN);
    assert.ok(!`${r.stdout}${r.stderr}`.includes(secret));

    const used = await box.run(['-c', `${base};InitiateOAuth=REFRESH;OAuthSettingsLocation=${settings};Tenant=${au.tenantName}`, '--verbose', 'test-connection']);
    ok(used, 'saved tokens');
    assert.equal(reached(used).id, au.tenantId);
    assert.doesNotMatch(`${used.stdout}${used.stderr}`, JWT_PATTERN);
  });

  it('tokens given in the connection string are never echoed, not by queries, errors or --verbose', async () => {
    // Without a settings location exec prints the tokens (there is nowhere else they go): the test
    // learns them that way, then checks no later command shows them.
    const code = await codeFor(`${base};InitiateOAuth=OFF`);
    const issued = await box.run(['-c', `${base};InitiateOAuth=OFF`, 'exec', 'GetOAuthAccessToken', '--AuthMode', 'WEB', '--Verifier', code, '--CallbackURL', callbackUrl, '--format', 'json']);
    ok(issued, 'GetOAuthAccessToken without a settings file');
    const [row] = JSON.parse(issued.stdout) as { OAuthAccessToken: string; OAuthRefreshToken: string }[];
    assert.ok(row);
    assert.match(row.OAuthAccessToken, JWT_PATTERN, 'printed when not saved (documented)');
    assert.ok(row.OAuthRefreshToken.length >= 20);
    const access = row.OAuthAccessToken;
    const refresh = row.OAuthRefreshToken;
    const closed = await freePort();

    const runs = await Promise.all([
      box.run(['-c', `${base};InitiateOAuth=OFF;OAuthAccessToken=${access};Tenant=${au.tenantName}`, 'query', "SELECT Code FROM Accounts WHERE Type = 'BANK'"]),
      box.run(['--verbose', '-c', `${base};InitiateOAuth=REFRESH;OAuthRefreshToken=${refresh};OAuthSettingsLocation=${join(box.dir, 'from-refresh.json')};Tenant=${au.tenantName}`, 'test-connection']),
      box.run(['--verbose', '-c', `${base};InitiateOAuth=OFF;OAuthAccessToken=${access};Tenant=${au.tenantName}`, 'query', 'SELECT NoSuchColumn FROM Accounts']),
      box.run(['--verbose', '-c', `AuthScheme=OAuth;OAuthClientSecret=${secret};InitiateOAuth=OFF;OAuthAccessToken=${access};Tenant=x;BaseURL=http://127.0.0.1:${closed}`, 'query', 'SELECT * FROM Accounts']),
      box.run(['--verbose', '-c', `OAuthClientSecret=${secret};OAuthAccessToken=${access};OAuthRefreshToken=${refresh};Bogus=1`, 'tenants']),
      box.run(['--verbose', '-c', `${base};InitiateOAuth=OFF;OAuthAccessToken=${access};Tenant=${au.tenantName}`, 'exec', 'RefreshOAuthAccessToken', '--OAuthRefreshToken', 'not-a-real-token']),
    ]);
    const [query, refreshed, badColumn, unreachable, badProperty, badRefresh] = runs as [CliResult, CliResult, CliResult, CliResult, CliResult, CliResult];
    ok(query, 'query with an access token');
    assert.match(query.stdout, /│ 090 /);
    ok(refreshed, 'test-connection with a refresh token');
    assert.equal(reached(refreshed).id, au.tenantId);
    assert.equal(badColumn.code, 1, badColumn.stderr);
    assert.match(badColumn.stderr, /NoSuchColumn/);
    assert.equal(unreachable.code, 1, unreachable.stderr);
    assert.match(unreachable.stderr, /connection was refused/);
    assert.equal(badProperty.code, 2, badProperty.stderr);
    assert.match(badProperty.stderr, /Unknown connection property "Bogus"/);
    assert.equal(badRefresh.code, 1, badRefresh.stderr);
    assert.match(badRefresh.stderr, /refused the refresh token/);
    for (const [i, r] of runs.entries()) {
      const all = `${r.stdout}${r.stderr}`;
      assert.ok(!all.includes(access), `run ${i}: the access token is not printed:\n${all}`);
      assert.ok(!all.includes(refresh), `run ${i}: the refresh token is not printed`);
      assert.ok(!all.includes(secret), `run ${i}: the client secret is not printed`);
      assert.doesNotMatch(all, JWT_PATTERN, `run ${i}: no token at all`);
    }
  });
});
