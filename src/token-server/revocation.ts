/**
 * Revoking a grant at Xero: `POST /connect/revocation` with the refresh token (RFC 7009), the
 * client authenticated like at the token endpoint (Basic with a secret, `client_id` in the body for
 * a PKCE app). Xero then removes the person's connections to the app (xero-platform-facts.md §3.6).
 */
import { ErrorCode, XeroSqlError } from '../errors.js';
import { describeUrl, send } from '../http/transport.js';
import type { AppCredentials } from './app-store.js';

export async function revokeRefreshToken(
  revocationUrl: string,
  app: AppCredentials,
  refreshToken: string,
  timeoutMs: number,
  log?: (level: number, message: string) => void,
): Promise<void> {
  const body = new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token' });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (app.clientSecret !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(app.clientId)}:${encodeURIComponent(app.clientSecret)}`).toString('base64')}`;
  } else {
    body.set('client_id', app.clientId);
  }
  const res = await send({ method: 'POST', url: revocationUrl, headers, body: body.toString(), timeoutMs, ...(log ? { log } : {}) });
  if (res.status === 200) return;
  let error: string | undefined;
  try {
    const parsed = JSON.parse(res.body) as { error?: unknown };
    // Only an OAuth error code is shown: a body could echo anything, and this message reaches pages and logs.
    if (typeof parsed.error === 'string' && /^[a-z_]{1,40}$/.test(parsed.error)) error = parsed.error;
  } catch {
    error = undefined;
  }
  throw new XeroSqlError(ErrorCode.Auth, `Xero refused to revoke the grant at ${describeUrl(revocationUrl)} (HTTP ${res.status}${error ? `, ${error}` : ''}).`);
}
