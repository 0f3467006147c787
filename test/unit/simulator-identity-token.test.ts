import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CUSTOM_CONNECTION_SCOPES } from '../../src/simulator/apps.js';
import { authorizeViaHttp, createPkcePair, exchangeCode, tokenRequest } from '../helpers/oauth-flow.js';
import {
  ORIGIN,
  REDIRECT_URI,
  TENANTS,
  assertOAuthError,
  assertTokens,
  basic,
  createHarness,
  form,
  jwtPayload,
  type Harness,
} from './simulator-identity-harness.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const OFFLINE = ['openid', 'profile', 'email', 'offline_access', 'accounting.transactions', 'accounting.settings'];

async function codeFor(h: Harness, opts: { scopes?: string[]; pkce?: boolean; nonce?: string } = {}) {
  const pair = createPkcePair();
  const app = opts.pkce ? h.pkce : h.confidential;
  const { code } = await authorizeViaHttp(h.sim, {
    app,
    scopes: opts.scopes ?? OFFLINE,
    redirectUri: REDIRECT_URI,
    ...(opts.pkce ? { codeChallenge: pair.challenge } : {}),
    ...(opts.nonce !== undefined ? { nonce: opts.nonce } : {}),
    fetch: h.fetch,
  });
  return { code, verifier: pair.verifier, app };
}

function exchange(h: Harness, code: string, extra: { app?: Harness['confidential']; redirectUri?: string; codeVerifier?: string; auth?: 'basic' | 'body' } = {}) {
  return exchangeCode(h.sim, { app: extra.app ?? h.confidential, code, redirectUri: extra.redirectUri ?? REDIRECT_URI, fetch: h.fetch, ...(extra.codeVerifier !== undefined ? { codeVerifier: extra.codeVerifier } : {}), ...(extra.auth ? { auth: extra.auth } : {}) });
}

function refresh(h: Harness, refreshToken: unknown, app = h.confidential) {
  return tokenRequest(h.sim, app, { grant_type: 'refresh_token', refresh_token: String(refreshToken) }, { fetch: h.fetch });
}

describe('token endpoint: authorization_code', () => {
  it('exchanges a code for tokens with the documented shape and claims', async () => {
    const h = createHarness();
    const { code } = await codeFor(h, { nonce: 'n-123' });
    const body = assertTokens(await exchange(h, code));
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'id_token', 'refresh_token', 'scope', 'token_type']);
    assert.equal(body.expires_in, 1800);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.scope, OFFLINE.join(' '));

    const at = jwtPayload(body.access_token);
    for (const claim of ['nbf', 'exp', 'iss', 'aud', 'client_id', 'sub', 'auth_time', 'idp', 'xero_userid', 'global_session_id', 'jti', 'authentication_event_id', 'scope', 'amr']) {
      assert.ok(claim in at, `access token lacks ${claim}`);
    }
    assert.equal(at.iss, ORIGIN);
    assert.equal(at.aud, `${ORIGIN}/resources`);
    assert.equal(at.client_id, h.confidential.clientId);
    assert.equal(at.xero_userid, h.user.userId);
    assert.equal(at.global_session_id, h.user.globalSessionId);
    assert.deepEqual(at.scope, OFFLINE);
    assert.equal(Number(at.exp) - Number(at.nbf), 1800);

    const id = jwtPayload(body.id_token);
    assert.equal(id.aud, h.confidential.clientId);
    assert.equal(id.iss, ORIGIN);
    assert.equal(id.nonce, 'n-123');
    assert.equal(id.email, h.user.email);
    assert.equal(id.given_name, h.user.givenName);
    assert.equal(id.family_name, h.user.familyName);
    assert.equal(id.preferred_username, h.user.email);
    assert.equal(id.xero_userid, h.user.userId);
    assert.equal(id.sid, h.user.globalSessionId);
    assert.equal(id.global_session_id, h.user.globalSessionId);
    assert.equal(h.log.at(-1), 'authorization_code:ok');

    // The access token's authentication_event_id is the connections' authEventId.
    const check = h.identity.checkBearer(`Bearer ${String(body.access_token)}`);
    assert.ok(check.ok);
    const conns = await h.call('GET', '/connections', { headers: { authorization: `Bearer ${String(body.access_token)}` } });
    const list = JSON.parse(String(conns.body)) as { authEventId: string }[];
    assert.equal(list.length, TENANTS.length);
    assert.ok(list.every((c) => c.authEventId === at.authentication_event_id));
  });

  it('issues no id_token without openid and no refresh token without offline_access', async () => {
    const h = createHarness();
    const { code } = await codeFor(h, { scopes: ['accounting.settings.read'] });
    const body = assertTokens(await exchange(h, code));
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
    const { code: code2 } = await codeFor(h, { scopes: ['openid', 'accounting.settings.read'] });
    const body2 = assertTokens(await exchange(h, code2));
    assert.ok('id_token' in body2);
    assert.ok(!('refresh_token' in body2));
    const id = jwtPayload(body2.id_token);
    assert.ok(!('email' in id) && !('given_name' in id), 'email and profile claims need their scopes');
  });

  it('accepts Basic and body client authentication alike', async () => {
    const h = createHarness();
    assertTokens(await exchange(h, (await codeFor(h)).code, { auth: 'basic' }));
    assertTokens(await exchange(h, (await codeFor(h)).code, { auth: 'body' }));
  });

  it('refuses a reused code, and revokes the refresh token issued from it', async () => {
    const h = createHarness();
    const { code } = await codeFor(h);
    const first = assertTokens(await exchange(h, code));
    assertOAuthError(await exchange(h, code), 'invalid_grant');
    assert.equal(h.log.at(-1), 'authorization_code:invalid_grant');
    assertOAuthError(await refresh(h, first.refresh_token), 'invalid_grant');
  });

  it('expires codes 5 minutes after issue', async () => {
    const h = createHarness();
    const early = await codeFor(h);
    h.clock.advance(4 * MINUTE + 59_000);
    assertTokens(await exchange(h, early.code));
    const late = await codeFor(h);
    h.clock.advance(5 * MINUTE);
    assertOAuthError(await exchange(h, late.code), 'invalid_grant');
  });

  it('treats codes as case-sensitive', async () => {
    const h = createHarness();
    const { code } = await codeFor(h);
    const swapped = code.replace(/[a-zA-Z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
    assert.ok(swapped !== code, 'the code has letters');
    assertOAuthError(await exchange(h, swapped), 'invalid_grant');
    assertOAuthError(await exchange(h, 'no-such-code'), 'invalid_grant');
  });

  it('binds the code to its client and redirect_uri (a failed attempt spends the code)', async () => {
    const h = createHarness();
    const wrongRedirect = await codeFor(h);
    assertOAuthError(await exchange(h, wrongRedirect.code, { redirectUri: 'http://localhost:33333' }), 'invalid_grant');
    assertOAuthError(await exchange(h, wrongRedirect.code), 'invalid_grant');

    const pkce = await codeFor(h, { pkce: true });
    // The confidential app presenting the PKCE app's code.
    assertOAuthError(await exchange(h, pkce.code, { codeVerifier: pkce.verifier }), 'invalid_grant');

    const missing = await codeFor(h);
    const reply = await tokenRequest(h.sim, h.confidential, { grant_type: 'authorization_code', code: missing.code }, { fetch: h.fetch });
    assertOAuthError(reply, 'invalid_request');
    // invalid_request is decided before the code is looked at, so the code still works.
    assertTokens(await exchange(h, missing.code));
  });

  it('checks the PKCE verifier', async () => {
    const h = createHarness();
    const ok = await codeFor(h, { pkce: true });
    const body = assertTokens(await exchange(h, ok.code, { app: h.pkce, codeVerifier: ok.verifier }));
    assert.ok('refresh_token' in body);

    const wrong = await codeFor(h, { pkce: true });
    assertOAuthError(await exchange(h, wrong.code, { app: h.pkce, codeVerifier: createPkcePair().verifier }), 'invalid_grant');
    const missing = await codeFor(h, { pkce: true });
    assertOAuthError(await exchange(h, missing.code, { app: h.pkce }), 'invalid_grant');
    const short = await codeFor(h, { pkce: true });
    assertOAuthError(await exchange(h, short.code, { app: h.pkce, codeVerifier: 'too-short' }), 'invalid_grant');
    // A verifier for a code issued without a challenge is refused too.
    const plain = await codeFor(h);
    assertOAuthError(await exchange(h, plain.code, { codeVerifier: createPkcePair().verifier }), 'invalid_grant');
  });

  it('lets a confidential app use PKCE, still with its secret', async () => {
    const h = createHarness();
    const pair = createPkcePair();
    const { code } = await authorizeViaHttp(h.sim, { app: h.confidential, scopes: OFFLINE, redirectUri: REDIRECT_URI, codeChallenge: pair.challenge, fetch: h.fetch });
    const noSecret = await h.call('POST', '/connect/token', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ grant_type: 'authorization_code', client_id: h.confidential.clientId, code, redirect_uri: REDIRECT_URI, code_verifier: pair.verifier }),
    });
    assert.equal(noSecret.body, '{"error":"invalid_client"}');
    // invalid_client is decided before the code is looked at, so the code still works.
    assertTokens(await exchange(h, code, { codeVerifier: pair.verifier }));
  });
});

describe('token endpoint: client authentication and request errors', () => {
  it('answers exact error bodies', async () => {
    const h = createHarness();
    const post = (body: string, headers: Record<string, string> = {}) =>
      h.call('POST', '/connect/token', { headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
    const cases: [string, Awaited<ReturnType<typeof post>>, string][] = [
      ['wrong secret', await post(form({ grant_type: 'client_credentials' }), { authorization: `Basic ${Buffer.from(`${h.custom.clientId}:wrong`).toString('base64')}` }), 'invalid_client'],
      ['unknown client', await post(form({ grant_type: 'client_credentials', client_id: 'NOPE', client_secret: 'x' })), 'invalid_client'],
      ['no client', await post(form({ grant_type: 'client_credentials' })), 'invalid_client'],
      ['malformed Basic', await post(form({ grant_type: 'client_credentials' }), { authorization: 'Basic !!!' }), 'invalid_client'],
      ['Basic plus body secret', await post(form({ grant_type: 'client_credentials', client_secret: h.custom.clientSecret ?? '' }), { authorization: basic(h.custom) }), 'invalid_client'],
      ['PKCE app sending a secret', await post(form({ grant_type: 'refresh_token', refresh_token: 'x', client_id: h.pkce.clientId, client_secret: 'x' })), 'invalid_client'],
      ['unsupported grant', await post(form({ grant_type: 'password', username: 'u', password: 'p' }), { authorization: basic(h.confidential) }), 'unsupported_grant_type'],
      ['missing grant', await post(form({}), { authorization: basic(h.confidential) }), 'invalid_request'],
      ['missing refresh token', await post(form({ grant_type: 'refresh_token' }), { authorization: basic(h.confidential) }), 'invalid_request'],
    ];
    for (const [name, res, error] of cases) {
      assert.equal(res.status, 400, name);
      assert.equal(res.body, JSON.stringify({ error }), name);
      assert.match(res.headers?.['content-type'] ?? '', /^application\/json/, name);
      assert.equal(res.headers?.['cache-control'], 'no-store', name);
    }
    const json = await h.call('POST', '/connect/token', { headers: { 'content-type': 'application/json', authorization: basic(h.confidential) }, body: '{"grant_type":"client_credentials"}' });
    assert.equal(json.body, '{"error":"invalid_request"}');
  });

  it('logs <grant_type>:<result> and nothing secret', async () => {
    const h = createHarness();
    const { code } = await codeFor(h);
    const body = assertTokens(await exchange(h, code));
    await refresh(h, body.refresh_token);
    await tokenRequest(h.sim, h.custom, { grant_type: 'client_credentials' }, { fetch: h.fetch });
    await tokenRequest(h.sim, h.confidential, { grant_type: 'client_credentials' }, { fetch: h.fetch });
    await tokenRequest(h.sim, h.confidential, { grant_type: 'device_code' }, { fetch: h.fetch });
    await tokenRequest(h.sim, h.confidential, { grant_type: 'evil value\nwith newline' }, { fetch: h.fetch });
    assert.deepEqual(h.log.slice(-6), [
      'authorization_code:ok',
      'refresh_token:ok',
      'client_credentials:ok',
      'client_credentials:unauthorized_client',
      'device_code:unsupported_grant_type',
      'unknown:unsupported_grant_type',
    ]);
  });
});

describe('token endpoint: refresh_token', () => {
  it('rotates: each refresh returns a new refresh token and a fresh access token', async () => {
    const h = createHarness();
    const first = assertTokens(await exchange(h, (await codeFor(h)).code));
    h.clock.advance(10 * MINUTE);
    const second = assertTokens(await refresh(h, first.refresh_token));
    assert.ok(second.refresh_token !== first.refresh_token, 'a new refresh token');
    assert.ok(second.access_token !== first.access_token, 'a new access token');
    assert.equal(second.scope, OFFLINE.join(' '));
    assert.ok('id_token' in second, 'openid grants get an id_token on refresh too');
    assert.ok(!('nonce' in jwtPayload(second.id_token)));
    const a1 = jwtPayload(first.access_token);
    const a2 = jwtPayload(second.access_token);
    assert.equal(a2.authentication_event_id, a1.authentication_event_id);
    assert.equal(a2.auth_time, a1.auth_time);
    // The sim clock runs on with real time too, so a second boundary may fall in between.
    const later = Number(a2.exp) - Number(a1.exp);
    assert.ok(later === 600 || later === 601, `exp moved by ${later}s`);
    assert.ok(a2.jti !== a1.jti);
  });

  it('keeps a rotated-out token usable for 30 minutes after its first rotation, then refuses it', async () => {
    const h = createHarness();
    const first = assertTokens(await exchange(h, (await codeFor(h)).code));
    const second = assertTokens(await refresh(h, first.refresh_token));
    h.clock.advance(15 * MINUTE);
    // Within grace the old token works again, each time returning a fresh pair.
    const again = assertTokens(await refresh(h, first.refresh_token));
    assert.ok(again.refresh_token !== second.refresh_token);
    h.clock.advance(14 * MINUTE); // 29 minutes after the first rotation
    assertTokens(await refresh(h, first.refresh_token));
    h.clock.advance(2 * MINUTE); // 31 minutes
    assertOAuthError(await refresh(h, first.refresh_token), 'invalid_grant');
    // Tokens rotated out later have their own grace; the newest is unaffected.
    const latest = assertTokens(await refresh(h, second.refresh_token));
    assertTokens(await refresh(h, latest.refresh_token));
  });

  it('after the grace period only the newest token works', async () => {
    const h = createHarness();
    const t1 = assertTokens(await exchange(h, (await codeFor(h)).code));
    const t2 = assertTokens(await refresh(h, t1.refresh_token));
    const t3 = assertTokens(await refresh(h, t1.refresh_token)); // grace reuse: t2 is now rotated out too
    h.clock.advance(31 * MINUTE);
    assertOAuthError(await refresh(h, t1.refresh_token), 'invalid_grant');
    assertOAuthError(await refresh(h, t2.refresh_token), 'invalid_grant');
    assertTokens(await refresh(h, t3.refresh_token));
  });

  it('expires unused refresh tokens 60 days after issue', async () => {
    const h = createHarness();
    const a = assertTokens(await exchange(h, (await codeFor(h)).code));
    const b = assertTokens(await exchange(h, (await codeFor(h)).code));
    h.clock.advance(59 * DAY);
    const a2 = assertTokens(await refresh(h, a.refresh_token));
    h.clock.advance(1 * DAY + MINUTE);
    assertOAuthError(await refresh(h, b.refresh_token), 'invalid_grant');
    // a2 was issued a day ago: still fine.
    assertTokens(await refresh(h, a2.refresh_token));
  });

  it('binds refresh tokens to their client', async () => {
    const h = createHarness();
    const { code, verifier } = await codeFor(h, { pkce: true });
    const body = assertTokens(await exchange(h, code, { app: h.pkce, codeVerifier: verifier }));
    assertOAuthError(await refresh(h, body.refresh_token, h.confidential), 'invalid_grant');
    // PKCE apps refresh with client_id alone.
    assertTokens(await refresh(h, body.refresh_token, h.pkce));
  });

  it('refuses a custom connection on the user grants', async () => {
    const h = createHarness();
    assertOAuthError(await refresh(h, 'x', h.custom), 'unauthorized_client');
    assertOAuthError(await tokenRequest(h.sim, h.custom, { grant_type: 'authorization_code', code: 'x', redirect_uri: REDIRECT_URI }, { fetch: h.fetch }), 'unauthorized_client');
  });
});

describe('token endpoint: client_credentials', () => {
  it('gives the custom connection a token for its one tenant, with all its scopes by default', async () => {
    const h = createHarness();
    const body = assertTokens(await tokenRequest(h.sim, h.custom, { grant_type: 'client_credentials' }, { fetch: h.fetch }));
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
    assert.equal(body.scope, CUSTOM_CONNECTION_SCOPES.join(' '));
    const at = jwtPayload(body.access_token);
    assert.equal(at.client_id, h.custom.clientId);
    assert.ok(typeof at.jti === 'string' && typeof at.exp === 'number');
    for (const userClaim of ['sub', 'xero_userid', 'global_session_id', 'auth_time', 'authentication_event_id']) assert.ok(!(userClaim in at), userClaim);
    const check = h.identity.checkBearer(`Bearer ${String(body.access_token)}`);
    assert.ok(check.ok);
    assert.equal(check.principal.appKind, 'custom-connection');
    assert.equal(check.principal.userId, undefined);
    assert.deepEqual(h.identity.tenantsFor(check.principal), [h.custom.tenantId]);
  });

  it('narrows to requested scopes, refuses unknown ones with invalid_scope', async () => {
    const h = createHarness();
    const body = assertTokens(await tokenRequest(h.sim, h.custom, { grant_type: 'client_credentials', scope: 'accounting.invoices accounting.contacts' }, { fetch: h.fetch, auth: 'body' }));
    assert.equal(body.scope, 'accounting.invoices accounting.contacts');
    assert.deepEqual(jwtPayload(body.access_token).scope, ['accounting.invoices', 'accounting.contacts']);
    assertOAuthError(await tokenRequest(h.sim, h.custom, { grant_type: 'client_credentials', scope: 'accounting.invoices offline_access' }, { fetch: h.fetch }), 'invalid_scope');
    assertOAuthError(await tokenRequest(h.sim, h.custom, { grant_type: 'client_credentials', scope: 'openid' }, { fetch: h.fetch }), 'invalid_scope');
  });

  it('is refused to the other apps with unauthorized_client', async () => {
    const h = createHarness();
    assertOAuthError(await tokenRequest(h.sim, h.confidential, { grant_type: 'client_credentials' }, { fetch: h.fetch }), 'unauthorized_client');
    assertOAuthError(await tokenRequest(h.sim, h.pkce, { grant_type: 'client_credentials' }, { fetch: h.fetch }), 'unauthorized_client');
  });
});
