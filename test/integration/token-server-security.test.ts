/**
 * The token server's guards: the auth token (every endpoint but /livez and the redirect back),
 * a non-loopback address only with one, the browser session bought with it, requests a browser
 * marks as cross-site, DNS rebinding (the Host header), and the headers every response carries.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startTokenServer, type TokenServer } from '../../src/token-server/index.js';
import { freePort } from '../helpers/ports.js';
import { appConnection, getJson, refreshCount, signInOverHttp, simApp, startOnSimulator } from '../helpers/token-server-fixture.js';

const AUTH = 'a-long-random-auth-token-0123456789';
const bearer = { authorization: `Bearer ${AUTH}` };

/** A raw GET with a Host header of our choosing (fetch does not let one set it). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('token server: security', () => {
  let sim: Simulator;
  const servers: TokenServer[] = [];
  const start = async (options: Parameters<typeof startOnSimulator>[1]) => {
    const server = await startOnSimulator(sim, options);
    servers.push(server);
    return server;
  };

  before(async () => {
    sim = await startSimulator({ seed: 72 });
  });
  after(async () => {
    for (const s of servers) await s.close();
    await sim.close();
  });

  it('refuses a non-loopback address without an auth token, and a short auth token', async () => {
    for (const address of ['0.0.0.0', '::', '192.0.2.10', 'example.com']) {
      await assert.rejects(startTokenServer({ port: 0, address }), (err: Error & { code?: string }) => err.code === 'XSQL_CONFIG' && /not a loopback address, without an auth token/.test(err.message), address);
    }
    await assert.rejects(startTokenServer({ port: 0, authToken: 'short' }), (err: Error & { code?: string }) => err.code === 'XSQL_CONFIG' && /authToken: at least 16 characters/.test(err.message) && !err.message.includes('short"'));
    await assert.rejects(startTokenServer({ port: 0, refreshMins: 100_000 }), /refreshMins: at most 86400/);
    await assert.rejects(startTokenServer({ port: 0, redirect: 'ftp://x/code' }), /redirect: must be an http/);
    await assert.rejects(startTokenServer({ port: 0, connection: 'AuthScheme=OAuthClient;OAuthClientId=x;OAuthClientSecret=y' }), (err: Error & { code?: string }) => err.code === 'XSQL_CONFIG' && /custom connection/.test(err.message));
    await assert.rejects(startTokenServer({ port: 0, connection: 'Bogus=1' }), (err: Error & { code?: string }) => err.code === 'XSQL_CONFIG' && /--connection: Unknown connection property "Bogus"/.test(err.message));
  });

  it('listens on all interfaces only with an auth token, which every endpoint but /livez then requires', async () => {
    const app = simApp(sim, 'confidential');
    const server = await start({ address: '0.0.0.0', authToken: AUTH, connection: appConnection(sim, app, 'OAuthSettingsLocation=memory://sec-all') });
    assert.equal(server.url, `http://127.0.0.1:${server.port}`);

    for (const path of ['/status', '/token', '/tenants', '/refresh', '/revoke', '/home']) {
      const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
      assert.equal(res.status, 401, path);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="xero-sql token-server"');
      const body = (await res.json()) as { code: string };
      assert.equal(body.code, 'XSQL_TOKEN_SERVER');
      const wrong = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: { authorization: 'Bearer not-the-token-at-all' } });
      assert.equal(wrong.status, 401, `${path} with a wrong token`);
    }
    const logout = await fetch(`${server.url}/logout`, { method: 'POST', redirect: 'manual' });
    assert.equal(logout.status, 401);
    assert.equal((await fetch(`${server.url}/livez`)).status, 503, '/livez answers without the token');

    assert.equal((await getJson(server, '/status', bearer)).status, 200);
    assert.equal((await signInOverHttp(server, sim, { headers: bearer })).status, 303, 'the redirect back is authenticated by its state');
    const token = await getJson(server, '/token', bearer);
    assert.equal(token.status, 200);
    assert.match(token.body.accessToken as string, /^ey/);
    assert.equal((await fetch(`${server.url}/token`)).status, 401, 'still refused without the token once signed in');
    assert.equal((await fetch(`${server.url}/livez`)).status, 200);
  });

  it('lets a browser in with the auth token once (a cookie), never with a forged cookie', async () => {
    // The redirect URI on 127.0.0.1 keeps the pages there (a browser is otherwise sent to its host).
    const port = await freePort();
    const server = await start({ port, redirect: `http://127.0.0.1:${port}/code`, authToken: AUTH, connection: appConnection(sim, simApp(sim, 'confidential'), 'OAuthSettingsLocation=memory://sec-cookie') });
    assert.equal(server.pagesUrl, server.url);
    const page = await fetch(`${server.url}/status`, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 401);
    const html = await page.text();
    assert.match(html, /needs its auth token/);
    const csrfCookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] as string;
    const unlock = (token: string) =>
      fetch(`${server.url}/auth`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie, accept: 'text/html' }, body: new URLSearchParams({ csrf, token }).toString() });
    const refused = await unlock('not-the-right-token-xxxx');
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.getSetCookie().some((c) => c.startsWith('xero_sql_ts_auth=')), false);
    const ok = await unlock(AUTH);
    assert.equal(ok.status, 303);
    const session = ok.headers.getSetCookie().find((c) => c.startsWith('xero_sql_ts_auth='));
    assert.ok(session);
    assert.match(session, /HttpOnly/);
    assert.match(session, /SameSite=Lax/);
    assert.ok(!session.includes(AUTH), 'the cookie is not the token itself');
    const cookie = session.split(';')[0] as string;
    assert.equal((await fetch(`${server.url}/status`, { headers: { cookie, accept: 'text/html' } })).status, 200);
    assert.equal((await fetch(`${server.url}/status`, { headers: { cookie: 'xero_sql_ts_auth=forged' } })).status, 401);
    assert.equal((await fetch(`${server.url}/token`, { headers: { authorization: `Bearer ${cookie.split('=')[1]}` } })).status, 401, 'the cookie value is no bearer token');
  });

  it('refuses what a browser marks as cross-site from changing anything, and forms without the CSRF token', async () => {
    const server = await start({ connection: appConnection(sim, simApp(sim, 'confidential'), 'OAuthSettingsLocation=memory://sec-csrf') });
    assert.equal((await signInOverHttp(server, sim)).status, 303);
    const refreshes = refreshCount(sim);
    const revocations = () => sim.requests.count({ path: '/connect/revocation' });
    const attempts: [string, RequestInit][] = [
      ['/revoke', { headers: { 'sec-fetch-site': 'cross-site' } }],
      ['/logout', { headers: { 'sec-fetch-site': 'same-site' } }],
      ['/refresh', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=x' }],
      ['/revoke', { headers: { referer: 'https://evil.example/page' } }],
      ['/revoke', { method: 'POST', headers: { origin: 'null' } }],
    ];
    for (const [path, init] of attempts) {
      const res = await fetch(`${server.url}${path}`, { redirect: 'manual', ...init });
      assert.equal(res.status, 403, `${path} ${JSON.stringify(init.headers)}`);
      assert.match(((await res.json()) as { error: string }).error, /Refused: /);
    }
    // A same-origin form post without the CSRF token.
    const noCsrf = await fetch(`${server.url}/revoke`, { method: 'POST', redirect: 'manual', headers: { origin: server.url, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=guess' });
    assert.equal(noCsrf.status, 403);
    assert.equal(revocations(), 0);
    assert.equal(refreshCount(sim), refreshes);
    assert.equal((await getJson(server, '/status')).body.status, 'connected', 'nothing was revoked');

    // Reading is allowed from a link (the redirect back from Xero is itself cross-site).
    assert.equal((await fetch(`${server.url}/status`, { headers: { 'sec-fetch-site': 'cross-site' } })).status, 200);
  });

  it('answers only to this machine\'s names on loopback (DNS rebinding) and sends strict headers', async () => {
    const server = await start({ connection: appConnection(sim, simApp(sim, 'confidential'), 'OAuthSettingsLocation=memory://sec-host') });
    assert.equal(await getWithHost(`${server.url}/livez`, `attacker.example:${server.port}`), 421);
    assert.equal(await getWithHost(`${server.url}/token`, `attacker.example:${server.port}`), 421);
    assert.equal(await getWithHost(`${server.url}/livez`, `localhost:${server.port}`), 503);
    assert.equal(await getWithHost(`${server.url}/livez`, `127.0.0.1:${server.port}`), 503);

    const res = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'same-origin');
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /form-action 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|script-src/);
    const csrf = res.headers.getSetCookie().find((c) => c.startsWith('xero_sql_ts_csrf='));
    assert.match(csrf ?? '', /HttpOnly; SameSite=Strict/);
    assert.equal((await fetch(`${server.url}/nowhere`)).status, 404);
    const wrongMethod = await fetch(`${server.url}/token`, { method: 'DELETE' });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'GET');
  });

  it('takes the redirect back at / too (the original 0.0.x default redirect URI), open like /code', async () => {
    const port = await freePort();
    const server = await start({ port, redirect: `http://127.0.0.1:${port}/`, authToken: AUTH, connection: appConnection(sim, simApp(sim, 'confidential'), 'OAuthSettingsLocation=memory://sec-root') });
    const landed = await signInOverHttp(server, sim, { headers: bearer });
    assert.equal(new URL(landed.url).pathname, '/');
    assert.equal(landed.status, 303);
    assert.equal(landed.headers.get('location'), '/status');
    assert.equal((await getJson(server, '/status', bearer)).body.status, 'connected');
    const forged = await fetch(`${server.url}/?code=abc&state=forged`);
    assert.equal(forged.status, 403, 'without the auth token, only a state this server issued gets through');
    assert.equal((await fetch(`${server.url}/`)).status, 401, 'the form itself still needs the auth token');
  });

  it('escapes what it shows on its pages', async () => {
    const server = await start({ connection: `BaseURL=${sim.url};OAuthSettingsLocation=memory://sec-escape` });
    const form = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
    const cookie = (form.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] as string;
    const res = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ csrf, client: '"><script>alert(1)</script>', secret: 'a secret with spaces', tenantid: '<b>' }).toString(),
    });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.ok(html.includes('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!html.includes('a secret with spaces'), 'the secret is never echoed');
  });
});
