/**
 * The browser side of the authorization-code flow: `GET /identity/connect/authorize` checks the
 * request and parks it server-side under an opaque id; the login and consent pages carry only
 * that id and a CSRF token, so nothing a browser re-posts (client, redirect URI, scopes) is
 * trusted. Allow creates the connections and sends the browser back with a code; Deny sends it
 * back with `error=access_denied` (xero-platform-facts.md §2).
 */
import type { SimApp } from '../apps.js';
import { formBody, redirect, type Route, type SimRequest, type SimResponse } from '../http.js';
import { consentPage, errorPage, loginPage } from './pages.js';
import { isValidCodeChallenge } from './pkce.js';
import type { IdentityRuntime } from './runtime.js';
import { GRANTABLE_SCOPES, RESTRICTED_SCOPES, parseScopes } from './scopes.js';
import { digest, randomToken, safeEqual } from './secrets.js';
import { sessionCookie, type BrowserSession } from './sessions.js';

/** How long a person may take between the authorize redirect and pressing Allow. */
const PENDING_LIFETIME_MS = 60 * 60_000;
/** Xero answers a bad authorize request with a 500 error screen (§2 "Bad authorize parameters"). */
const BAD_AUTHORIZE_STATUS = 500;

const LOGIN_PATH = '/identity/user/login';
const CONSENT_PATH = '/identity/connect/consent';

interface PendingAuthorize {
  readonly id: string;
  /** Rotated at login, so a token scraped from the login page cannot post the consent form. */
  csrf: string;
  readonly app: SimApp;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly state?: string;
  readonly nonce?: string;
  readonly codeChallenge?: string;
  /** The browser session that started the request; the forms only work from it. */
  readonly sessionId: string;
  readonly createdMs: number;
}

type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly response: SimResponse };

/** The authorize, login and consent routes. */
export function authorizeRoutes(rt: IdentityRuntime): Route[] {
  const pending = new Map<string, PendingAuthorize>();
  const now = () => rt.ctx.clock.now();

  /** Finds the parked request a page or form names, bound to this browser's session. */
  function resume(req: SimRequest, requestId: string | null): Checked<{ p: PendingAuthorize; session: BrowserSession }> {
    const p = requestId === null ? undefined : pending.get(requestId);
    if (!p || now() - p.createdMs >= PENDING_LIFETIME_MS) {
      if (p) pending.delete(p.id);
      return fail(errorPage(400, 'invalid_request : Unknown or expired login request', 'This sign-in request is unknown or has expired. Start again from the app.'));
    }
    const session = rt.sessions.fromRequest(req);
    if (!session || session.id !== p.sessionId) {
      return fail(errorPage(403, 'invalid_request : Session mismatch', 'This sign-in request was started in another browser session, or cookies are blocked. Start again from the app.'));
    }
    return { ok: true, value: { p, session } };
  }

  /** `resume` for a form post, plus the CSRF check. */
  function resumeForm(req: SimRequest, form: URLSearchParams): Checked<{ p: PendingAuthorize; session: BrowserSession }> {
    const r = resume(req, form.get('request'));
    if (!r.ok) return r;
    if (!safeEqual(form.get('csrf') ?? '', r.value.p.csrf)) {
      return fail(errorPage(403, 'invalid_request : Invalid anti-forgery token', 'The form could not be verified. Reload the page from the app and try again.'));
    }
    return r;
  }

  const pageUrl = (path: string, p: PendingAuthorize) => `${path}?request=${encodeURIComponent(p.id)}`;

  function showConsent(p: PendingAuthorize, status = 200, error?: string): SimResponse {
    return consentPage(status, {
      requestId: p.id,
      csrf: p.csrf,
      appName: p.app.name,
      scopes: p.scopes,
      tenants: rt.ctx.tenants.map((t) => ({ tenantId: t.tenantId, tenantName: t.tenantName, checked: true })),
      ...(error ? { error } : {}),
    });
  }

  function authorize(req: SimRequest): SimResponse {
    const parsed = parseAuthorize(rt, req.query);
    if (!parsed.ok) return parsed.response;
    // Abandoned requests would otherwise pile up over a long run.
    for (const [id, old] of pending) if (now() - old.createdMs >= PENDING_LIFETIME_MS) pending.delete(id);
    let session = rt.sessions.fromRequest(req);
    const headers: Record<string, string> = {};
    if (!session) {
      session = rt.sessions.create();
      headers['set-cookie'] = sessionCookie(session);
    }
    const p: PendingAuthorize = { ...parsed.value, id: randomToken(), csrf: randomToken(), sessionId: session.id, createdMs: now() };
    pending.set(p.id, p);
    return redirect(pageUrl(session.userId ? CONSENT_PATH : LOGIN_PATH, p), headers);
  }

  function showLogin(req: SimRequest): SimResponse {
    const r = resume(req, req.query.get('request'));
    if (!r.ok) return r.response;
    const { p, session } = r.value;
    if (session.userId) return redirect(pageUrl(CONSENT_PATH, p));
    return loginPage({ requestId: p.id, csrf: p.csrf, appName: p.app.name });
  }

  function login(req: SimRequest): SimResponse {
    const form = formBody(req);
    const r = resumeForm(req, form);
    if (!r.ok) return r.response;
    const { p, session } = r.value;
    const email = (form.get('email') ?? '').trim();
    const user = rt.ctx.user;
    if (email.toLowerCase() !== user.email.toLowerCase() || !safeEqual(form.get('password') ?? '', user.password)) {
      return loginPage({ requestId: p.id, csrf: p.csrf, appName: p.app.name, email, error: 'Your email or password is incorrect.' });
    }
    session.userId = user.userId;
    session.authTimeMs = now();
    p.csrf = randomToken();
    return redirect(pageUrl(CONSENT_PATH, p));
  }

  function showConsentPage(req: SimRequest): SimResponse {
    const r = resume(req, req.query.get('request'));
    if (!r.ok) return r.response;
    const { p, session } = r.value;
    return session.userId ? showConsent(p) : redirect(pageUrl(LOGIN_PATH, p));
  }

  function decide(req: SimRequest): SimResponse {
    const form = formBody(req);
    const r = resumeForm(req, form);
    if (!r.ok) return r.response;
    const { p, session } = r.value;
    if (!session.userId || session.authTimeMs === undefined) return redirect(pageUrl(LOGIN_PATH, p));
    const action = form.get('action');
    if (action === 'deny') {
      pending.delete(p.id);
      return redirect(callbackUrl(p.redirectUri, [['error', 'access_denied'], ['state', p.state]]));
    }
    if (action !== 'allow') return showConsent(p, 400, 'Choose Allow access or Cancel.');
    const chosen = new Set(form.getAll('tenant'));
    const tenantIds = rt.ctx.tenants.filter((t) => chosen.has(t.tenantId)).map((t) => t.tenantId);
    if (tenantIds.length === 0) return showConsent(p, 400, 'Select at least one organisation to connect.');

    pending.delete(p.id);
    const userId = session.userId;
    const authEventId = rt.newGuid();
    const scopes = rt.grants.consent(userId, p.app.clientId, p.scopes);
    rt.connections.connect(userId, p.app.clientId, tenantIds, authEventId, now());
    const code = rt.grants.issueCode(
      {
        clientId: p.app.clientId,
        redirectUri: p.redirectUri,
        scopes,
        userId,
        authEventId,
        authTimeMs: session.authTimeMs,
        ...(p.nonce !== undefined ? { nonce: p.nonce } : {}),
        ...(p.codeChallenge !== undefined ? { codeChallenge: p.codeChallenge } : {}),
      },
      now(),
    );
    return redirect(
      callbackUrl(p.redirectUri, [
        ['code', code],
        ['scope', scopes.join(' ')],
        ['state', p.state],
        ['session_state', sessionState(p.app.clientId, p.redirectUri, session.id)],
      ]),
    );
  }

  return [
    { method: 'GET', pattern: '/identity/connect/authorize', handler: authorize },
    { method: 'GET', pattern: LOGIN_PATH, handler: showLogin },
    { method: 'POST', pattern: LOGIN_PATH, handler: login },
    { method: 'GET', pattern: CONSENT_PATH, handler: showConsentPage },
    { method: 'POST', pattern: CONSENT_PATH, handler: decide },
  ];
}

type AuthorizeParams = Omit<PendingAuthorize, 'id' | 'csrf' | 'sessionId' | 'createdMs'>;

/**
 * Validates the authorize query in Xero's order: client, redirect URI, then the rest. Every
 * failure is an error page, never a redirect (§2); the wording follows IdentityServer, which
 * Xero's identity service is built on (`unauthorized_client : Invalid scope for client` is the
 * one message confirmed by Xero staff).
 */
function parseAuthorize(rt: IdentityRuntime, q: URLSearchParams): Checked<AuthorizeParams> {
  const bad = (code: string, detail: string) => fail(errorPage(BAD_AUTHORIZE_STATUS, code, detail));
  const clientId = q.get('client_id') ?? '';
  const app = rt.findApp(clientId);
  if (!app) return bad('unauthorized_client : Unknown client or client not enabled', `No app has the client_id "${clientId}".`);
  if (app.kind === 'custom-connection') {
    return bad(
      'unauthorized_client : Invalid grant type for client',
      `${app.name} is a custom connection: it gets tokens from the token endpoint with grant_type=client_credentials and cannot use this page.`,
    );
  }
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!app.redirectUris.includes(redirectUri)) {
    return bad(
      'unauthorized_client : Invalid redirect_uri',
      `The redirect_uri "${redirectUri}" is not registered for ${app.name}. It must match a registered URI exactly.`,
    );
  }
  const responseType = q.get('response_type');
  if (responseType !== 'code') {
    return bad('unsupported_response_type : Response type not supported', `response_type must be "code", not "${responseType ?? ''}".`);
  }
  const scopes = parseScopes(q.get('scope'));
  if (scopes.length === 0) return bad('invalid_request : scope is missing', 'The scope parameter is empty: ask for at least one scope, e.g. "openid offline_access accounting.settings".');
  const unknown = scopes.filter((s) => !GRANTABLE_SCOPES.has(s));
  if (unknown.length > 0) {
    const restricted = unknown.filter((s) => RESTRICTED_SCOPES.has(s));
    return bad(
      'unauthorized_client : Invalid scope for client',
      `The scope parameter has ${restricted.length === unknown.length ? 'scopes this app is not approved for' : 'unknown or restricted scopes'}: ${unknown.join(', ')}.`,
    );
  }
  const challenge = q.get('code_challenge');
  const method = q.get('code_challenge_method');
  if (challenge !== null || method !== null) {
    if (method !== 'S256') return bad('invalid_request : Transform algorithm not supported', `code_challenge_method must be "S256", not "${method ?? ''}".`);
    if (challenge === null || !isValidCodeChallenge(challenge)) {
      return bad('invalid_request : Invalid code_challenge', 'code_challenge must be BASE64URL(SHA256(code_verifier)): 43 characters of A-Z a-z 0-9 - _.');
    }
  } else if (app.kind === 'pkce') {
    return bad('invalid_request : code challenge required', `${app.name} is a PKCE app: send code_challenge and code_challenge_method=S256.`);
  }
  const state = q.get('state');
  const nonce = q.get('nonce');
  return {
    ok: true,
    value: {
      app,
      redirectUri,
      scopes,
      ...(state !== null ? { state } : {}),
      ...(nonce !== null ? { nonce } : {}),
      ...(challenge !== null ? { codeChallenge: challenge } : {}),
    },
  };
}

function fail(response: SimResponse): { ok: false; response: SimResponse } {
  return { ok: false, response };
}

/** Appends parameters to a redirect URI, `%20` for spaces so any decoder reads them back. */
function callbackUrl(redirectUri: string, params: readonly (readonly [string, string | undefined])[]): string {
  const query = params
    .filter((entry): entry is readonly [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query}`;
}

/**
 * OpenID Connect Session Management's `session_state`: a salted hash of the client, the redirect
 * URI's origin and the browser session, as IdentityServer computes it.
 */
function sessionState(clientId: string, redirectUri: string, sessionId: string): string {
  const salt = randomToken(12);
  let origin = redirectUri;
  try {
    origin = new URL(redirectUri).origin;
  } catch {
    // Registered URIs are absolute URLs; keep the raw text if one is not.
  }
  return `${digest(`${clientId} ${origin} ${sessionId} ${salt}`)}.${salt}`;
}
