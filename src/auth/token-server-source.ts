/**
 * Access tokens from a running `xero-sql token-server` (the `TokenServerURL` property), so a fleet
 * of short-lived processes shares one sign-in and the server alone refreshes it. The server's
 * `/token` answers `{"accessToken", "expiresAt", ...}`; when Xero rejects a token as expired, the
 * next request names it by fingerprint (`stale=`), so the server refreshes at most once however
 * many processes saw the same rejection, and never has the token itself in a URL.
 */
import { ErrorCode, XeroSqlError } from '../errors.js';
import { describeUrl, send } from '../http/transport.js';
import { fingerprint } from './pkce.js';

/** Where the token server is and how to reach it. */
export interface TokenServerRequest {
  /** The server's base URL (TokenServerURL), e.g. `http://127.0.0.1:5001`. */
  readonly url: string;
  /** The server's `--auth-token` (TokenServerAuthToken), sent as a bearer token. */
  readonly authToken?: string;
  readonly timeoutMs: number;
  /** The token Xero just rejected as expired: the server replaces it unless it already has. */
  readonly rejected?: string;
  readonly log?: (level: number, message: string) => void;
}

/** A token as the server handed it out. Times are epoch ms. */
export interface ServedToken {
  readonly accessToken: string;
  /** Undefined when the server did not say (the token is then used until Xero rejects it). */
  readonly expiresAt?: number;
}

/** The codes a server error may carry through to the caller as they are; anything else becomes `XSQL_TOKEN_SERVER`. */
const PASSED_THROUGH = new Set<string>([ErrorCode.AuthRequired, ErrorCode.Auth, ErrorCode.AuthScope, ErrorCode.Settings, ErrorCode.SettingsLock, ErrorCode.Http]);

/** Gets a token from the server's `/token`. Throws `XSQL_TOKEN_SERVER` (or the server's own code) with what to do. */
export async function tokenFromServer(req: TokenServerRequest): Promise<ServedToken> {
  const url = new URL('token', req.url.endsWith('/') ? req.url : `${req.url}/`);
  if (req.rejected !== undefined) url.searchParams.set('stale', fingerprint(req.rejected));
  const where = `the token server at ${describeUrl(req.url)} (TokenServerURL)`;
  let res;
  try {
    res = await send({
      method: 'GET',
      url: url.href,
      headers: { accept: 'application/json', ...(req.authToken !== undefined ? { authorization: `Bearer ${req.authToken}` } : {}) },
      timeoutMs: req.timeoutMs,
      ...(req.log ? { log: req.log } : {}),
    });
  } catch (err) {
    throw new XeroSqlError(ErrorCode.TokenServer, `Could not get a token from ${where}: ${(err as Error).message} Is \`xero-sql token-server\` running there?`, { cause: err });
  }
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(res.body);
    body = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    body = undefined;
  }
  if (res.status === 401) {
    throw new XeroSqlError(
      ErrorCode.TokenServer,
      req.authToken === undefined
        ? `${capitalise(where)} requires an auth token: set TokenServerAuthToken to the server's --auth-token.`
        : `${capitalise(where)} refused TokenServerAuthToken: set it to the server's --auth-token.`,
    );
  }
  if (res.status !== 200 || typeof body?.accessToken !== 'string' || body.accessToken === '') {
    const said = typeof body?.error === 'string' ? body.error : undefined;
    const code = typeof body?.code === 'string' && PASSED_THROUGH.has(body.code) ? (body.code as ErrorCode) : ErrorCode.TokenServer;
    throw new XeroSqlError(code, `${capitalise(where)} answered HTTP ${res.status}${said ? `: ${said}` : ' without a token.'}`);
  }
  const expiresAt = typeof body.expiresAt === 'string' ? Date.parse(body.expiresAt) : Number.NaN;
  return { accessToken: body.accessToken, ...(Number.isFinite(expiresAt) ? { expiresAt } : {}) };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
