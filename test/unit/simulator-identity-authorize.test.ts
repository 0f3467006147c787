import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SESSION_COOKIE } from '../../src/simulator/identity/sessions.js';
import { CookieJar, authorizeUrl, authorizeViaHttp, createPkcePair, denyViaHttp, exchangeCode } from '../helpers/oauth-flow.js';
import { REDIRECT_URI, TENANTS, assertTokens, createHarness, type Harness } from './simulator-identity-harness.js';

const SCOPES = ['openid', 'profile', 'email', 'offline_access', 'accounting.settings'];

/** GET authorize with the harness app defaults overridden by `params` (null removes one). */
async function getAuthorize(h: Harness, params: Record<string, string | null>, cookie?: string) {
  const url = authorizeUrl(h.sim, { app: h.confidential, scopes: SCOPES, redirectUri: REDIRECT_URI, state: 'st' });
  for (const [k, v] of Object.entries(params)) {
    if (v === null) url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  return h.call('GET', `${url.pathname}${url.search}`, cookie ? { headers: { cookie } } : {});
}

function bodyText(res: { body?: string | Buffer }): string {
  return String(res.body ?? '');
}

describe('authorize: bad parameters show an error page and never redirect', () => {
  const cases: [string, (h: Harness) => Record<string, string | null>, RegExp, RegExp][] = [
    ['an unknown client_id', () => ({ client_id: 'NOPE' }), /unauthorized_client : Unknown client/, /NOPE/],
    ['an unregistered redirect_uri', () => ({ redirect_uri: 'http://127.0.0.1:9999/other' }), /unauthorized_client : Invalid redirect_uri/, /http:\/\/127\.0\.0\.1:9999\/other/],
    ['a redirect_uri differing only by a trailing slash', () => ({ redirect_uri: `${REDIRECT_URI}/` }), /Invalid redirect_uri/, /not registered/],
    ['an unknown scope', () => ({ scope: 'openid accounting.everything' }), /unauthorized_client : Invalid scope for client/, /accounting\.everything/],
    ['a restricted scope', () => ({ scope: 'openid bankfeeds' }), /Invalid scope for client/, /bankfeeds/],
    ['an empty scope', () => ({ scope: '' }), /invalid_request : scope is missing/, /scope/],
    ['response_type=token', () => ({ response_type: 'token' }), /unsupported_response_type/, /response_type/],
    ['a custom-connection client', (h) => ({ client_id: h.custom.clientId }), /unauthorized_client : Invalid grant type for client/, /client_credentials/],
    ['code_challenge_method=plain', () => ({ code_challenge: createPkcePair().challenge, code_challenge_method: 'plain' }), /Transform algorithm not supported/, /S256/],
    ['a malformed code_challenge', () => ({ code_challenge: 'short', code_challenge_method: 'S256' }), /Invalid code_challenge/, /43 characters/],
  ];
  for (const [name, params, code, detail] of cases) {
    it(`answers 500 for ${name}`, async () => {
      const h = createHarness();
      const res = await getAuthorize(h, params(h));
      assert.equal(res.status, 500);
      assert.equal(res.headers?.location, undefined);
      assert.match(res.headers?.['content-type'] ?? '', /text\/html/);
      assert.match(bodyText(res), code);
      assert.match(bodyText(res), detail);
    });
  }

  it('requires an S256 challenge from a PKCE app', async () => {
    const h = createHarness();
    const res = await getAuthorize(h, { client_id: h.pkce.clientId });
    assert.equal(res.status, 500);
    assert.match(bodyText(res), /code challenge required/);
  });

  it('reads redirect URIs at request time, so one registered later works', async () => {
    const h = createHarness();
    const late = 'http://127.0.0.1:9999/late';
    assert.equal((await getAuthorize(h, { redirect_uri: late })).status, 500);
    h.confidential.redirectUris.push(late);
    assert.equal((await getAuthorize(h, { redirect_uri: late })).status, 302);
  });

  it('escapes what it echoes', async () => {
    const h = createHarness();
    const res = await getAuthorize(h, { redirect_uri: 'http://x/"><script>alert(1)</script>' });
    assert.doesNotMatch(bodyText(res), /<script>/);
  });
});

describe('authorize: login and consent', () => {
  it('sends a new browser to the login page with an HttpOnly, SameSite=Lax session cookie', async () => {
    const h = createHarness();
    const res = await getAuthorize(h, {});
    assert.equal(res.status, 302);
    assert.match(res.headers?.location ?? '', /^\/identity\/user\/login\?request=/);
    const cookie = res.headers?.['set-cookie'] ?? '';
    assert.match(cookie, new RegExp(`^${SESSION_COOKIE}=`));
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
  });

  it('renders a login form with stable ids and the app name', async () => {
    const h = createHarness();
    const res = await getAuthorize(h, {});
    const cookie = (res.headers?.['set-cookie'] ?? '').split(';')[0] ?? '';
    const page = bodyText(await h.call('GET', res.headers?.location ?? '', { headers: { cookie } }));
    for (const id of ['email', 'password', 'login']) assert.match(page, new RegExp(`id="${id}"`));
    assert.match(page, /name="csrf"/);
    assert.match(page, /xero-sql demo \(web app\)/);
  });

  it('re-shows the login form on a wrong password, and refuses a post without the CSRF token', async () => {
    const h = createHarness();
    const res = await getAuthorize(h, {});
    const cookie = (res.headers?.['set-cookie'] ?? '').split(';')[0] ?? '';
    const page = bodyText(await h.call('GET', res.headers?.location ?? '', { headers: { cookie } }));
    const request = /name="request" value="([^"]*)"/.exec(page)?.[1] ?? '';
    const csrf = /name="csrf" value="([^"]*)"/.exec(page)?.[1] ?? '';
    const post = (fields: Record<string, string>, withCookie = cookie) =>
      h.call('POST', '/identity/user/login', {
        headers: { cookie: withCookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });

    const wrong = await post({ request, csrf, email: h.user.email, password: 'nope' });
    assert.equal(wrong.status, 200);
    assert.match(bodyText(wrong), /email or password is incorrect/);
    assert.match(bodyText(wrong), /id="password"/);

    const noCsrf = await post({ request, email: h.user.email, password: h.user.password });
    assert.equal(noCsrf.status, 403);
    const badCsrf = await post({ request, csrf: `${csrf}x`, email: h.user.email, password: h.user.password });
    assert.equal(badCsrf.status, 403);
    const otherBrowser = await post({ request, csrf, email: h.user.email, password: h.user.password }, `${SESSION_COOKIE}=someone-else`);
    assert.equal(otherBrowser.status, 403);
    const unknownRequest = await post({ request: 'nope', csrf, email: h.user.email, password: h.user.password });
    assert.equal(unknownRequest.status, 400);

    const ok = await post({ request, csrf, email: h.user.email.toUpperCase(), password: h.user.password });
    assert.equal(ok.status, 302);
    assert.match(ok.headers?.location ?? '', /^\/identity\/connect\/consent\?request=/);
  });

  it('refuses a consent post with the CSRF token of the login page (rotated at login)', async () => {
    const h = createHarness();
    const res = await getAuthorize(h, {});
    const cookie = (res.headers?.['set-cookie'] ?? '').split(';')[0] ?? '';
    const page = bodyText(await h.call('GET', res.headers?.location ?? '', { headers: { cookie } }));
    const request = /name="request" value="([^"]*)"/.exec(page)?.[1] ?? '';
    const csrf = /name="csrf" value="([^"]*)"/.exec(page)?.[1] ?? '';
    const headers = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
    await h.call('POST', '/identity/user/login', { headers, body: new URLSearchParams({ request, csrf, email: h.user.email, password: h.user.password }).toString() });
    const consent = await h.call('POST', '/identity/connect/consent', {
      headers,
      body: new URLSearchParams({ request, csrf, action: 'allow', tenant: TENANTS[0]?.tenantId ?? '' }).toString(),
    });
    assert.equal(consent.status, 403);
  });

  it('lists the app, the scopes and every tenant (checked) on the consent page', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    // Log in once through the helper, then open a second request's consent page by hand.
    await authorizeViaHttp(h.sim, { app: h.confidential, scopes: SCOPES, redirectUri: REDIRECT_URI, jar, fetch: h.fetch });
    const res = await getAuthorize(h, {}, jar.header());
    assert.match(res.headers?.location ?? '', /^\/identity\/connect\/consent/);
    const page = bodyText(await h.call('GET', res.headers?.location ?? '', { headers: { cookie: jar.header() ?? '' } }));
    assert.match(page, /xero-sql demo \(web app\)/);
    for (const s of SCOPES) assert.match(page, new RegExp(`<code>${s}</code>`));
    for (const t of TENANTS) {
      assert.match(page, new RegExp(`name="tenant" id="tenant-\\d" value="${t.tenantId}" checked`));
      assert.match(page, new RegExp(t.tenantName.replace(/[()]/g, '\\$&')));
    }
    assert.match(page, /id="allow"/);
    assert.match(page, /id="deny"/);
  });

  it('lands on the redirect URI with code, scope, state and session_state', async () => {
    const h = createHarness();
    const result = await authorizeViaHttp(h.sim, { app: h.confidential, scopes: SCOPES, redirectUri: REDIRECT_URI, state: 'xyz 1', fetch: h.fetch });
    assert.equal(`${result.redirect.origin}${result.redirect.pathname}`, REDIRECT_URI);
    assert.deepEqual([...result.redirect.searchParams.keys()], ['code', 'scope', 'state', 'session_state']);
    assert.equal(result.state, 'xyz 1');
    assert.equal(result.scope, SCOPES.join(' '));
    assert.match(result.redirect.searchParams.get('session_state') ?? '', /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]+$/);
    assert.ok(result.loggedIn);
    // Spaces are sent as %20, which every query decoder reads back.
    assert.ok(/[?&]scope=openid%20profile%20/.test(result.redirect.search), 'scope spaces are %20');
  });

  it('skips the login page for a second authorize in the same browser', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    const first = await authorizeViaHttp(h.sim, { app: h.confidential, scopes: SCOPES, redirectUri: REDIRECT_URI, jar, fetch: h.fetch });
    const second = await authorizeViaHttp(h.sim, { app: h.pkce, scopes: SCOPES, redirectUri: REDIRECT_URI, codeChallenge: createPkcePair().challenge, jar, fetch: h.fetch });
    assert.ok(first.loggedIn);
    assert.ok(!second.loggedIn);
    const fresh = await authorizeViaHttp(h.sim, { app: h.confidential, scopes: SCOPES, redirectUri: REDIRECT_URI, fetch: h.fetch });
    assert.ok(fresh.loggedIn);
  });

  it('redirects with error=access_denied and the state on Deny, and connects nothing', async () => {
    const h = createHarness();
    const redirect = await denyViaHttp(h.sim, { app: h.confidential, scopes: SCOPES, redirectUri: REDIRECT_URI, state: 's-1', fetch: h.fetch });
    assert.equal(redirect.searchParams.get('error'), 'access_denied');
    assert.equal(redirect.searchParams.get('state'), 's-1');
    assert.equal(redirect.searchParams.get('code'), null);
    assert.equal(h.identity.disconnectAll(), 0);
  });

  it('requires at least one tenant', async () => {
    const h = createHarness();
    await assert.rejects(
      authorizeViaHttp(h.sim, { app: h.confidential, scopes: SCOPES, redirectUri: REDIRECT_URI, tenants: [], fetch: h.fetch }),
      /POST consent \(allow\) answered 400 \(Select at least one organisation/,
    );
    await assert.rejects(
      authorizeViaHttp(h.sim, { app: h.confidential, scopes: SCOPES, redirectUri: REDIRECT_URI, tenants: ['33333333-3333-4333-8333-333333333333'], fetch: h.fetch }),
      /answered 400/,
    );
  });

  it('connects only the ticked tenants, sharing one new authEventId', async () => {
    const h = createHarness();
    const a = TENANTS[0]?.tenantId ?? '';
    const b = TENANTS[1]?.tenantId ?? '';
    const first = await authorizeViaHttp(h.sim, { app: h.confidential, scopes: SCOPES, redirectUri: REDIRECT_URI, tenants: [a], fetch: h.fetch });
    const t1 = assertTokens(await exchangeCode(h.sim, { app: h.confidential, code: first.code, redirectUri: REDIRECT_URI, fetch: h.fetch }));
    const p1 = h.identity.checkBearer(`Bearer ${String(t1.access_token)}`);
    assert.ok(p1.ok);
    assert.deepEqual(h.identity.tenantsFor(p1.principal), [a]);

    const second = await authorizeViaHttp(h.sim, { app: h.confidential, scopes: SCOPES, redirectUri: REDIRECT_URI, tenants: [b], fetch: h.fetch });
    const t2 = assertTokens(await exchangeCode(h.sim, { app: h.confidential, code: second.code, redirectUri: REDIRECT_URI, fetch: h.fetch }));
    const p2 = h.identity.checkBearer(`Bearer ${String(t2.access_token)}`);
    assert.ok(p2.ok);
    // Connections accumulate; the earlier token sees the new tenant too (tenantsFor is live).
    assert.deepEqual(h.identity.tenantsFor(p1.principal), [a, b]);
    assert.notEqual(p1.principal.authEventId, p2.principal.authEventId);
  });

  it('accumulates scopes per person and app across consents', async () => {
    const h = createHarness();
    const jar = new CookieJar();
    await authorizeViaHttp(h.sim, { app: h.confidential, scopes: ['openid', 'accounting.settings.read'], redirectUri: REDIRECT_URI, jar, fetch: h.fetch });
    const second = await authorizeViaHttp(h.sim, { app: h.confidential, scopes: ['openid', 'accounting.contacts.read'], redirectUri: REDIRECT_URI, jar, fetch: h.fetch });
    assert.equal(second.scope, 'openid accounting.settings.read accounting.contacts.read');
    const tokens = assertTokens(await exchangeCode(h.sim, { app: h.confidential, code: second.code, redirectUri: REDIRECT_URI, fetch: h.fetch }));
    assert.equal(tokens.scope, 'openid accounting.settings.read accounting.contacts.read');
    // Another app starts from nothing.
    const other = await authorizeViaHttp(h.sim, { app: h.pkce, scopes: ['openid'], redirectUri: REDIRECT_URI, codeChallenge: createPkcePair().challenge, jar, fetch: h.fetch });
    assert.equal(other.scope, 'openid');
  });

  it('forgets a parked request after an hour', async () => {
    const h = createHarness();
    const res = await getAuthorize(h, {});
    const cookie = (res.headers?.['set-cookie'] ?? '').split(';')[0] ?? '';
    h.clock.advance(61 * 60_000);
    const page = await h.call('GET', res.headers?.location ?? '', { headers: { cookie } });
    assert.equal(page.status, 400);
    assert.match(bodyText(page), /unknown or has expired/);
  });
});
