/**
 * Client authentication at the token and revocation endpoints (xero-platform-facts.md §3.1):
 * HTTP Basic `client_id:client_secret`, or `client_id`/`client_secret` in the form body. A PKCE
 * app has no secret and sends only `client_id` (§3.3).
 */
import type { SimApp } from '../apps.js';
import { header, type SimRequest } from '../http.js';
import { safeEqual } from './secrets.js';

/** A client's credentials as presented; `secret` is undefined when none (or an empty one) was sent. */
interface PresentedClient {
  readonly id: string;
  readonly secret: string | undefined;
}

/**
 * The app the request authenticates as, or undefined (answer `invalid_client`). Fails for an
 * unknown client id, a wrong or missing secret, a secret sent by a PKCE app (a client that has
 * none is misconfigured if it sends one), a malformed Basic header, and Basic and body naming
 * different clients (RFC 6749 §2.3 allows one method per request).
 */
export function authenticateClient(req: SimRequest, form: URLSearchParams, apps: readonly SimApp[]): SimApp | undefined {
  const basic = parseBasic(header(req, 'authorization'));
  if (basic === null) return undefined;
  const bodyId = form.get('client_id') || undefined;
  const bodySecret = form.get('client_secret') || undefined;
  let presented: PresentedClient;
  if (basic) {
    if ((bodyId !== undefined && bodyId !== basic.id) || bodySecret !== undefined) return undefined;
    presented = basic;
  } else {
    if (bodyId === undefined) return undefined;
    presented = { id: bodyId, secret: bodySecret };
  }
  const app = apps.find((a) => a.clientId === presented.id);
  if (!app) return undefined;
  if (app.clientSecret === undefined) return presented.secret === undefined ? app : undefined;
  return presented.secret !== undefined && safeEqual(presented.secret, app.clientSecret) ? app : undefined;
}

/**
 * Parses `Authorization: Basic ...`. Returns undefined when there is no Basic header (another
 * scheme counts as none) and null when it is malformed. Both halves are form-url-decoded first,
 * as RFC 6749 §2.3.1 says clients encode them.
 */
function parseBasic(value: string | undefined): PresentedClient | undefined | null {
  const match = /^Basic\s+(\S+)\s*$/i.exec(value ?? '');
  if (!match?.[1]) return /^Basic(\s|$)/i.test(value ?? '') ? null : undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  try {
    const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    const secret = formDecode(decoded.slice(colon + 1));
    return { id: formDecode(decoded.slice(0, colon)), secret: secret || undefined };
  } catch {
    return null;
  }
}
