/**
 * The token server's request checks. The original had none: any local process could read
 * `/token` and `/status` (which held the refresh token), and any web page the person visited
 * could make their browser call `/revoke` (peers-lessons.md §1.3). Here:
 *
 * - `--auth-token`: every endpoint but `/livez` and the redirect back from Xero (which its
 *   single-use `state` authenticates) wants `Authorization: Bearer <token>`; a browser gives the
 *   token once on a form and gets an HttpOnly cookie derived from it;
 * - forms carry a CSRF token matching a SameSite=Strict cookie (double submit);
 * - requests a browser marks as coming from another site (Fetch Metadata, `Origin`, `Referer`) may
 *   not change anything;
 * - on a loopback address the `Host` header must name this machine, so a web page cannot reach the
 *   server through DNS rebinding (a name of the attacker's that resolves to 127.0.0.1).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const CSRF_COOKIE = 'xero_sql_ts_csrf';
export const AUTH_COOKIE = 'xero_sql_ts_auth';

/** Compares two secrets in time that does not depend on where they differ (or on their lengths). */
export function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** A fresh random token (CSRF), 256 bits, base64url. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The browser cookie's value for an auth token: an HMAC of it, so the cookie is not the token
 * itself (it cannot be replayed as a bearer token) yet needs no server-side session table and
 * survives a restart with the same token.
 */
export function browserSessionValue(authToken: string): string {
  return createHmac('sha256', authToken).update('xero-sql token-server browser session v1').digest('base64url');
}

/** The request's cookies (first value of each name). */
export function parseCookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

/** A `Set-Cookie` value: HttpOnly, path `/`, never sent cross-site (`Strict`) or only on top-level navigations (`Lax`). */
export function cookie(name: string, value: string, sameSite: 'Strict' | 'Lax'): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=${sameSite}`;
}

/** The bearer token of the `Authorization` header, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

/** How a request proved it may use the server, if it did. */
export type Authorisation = 'open' | 'bearer' | 'cookie' | undefined;

/** Checks the bearer token or the browser cookie against the auth token ('open' when none is set). */
export function authorise(req: IncomingMessage, cookies: Map<string, string>, authToken: string | undefined): Authorisation {
  if (authToken === undefined) return 'open';
  const bearer = bearerToken(req);
  if (bearer !== undefined) return sameSecret(bearer, authToken) ? 'bearer' : undefined;
  const session = cookies.get(AUTH_COOKIE);
  return session !== undefined && sameSecret(session, browserSessionValue(authToken)) ? 'cookie' : undefined;
}

/**
 * Why a request looks like one a browser sent on another site's behalf, or undefined. Programs
 * (curl, Python, the driver) send none of these headers; browsers send Fetch Metadata (current
 * ones) and `Origin` on cross-origin POSTs; `Referer` covers older browsers' GETs.
 */
export function crossSiteReason(req: IncomingMessage): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return 'the browser says it comes from another site';
  const host = req.headers.host;
  const origin = req.headers.origin;
  if (origin !== undefined && (origin === 'null' || hostOf(origin) !== host)) return 'its Origin is another site';
  const referer = req.headers.referer;
  if (referer !== undefined && hostOf(referer) !== host) return 'its Referer is another site';
  return undefined;
}

/**
 * Whether the `Host` header names this machine (or the redirect URI's host), for a server on a
 * loopback address. A missing header is refused: every HTTP/1.1 client sends one.
 */
export function hostAllowed(req: IncomingMessage, allowedHostnames: ReadonlySet<string>): boolean {
  const host = req.headers.host;
  if (host === undefined) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  return allowedHostnames.has(hostname);
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
