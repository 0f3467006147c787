/**
 * The token server's HTTP side: the original XeroOauthTokenServer's endpoints (peers-lessons.md
 * §1.3) on node:http, with its weaknesses fixed (see security.ts and token-service.ts).
 *
 * | path | what |
 * | --- | --- |
 * | `/` (`/login`) | the Xero app's client id, secret and tenant id (a form) |
 * | `/home` | start the sign-in |
 * | `/code` (and the redirect URI's path) | Xero's redirect back; checks `state` |
 * | `/livez` | 200 when it holds a grant, else 503; never needs the auth token |
 * | `/status` | what is connected, expiry times, scopes, organisations: never a token |
 * | `/token` | `{"accessToken", "expiresAt", "tenantId", ...}`, refreshed when due; `?tenant=` |
 * | `/refresh` | refresh now |
 * | `/tenants` | the organisations, as Xero's `/connections` lists them |
 * | `/revoke` | revoke the grant at Xero and forget the tokens |
 * | `/logout` | revoke, and forget the app credentials given on the form |
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { HttpError, messageOf, statusOf } from './http-error.js';
import { isLoopback, resolveTokenServerOptions, type TokenServerOptions } from './options.js';
import { authPage, CONTENT_SECURITY_POLICY, credentialsPage, errorPage, homePage, statusPage } from './pages.js';
import { authorise, AUTH_COOKIE, browserSessionValue, cookie, CSRF_COOKIE, crossSiteReason, hostAllowed, parseCookies, randomToken, sameSecret, type Authorisation } from './security.js';
import { TokenService } from './token-service.js';

/** A running token server. */
export interface TokenServer {
  /** Where it listens, e.g. `http://127.0.0.1:5001`. */
  readonly url: string;
  readonly port: number;
  /** The redirect URI it sends to Xero (register it on the app). */
  readonly redirect: string;
  /**
   * Where a person should open the pages: the redirect URI's origin when that is this server on a
   * loopback name (so the browser keeps one origin, and one set of cookies, through the sign-in),
   * else {@link url}.
   */
  readonly pagesUrl: string;
  /** Settles when the server has stopped: rejects with the error that stopped it (a grant lacking scopes). */
  readonly done: Promise<void>;
  /** Runs the refresh-token keep-alive check now, as the timer does every `keepAliveIntervalMs`. */
  keepAlive(): Promise<void>;
  /** Stops listening and the keep-alive timer. */
  close(): Promise<void>;
}

/** The pages a person opens (moved to the redirect URI's origin, see `otherOrigin`). */
const PAGES = new Set(['/', '/login', '/home', '/status']);

/** Form bodies are a few fields; anything larger is not ours. */
const MAX_BODY_BYTES = 16 * 1024;

/** Per-request state. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly method: string;
  readonly cookies: Map<string, string>;
  readonly setCookies: string[];
  /** The browser asked for a page (`Accept: text/html`) rather than JSON. */
  readonly html: boolean;
  auth: Authorisation;
  /** The POSTed form, when the body was one. */
  form?: URLSearchParams;
}

type Handler = (x: Exchange) => Promise<void>;

/**
 * Starts a token server. Rejects with `XSQL_CONFIG` for bad options (a non-loopback address
 * without an auth token among them), `XSQL_AUTH_SCOPE` when the saved grant lacks a requested
 * scope, `XSQL_TOKEN_SERVER_START` when the address or port cannot be used.
 */
export async function startTokenServer(options: TokenServerOptions = {}): Promise<TokenServer> {
  const o = resolveTokenServerOptions(options);
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});

  let stopError: XeroSqlError | undefined;
  let closing: Promise<void> | undefined;
  let server: Server | undefined;
  let listening = false;
  let settle: { resolve: () => void; reject: (err: unknown) => void } | undefined;
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Marked handled here; callers awaiting `done` still see the rejection.
  done.catch(() => {});

  const service = await TokenService.create(o, {
    env,
    now,
    log,
    onFatal: (err) => {
      stopError = err;
      // Before it listens, create() or listen() throws the error itself.
      if (listening) void close();
    },
  });

  const close = (): Promise<void> => {
    closing ??= (async () => {
      await service.stop();
      if (server) {
        const s = server;
        const closed = new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeIdleConnections();
        // A response in progress (the page saying why the server stops) gets a moment to finish.
        const force = setTimeout(() => s.closeAllConnections(), 1000);
        force.unref();
        await closed;
        clearTimeout(force);
      }
      if (stopError) settle?.reject(stopError);
      else settle?.resolve();
    })();
    return closing;
  };

  server = createServer((req, res) => {
    const started = performance.now();
    handle(req, res)
      .catch((err: unknown) => {
        log(`internal error on ${req.method} ${pathOf(req)}: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) respond(res, 500, 'text/plain; charset=utf-8', 'Internal error in the token server.\n');
        else res.end();
      })
      .finally(() => {
        // Path only: a query string can hold an authorization code.
        log(`${req.method} ${pathOf(req)} ${res.statusCode} ${Math.round(performance.now() - started)}ms`);
      });
  });
  server.keepAliveTimeout = 5000;
  server.requestTimeout = 30_000;

  try {
    await new Promise<void>((resolve, reject) => {
      const s = server as Server;
      s.once('error', reject);
      s.listen(o.port, o.address, () => {
        s.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await service.stop();
    const code = (err as NodeJS.ErrnoException).code;
    throw new XeroSqlError(
      ErrorCode.TokenServerStart,
      code === 'EADDRINUSE'
        ? `Port ${o.port} on ${o.address} is already in use: stop what is using it, or choose another with --port (and register the matching --redirect on the Xero app).`
        : `The token server cannot listen on ${o.address}:${o.port} (${code ?? 'error'}): check --address and --port.`,
      { cause: err },
    );
  }
  listening = true;
  const port = (server.address() as AddressInfo).port;
  const shownHost = o.address === '0.0.0.0' ? '127.0.0.1' : o.address === '::' ? '[::1]' : o.address.includes(':') ? `[${o.address}]` : o.address;
  const url = `http://${shownHost}:${port}`;
  service.listening(port);
  const redirect = new URL(service.redirect);
  const redirectPath = redirect.pathname;
  const redirectPort = Number(redirect.port || (redirect.protocol === 'https:' ? 443 : 80));
  const pagesOrigin = redirect.protocol === 'http:' && isLoopback(redirect.hostname) && redirectPort === port ? redirect.origin : undefined;
  service.usePagesUrl(pagesOrigin ?? url);
  // Names a browser on this machine may use for the server (DNS rebinding defence, loopback only).
  const hostnames = isLoopback(o.address)
    ? new Set(['localhost', '127.0.0.1', '[::1]', redirect.hostname.toLowerCase(), new URL(url).hostname.toLowerCase()])
    : undefined;
  service.startKeepAlive();

  // --- the endpoints -------------------------------------------------------------------------

  const csrfOf = (x: Exchange): string => {
    const existing = x.cookies.get(CSRF_COOKIE);
    if (existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const fresh = randomToken();
    x.cookies.set(CSRF_COOKIE, fresh);
    x.setCookies.push(cookie(CSRF_COOKIE, fresh, 'Strict'));
    return fresh;
  };

  /** A POSTed form must carry the CSRF token of its cookie, unless the caller proved itself with a bearer token. */
  const checkCsrf = (x: Exchange): void => {
    if (x.auth === 'bearer' || x.form === undefined) return;
    const sent = x.form.get('csrf') ?? '';
    const expected = x.cookies.get(CSRF_COOKIE);
    if (expected === undefined || !sameSecret(sent, expected)) {
      throw new HttpError(403, ErrorCode.Usage, 'The form has expired or did not come from this server (CSRF check): reload the page and try again.');
    }
  };

  const page = (x: Exchange, status: number, body: string) => respond(x.res, status, 'text/html; charset=utf-8', body, x.setCookies);
  const json = (x: Exchange, status: number, value: unknown, headers: Record<string, string> = {}) =>
    respond(x.res, status, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`, x.setCookies, headers);
  const redirectTo = (x: Exchange, status: 302 | 303, location: string) => respond(x.res, status, 'text/plain; charset=utf-8', '', x.setCookies, { location });
  /** After an action: a browser's form goes to a page (303), a program keeps the original's answer. */
  const fromForm = (x: Exchange) => x.form !== undefined && x.auth !== 'bearer';

  const failure = (x: Exchange, err: unknown, asPage = x.html) => {
    const status = statusOf(err);
    const message = messageOf(err);
    if (asPage) return page(x, status, errorPage(status === 503 ? 'Not signed in' : 'Something went wrong', message));
    return json(x, status, { error: message, code: err instanceof XeroSqlError ? err.code : 'XSQL_INTERNAL' });
  };

  /**
   * A browser that opened the pages on another loopback name than the redirect URI's (127.0.0.1
   * vs localhost) is sent to the redirect's origin first: cookies are per host name, and the
   * redirect back from Xero lands there.
   */
  const otherOrigin = (x: Exchange): string | undefined =>
    pagesOrigin !== undefined && x.html && x.method === 'GET' && `http://${x.req.headers.host ?? ''}`.toLowerCase() !== pagesOrigin.toLowerCase()
      ? `${pagesOrigin}${x.url.pathname}${x.url.search}`
      : undefined;

  const credentials: Handler = async (x) => {
    if (x.method === 'POST') {
      checkCsrf(x);
      try {
        await service.setApp({ client: x.form?.get('client') ?? '', secret: x.form?.get('secret') ?? '', tenantid: x.form?.get('tenantid') ?? '' });
      } catch (err) {
        if (err instanceof HttpError && err.status === 400) {
          return page(x, 400, credentialsPage({ csrf: csrfOf(x), error: err.message, clientId: x.form?.get('client') ?? '', tenantId: x.form?.get('tenantid') ?? '', redirect: service.redirect }));
        }
        if (!(err instanceof HttpError && err.status === 409)) throw err;
      }
      return redirectTo(x, 303, '/home');
    }
    // The original 0.0.x took the redirect at `/`: finish a sign-in that lands here.
    if (['code', 'state', 'error'].some((k) => x.url.searchParams.has(k))) return code(x);
    if (service.hasApp) return redirectTo(x, 303, '/home');
    return page(x, 200, credentialsPage({ csrf: csrfOf(x), redirect: service.redirect }));
  };

  const home: Handler = async (x) => {
    if (!service.hasApp) return redirectTo(x, 303, '/');
    const status = await service.status();
    return page(x, 200, homePage({ status, signInUrl: service.startSignIn(), csrf: csrfOf(x), canChangeApp: !service.appFixed }));
  };

  const code: Handler = async (x) => {
    const q = x.url.searchParams;
    try {
      await service.finishSignIn({
        ...(q.get('code') !== null ? { code: q.get('code') as string } : {}),
        ...(q.get('state') !== null ? { state: q.get('state') as string } : {}),
        ...(q.get('error') !== null ? { error: q.get('error') as string } : {}),
      });
    } catch (err) {
      return failure(x, err, true);
    }
    // A redirect, so the spent code leaves the address bar and the history.
    return redirectTo(x, 303, '/status');
  };

  const livez: Handler = async (x) => {
    const status = await service.status();
    const ok = status.status === 'connected';
    respond(x.res, ok ? 200 : 503, 'text/plain; charset=utf-8', ok ? 'ok\n' : `${status.status}\n`);
  };

  const statusHandler: Handler = async (x) => {
    const status = await service.status();
    if (x.html && x.url.searchParams.get('format') !== 'json') return page(x, 200, statusPage({ status, csrf: csrfOf(x), canChangeApp: !service.appFixed }));
    return json(x, 200, status);
  };

  const token: Handler = async (x) => {
    const q = x.url.searchParams;
    try {
      const reply = await service.token({
        ...(q.get('tenant') ? { tenant: q.get('tenant') as string } : {}),
        ...(q.get('stale') ? { stale: q.get('stale') as string } : {}),
      });
      return json(x, 200, reply);
    } catch (err) {
      return failure(x, err, false);
    }
  };

  const refresh: Handler = async (x) => {
    checkCsrf(x);
    try {
      await service.refresh();
    } catch (err) {
      return failure(x, err, fromForm(x));
    }
    // The original answers a refresh with a redirect to the new token.
    return fromForm(x) ? redirectTo(x, 303, '/status') : redirectTo(x, 302, '/token');
  };

  const tenants: Handler = async (x) => {
    try {
      return json(x, 200, await service.tenants());
    } catch (err) {
      return failure(x, err, false);
    }
  };

  const revoke: Handler = async (x) => {
    checkCsrf(x);
    try {
      await service.revoke();
    } catch (err) {
      return failure(x, err, fromForm(x));
    }
    return fromForm(x) ? redirectTo(x, 303, '/home') : json(x, 200, { status: 'revoked' });
  };

  const logout: Handler = async (x) => {
    checkCsrf(x);
    await service.logout();
    return redirectTo(x, fromForm(x) ? 303 : 302, '/');
  };

  const unlock: Handler = async (x) => {
    if (o.authToken === undefined) return redirectTo(x, 303, '/');
    checkCsrf(x);
    if (!sameSecret(x.form?.get('token') ?? '', o.authToken)) {
      return page(x, 401, authPage({ csrf: csrfOf(x), error: 'That is not this server\'s auth token.' }));
    }
    x.setCookies.push(cookie(AUTH_COOKIE, browserSessionValue(o.authToken), 'Lax'));
    return redirectTo(x, 303, '/');
  };

  /**
   * Each path: its methods, whether a GET changes things (then, like every POST, it is refused when
   * a browser sends it on another site's behalf), whether it is open without the auth token.
   */
  const routes = new Map<string, { methods: readonly string[]; handler: Handler; changes: boolean; open?: boolean }>([
    ['/', { methods: ['GET', 'POST'], handler: credentials, changes: false }],
    ['/login', { methods: ['GET', 'POST'], handler: credentials, changes: false }],
    ['/home', { methods: ['GET'], handler: home, changes: false }],
    // Xero's redirect is a cross-site navigation by nature; its single-use state authenticates it.
    ['/code', { methods: ['GET'], handler: code, changes: false, open: true }],
    ['/livez', { methods: ['GET'], handler: livez, changes: false, open: true }],
    ['/status', { methods: ['GET'], handler: statusHandler, changes: false }],
    ['/token', { methods: ['GET'], handler: token, changes: false }],
    ['/refresh', { methods: ['GET', 'POST'], handler: refresh, changes: true }],
    ['/tenants', { methods: ['GET'], handler: tenants, changes: false }],
    ['/revoke', { methods: ['GET', 'POST'], handler: revoke, changes: true }],
    ['/logout', { methods: ['GET', 'POST'], handler: logout, changes: true }],
    ['/auth', { methods: ['POST'], handler: unlock, changes: true, open: true }],
  ]);
  if (!routes.has(redirectPath)) routes.set(redirectPath, { methods: ['GET'], handler: code, changes: false, open: true });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://token-server.invalid');
    } catch {
      return respond(res, 400, 'text/plain; charset=utf-8', 'Bad request target.\n');
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const x: Exchange = {
      req,
      res,
      url,
      method: method === 'HEAD' ? 'GET' : method,
      cookies: parseCookies(req),
      setCookies: [],
      html: /\btext\/html\b/.test(req.headers.accept ?? ''),
      auth: undefined,
    };
    if (hostnames && !hostAllowed(req, hostnames)) {
      return respond(res, 421, 'text/plain; charset=utf-8', 'This token server answers only to localhost, 127.0.0.1 and [::1] (and the redirect URI\'s host).\n');
    }
    const route = routes.get(url.pathname);
    if (!route) return failure(x, new HttpError(404, ErrorCode.Usage, `No such endpoint ${url.pathname}: see /status, /token, /tenants, /refresh, /revoke, /logout, /livez.`));
    if (!route.methods.includes(x.method)) {
      res.setHeader('allow', route.methods.join(', '));
      return failure(x, new HttpError(405, ErrorCode.Usage, `${url.pathname} takes ${route.methods.join(' or ')}, not ${method}.`));
    }
    if (route.changes || x.method === 'POST') {
      const why = crossSiteReason(req);
      if (why) return failure(x, new HttpError(403, ErrorCode.Usage, `Refused: ${why}. Open the token server's pages directly, not from another site.`));
    }
    // Before the auth token is asked for: the cookie it buys belongs to one host name.
    const isRedirectBack = ['code', 'state', 'error'].some((k) => url.searchParams.has(k));
    if (PAGES.has(url.pathname) && !isRedirectBack) {
      const moved = otherOrigin(x);
      if (moved !== undefined) return redirectTo(x, 303, moved);
    }
    x.auth = authorise(req, x.cookies, o.authToken);
    // The original 0.0.x took the redirect back at `/`: open like /code, its state authenticates it.
    const open = route.open === true || (isRedirectBack && x.method === 'GET' && (url.pathname === '/' || url.pathname === '/login'));
    if (!open && x.auth === undefined) {
      if (x.html && x.method === 'GET') return page(x, 401, authPage({ csrf: csrfOf(x) }));
      return json(
        x,
        401,
        { error: 'This token server requires its auth token: send "Authorization: Bearer <token>" (the value of --auth-token).', code: ErrorCode.TokenServer },
        { 'www-authenticate': 'Bearer realm="xero-sql token-server"' },
      );
    }
    try {
      if (x.method === 'POST') {
        const body = await readBody(req);
        if ((req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded') x.form = new URLSearchParams(body);
      }
      await route.handler(x);
    } catch (err) {
      failure(x, err);
    }
  }

  const handleObj: TokenServer = {
    url,
    port,
    redirect: service.redirect,
    pagesUrl: pagesOrigin ?? url,
    done,
    keepAlive: () => service.keepAliveTick(),
    close,
  };
  return handleObj;
}

/** Headers on every response: nothing cached, framed, sniffed, referred or run. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on its own forms' POSTs.
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function respond(res: ServerResponse, status: number, contentType: string, body: string, setCookies: readonly string[] = [], headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...(setCookies.length > 0 ? { 'set-cookie': [...setCookies] } : {}),
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** The request's path for the log: never its query string, which can hold an authorization code. */
function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://token-server.invalid').pathname;
  } catch {
    return '(unparsable)';
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, ErrorCode.Usage, 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
