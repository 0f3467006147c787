/**
 * Every sign-in flow of the driver, end to end against the simulator: OAuthClient, OFF (valid,
 * expired, missing), the web flow through the OAuth procedures (confidential and PKCE apps), the
 * headless flow with OAuthVerifier, a settings file copied to another machine, refresh ahead of
 * expiry and after a TokenExpired 401, rotation, scope mismatch and tenant selection.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, type Connection } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { SimApp } from '../../src/simulator/apps.js';
import { openSettingsStore } from '../../src/auth/settings-store.js';
import { followAuthorizeUrl } from '../helpers/oauth-flow.js';
import { customConnectionToken } from '../helpers/sim-client.js';

let sim: Simulator;
let dir: string;
const PASSPHRASE = 'correct horse battery staple';
const opened: Connection[] = [];

const app = (kind: SimApp['kind']) => sim.appRegistry.find((a) => a.kind === kind) as SimApp;
const grants = (detail: string) => sim.requests.count({ path: '/connect/token', detail });
const quiet = { onNotice: () => {} };

async function open(text: string, opts: Parameters<typeof connect>[1] = {}): Promise<Connection> {
  const conn = await connect(`${text};BaseURL=${sim.url}`, { ...quiet, ...opts });
  opened.push(conn);
  return conn;
}

/** Runs the web flow's first step on `conn` and plays the person in the simulator; returns the code and state. */
async function webSignIn(conn: Connection, callbackUrl: string, tenants?: string[]): Promise<{ code: string; state: string; pkceVerifier: string | null }> {
  const start = await conn.execute('EXEC GetOAuthAuthorizationURL @CallbackURL = ?', [callbackUrl]);
  const row = start.rows[0] as Record<string, string | null>;
  const redirect = await followAuthorizeUrl(sim, row.URL as string, tenants ? { tenants } : {});
  assert.equal(redirect.searchParams.get('state'), row.AuthToken, 'the redirect carries the state GetOAuthAuthorizationURL returned');
  return { code: redirect.searchParams.get('code') as string, state: row.AuthToken as string, pkceVerifier: row.PKCEVerifier ?? null };
}

before(async () => {
  sim = await startSimulator({ seed: 21 });
  dir = mkdtempSync(join(tmpdir(), 'xero-sql-auth-'));
});
after(async () => {
  for (const c of opened) await c.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('AuthScheme=OAuthClient (custom connection)', () => {
  it('gets a client-credentials token, reaches its one organisation, and re-requests it before expiry', async () => {
    const cc = app('custom-connection');
    let now = Date.now();
    const conn = await open(`AuthScheme=OAuthClient;InitiateOAuth=GETANDREFRESH;OAuthClientId=${cc.clientId};OAuthClientSecret=${cc.clientSecret}`, { now: () => now });
    const before = grants('client_credentials:ok');
    const tenant = await conn.tenant();
    assert.equal(tenant.tenantId, sim.orgs[0]!.tenantId);
    assert.equal(tenant.tenantName, 'Demo Company (AU)');
    await conn.accessToken();
    assert.equal(grants('client_credentials:ok') - before, 1, 'one token while it is fresh');
    now += 29 * 60_000;
    await conn.accessToken();
    assert.equal(grants('client_credentials:ok') - before, 2, 'a new token before the 30 minutes are up');
  });

  it('explains a wrong secret', async () => {
    const cc = app('custom-connection');
    const conn = await open(`AuthScheme=OAuthClient;OAuthClientId=${cc.clientId};OAuthClientSecret=wrong-secret`);
    await assert.rejects(conn.tenants(), (err: Error & { code?: string }) => err.code === 'XSQL_AUTH' && /invalid_client/.test(err.message) && !err.message.includes('wrong-secret'));
  });
});

describe('InitiateOAuth=OFF', () => {
  it('uses OAuthAccessToken as given', async () => {
    const token = await customConnectionToken(sim);
    const conn = await open(`InitiateOAuth=OFF;OAuthAccessToken=${token}`);
    assert.equal((await conn.tenants()).length, 1);
  });

  it('fails clearly, without refreshing, when the token has expired (by our clock or by Xero\'s)', async () => {
    const token = await customConnectionToken(sim);
    const late = await open(`InitiateOAuth=OFF;OAuthAccessToken=${token}`, { now: () => Date.now() + 31 * 60_000 });
    await assert.rejects(late.tenants(), (err: Error & { code?: string }) => err.code === 'XSQL_AUTH_EXPIRED' && /OAuthAccessToken expired at .*RefreshOAuthAccessToken/.test(err.message));
    const conn = await open(`InitiateOAuth=OFF;OAuthAccessToken=${token}`);
    sim.clock.advance(31 * 60_000);
    try {
      await assert.rejects(conn.tenants(), { code: 'XSQL_AUTH_EXPIRED' });
    } finally {
      sim.clock.advance(-31 * 60_000);
    }
  });

  it('asks for a token when there is none', async () => {
    const conn = await open('InitiateOAuth=OFF');
    await assert.rejects(conn.tenants(), (err: Error & { code?: string }) => err.code === 'XSQL_AUTH_REQUIRED' && /InitiateOAuth=OFF uses OAuthAccessToken/.test(err.message));
  });
});

describe('web flow through the OAuth procedures', () => {
  it('confidential app: authorization URL, code exchange, then OAuthAccessToken and RefreshOAuthAccessToken', async () => {
    const web = app('confidential');
    const base = `AuthScheme=OAuth;OAuthClientId=${web.clientId};OAuthClientSecret=${web.clientSecret}`;
    const conn = await open(`${base};InitiateOAuth=OFF`);
    const { code, pkceVerifier } = await webSignIn(conn, 'http://localhost:5001/code');
    assert.equal(pkceVerifier, null, 'AuthScheme=OAuth needs no PKCE verifier, so the code also works as OAuthVerifier');
    const result = await conn.execute("EXEC GetOAuthAccessToken @AuthMode = 'WEB', @Verifier = @code, @CallbackURL = 'http://localhost:5001/code'", { code });
    assert.deepEqual(result.columns.map((c) => c.name), ['OAuthAccessToken', 'OAuthAccessTokenSecret', 'OAuthRefreshToken', 'ExpiresIn']);
    const tokens = result.rows[0] as Record<string, string>;
    assert.ok(tokens.OAuthAccessToken && tokens.OAuthRefreshToken);
    assert.ok(Number(tokens.ExpiresIn) > 1700 && Number(tokens.ExpiresIn) <= 1800);
    // The same connection now has a token; a new one can use it as OAuthAccessToken.
    assert.equal((await conn.tenants()).length, 2);
    const user = await open(`InitiateOAuth=OFF;OAuthAccessToken=${tokens.OAuthAccessToken}`);
    assert.equal((await user.tenants()).length, 2);

    const refreshed = (await conn.execute('EXEC RefreshOAuthAccessToken @OAuthRefreshToken = ?', [tokens.OAuthRefreshToken])).rows[0] as Record<string, string>;
    assert.ok(refreshed.OAuthAccessToken && refreshed.OAuthRefreshToken);
    assert.notEqual(refreshed.OAuthRefreshToken, tokens.OAuthRefreshToken, 'Xero rotates the refresh token');
  });

  it('PKCE app: the PKCEVerifier from the URL step is needed to exchange the code', async () => {
    const pkce = app('pkce');
    const conn = await open(`AuthScheme=PKCE;OAuthClientId=${pkce.clientId};InitiateOAuth=OFF`);
    const first = await webSignIn(conn, 'http://localhost:33333');
    assert.ok(first.pkceVerifier && first.pkceVerifier.length >= 43);
    await assert.rejects(
      conn.execute("EXEC GetOAuthAccessToken @Verifier = ?, @CallbackURL = 'http://localhost:33333'", [first.code]),
      (err: Error & { code?: string }) => err.code === 'XSQL_AUTH' && /invalid_grant/.test(err.message),
    );
    const second = await webSignIn(conn, 'http://localhost:33333');
    const ok = await conn.execute("EXEC GetOAuthAccessToken @Verifier = ?, @PKCEVerifier = ?, @CallbackURL = 'http://localhost:33333'", [second.code, second.pkceVerifier]);
    assert.ok((ok.rows[0] as Record<string, string>).OAuthRefreshToken);
  });

  it('saves what GetOAuthAccessToken gets when OAuthSettingsLocation is set', async () => {
    const web = app('confidential');
    const conn = await open(`AuthScheme=OAuth;OAuthClientId=${web.clientId};OAuthClientSecret=${web.clientSecret};InitiateOAuth=OFF;OAuthSettingsLocation=memory://web-save`);
    const { code } = await webSignIn(conn, 'http://localhost:5001/code');
    const tokens = (await conn.execute("EXEC GetOAuthAccessToken @Verifier = ?, @CallbackURL = 'http://localhost:5001/code'", [code])).rows[0] as Record<string, string>;
    const saved = await openSettingsStore({ kind: 'memory', id: 'web-save' }, {}).read();
    assert.equal(saved?.refreshToken, tokens.OAuthRefreshToken);
    assert.equal(saved?.tenants?.length, 2);
  });
});

describe('headless: OAuthVerifier, then a copied settings file', () => {
  it('exchanges the verifier once, saves, refreshes after expiry, and works from a copied file', async () => {
    const web = app('confidential');
    const creds = `AuthScheme=OAuth;OAuthClientId=${web.clientId};OAuthClientSecret=${web.clientSecret}`;
    // On a machine with a browser: get the URL and sign in there.
    const urlConn = await open(`${creds};InitiateOAuth=OFF;CallbackURL=http://localhost:33333`);
    const { code } = await webSignIn(urlConn, 'http://localhost:33333');

    // On the headless machine: REFRESH with the code as OAuthVerifier.
    const file = join(dir, 'headless', 'settings.json');
    const headless = `${creds};InitiateOAuth=REFRESH;OAuthVerifier=${code};OAuthSettingsLocation=${file};OAuthSettingsPassphrase=${PASSPHRASE};Tenant=Demo Company (AU)`;
    const codesBefore = grants('authorization_code:ok');
    const refusedBefore = grants('authorization_code:invalid_grant');
    const first = await open(headless);
    assert.equal((await first.tenant()).tenantName, 'Demo Company (AU)');
    const again = await open(headless);
    assert.equal((await again.tenant()).tenantName, 'Demo Company (AU)', 'the same string still works: the spent code is not exchanged twice');
    assert.equal(grants('authorization_code:ok') - codesBefore, 1);
    assert.equal(grants('authorization_code:invalid_grant') - refusedBefore, 0);

    // The settings file copied to another machine (same passphrase) works without the verifier.
    const copy = join(dir, 'elsewhere.json');
    copyFileSync(file, copy);
    const moved = await open(`${creds};InitiateOAuth=REFRESH;OAuthSettingsLocation=${copy};OAuthSettingsPassphrase=${PASSPHRASE}`);
    const refreshesBefore = grants('refresh_token:ok');
    sim.clock.advance(31 * 60_000); // Xero now says the saved access token has expired
    try {
      assert.equal((await moved.tenants()).length, 2, 'one TokenExpired 401, one refresh, one retry');
    } finally {
      sim.clock.advance(-31 * 60_000);
    }
    assert.equal(grants('refresh_token:ok') - refreshesBefore, 1);
    const store = openSettingsStore({ kind: 'file', path: copy }, { passphrase: PASSPHRASE });
    const saved = await store.read();
    const original = await openSettingsStore({ kind: 'file', path: file }, { passphrase: PASSPHRASE }).read();
    assert.notEqual(saved?.refreshToken, original?.refreshToken, 'the rotated refresh token was saved');
    assert.ok((saved?.refreshTokenIssuedAt ?? 0) > (original?.refreshTokenIssuedAt ?? 0));
  });

  it('REFRESH with nothing saved explains the headless options', async () => {
    const web = app('confidential');
    const conn = await open(`AuthScheme=OAuth;OAuthClientId=${web.clientId};OAuthClientSecret=${web.clientSecret};InitiateOAuth=REFRESH;OAuthSettingsLocation=memory://empty`);
    await assert.rejects(conn.tenants(), (err: Error & { code?: string }) => err.code === 'XSQL_AUTH_REQUIRED' && /never opens a browser/.test(err.message));
  });
});

describe('refresh', () => {
  async function signedInStore(id: string, scopes = 'offline_access accounting.settings accounting.transactions'): Promise<string> {
    const web = app('confidential');
    const creds = `AuthScheme=OAuth;OAuthClientId=${web.clientId};OAuthClientSecret=${web.clientSecret};Scope=${scopes}`;
    const conn = await open(`${creds};InitiateOAuth=OFF;OAuthSettingsLocation=memory://${id}`);
    const { code } = await webSignIn(conn, 'http://localhost:5001/code', [sim.orgs[0]!.tenantId]);
    await conn.execute("EXEC GetOAuthAccessToken @Verifier = ?, @CallbackURL = 'http://localhost:5001/code'", [code]);
    return creds;
  }

  it('refreshes ahead of the 30-minute expiry and keeps the rotated refresh token', async () => {
    const creds = await signedInStore('ahead');
    let now = Date.now();
    const conn = await open(`${creds};InitiateOAuth=REFRESH;OAuthSettingsLocation=memory://ahead`, { now: () => now });
    const store = openSettingsStore({ kind: 'memory', id: 'ahead' }, {});
    const before = await store.read();
    const first = await conn.accessToken();
    assert.equal(first, before?.accessToken, 'a fresh saved token is used as is');
    now += 29 * 60_000;
    const count = grants('refresh_token:ok');
    const second = await conn.accessToken();
    assert.notEqual(second, first);
    assert.equal(grants('refresh_token:ok') - count, 1);
    const after = await store.read();
    assert.equal(after?.accessToken, second, 'the new token is saved before it is used');
    assert.notEqual(after?.refreshToken, before?.refreshToken);
    assert.equal(after?.refreshTokenIssuedAt, now);
  });

  it('says how to re-consent when the saved grant lacks a requested scope', async () => {
    // Xero accumulates consented scopes per person and app, so ask for one nobody consented to here.
    const creds = await signedInStore('narrow', 'offline_access accounting.settings');
    const conn = await open(`${creds.replace(/Scope=[^;]*/, 'Scope=offline_access accounting.settings accounting.manualjournals.read')};InitiateOAuth=REFRESH;OAuthSettingsLocation=memory://narrow`);
    await assert.rejects(conn.tenants(), (err: Error & { code?: string }) => err.code === 'XSQL_AUTH_SCOPE' && /lacks scope accounting\.manualjournals\.read/.test(err.message) && /consents again/.test(err.message));
  });
});

describe('tenants', () => {
  it('refuses to pick one of several organisations and accepts a Tenant by name or id', async () => {
    const web = app('confidential');
    const creds = `AuthScheme=OAuth;OAuthClientId=${web.clientId};OAuthClientSecret=${web.clientSecret}`;
    const conn = await open(`${creds};InitiateOAuth=OFF;OAuthSettingsLocation=memory://two`);
    const { code } = await webSignIn(conn, 'http://localhost:5001/code');
    await conn.execute("EXEC GetOAuthAccessToken @Verifier = ?, @CallbackURL = 'http://localhost:5001/code'", [code]);
    await assert.rejects(conn.tenant(), (err: Error & { code?: string }) => err.code === 'XSQL_TENANT' && err.message.includes(sim.orgs[1]!.tenantId));
    const byName = await open(`${creds};InitiateOAuth=REFRESH;OAuthSettingsLocation=memory://two;Tenant=kiwi exports ltd`);
    assert.equal((await byName.tenant()).tenantId, sim.orgs[1]!.tenantId);
    const byId = await open(`${creds};InitiateOAuth=REFRESH;OAuthSettingsLocation=memory://two;Tenant=${sim.orgs[0]!.tenantId}`);
    assert.equal((await byId.tenant()).tenantName, 'Demo Company (AU)');
  });
});
