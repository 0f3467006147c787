import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorizeViaHttp, createPkcePair, exchangeCode, tokenRequest } from '../helpers/oauth-flow.js';
import { ORIGIN, REDIRECT_URI, TENANTS, assertOAuthError, assertTokens, createHarness, jwtPayload, type Harness } from './simulator-identity-harness.js';

const SCOPES = ['openid', 'offline_access', 'accounting.settings'];
const MINUTE = 60_000;

async function connect(h: Harness, opts: { app?: 'confidential' | 'pkce'; tenants?: string[] } = {}) {
  const app = opts.app === 'pkce' ? h.pkce : h.confidential;
  const pair = createPkcePair();
  const { code } = await authorizeViaHttp(h.sim, {
    app,
    scopes: SCOPES,
    redirectUri: REDIRECT_URI,
    ...(opts.tenants ? { tenants: opts.tenants } : {}),
    ...(app === h.pkce ? { codeChallenge: pair.challenge } : {}),
    fetch: h.fetch,
  });
  const body = assertTokens(await exchangeCode(h.sim, { app, code, redirectUri: REDIRECT_URI, fetch: h.fetch, ...(app === h.pkce ? { codeVerifier: pair.verifier } : {}) }));
  return { app, access: String(body.access_token), refresh: String(body.refresh_token) };
}

async function getConnections(h: Harness, access: string, query = '') {
  const res = await h.call('GET', `/connections${query}`, { headers: { authorization: `Bearer ${access}` } });
  return { status: res.status, body: JSON.parse(String(res.body)) as unknown };
}

interface Conn {
  id: string;
  authEventId: string;
  tenantId: string;
  tenantType: string;
  tenantName: string;
  createdDateUtc: string;
  updatedDateUtc: string;
}

describe('connections API', () => {
  it('returns a bare array of connections with Xero date strings', async () => {
    const h = createHarness();
    const { access } = await connect(h);
    const { status, body } = await getConnections(h, access);
    assert.equal(status, 200);
    const list = body as Conn[];
    assert.equal(list.length, TENANTS.length);
    for (const [i, c] of list.entries()) {
      assert.deepEqual(Object.keys(c), ['id', 'authEventId', 'tenantId', 'tenantType', 'tenantName', 'createdDateUtc', 'updatedDateUtc']);
      assert.equal(c.tenantId, TENANTS[i]?.tenantId);
      assert.equal(c.tenantName, TENANTS[i]?.tenantName);
      assert.equal(c.tenantType, 'ORGANISATION');
      assert.match(c.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.match(c.createdDateUtc, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/);
      assert.equal(c.createdDateUtc, c.updatedDateUtc);
    }
  });

  it('answers /Connections too, and filters by authEventId', async () => {
    const h = createHarness();
    const a = TENANTS[0]?.tenantId ?? '';
    const b = TENANTS[1]?.tenantId ?? '';
    await connect(h, { tenants: [a] });
    h.clock.advance(MINUTE);
    const second = await connect(h, { tenants: [b] });
    const event = jwtPayload(second.access).authentication_event_id as string;
    const res = await h.call('GET', `/Connections?authEventId=${event.toUpperCase()}`, { headers: { authorization: `Bearer ${second.access}` } });
    const list = JSON.parse(String(res.body)) as Conn[];
    assert.deepEqual(list.map((c) => c.tenantId), [b]);
    assert.equal(((await getConnections(h, second.access)).body as Conn[]).length, 2);
    assert.deepEqual((await getConnections(h, second.access, '?authEventId=00000000-0000-0000-0000-000000000000')).body, []);
  });

  it('keeps id and createdDateUtc on reconnect and moves updatedDateUtc and authEventId', async () => {
    const h = createHarness();
    const first = await connect(h);
    const before = (await getConnections(h, first.access)).body as Conn[];
    h.clock.advance(10 * MINUTE);
    const second = await connect(h);
    const after = (await getConnections(h, second.access)).body as Conn[];
    for (const [i, c] of after.entries()) {
      assert.equal(c.id, before[i]?.id);
      assert.equal(c.createdDateUtc, before[i]?.createdDateUtc);
      assert.notEqual(c.updatedDateUtc, before[i]?.updatedDateUtc);
      assert.notEqual(c.authEventId, before[i]?.authEventId);
    }
  });

  it('keeps each app\'s connections apart', async () => {
    const h = createHarness();
    const web = await connect(h, { tenants: [TENANTS[0]?.tenantId ?? ''] });
    const pkce = await connect(h, { app: 'pkce', tenants: [TENANTS[1]?.tenantId ?? ''] });
    assert.deepEqual(((await getConnections(h, web.access)).body as Conn[]).map((c) => c.tenantId), [TENANTS[0]?.tenantId]);
    assert.deepEqual(((await getConnections(h, pkce.access)).body as Conn[]).map((c) => c.tenantId), [TENANTS[1]?.tenantId]);
  });

  it('gives a custom connection its one tenant', async () => {
    const h = createHarness();
    const body = assertTokens(await tokenRequest(h.sim, h.custom, { grant_type: 'client_credentials' }, { fetch: h.fetch }));
    const list = (await getConnections(h, String(body.access_token))).body as Conn[];
    assert.equal(list.length, 1);
    assert.equal(list[0]?.tenantId, h.custom.tenantId);
    assert.equal(list[0]?.tenantName, TENANTS[0]?.tenantName);
    const del = await h.call('DELETE', `/connections/${list[0]?.id ?? ''}`, { headers: { authorization: `Bearer ${String(body.access_token)}` } });
    assert.equal(del.status, 403);
  });

  it('deletes by connection id (204), answers 404 for unknown or tenant ids, and ends the grant with the last connection', async () => {
    const h = createHarness();
    const { access, refresh } = await connect(h);
    const list = (await getConnections(h, access)).body as Conn[];
    const auth = { authorization: `Bearer ${access}` };
    assert.equal((await h.call('DELETE', `/connections/${list[0]?.tenantId ?? ''}`, { headers: auth })).status, 404);
    assert.equal((await h.call('DELETE', '/connections/00000000-0000-0000-0000-000000000000', { headers: auth })).status, 404);
    const del = await h.call('DELETE', `/Connections/${list[0]?.id.toUpperCase() ?? ''}`, { headers: auth });
    assert.equal(del.status, 204);
    assert.equal(del.body, undefined);
    assert.equal((await h.call('DELETE', `/connections/${list[0]?.id ?? ''}`, { headers: auth })).status, 404);
    // One connection left: the grant lives on.
    const refreshed = assertTokens(await tokenRequest(h.sim, h.confidential, { grant_type: 'refresh_token', refresh_token: refresh }, { fetch: h.fetch }));
    assert.equal(((await getConnections(h, access)).body as Conn[]).length, 1);
    assert.equal((await h.call('DELETE', `/connections/${list[1]?.id ?? ''}`, { headers: auth })).status, 204);
    assertOAuthError(await tokenRequest(h.sim, h.confidential, { grant_type: 'refresh_token', refresh_token: String(refreshed.refresh_token) }, { fetch: h.fetch }), 'invalid_grant');
    assert.deepEqual((await getConnections(h, access)).body, []);
  });

  it('answers 401 problem details for a bad or expired bearer', async () => {
    const h = createHarness();
    const { access } = await connect(h);
    const missing = await h.call('GET', '/connections');
    assert.equal(missing.status, 401);
    const problem = JSON.parse(String(missing.body)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(problem), ['Type', 'Title', 'Status', 'Detail', 'Instance', 'Extensions']);
    assert.equal(problem.Title, 'Unauthorized');
    assert.equal(problem.Detail, 'AuthenticationUnsuccessful');
    const del = await h.call('DELETE', '/connections/x', { headers: { authorization: 'Bearer junk' } });
    assert.equal(del.status, 401);
    h.clock.advance(31 * MINUTE);
    const expired = await h.call('GET', '/connections', { headers: { authorization: `Bearer ${access}` } });
    assert.equal(expired.status, 401);
    assert.match(String((JSON.parse(String(expired.body)) as Record<string, unknown>).Detail), /^TokenExpired: token expired at \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
  });
});

describe('checkBearer', () => {
  it('accepts a fresh access token and describes its principal', async () => {
    const h = createHarness();
    const { access } = await connect(h);
    const check = h.identity.checkBearer(`Bearer ${access}`);
    assert.ok(check.ok);
    const claims = jwtPayload(access);
    assert.equal(check.principal.clientId, h.confidential.clientId);
    assert.equal(check.principal.appKind, 'confidential');
    assert.equal(check.principal.userId, h.user.userId);
    assert.deepEqual(check.principal.scopes, SCOPES);
    assert.equal(check.principal.authEventId, claims.authentication_event_id);
    assert.equal(check.principal.expiresAtMs, Number(claims.exp) * 1000);
    assert.ok(h.identity.checkBearer(`bearer  ${access}`).ok, 'the scheme is case-insensitive');
  });

  it('reports expiry at exp with the instant in MM/dd/yyyy HH:mm:ss UTC', async () => {
    const h = createHarness();
    const { access } = await connect(h);
    const exp = Number(jwtPayload(access).exp) * 1000;
    // The sim clock keeps running with real time: leave a second of margin.
    h.clock.set(exp - 1000);
    assert.ok(h.identity.checkBearer(`Bearer ${access}`).ok);
    h.clock.set(exp);
    const check = h.identity.checkBearer(`Bearer ${access}`);
    assert.ok(!check.ok);
    const d = new Date(exp);
    const two = (n: number) => String(n).padStart(2, '0');
    const stamp = `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
    assert.equal(check.detail, `TokenExpired: token expired at ${stamp}`);
  });

  it('answers AuthenticationUnsuccessful for missing, malformed, tampered, foreign and id tokens', async () => {
    const h = createHarness();
    const other = createHarness();
    const pair = createPkcePair();
    const { code } = await authorizeViaHttp(h.sim, { app: h.pkce, scopes: SCOPES, redirectUri: REDIRECT_URI, codeChallenge: pair.challenge, fetch: h.fetch });
    const body = assertTokens(await exchangeCode(h.sim, { app: h.pkce, code, redirectUri: REDIRECT_URI, codeVerifier: pair.verifier, fetch: h.fetch }));
    const foreign = assertTokens(await tokenRequest(other.sim, other.custom, { grant_type: 'client_credentials' }, { fetch: other.fetch }));
    const [hd, , sig] = String(body.access_token).split('.');
    const forged = `${hd}.${Buffer.from(JSON.stringify({ ...jwtPayload(body.access_token), scope: ['accounting.transactions'] })).toString('base64url')}.${sig}`;
    for (const header of [undefined, '', 'Bearer', 'Basic abc', 'Bearer a.b.c', forged, `Bearer ${forged}`, `Bearer ${String(foreign.access_token)}`, `Bearer ${String(body.id_token)}`]) {
      const check = h.identity.checkBearer(header);
      assert.ok(!check.ok && check.detail === 'AuthenticationUnsuccessful');
    }
  });
});

describe('revocation', () => {
  it('answers 200 with an empty body, removes the person\'s connections to the app and ends the grant', async () => {
    const h = createHarness();
    const web = await connect(h);
    const second = await connect(h); // a second grant of the same person and app
    const pkce = await connect(h, { app: 'pkce' });
    const res = await h.call('POST', '/connect/revocation', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${h.confidential.clientId}:${h.confidential.clientSecret ?? ''}`).toString('base64')}` },
      body: new URLSearchParams({ token: web.refresh, token_type_hint: 'refresh_token' }).toString(),
    });
    assert.equal(res.status, 200);
    assert.equal(res.body, '');
    assert.equal(h.log.at(-1), 'revocation:ok');
    assert.deepEqual((await getConnections(h, web.access)).body, []);
    const refresh = (app: Harness['confidential'], token: string) => tokenRequest(h.sim, app, { grant_type: 'refresh_token', refresh_token: token }, { fetch: h.fetch });
    assertOAuthError(await refresh(h.confidential, web.refresh), 'invalid_grant');
    assertOAuthError(await refresh(h.confidential, second.refresh), 'invalid_grant');
    // The other app is untouched.
    assertTokens(await refresh(h.pkce, pkce.refresh));
    assert.equal(((await getConnections(h, pkce.access)).body as Conn[]).length, TENANTS.length);
    // Consent was forgotten with it: the next authorize starts from the scopes it asks for.
    const again = await authorizeViaHttp(h.sim, { app: h.confidential, scopes: ['openid'], redirectUri: REDIRECT_URI, fetch: h.fetch });
    assert.equal(again.scope, 'openid');
  });

  it('accepts unknown tokens and other clients\' tokens with 200 and changes nothing', async () => {
    const h = createHarness();
    const pkce = await connect(h, { app: 'pkce' });
    const revoke = (token: string) => tokenRequest(h.sim, h.confidential, { token }, { path: '/connect/revocation', fetch: h.fetch });
    assert.equal((await revoke('unknown')).status, 200);
    assert.equal((await revoke(pkce.refresh)).status, 200);
    assert.equal((await revoke(pkce.access)).status, 200);
    assertTokens(await tokenRequest(h.sim, h.pkce, { grant_type: 'refresh_token', refresh_token: pkce.refresh }, { fetch: h.fetch }));
  });

  it('lets a PKCE app revoke with client_id alone; refuses bad client auth and a missing token', async () => {
    const h = createHarness();
    const pkce = await connect(h, { app: 'pkce' });
    assertOAuthError(await tokenRequest(h.sim, { clientId: h.confidential.clientId, clientSecret: 'wrong' }, { token: pkce.refresh }, { path: '/connect/revocation', fetch: h.fetch }), 'invalid_client');
    assertOAuthError(await tokenRequest(h.sim, h.pkce, {}, { path: '/connect/revocation', fetch: h.fetch }), 'invalid_request');
    assert.equal((await tokenRequest(h.sim, h.pkce, { token: pkce.refresh }, { path: '/connect/revocation', fetch: h.fetch })).status, 200);
    assertOAuthError(await tokenRequest(h.sim, h.pkce, { grant_type: 'refresh_token', refresh_token: pkce.refresh }, { fetch: h.fetch }), 'invalid_grant');
  });

  it('revokes with a rotated-out token too', async () => {
    const h = createHarness();
    const web = await connect(h);
    const rotated = assertTokens(await tokenRequest(h.sim, h.confidential, { grant_type: 'refresh_token', refresh_token: web.refresh }, { fetch: h.fetch }));
    await tokenRequest(h.sim, h.confidential, { token: web.refresh }, { path: '/connect/revocation', fetch: h.fetch });
    assertOAuthError(await tokenRequest(h.sim, h.confidential, { grant_type: 'refresh_token', refresh_token: String(rotated.refresh_token) }, { fetch: h.fetch }), 'invalid_grant');
  });
});

describe('disconnectAll', () => {
  it('removes every connection and ends the affected grants', async () => {
    const h = createHarness();
    const web = await connect(h);
    const pkce = await connect(h, { app: 'pkce' });
    assert.equal(h.identity.disconnectAll(), TENANTS.length * 2);
    assert.equal(h.identity.disconnectAll(), 0);
    for (const [app, tokens] of [[h.confidential, web], [h.pkce, pkce]] as const) {
      const check = h.identity.checkBearer(`Bearer ${tokens.access}`);
      assert.ok(check.ok, 'the access token itself stays valid');
      assert.deepEqual(h.identity.tenantsFor(check.principal), [], 'but reaches no tenant');
      assertOAuthError(await tokenRequest(h.sim, app, { grant_type: 'refresh_token', refresh_token: tokens.refresh }, { fetch: h.fetch }), 'invalid_grant');
    }
  });

  it('can be limited to one app and leaves the custom connection alone', async () => {
    const h = createHarness();
    const web = await connect(h);
    const pkce = await connect(h, { app: 'pkce' });
    assert.equal(h.identity.disconnectAll(h.pkce.clientId), TENANTS.length);
    assertTokens(await tokenRequest(h.sim, h.confidential, { grant_type: 'refresh_token', refresh_token: web.refresh }, { fetch: h.fetch }));
    assertOAuthError(await tokenRequest(h.sim, h.pkce, { grant_type: 'refresh_token', refresh_token: pkce.refresh }, { fetch: h.fetch }), 'invalid_grant');
    assert.equal(h.identity.disconnectAll(h.custom.clientId), 0);
    const cc = assertTokens(await tokenRequest(h.sim, h.custom, { grant_type: 'client_credentials' }, { fetch: h.fetch }));
    const check = h.identity.checkBearer(`Bearer ${String(cc.access_token)}`);
    assert.ok(check.ok);
    assert.deepEqual(h.identity.tenantsFor(check.principal), [h.custom.tenantId]);
  });

  it('lets the person reconnect afterwards', async () => {
    const h = createHarness();
    await connect(h);
    h.identity.disconnectAll();
    const again = await connect(h);
    assertTokens(await tokenRequest(h.sim, h.confidential, { grant_type: 'refresh_token', refresh_token: again.refresh }, { fetch: h.fetch }));
    const check = h.identity.checkBearer(`Bearer ${again.access}`);
    assert.ok(check.ok);
    assert.equal(h.identity.tenantsFor(check.principal).length, TENANTS.length);
  });
});

describe('discovery', () => {
  it('serves the OpenID configuration for the request origin and the JWKS', async () => {
    const h = createHarness();
    const config = JSON.parse(String((await h.call('GET', '/.well-known/openid-configuration')).body)) as Record<string, unknown>;
    assert.equal(config.issuer, ORIGIN);
    assert.equal(config.authorization_endpoint, `${ORIGIN}/identity/connect/authorize`);
    assert.equal(config.token_endpoint, `${ORIGIN}/connect/token`);
    assert.equal(config.revocation_endpoint, `${ORIGIN}/connect/revocation`);
    assert.equal(config.userinfo_endpoint, `${ORIGIN}/connect/userinfo`);
    assert.equal(config.jwks_uri, `${ORIGIN}/.well-known/openid-configuration/jwks`);
    assert.deepEqual(config.code_challenge_methods_supported, ['S256']);
    const jwks = JSON.parse(String((await h.call('GET', '/.well-known/openid-configuration/jwks')).body)) as { keys: Record<string, unknown>[] };
    assert.equal(jwks.keys.length, 1);
    assert.deepEqual(Object.keys(jwks.keys[0] ?? {}).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });

  it('answers userinfo by scope', async () => {
    const h = createHarness();
    const { code } = await authorizeViaHttp(h.sim, { app: h.confidential, scopes: ['openid', 'email', 'accounting.settings'], redirectUri: REDIRECT_URI, fetch: h.fetch });
    const body = assertTokens(await exchangeCode(h.sim, { app: h.confidential, code, redirectUri: REDIRECT_URI, fetch: h.fetch }));
    const res = await h.call('GET', '/connect/userinfo', { headers: { authorization: `Bearer ${String(body.access_token)}` } });
    assert.equal(res.status, 200);
    const info = JSON.parse(String(res.body)) as Record<string, unknown>;
    assert.equal(info.email, h.user.email);
    assert.equal(info.xero_userid, h.user.userId);
    assert.ok(!('given_name' in info));
    assert.equal((await h.call('GET', '/connect/userinfo')).status, 401);
    const cc = assertTokens(await tokenRequest(h.sim, h.custom, { grant_type: 'client_credentials' }, { fetch: h.fetch }));
    assert.equal((await h.call('GET', '/connect/userinfo', { headers: { authorization: `Bearer ${String(cc.access_token)}` } })).status, 403);
  });
});
