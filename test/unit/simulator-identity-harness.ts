/**
 * Test harness for the identity service's unit tests: a `createIdentity()` with a clock the test
 * advances, and a `fetch` stand-in that routes requests straight to the identity handlers (no
 * socket), so the OAuth flow helpers in test/helpers/oauth-flow.ts run unchanged.
 */
import { createApps, type SimApp, type SimUser } from '../../src/simulator/apps.js';
import { SimClock } from '../../src/simulator/clock.js';
import type { SimRequest, SimResponse } from '../../src/simulator/http.js';
import { createIdentity } from '../../src/simulator/identity/index.js';
import type { Identity, IdentityTenant } from '../../src/simulator/identity/types.js';
import { Router } from '../../src/simulator/router.js';
import type { FlowTarget } from '../helpers/oauth-flow.js';

/** The origin handlers see; becomes the token issuer. */
export const ORIGIN = 'http://sim.test:4010';
/** An extra redirect URI registered on the confidential and PKCE apps. */
export const REDIRECT_URI = 'http://127.0.0.1:9999/callback';

export const TENANTS: readonly IdentityTenant[] = [
  { tenantId: '11111111-1111-4111-8111-111111111111', tenantName: 'Demo Company (AU)', tenantType: 'ORGANISATION', createdAtMs: Date.UTC(2020, 0, 1) },
  { tenantId: '22222222-2222-4222-8222-222222222222', tenantName: 'Demo Company (NZ)', tenantType: 'ORGANISATION', createdAtMs: Date.UTC(2021, 0, 1) },
];

export interface Harness {
  readonly clock: SimClock;
  readonly identity: Identity;
  readonly confidential: SimApp;
  readonly pkce: SimApp;
  readonly custom: SimApp;
  readonly user: SimUser;
  /** What the flow helpers take as the simulator. */
  readonly sim: FlowTarget;
  /** Routes to the identity handlers. */
  readonly fetch: typeof fetch;
  /** `logDetail` of every response so far, in order. */
  readonly log: (string | undefined)[];
  /** Calls a handler directly and returns its response value. */
  call(method: string, pathAndQuery: string, init?: { headers?: Record<string, string>; body?: string }): Promise<SimResponse>;
}

export function createHarness(seed = 7): Harness {
  const clock = new SimClock();
  const first = TENANTS[0];
  if (!first) throw new Error('no tenants');
  const { apps, user } = createApps(seed, first.tenantId, [REDIRECT_URI]);
  const byKind = (kind: SimApp['kind']) => {
    const app = apps.find((a) => a.kind === kind);
    if (!app) throw new Error(`no ${kind} app`);
    return app;
  };
  const identity = createIdentity({ seed, clock, apps, user, tenants: TENANTS });
  const router = new Router();
  for (const route of identity.routes) router.add(route, 'identity');
  const log: (string | undefined)[] = [];

  async function call(method: string, pathAndQuery: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<SimResponse> {
    const url = new URL(pathAndQuery, ORIGIN);
    const match = router.match(method, url.pathname);
    if (!match.found) return { status: match.methodNotAllowed ? 405 : 404, body: '' };
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(init.headers ?? {})) headers[k.toLowerCase()] = v;
    const req: SimRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: Buffer.from(init.body ?? '', 'utf8'),
      params: match.params,
      origin: ORIGIN,
    };
    const response = await match.route.handler(req);
    log.push(response.logDetail);
    return response;
  }

  const routedFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = typeof init?.body === 'string' ? init.body : init?.body === undefined || init.body === null ? '' : String(init.body);
    const res = await call(init?.method ?? 'GET', `${url.pathname}${url.search}`, { headers, body });
    const empty = res.status === 204 || res.body === undefined || res.body === '';
    return new Response(empty ? null : res.body, { status: res.status, headers: res.headers ?? {} });
  }) as typeof fetch;

  return {
    clock,
    identity,
    confidential: byKind('confidential'),
    pkce: byKind('pkce'),
    custom: byKind('custom-connection'),
    user,
    sim: { url: ORIGIN, demoUser: user },
    fetch: routedFetch,
    log,
    call,
  };
}

/** Decodes a JWT's payload without verifying it (tests verify separately). */
export function jwtPayload(token: unknown): Record<string, unknown> {
  if (typeof token !== 'string') throw new Error('not a token');
  const part = token.split('.')[1];
  if (part === undefined) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** A form body string. */
export function form(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

/** HTTP Basic credentials for an app with a secret. */
export function basic(app: SimApp): string {
  return `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret ?? ''}`).toString('base64')}`;
}

/** A token endpoint reply (status and parsed body). */
export interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * Asserts an OAuth error reply: status 400 and a body of exactly `{"error":code}`. The failure
 * message names the status, the body's keys and its `error`, never a token value.
 */
export function assertOAuthError(reply: Reply, code: string): void {
  const exact = reply.status === 400 && JSON.stringify(reply.body) === JSON.stringify({ error: code });
  if (!exact) {
    throw new Error(`expected 400 {"error":"${code}"}, got ${reply.status} with keys [${Object.keys(reply.body).join(', ')}] error=${String(reply.body.error)}`);
  }
}

/** Asserts a successful token reply and returns its body, without ever printing a token. */
export function assertTokens(reply: Reply): Record<string, unknown> {
  if (reply.status !== 200 || typeof reply.body.access_token !== 'string') {
    throw new Error(`expected tokens, got ${reply.status} error=${String(reply.body.error)}`);
  }
  return reply.body;
}
