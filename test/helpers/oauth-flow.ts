/**
 * Drives the simulator's authorization-code flow the way a browser would, with plain HTTP
 * requests: GET the authorize URL, post the login form, post the consent form (cookies and CSRF
 * token included) and read the code off the redirect. Tests of the identity service and of the
 * driver reuse it. Nothing here prints a code, token or secret: errors name statuses and pages.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SimApp } from '../../src/simulator/apps.js';

/** What the helpers need from a running simulator (a `Simulator` fits). */
export interface FlowTarget {
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  readonly demoUser: { readonly email: string; readonly password: string };
}

/** A minimal cookie jar: one browser's cookies for the simulator's origin. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  /** Stores the cookies a response sets. */
  absorb(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) this.#cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  /** The `Cookie` header to send, or undefined when the jar is empty. */
  header(): string | undefined {
    return this.#cookies.size === 0 ? undefined : [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** Options for one pass through the authorize pages. */
export interface AuthorizeOptions {
  readonly app: Pick<SimApp, 'clientId' | 'redirectUris'>;
  readonly scopes: readonly string[];
  /** Tenant ids to leave ticked on the consent page; default: every tenant the page lists. */
  readonly tenants?: readonly string[];
  /** An S256 challenge (see {@link createPkcePair}). */
  readonly codeChallenge?: string;
  /** Default: the app's first registered redirect URI. */
  readonly redirectUri?: string;
  /** Default: a random value. */
  readonly state?: string;
  readonly nonce?: string;
  /** Reuse a browser session (a second authorize then skips the login page). */
  readonly jar?: CookieJar;
  /** Replaces the global fetch (unit tests route requests straight to handlers). */
  readonly fetch?: typeof fetch;
}

/** Where the flow ended: the redirect back to the app. */
export interface AuthorizeResult {
  readonly code: string;
  readonly state: string | null;
  /** The granted scopes from the callback, space-separated. */
  readonly scope: string | null;
  /** The full redirect URL (it contains the code: do not print it). */
  readonly redirect: URL;
  /** Whether the login page was shown (false when the jar's session was already logged in). */
  readonly loggedIn: boolean;
}

/** Runs authorize, login and consent with Allow, and returns the code from the redirect. */
export async function authorizeViaHttp(sim: FlowTarget, options: AuthorizeOptions): Promise<AuthorizeResult> {
  const { redirect, loggedIn } = await drive(sim, options, 'allow');
  const code = redirect.searchParams.get('code');
  if (code === null) {
    throw new Error(`authorize flow: the redirect carries no code (error=${redirect.searchParams.get('error') ?? 'none'})`);
  }
  return { code, state: redirect.searchParams.get('state'), scope: redirect.searchParams.get('scope'), redirect, loggedIn };
}

/** Runs authorize and login, then presses Deny; returns the redirect back to the app. */
export async function denyViaHttp(sim: FlowTarget, options: AuthorizeOptions): Promise<URL> {
  return (await drive(sim, options, 'deny')).redirect;
}

/** The authorize URL for the options, as an app would build it. */
export function authorizeUrl(sim: FlowTarget, options: AuthorizeOptions): URL {
  const url = new URL('/identity/connect/authorize', sim.url);
  const p = url.searchParams;
  p.set('response_type', 'code');
  p.set('client_id', options.app.clientId);
  p.set('redirect_uri', options.redirectUri ?? firstRedirectUri(options.app));
  p.set('scope', options.scopes.join(' '));
  p.set('state', options.state ?? randomBytes(8).toString('hex'));
  if (options.nonce !== undefined) p.set('nonce', options.nonce);
  if (options.codeChallenge !== undefined) {
    p.set('code_challenge', options.codeChallenge);
    p.set('code_challenge_method', 'S256');
  }
  return url;
}

/**
 * Follows an authorize URL someone else built (e.g. the driver's GetOAuthAuthorizationURL), logs
 * in, consents (Allow, or Deny) and returns the redirect back to the app.
 */
export async function followAuthorizeUrl(
  sim: FlowTarget,
  url: string | URL,
  options: { tenants?: readonly string[]; jar?: CookieJar; decision?: 'allow' | 'deny' } = {},
): Promise<URL> {
  const placeholder = { app: { clientId: '', redirectUris: [] }, scopes: [], ...options } as AuthorizeOptions;
  return (await drive(sim, placeholder, options.decision ?? 'allow', new URL(url))).redirect;
}

async function drive(
  sim: FlowTarget,
  options: AuthorizeOptions,
  decision: 'allow' | 'deny',
  start: URL = authorizeUrl(sim, options),
): Promise<{ redirect: URL; loggedIn: boolean }> {
  const doFetch = options.fetch ?? fetch;
  const jar = options.jar ?? new CookieJar();
  const send = async (url: URL, form?: Record<string, string | readonly string[]>): Promise<Response> => {
    const headers: Record<string, string> = {};
    const cookie = jar.header();
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of typeof v === 'string' ? [v] : v) params.append(k, one);
      body = params.toString();
    }
    const response = await doFetch(url, { method: form ? 'POST' : 'GET', headers, body, redirect: 'manual' });
    jar.absorb(response);
    return response;
  };
  const expectRedirect = async (response: Response, step: string): Promise<URL> => {
    const location = response.headers.get('location');
    if (response.status !== 302 || location === null) {
      throw new Error(`authorize flow: ${step} answered ${response.status}${await pageError(response)}`);
    }
    return new URL(location, sim.url);
  };

  let next = await expectRedirect(await send(start), 'GET authorize');
  let loggedIn = false;
  if (next.pathname === '/identity/user/login') {
    const page = await send(next);
    const fields = hiddenFields(await page.text());
    const login = await send(new URL('/identity/user/login', sim.url), { ...fields, email: sim.demoUser.email, password: sim.demoUser.password });
    next = await expectRedirect(login, 'POST login');
    loggedIn = true;
  }
  const consent = await send(next);
  const html = await consent.text();
  if (consent.status !== 200) throw new Error(`authorize flow: consent page answered ${consent.status}`);
  const tenants = options.tenants ?? [...html.matchAll(/name="tenant" id="[^"]*" value="([^"]*)"/g)].map((m) => m[1] ?? '');
  const decided = await send(new URL('/identity/connect/consent', sim.url), { ...hiddenFields(html), action: decision, tenant: tenants });
  return { redirect: await expectRedirect(decided, `POST consent (${decision})`), loggedIn };
}

/** The `request` and `csrf` hidden fields of a login or consent page. */
function hiddenFields(html: string): { request: string; csrf: string } {
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  const request = field('request');
  const csrf = field('csrf');
  if (request === undefined || csrf === undefined) throw new Error('authorize flow: the page has no request/csrf fields');
  return { request, csrf };
}

async function pageError(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  const code = /id="error-code"><code>([^<]*)</.exec(text)?.[1] ?? /id="error"[^>]*>([^<]*)</.exec(text)?.[1];
  return code ? ` (${code})` : '';
}

function firstRedirectUri(app: Pick<SimApp, 'redirectUris'>): string {
  const uri = app.redirectUris[0];
  if (uri === undefined) throw new Error('authorize flow: the app has no redirect URI');
  return uri;
}

/** How a confidential client authenticates at the token endpoint. */
export type ClientAuthStyle = 'basic' | 'body';

/** The token endpoint's answer: status and parsed JSON body. */
export interface TokenReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * Posts a form to `/connect/token` (or another path) with client authentication: Basic (default)
 * or body for apps with a secret, `client_id` only for PKCE apps.
 */
export async function tokenRequest(
  sim: Pick<FlowTarget, 'url'>,
  app: Pick<SimApp, 'clientId' | 'clientSecret'>,
  params: Record<string, string>,
  options: { auth?: ClientAuthStyle; path?: string; fetch?: typeof fetch } = {},
): Promise<TokenReply> {
  const form = new URLSearchParams(params);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (app.clientSecret === undefined) form.set('client_id', app.clientId);
  else if ((options.auth ?? 'basic') === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`;
  } else {
    form.set('client_id', app.clientId);
    form.set('client_secret', app.clientSecret);
  }
  const response = await (options.fetch ?? fetch)(new URL(options.path ?? '/connect/token', sim.url), { method: 'POST', headers, body: form.toString() });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Exchanges a code at `/connect/token`. */
export async function exchangeCode(
  sim: Pick<FlowTarget, 'url'>,
  options: {
    readonly app: Pick<SimApp, 'clientId' | 'clientSecret' | 'redirectUris'>;
    readonly code: string;
    readonly redirectUri?: string;
    readonly codeVerifier?: string;
    readonly auth?: ClientAuthStyle;
    readonly fetch?: typeof fetch;
  },
): Promise<TokenReply> {
  return tokenRequest(
    sim,
    options.app,
    {
      grant_type: 'authorization_code',
      code: options.code,
      redirect_uri: options.redirectUri ?? firstRedirectUri(options.app),
      ...(options.codeVerifier !== undefined ? { code_verifier: options.codeVerifier } : {}),
    },
    { ...(options.auth ? { auth: options.auth } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) },
  );
}

/** A fresh PKCE verifier (64 characters) and its S256 challenge. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * An access token of the simulator's web app for exactly `scopes`, through the whole
 * authorization-code flow (so it reaches both organisations, as a person's grant does).
 */
export async function webAppToken(
  sim: FlowTarget & { readonly appRegistry: readonly SimApp[] },
  scopes: readonly string[],
  redirectUri: string,
): Promise<string> {
  const web = sim.appRegistry.find((a) => a.kind === 'confidential');
  if (!web) throw new Error('no web app');
  const { code } = await authorizeViaHttp(sim, { app: web, scopes: [...scopes], redirectUri });
  const reply = await exchangeCode(sim, { app: web, code, redirectUri });
  return String(reply.body.access_token);
}
