/**
 * The simulator's identity service over real HTTP: the authorization-code flow driven page by
 * page (cookies, CSRF tokens, redirects), PKCE, refresh rotation, client credentials, the
 * connections API, revocation, and discovery with a JWKS that verifies the tokens. Token and
 * connections responses are validated against Xero's identity OpenAPI spec when it is present.
 */
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, it, type TestContext } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { SimApp } from '../../src/simulator/apps.js';
import {
  CookieJar,
  authorizeUrl,
  authorizeViaHttp,
  createPkcePair,
  denyViaHttp,
  exchangeCode,
  tokenRequest,
  type TokenReply,
} from '../helpers/oauth-flow.js';

/** Registered on the auth-code apps; never contacted (the helpers stop at the redirect). */
const CALLBACK = 'http://127.0.0.1:9/callback';
const SCOPES = ['openid', 'profile', 'email', 'offline_access', 'accounting.settings', 'accounting.transactions'];
const SPEC_PATH = fileURLToPath(new URL('../../../shared/xero-openapi/xero-identity.yaml', import.meta.url));

let sim: Simulator;
let web: SimApp;
let pkce: SimApp;
let custom: SimApp;

function appOf(kind: SimApp['kind']): SimApp {
  const app = sim.appRegistry.find((a) => a.kind === kind);
  if (!app) throw new Error(`no ${kind} app`);
  return app;
}

before(async () => {
  sim = await startSimulator({ seed: 1, extraRedirectUris: [CALLBACK] });
  web = appOf('confidential');
  pkce = appOf('pkce');
  custom = appOf('custom-connection');
});
after(() => sim.close());
// Each test starts with nobody connected.
beforeEach(() => {
  sim.identity.disconnectAll();
});

function tokensOf(reply: TokenReply): Record<string, unknown> {
  if (reply.status !== 200 || typeof reply.body.access_token !== 'string') {
    throw new Error(`expected tokens, got ${reply.status} error=${String(reply.body.error)}`);
  }
  return reply.body;
}

function assertError(reply: TokenReply, error: string): void {
  const exact = reply.status === 400 && JSON.stringify(reply.body) === JSON.stringify({ error });
  assert.ok(exact, `expected 400 {"error":"${error}"}, got ${reply.status} error=${String(reply.body.error)}`);
}

async function getJson(path: string, token?: string, init: RequestInit = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(`${sim.url}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string> | undefined) } });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined, headers: res.headers };
}

async function webTokens(scopes = SCOPES): Promise<Record<string, unknown>> {
  const { code } = await authorizeViaHttp(sim, { app: web, scopes, redirectUri: CALLBACK });
  return tokensOf(await exchangeCode(sim, { app: web, code, redirectUri: CALLBACK }));
}

// ---------------------------------------------------------------------------------------------
// Spec validation
// ---------------------------------------------------------------------------------------------

interface SpecValidators {
  readonly connections: ValidateFunction;
  readonly accessToken: ValidateFunction;
}

let validators: SpecValidators | undefined;

/** Compiles the spec's schemas once; undefined when the spec folder is absent (a fresh clone). */
function specValidators(): SpecValidators | undefined {
  if (validators || !existsSync(SPEC_PATH)) return validators;
  const spec = parseYaml(readFileSync(SPEC_PATH, 'utf8')) as {
    paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: unknown }> }> } }>;
    components: { schemas: Record<string, unknown> };
  };
  // Inline `#/components/schemas/X` references; the identity spec has no cycles.
  const deref = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(deref);
    if (node === null || typeof node !== 'object') return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') return deref(spec.components.schemas[ref.replace('#/components/schemas/', '')]);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      // The spec says `format: date-time` (RFC 3339, which requires a zone), but Xero documents
      // and returns connection dates without one, e.g. "2019-12-07T18:46:19.5165400" (the spec's
      // own example; xero-platform-facts.md §4). We follow the documented behaviour: the zone is
      // optional here, everything else about the date is still checked.
      out[k] = k === 'format' && v === 'date-time' ? 'iso-date-time' : deref(v);
    }
    return out;
  };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const connectionsSchema = spec.paths['/Connections']?.get.responses['200']?.content['application/json']?.schema;
  validators = {
    connections: ajv.compile(deref(connectionsSchema) as object),
    accessToken: ajv.compile(deref(spec.components.schemas.AccessToken) as object),
  };
  return validators;
}

function validateAgainstSpec(t: TestContext, which: keyof SpecValidators, value: unknown): void {
  const v = specValidators();
  if (!v) {
    t.diagnostic(`spec check skipped: ${SPEC_PATH} is absent (the specs live outside the repo)`);
    return;
  }
  const ok = v[which](value);
  // Error paths and messages only: the instance may hold tokens.
  assert.ok(ok, `${which} does not match the spec: ${JSON.stringify(v[which].errors?.map((e) => `${e.instancePath} ${e.message ?? ''}`))}`);
}

// ---------------------------------------------------------------------------------------------

describe('discovery and JWKS', () => {
  it('publishes endpoints on the origin the client used, and a JWKS that verifies the tokens', async () => {
    const config = (await getJson('/.well-known/openid-configuration')).body as Record<string, string>;
    assert.equal(config.issuer, sim.url);
    assert.equal(config.authorization_endpoint, `${sim.url}/identity/connect/authorize`);
    assert.equal(config.token_endpoint, `${sim.url}/connect/token`);
    assert.equal(config.revocation_endpoint, `${sim.url}/connect/revocation`);
    assert.equal(config.userinfo_endpoint, `${sim.url}/connect/userinfo`);
    assert.equal(config.jwks_uri, `${sim.url}/.well-known/openid-configuration/jwks`);

    const jwks = (await getJson(new URL(config.jwks_uri ?? '').pathname)).body as { keys: (Record<string, string> & { kid: string })[] };
    const tokens = await webTokens();
    for (const token of [tokens.access_token, tokens.id_token]) {
      const [h, p, s] = String(token).split('.') as [string, string, string];
      const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg: string; kid: string };
      assert.equal(header.alg, 'RS256');
      const jwk = jwks.keys.find((k) => k.kid === header.kid);
      assert.ok(jwk, 'the token kid is in the JWKS');
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      assert.ok(verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url')), 'the signature verifies');
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
      assert.equal(claims.iss, config.issuer);
    }
    const userinfo = await getJson(new URL(config.userinfo_endpoint ?? '').pathname, String(tokens.access_token));
    assert.equal(userinfo.status, 200);
    assert.equal((userinfo.body as Record<string, unknown>).email, sim.demoUser.email);
  });
});

describe('authorization code flow over HTTP', () => {
  it('logs in, consents, lands on the redirect URI with code and state, and exchanges the code', async (t) => {
    const result = await authorizeViaHttp(sim, { app: web, scopes: SCOPES, redirectUri: CALLBACK, state: 'state-42', nonce: 'nonce-7' });
    assert.ok(result.loggedIn);
    assert.equal(`${result.redirect.origin}${result.redirect.pathname}`, CALLBACK);
    assert.equal(result.state, 'state-42');
    assert.equal(result.scope, SCOPES.join(' '));
    assert.ok(result.redirect.searchParams.get('session_state'));

    const reply = await exchangeCode(sim, { app: web, code: result.code, redirectUri: CALLBACK });
    const body = tokensOf(reply);
    validateAgainstSpec(t, 'accessToken', body);
    assert.equal(body.expires_in, 1800);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.scope, SCOPES.join(' '));
    assert.ok(typeof body.refresh_token === 'string' && typeof body.id_token === 'string');
    const id = JSON.parse(Buffer.from(String(body.id_token).split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    assert.equal(id.nonce, 'nonce-7');
    assert.equal(id.aud, web.clientId);

    // The code is single-use.
    assertError(await exchangeCode(sim, { app: web, code: result.code, redirectUri: CALLBACK }), 'invalid_grant');
    assert.equal(sim.requests.count({ path: '/connect/token', detail: 'authorization_code:invalid_grant' }), 1);

    // The token reaches the connected organisations' API.
    const org = sim.orgs[0];
    assert.ok(org);
    const api = await getJson('/api.xro/2.0/Organisation', String(body.access_token), { headers: { 'xero-tenant-id': org.tenantId, accept: 'application/json' } });
    assert.equal(api.status, 200);
  });

  it('skips the login page for a second authorize in the same browser (session cookie)', async () => {
    const jar = new CookieJar();
    const first = await authorizeViaHttp(sim, { app: web, scopes: SCOPES, redirectUri: CALLBACK, jar });
    const second = await authorizeViaHttp(sim, { app: web, scopes: SCOPES, redirectUri: CALLBACK, jar });
    assert.ok(first.loggedIn && !second.loggedIn);
  });

  it('sends Deny back as error=access_denied with the state', async () => {
    const redirect = await denyViaHttp(sim, { app: web, scopes: SCOPES, redirectUri: CALLBACK, state: 'deny-1' });
    assert.equal(redirect.searchParams.get('error'), 'access_denied');
    assert.equal(redirect.searchParams.get('state'), 'deny-1');
    assert.equal(redirect.searchParams.get('code'), null);
  });

  it('shows a 500 error page without redirecting for an unregistered redirect_uri or unknown scope', async () => {
    const url = authorizeUrl(sim, { app: web, scopes: SCOPES, redirectUri: 'http://127.0.0.1:9/elsewhere' });
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 500);
    assert.equal(res.headers.get('location'), null);
    assert.match(await res.text(), /unauthorized_client : Invalid redirect_uri/);
    const scoped = await fetch(authorizeUrl(sim, { app: web, scopes: ['openid', 'accounting.nothing'], redirectUri: CALLBACK }), { redirect: 'manual' });
    assert.equal(scoped.status, 500);
    assert.match(await scoped.text(), /Invalid scope for client.*accounting\.nothing/s);
  });

  it('refuses a login post without the CSRF token', async () => {
    const start = await fetch(authorizeUrl(sim, { app: web, scopes: SCOPES, redirectUri: CALLBACK }), { redirect: 'manual' });
    const cookie = start.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const login = await fetch(new URL(start.headers.get('location') ?? '', sim.url), { headers: { cookie } });
    const request = /name="request" value="([^"]*)"/.exec(await login.text())?.[1] ?? '';
    const post = await fetch(`${sim.url}/identity/user/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request, email: sim.demoUser.email, password: sim.demoUser.password }).toString(),
    });
    assert.equal(post.status, 403);
  });
});

describe('PKCE flow', () => {
  it('exchanges with the verifier and no secret, and refreshes with client_id alone', async (t) => {
    const { verifier, challenge } = createPkcePair();
    const { code } = await authorizeViaHttp(sim, { app: pkce, scopes: SCOPES, redirectUri: CALLBACK, codeChallenge: challenge });
    const body = tokensOf(await exchangeCode(sim, { app: pkce, code, redirectUri: CALLBACK, codeVerifier: verifier }));
    validateAgainstSpec(t, 'accessToken', body);
    const refreshed = tokensOf(await tokenRequest(sim, pkce, { grant_type: 'refresh_token', refresh_token: String(body.refresh_token) }));
    validateAgainstSpec(t, 'accessToken', refreshed);
  });

  it('refuses a wrong verifier', async () => {
    const { challenge } = createPkcePair();
    const { code } = await authorizeViaHttp(sim, { app: pkce, scopes: SCOPES, redirectUri: CALLBACK, codeChallenge: challenge });
    assertError(await exchangeCode(sim, { app: pkce, code, redirectUri: CALLBACK, codeVerifier: createPkcePair().verifier }), 'invalid_grant');
  });
});

describe('refresh', () => {
  it('rotates refresh tokens, honours the 30-minute grace and logs each grant', async () => {
    const first = await webTokens();
    const seq = sim.requests.lastSeq;
    const second = tokensOf(await tokenRequest(sim, web, { grant_type: 'refresh_token', refresh_token: String(first.refresh_token) }, { auth: 'body' }));
    assert.ok(second.refresh_token !== first.refresh_token, 'rotated');
    sim.clock.advance(29 * 60_000);
    try {
      tokensOf(await tokenRequest(sim, web, { grant_type: 'refresh_token', refresh_token: String(first.refresh_token) }));
      sim.clock.advance(2 * 60_000);
      assertError(await tokenRequest(sim, web, { grant_type: 'refresh_token', refresh_token: String(first.refresh_token) }), 'invalid_grant');
    } finally {
      sim.clock.advance(-31 * 60_000);
    }
    assert.equal(sim.requests.count({ path: '/connect/token', detail: 'refresh_token:ok', afterSeq: seq }), 2);
    assert.equal(sim.requests.count({ path: '/connect/token', detail: 'refresh_token:invalid_grant', afterSeq: seq }), 1);
  });
});

describe('client credentials', () => {
  it('issues a token for the custom connection that sees its one tenant', async (t) => {
    const body = tokensOf(await tokenRequest(sim, custom, { grant_type: 'client_credentials' }));
    validateAgainstSpec(t, 'accessToken', body);
    assert.ok(!('refresh_token' in body) && !('id_token' in body));
    const connections = await getJson('/connections', String(body.access_token));
    validateAgainstSpec(t, 'connections', connections.body);
    assert.deepEqual((connections.body as { tenantId: string }[]).map((c) => c.tenantId), [custom.tenantId]);
    assertError(await tokenRequest(sim, custom, { grant_type: 'client_credentials', scope: 'accounting.settings payroll.nothing' }), 'invalid_scope');
    assertError(await tokenRequest(sim, web, { grant_type: 'client_credentials' }), 'unauthorized_client');
  });
});

describe('connections API', () => {
  it('lists connections (spec-valid, /connections and /Connections), filters by authEventId, and deletes by id', async (t) => {
    const tokens = await webTokens();
    const access = String(tokens.access_token);
    const listed = await getJson('/connections', access);
    assert.equal(listed.status, 200);
    validateAgainstSpec(t, 'connections', listed.body);
    const list = listed.body as { id: string; authEventId: string; tenantId: string; tenantName: string; createdDateUtc: string }[];
    assert.deepEqual(list.map((c) => c.tenantId), sim.orgs.map((o) => o.tenantId));
    assert.deepEqual(list.map((c) => c.tenantName), sim.orgs.map((o) => o.tenantName));
    for (const c of list) assert.match(c.createdDateUtc, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/);
    assert.deepEqual((await getJson('/Connections', access)).body, listed.body);
    const event = list[0]?.authEventId ?? '';
    assert.equal(((await getJson(`/connections?authEventId=${event}`, access)).body as unknown[]).length, list.length);

    const target = list[0];
    assert.ok(target);
    const del = await fetch(`${sim.url}/connections/${target.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${access}` } });
    assert.equal(del.status, 204);
    const missing = await fetch(`${sim.url}/connections/${target.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${access}` } });
    assert.equal(missing.status, 404);
    assert.equal(((await getJson('/connections', access)).body as unknown[]).length, list.length - 1);
    // The deleted tenant is now out of reach for the API.
    const api = await getJson('/api.xro/2.0/Organisation', access, { headers: { 'xero-tenant-id': target.tenantId, accept: 'application/json' } });
    assert.equal(api.status, 403);
  });

  it('answers 401 problem details for a missing, forged or expired bearer', async () => {
    const none = await getJson('/connections');
    assert.equal(none.status, 401);
    assert.equal((none.body as Record<string, unknown>).Detail, 'AuthenticationUnsuccessful');
    const tokens = await webTokens();
    sim.clock.advance(31 * 60_000);
    try {
      const expired = await getJson('/connections', String(tokens.access_token));
      assert.equal(expired.status, 401);
      assert.match(String((expired.body as Record<string, unknown>).Detail), /^TokenExpired: token expired at \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    } finally {
      sim.clock.advance(-31 * 60_000);
    }
  });
});

describe('revocation', () => {
  it('answers 200 empty, removes the connections and ends the grant', async () => {
    const tokens = await webTokens();
    const res = await fetch(`${sim.url}/connect/revocation`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${web.clientId}:${web.clientSecret ?? ''}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token: String(tokens.refresh_token) }).toString(),
    });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '');
    assert.deepEqual((await getJson('/connections', String(tokens.access_token))).body, []);
    assertError(await tokenRequest(sim, web, { grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token) }), 'invalid_grant');
    assert.equal((await tokenRequest(sim, web, { token: 'not-a-token' }, { path: '/connect/revocation' })).status, 200);
  });
});
