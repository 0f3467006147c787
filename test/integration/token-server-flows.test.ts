/**
 * The token server against the simulator, over HTTP: sign-in, `/token` (accepted by the API,
 * refreshed once per expiry however many callers), forced refresh, revoke, logout, restart with
 * the tokens on disk, the keep-alive of `--refreshmins`, `state` checking, and the scope check
 * that stops the server.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSettingsStore } from '../../src/auth/settings-store.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { TokenServer } from '../../src/token-server/index.js';
import { appConnection, getJson, refreshCount, signInOverHttp, signInUrl, simApp, startOnSimulator, waitFor } from '../helpers/token-server-fixture.js';

describe('token server: sign-in and tokens', () => {
  let sim: Simulator;
  let dir: string;
  const servers: TokenServer[] = [];
  const start = async (options: Parameters<typeof startOnSimulator>[1], logs: string[] = []) => {
    const server = await startOnSimulator(sim, options, logs);
    servers.push(server);
    return server;
  };

  before(async () => {
    sim = await startSimulator({ seed: 71 });
    dir = mkdtempSync(join(tmpdir(), 'xero-sql-token-server-'));
  });
  after(async () => {
    for (const s of servers) await s.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in, serves a token the API accepts, and shows the connection on /status without any secret', async () => {
    const app = simApp(sim, 'confidential');
    const logs: string[] = [];
    const server = await start({ connection: appConnection(sim, app, 'OAuthSettingsLocation=memory://ts-basic') }, logs);
    assert.equal(server.redirect, `http://localhost:${server.port}/code`);

    const before = await getJson(server, '/status');
    assert.equal(before.body.status, 'signed-out');
    assert.equal((await fetch(`${server.url}/livez`)).status, 503);
    const early = await getJson(server, '/token');
    assert.equal(early.status, 503);
    assert.equal(early.body.code, 'XSQL_AUTH_REQUIRED');
    assert.equal(server.pagesUrl, `http://localhost:${server.port}`);
    assert.ok(String(early.body.error).includes(`open ${server.pagesUrl}/ in a browser`));

    const url = new URL(await signInUrl(server));
    assert.equal(url.origin, sim.url);
    assert.equal(url.searchParams.get('redirect_uri'), server.redirect);
    assert.equal(url.searchParams.get('scope'), 'offline_access accounting.transactions accounting.reports.read');
    assert.equal(url.searchParams.get('code_challenge'), null, 'a web app with a secret signs in without PKCE');

    const landed = await signInOverHttp(server, sim);
    assert.equal(landed.status, 303);
    assert.equal(landed.headers.get('location'), '/status');
    assert.equal((await fetch(`${server.url}/livez`)).status, 200);

    const token = await getJson(server, '/token');
    assert.equal(token.status, 200);
    const accessToken = token.body.accessToken as string;
    assert.match(accessToken, /^ey/);
    assert.equal(token.body.tokenType, 'Bearer');
    const expiresAt = Date.parse(token.body.expiresAt as string);
    assert.ok(Math.abs(expiresAt - (sim.clock.now() + 30 * 60_000)) < 60_000, 'expires in about 30 minutes (simulator time)');
    assert.equal(token.body.tenantId, undefined, 'two organisations and no default: no tenant named');

    const demo = sim.tenants.find((t) => t.tenantName === 'Demo Company (AU)')!;
    // The original's default scopes: accounting.transactions reads invoices.
    const api = await fetch(`${sim.url}/api.xro/2.0/Invoices?page=1`, { headers: { authorization: `Bearer ${accessToken}`, 'xero-tenant-id': demo.tenantId, accept: 'application/json' } });
    assert.equal(api.status, 200);
    assert.ok(((await api.json()) as { Invoices: unknown[] }).Invoices.length > 0);

    const picked = await getJson(server, '/token?tenant=kiwi%20exports%20ltd');
    assert.equal(picked.body.tenantName, 'Kiwi Exports Ltd');
    assert.equal(picked.body.accessToken, accessToken, 'one grant, one token for every organisation');
    const unknown = await getJson(server, '/token?tenant=Nobody%20Ltd');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'XSQL_TENANT');
    assert.match(String(unknown.body.error), /Demo Company \(AU\)/);

    const tenants = await getJson(server, '/tenants');
    assert.equal(tenants.status, 200);
    assert.deepEqual(tenants.body.map((t) => (t as { tenantName: string }).tenantName).sort(), ['Demo Company (AU)', 'Kiwi Exports Ltd']);

    // Nothing secret anywhere but /token: not in /status (JSON or HTML), the pages, or the log.
    const saved = await openSettingsStore({ kind: 'memory', id: 'ts-basic' }, {}).read();
    const secrets = [accessToken, saved?.refreshToken as string, app.clientSecret as string];
    assert.equal(secrets.filter((s) => typeof s === 'string' && s.length > 10).length, 3);
    const status = await getJson(server, '/status');
    assert.equal(status.body.status, 'connected');
    assert.deepEqual(status.body.grantedScopes, ['offline_access', 'accounting.transactions', 'accounting.reports.read']);
    assert.equal(status.body.access_token_expiry_utc, token.body.expiresAt);
    assert.ok(Date.parse(status.body.refresh_token_expiry_utc as string) > Date.parse(status.body.access_token_expiry_utc as string));
    const texts = [
      JSON.stringify(status.body),
      await (await fetch(`${server.pagesUrl}/status`, { headers: { accept: 'text/html' } })).text(),
      await (await fetch(`${server.pagesUrl}/home`, { headers: { accept: 'text/html' } })).text(),
      logs.join('\n'),
    ];
    assert.match(texts[1] as string, /id="connection"[^>]*>Connected to 2 organisations</, 'the status page');
    assert.match(texts[2] as string, /id="signin"/, 'the home page');
    for (const text of texts) for (const secret of secrets) assert.ok(!text.includes(secret), 'a secret leaked');
    assert.ok(logs.some((l) => /^GET \/code 303 /.test(l)), 'requests are logged, by path only');
    assert.ok(!logs.some((l) => l.includes('code=')), 'no query string (with its code) is logged');
  });

  it('refreshes once for a storm of concurrent /token calls after expiry, and forces a refresh on /refresh', async () => {
    const server = await start({ connection: appConnection(sim, simApp(sim, 'confidential'), 'OAuthSettingsLocation=memory://ts-storm;Tenant=Demo Company (AU)') });
    assert.equal((await signInOverHttp(server, sim)).status, 303);
    const first = (await getJson(server, '/token')).body;
    assert.equal(first.tenantName, 'Demo Company (AU)', 'the connection\'s Tenant is the default');

    const refreshes = refreshCount(sim);
    const again = await Promise.all(Array.from({ length: 10 }, () => getJson(server, '/token')));
    assert.equal(refreshCount(sim), refreshes, 'a fresh token is served without refreshing');
    assert.ok(again.every((r) => r.body.accessToken === first.accessToken));

    sim.clock.advance(31 * 60_000);
    const storm = await Promise.all(Array.from({ length: 25 }, () => getJson(server, '/token')));
    assert.equal(refreshCount(sim), refreshes + 1, 'exactly one refresh for 25 concurrent calls');
    assert.equal(sim.requests.count({ path: '/connect/token', detail: 'refresh_token:invalid_grant' }), 0);
    const tokens = new Set(storm.map((r) => r.body.accessToken));
    assert.equal(tokens.size, 1);
    assert.ok(!tokens.has(first.accessToken), 'the expired token is not served');

    // Near expiry (under two minutes left) counts as due.
    sim.clock.advance(29 * 60_000);
    await Promise.all(Array.from({ length: 5 }, () => getJson(server, '/token')));
    assert.equal(refreshCount(sim), refreshes + 2);

    const beforeForce = (await getJson(server, '/token')).body.accessToken;
    const forced = await fetch(`${server.url}/refresh`, { redirect: 'manual' });
    assert.equal(forced.status, 302, 'the original answers /refresh with a redirect to /token');
    assert.equal(forced.headers.get('location'), '/token');
    assert.equal(refreshCount(sim), refreshes + 3);
    const afterForce = (await getJson(server, '/token')).body.accessToken;
    assert.notEqual(afterForce, beforeForce);

    await Promise.all(Array.from({ length: 6 }, () => fetch(`${server.url}/refresh`, { method: 'POST', redirect: 'manual' })));
    assert.equal(refreshCount(sim), refreshes + 4, 'concurrent forced refreshes share one');
  });

  it('says to sign in again when Xero refuses the refresh token (the app was disconnected)', async () => {
    const app = simApp(sim, 'confidential');
    const server = await start({ connection: appConnection(sim, app, 'OAuthSettingsLocation=memory://ts-disconnected') });
    assert.equal((await signInOverHttp(server, sim)).status, 303);
    sim.identity.disconnectAll(app.clientId);
    sim.clock.advance(31 * 60_000);
    const refused = await getJson(server, '/token');
    assert.equal(refused.status, 502);
    assert.equal(refused.body.code, 'XSQL_AUTH');
    assert.match(String(refused.body.error), /invalid_grant/);
    assert.ok(String(refused.body.error).includes(`Sign in again at ${server.pagesUrl}/home.`));
    assert.equal((await getJson(server, '/status')).body.lastError, refused.body.error);
    assert.equal((await signInOverHttp(server, sim)).status, 303, 'signing in again recovers');
    assert.equal((await getJson(server, '/token')).status, 200);
    assert.equal((await getJson(server, '/status')).body.lastError, undefined);
  });

  it('keeps an idle refresh token alive once it is --refreshmins old', async () => {
    const server = await start({ connection: appConnection(sim, simApp(sim, 'confidential'), 'OAuthSettingsLocation=memory://ts-keepalive'), refreshMins: 100, keepAliveIntervalMs: 20 });
    assert.equal((await signInOverHttp(server, sim)).status, 303);
    const refreshes = refreshCount(sim);
    sim.clock.advance(98 * 60_000);
    await server.keepAlive();
    await new Promise((r) => setTimeout(r, 100)); // several timer ticks
    assert.equal(refreshCount(sim), refreshes, 'not yet: the refresh token is 98 minutes old');
    sim.clock.advance(3 * 60_000);
    await waitFor(() => refreshCount(sim) === refreshes + 1, 3000, 'the keep-alive refresh');
    const status = (await getJson(server, '/status')).body;
    assert.ok(Math.abs(Date.parse(status.refreshTokenIssuedAt as string) - sim.clock.now()) < 5000, 'a new refresh token was issued and saved');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(refreshCount(sim), refreshes + 1, 'the new refresh token is not refreshed again');
  });

  it('refuses a redirect whose state it did not issue, or issued and already used', async () => {
    const server = await start({ connection: appConnection(sim, simApp(sim, 'confidential'), 'OAuthSettingsLocation=memory://ts-state') });
    const exchanges = () => sim.requests.count({ path: '/connect/token', detail: 'authorization_code:ok' });
    const before = exchanges();

    const forged = await fetch(`${server.url}/code?code=abc123&state=not-ours`, { headers: { accept: 'text/html' } });
    assert.equal(forged.status, 403);
    assert.match(await forged.text(), /state does not match a sign-in this server started/);
    const none = await fetch(`${server.url}/code?code=abc123`);
    assert.equal(none.status, 403);

    // A real code from Xero, but for a sign-in started elsewhere (another state).
    const url = new URL(await signInUrl(server));
    url.searchParams.set('state', 'someone-elses-state');
    const { followAuthorizeUrl } = await import('../helpers/oauth-flow.js');
    const landed = await followAuthorizeUrl(sim, url);
    assert.ok(landed.searchParams.get('code'));
    const foreign = await fetch(`${server.url}${landed.pathname}${landed.search}`, { redirect: 'manual' });
    assert.equal(foreign.status, 403);
    assert.equal(exchanges(), before, 'no code was exchanged');
    assert.equal((await getJson(server, '/status')).body.status, 'signed-out');

    const ok = await signInOverHttp(server, sim);
    assert.equal(ok.status, 303);
    assert.equal(exchanges(), before + 1);
    // The same redirect again (a replay): the state was used up.
    const replay = await fetch(`${server.url}/code${new URL(ok.url).search}`, { redirect: 'manual' });
    assert.equal(replay.status, 403);
    assert.equal(exchanges(), before + 1);

    const denied = await followAuthorizeUrl(sim, await signInUrl(server), { decision: 'deny' });
    const deniedPage = await fetch(`${server.url}${denied.pathname}${denied.search}`, { headers: { accept: 'text/html' } });
    assert.equal(deniedPage.status, 400);
    assert.match(await deniedPage.text(), /access_denied: access was denied/);
  });

  it('revoke forgets the grant (and Xero ends it); logout also forgets the app typed into the form', async () => {
    const pkce = simApp(sim, 'pkce');
    const settings = join(dir, 'revoke.json');
    const server = await start({ connection: `BaseURL=${sim.url};OAuthSettingsLocation=${settings};OAuthSettingsPassphrase=pp` });
    assert.equal((await getJson(server, '/status')).body.status, 'no-credentials');
    const home = await fetch(`${server.url}/home`, { redirect: 'manual' });
    assert.equal(home.status, 303);
    assert.equal(home.headers.get('location'), '/');

    // The first page's form, as a browser posts it (CSRF cookie and field).
    const form = await fetch(`${server.url}/`);
    const cookie = (form.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] as string;
    const post = (fields: Record<string, string>, withCookie = cookie) =>
      fetch(`${server.url}/`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: withCookie, accept: 'text/html' }, body: new URLSearchParams(fields).toString() });
    assert.equal((await post({ csrf, client: pkce.clientId }, '')).status, 403, 'no CSRF cookie');
    assert.equal((await post({ csrf: 'x'.repeat(43), client: pkce.clientId })).status, 403, 'wrong CSRF token');
    const bad = await post({ csrf, client: 'not valid!' });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /client id should be/);
    const saved = await post({ csrf, client: pkce.clientId, secret: '', tenantid: '' });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.get('location'), '/home');
    const status = (await getJson(server, '/status')).body;
    assert.equal(status.authScheme, 'PKCE');
    assert.equal(status.credentialsFrom, 'form');

    const url = new URL(await signInUrl(server));
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256', 'no secret: PKCE');
    assert.equal((await signInOverHttp(server, sim)).status, 303);
    const token = (await getJson(server, '/token')).body.accessToken as string;
    const connections = () => fetch(`${sim.url}/connections`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json() as Promise<unknown[]>);
    assert.equal((await connections()).length, 2);
    assert.equal(statSync(settings).mode & 0o777, 0o600, 'the settings file is private');
    assert.equal(statSync(`${settings}.token-server`).mode & 0o777, 0o600, 'the saved app credentials are private');

    const revoked = await getJson(server, '/revoke');
    assert.equal(revoked.status, 200);
    assert.deepEqual(revoked.body, { status: 'revoked' });
    assert.equal(sim.requests.count({ path: '/connect/revocation', detail: 'revocation:ok' }), 1);
    assert.equal((await connections()).length, 0, 'Xero removed the connections');
    assert.equal((await getJson(server, '/status')).body.status, 'signed-out', 'the app is kept, the tokens are gone');
    assert.equal((await getJson(server, '/token')).status, 503);
    assert.throws(() => statSync(settings), /ENOENT/, 'the tokens were deleted from disk');

    assert.equal((await signInOverHttp(server, sim)).status, 303, 'signs in again without the form');
    const logout = await fetch(`${server.url}/logout`, { redirect: 'manual' });
    assert.equal(logout.status, 302);
    assert.equal(logout.headers.get('location'), '/');
    assert.equal(sim.requests.count({ path: '/connect/revocation', detail: 'revocation:ok' }), 2);
    assert.equal((await getJson(server, '/status')).body.status, 'no-credentials');
    assert.throws(() => statSync(`${settings}.token-server`), /ENOENT/, 'the app credentials were forgotten');
  });

  it('restarts with the tokens and app credentials on disk: no new sign-in, and the refresh rotation continues', async () => {
    const app = simApp(sim, 'confidential');
    const settings = join(dir, 'restart.json');
    const connection = `BaseURL=${sim.url};OAuthSettingsLocation=${settings};OAuthSettingsPassphrase=restart-pass`;
    const first = await start({ connection });
    const form = await fetch(`${first.url}/`);
    const cookie = (form.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] as string;
    const demo = sim.tenants.find((t) => t.tenantName === 'Demo Company (AU)')!;
    const saved = await fetch(`${first.url}/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ csrf, client: app.clientId, secret: app.clientSecret as string, tenantid: demo.tenantId }).toString(),
    });
    assert.equal(saved.status, 303);
    assert.equal((await signInOverHttp(first, sim)).status, 303);
    const token1 = (await getJson(first, '/token')).body;
    assert.equal(token1.tenantId, demo.tenantId, 'the form\'s tenant id is the default');
    await first.close();
    await first.done;

    const authorizations = sim.requests.count({ path: '/identity/connect/authorize' });
    const second = await start({ connection });
    assert.equal((await getJson(second, '/status')).body.status, 'connected');
    const token2 = (await getJson(second, '/token')).body;
    assert.equal(token2.accessToken, token1.accessToken, 'the saved token is served as it is');
    assert.equal(token2.tenantId, demo.tenantId);

    const refreshes = refreshCount(sim);
    sim.clock.advance(31 * 60_000);
    const token3 = (await getJson(second, '/token')).body;
    assert.notEqual(token3.accessToken, token1.accessToken);
    assert.equal(refreshCount(sim), refreshes + 1, 'refreshed with the saved refresh token');
    assert.equal(sim.requests.count({ path: '/identity/connect/authorize' }), authorizations, 'nobody signed in again');
  });

  it('stops with a clear error when the saved grant has fewer scopes than asked for, at start or while running', async () => {
    const app = simApp(sim, 'confidential');
    const settings = join(dir, 'scopes.json');
    const connection = appConnection(sim, app, `OAuthSettingsLocation=${settings};OAuthSettingsPassphrase=scope-pass`);
    const narrow = await start({ connection, scopes: 'offline_access accounting.settings.read' });
    // A second server on the same file, asking for more, starts while the file is still empty.
    const wide = await start({ connection, scopes: ['accounting.settings.read', 'accounting.contacts.read'] });
    assert.equal((await signInOverHttp(narrow, sim)).status, 303);
    assert.equal((await getJson(narrow, '/token')).status, 200);

    const refused = await getJson(wide, '/token');
    assert.equal(refused.status, 500);
    assert.equal(refused.body.code, 'XSQL_AUTH_SCOPE');
    await assert.rejects(wide.done, (err: Error & { code?: string }) => err.code === 'XSQL_AUTH_SCOPE' && /lacks the scope accounting\.contacts\.read that --scopes asks for/.test(err.message));
    await assert.rejects(fetch(`${wide.url}/livez`), 'the server has stopped listening');

    await narrow.close();
    await assert.rejects(
      startOnSimulator(sim, { connection, scopes: 'offline_access accounting.settings.read accounting.contacts.read' }),
      (err: Error & { code?: string }) =>
        err.code === 'XSQL_AUTH_SCOPE' && /lacks the scope accounting\.contacts\.read/.test(err.message) && /start it with --scopes that leave it out, or revoke the grant/.test(err.message),
    );
    // Asking for what the grant has (or less) is fine.
    const same = await start({ connection, scopes: 'offline_access accounting.settings.read' });
    assert.equal((await getJson(same, '/token')).status, 200);
  });
});
