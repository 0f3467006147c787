/**
 * Issue 9, "Secrets": every token the identity service issued during this run is captured off the
 * wire (a recording proxy between the driver and the simulator keeps the bodies of /connect/token
 * answers), and the outputs of the run are scanned for them and for the apps' client secrets:
 * the `xero-sql` command's stdout and stderr (queries, EXPLAIN, a refresh, bad SQL, faults, a
 * revoked connection), its log file at Verbosity=5, and the library's error messages and notices.
 * Zero hits. The settings file and the per-user key file are created 0600.
 *
 * Covered elsewhere and relied on (not repeated here):
 * - every auth failure path's errors, notices, log file and util.inspect: test/integration/auth-secrets.test.ts;
 * - the store's errors and inspect output: test/unit/settings-store-secrets.test.ts;
 * - token-server files 0600 (settings + `.token-server` credentials): token-server-flows.test.ts
 *   ("restarts with the tokens and app credentials on disk");
 * - the token server's endpoints refuse requests without its auth token, and /status shows no token:
 *   token-server-security.test.ts ("listens on all interfaces only with an auth token ..."),
 *   token-server-flows.test.ts ("... shows the connection on /status without any secret");
 * - OAuth refusals: state mismatch and a replayed state (token-server-flows.test.ts "refuses a
 *   redirect whose state it did not issue, or issued and already used"; the desktop loopback:
 *   test/unit/auth-loopback-callback.test.ts), replayed code, wrong redirect URI and PKCE verifier
 *   mismatch at the token endpoint (test/unit/simulator-identity-token.test.ts), and the driver's
 *   PKCE exchange without the verifier (auth-flows.test.ts "PKCE app ..."). The driver-side
 *   versions of the last three are asserted below too.
 */
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { followAuthorizeUrl } from '../helpers/oauth-flow.js';
import { CliSandbox, type CliResult } from '../helpers/cli-run.js';

/** A pass-through proxy to the simulator that records every token the token endpoint hands out. */
async function recordingProxy(target: string, issued: Set<string>): Promise<{ url: string; server: Server }> {
  const to = new URL(target);
  const server = createServer((req, res) => {
    const upstream = request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: { ...req.headers, host: to.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => {
        chunks.push(c);
        res.write(c);
      });
      up.on('end', () => {
        res.end();
        if (req.url?.startsWith('/connect/token')) {
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
            for (const k of ['access_token', 'refresh_token', 'id_token']) if (typeof body[k] === 'string') issued.add(body[k] as string);
          } catch {
            /* an error answer: nothing issued */
          }
        }
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, server };
}

describe('secrets: nothing the simulator issued appears in any output', () => {
  let sim: Simulator;
  let proxy: { url: string; server: Server };
  let box: CliSandbox;
  const issued = new Set<string>();
  before(async () => {
    sim = await startSimulator({ seed: 99, timeScale: 60 });
    proxy = await recordingProxy(sim.url, issued);
    box = new CliSandbox('xero-sql-secrets-');
  });
  after(async () => {
    await new Promise((resolve) => proxy.server.close(resolve));
    await sim.close();
    box.cleanup();
  });

  it('CLI stdout/stderr, the log file, errors and notices: zero hits; settings and key files 0600', async () => {
    const web = sim.appRegistry.find((a) => a.kind === 'confidential')!;
    const cc = sim.appRegistry.find((a) => a.kind === 'custom-connection')!;
    const secrets = new Set<string>([web.clientSecret as string, cc.clientSecret as string]);
    const outputs: string[] = [];
    const settings = join(box.dir, 'oauth-settings.json');
    const logfile = join(box.dir, 'xero-sql.log');
    // No passphrase: the per-user key file is created in the sandbox's config folder.
    const creds = `AuthScheme=OAuth;OAuthClientId=${web.clientId};OAuthClientSecret=${web.clientSecret};BaseURL=${proxy.url};OAuthSettingsLocation=${settings};Tenant=Demo Company (AU)`;
    const env = box.env();

    const signIn = await connect(`${creds};InitiateOAuth=OFF`, { onNotice: (m) => outputs.push(m), env });
    const start = (await signIn.execute("EXEC GetOAuthAuthorizationURL @CallbackURL = 'http://localhost:5001/code'")).rows[0] as Record<string, string>;
    const code = (await followAuthorizeUrl({ url: proxy.url, demoUser: sim.demoUser }, start.URL as string)).searchParams.get('code') as string;
    secrets.add(code);
    await signIn.execute("EXEC GetOAuthAccessToken @Verifier = ?, @CallbackURL = 'http://localhost:5001/code'", [code]);
    await signIn.close();
    assert.equal(statSync(settings).mode & 0o777, 0o600, 'the settings file is 0600');
    const keyFile = join(box.home, '.config', 'xero-sql', 'settings.key');
    assert.ok(existsSync(keyFile), 'a per-user key file was created');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'the key file is 0600');
    secrets.add(readFileSync(keyFile, 'utf8').trim());

    const cli = async (sql: string, extra = ''): Promise<CliResult> => {
      const r = await box.run(['--connection', `${creds};InitiateOAuth=REFRESH;Logfile=${logfile};Verbosity=5${extra}`, 'query', sql], { timeoutMs: 90_000 });
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    const first = await cli('SELECT Name, ContactStatus FROM Contacts LIMIT 3');
    assert.equal(first.code, 0, first.stderr);
    assert.equal((await cli("EXPLAIN SELECT * FROM Invoices WHERE Status = 'PAID'")).code, 0);
    sim.clock.advance(31 * 60_000); // the next run refreshes
    assert.equal((await cli('SELECT COUNT(*) FROM Accounts')).code, 0);
    assert.notEqual((await cli('SELECT FROM WHERE')).code, 0);
    assert.notEqual((await cli('SELECT * FROM NoSuchTable')).code, 0);
    sim.faults.update({ errorRate: 0.2, resetRate: 0.1 });
    await cli('SELECT * FROM Currencies');
    sim.faults.reset();
    // Library errors: a wrong secret, a made-up refresh token, and a revoked connection.
    for (const text of [`${creds.replace(web.clientSecret as string, 'wrong-secret-value')};InitiateOAuth=REFRESH`, `${creds};InitiateOAuth=REFRESH`]) {
      const conn = await connect(text, { onNotice: (m) => outputs.push(m), env });
      await conn.execute('EXEC RefreshOAuthAccessToken @OAuthRefreshToken = ?', ['not-a-refresh-token']).catch((e: Error) => outputs.push(e.message, String(e.stack)));
      await conn.close();
    }
    sim.identity.disconnectAll(web.clientId);
    const revoked = await cli('SELECT * FROM Contacts');
    assert.notEqual(revoked.code, 0);
    sim.clock.advance(31 * 60_000);
    const refused = await cli('SELECT * FROM Contacts');
    assert.match(refused.stderr, /Sign in again/);

    outputs.push(readFileSync(logfile, 'utf8'));
    const text = outputs.join('\n');
    assert.ok(issued.size >= 4, `tokens were issued and captured (${issued.size})`);
    assert.ok(text.includes('GET'), 'the log file has the requests');
    const hits = [...issued, ...secrets].filter((s) => s.length >= 8 && text.includes(s)).map((s) => `${s.slice(0, 6)}… (${s.length} chars)`);
    assert.deepEqual(hits, [], 'no issued token, code, key or client secret in any output');
    console.log(`# secrets scan: ${issued.size} issued tokens + ${secrets.size} secrets/codes/keys, ${text.length} characters scanned, 0 found`);
  });

  it('OAuth refusals through the driver: replayed code, wrong redirect URI, PKCE verifier mismatch', async () => {
    const web = sim.appRegistry.find((a) => a.kind === 'confidential')!;
    const pkce = sim.appRegistry.find((a) => a.kind === 'pkce')!;
    const conn = await connect(`AuthScheme=OAuth;InitiateOAuth=OFF;OAuthClientId=${web.clientId};OAuthClientSecret=${web.clientSecret};BaseURL=${sim.url}`, { onNotice: () => {} });
    const codeFor = async (c: typeof conn) => {
      const start = (await c.execute("EXEC GetOAuthAuthorizationURL @CallbackURL = 'http://localhost:5001/code'")).rows[0] as Record<string, string>;
      return { code: (await followAuthorizeUrl(sim, start.URL as string)).searchParams.get('code') as string, verifier: start.PKCEVerifier };
    };
    const exchange = (c: typeof conn, code: string, callback = 'http://localhost:5001/code', verifier?: string | null) =>
      c.execute(`EXEC GetOAuthAccessToken @Verifier = ?, @CallbackURL = ?${verifier ? ', @PKCEVerifier = ?' : ''}`, [code, callback, ...(verifier ? [verifier] : [])]);

    const once = await codeFor(conn);
    await exchange(conn, once.code);
    await assert.rejects(exchange(conn, once.code), { code: 'XSQL_AUTH', message: /refused the authorization code \(invalid_grant\)/ }, 'a replayed code');
    const other = await codeFor(conn);
    await assert.rejects(exchange(conn, other.code, 'http://localhost:33333'), { code: 'XSQL_AUTH', message: /invalid_grant/ }, 'a redirect URI other than the one the code was issued for');
    await conn.close();

    const p = await connect(`AuthScheme=PKCE;InitiateOAuth=OFF;OAuthClientId=${pkce.clientId};BaseURL=${sim.url}`, { onNotice: () => {} });
    const a = await codeFor(p);
    const b = await codeFor(p);
    assert.ok(a.verifier && b.verifier && a.verifier !== b.verifier);
    await assert.rejects(exchange(p, a.code, undefined, b.verifier), { code: 'XSQL_AUTH', message: /invalid_grant/ }, 'another request\'s PKCE verifier');
    const c = await codeFor(p);
    const ok = await exchange(p, c.code, undefined, c.verifier);
    assert.ok((ok.rows[0] as Record<string, string>).OAuthAccessToken, 'the right verifier works (with a new code: a refused exchange spends the code)');
    await p.close();
  });
});
