/**
 * Sends a request with a bearer token and, when Xero answers 401 `TokenExpired`, asks the token
 * source for a fresh token once and retries once (issue 3: "A 401 TokenExpired from the API
 * triggers one refresh and one retry"). The http layer knows nothing of OAuth flows; it only
 * needs a {@link TokenSource}.
 */
import { send, type HttpRequest, type HttpResponse } from './transport.js';

/** Where bearer tokens come from (the auth layer's TokenManager implements it). */
export interface TokenSource {
  /** A token believed valid now. */
  accessToken(): Promise<string>;
  /** Xero rejected `rejected` as expired: return a token that is not it (refreshing if needed). */
  afterRejection(rejected: string): Promise<string>;
}

/** True when a 401 body says the token expired (problem details in either key casing). */
export function isTokenExpired(res: HttpResponse): boolean {
  if (res.status !== 401) return false;
  try {
    const body = JSON.parse(res.body) as Record<string, unknown>;
    const detail = body.Detail ?? body.detail;
    return typeof detail === 'string' && detail.startsWith('TokenExpired');
  } catch {
    return /TokenExpired/.test(res.body);
  }
}

export async function sendAuthorized(tokens: TokenSource, req: HttpRequest): Promise<HttpResponse> {
  const token = await tokens.accessToken();
  const first = await send({ ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } });
  if (!isTokenExpired(first)) return first;
  const fresh = await tokens.afterRejection(token);
  return send({ ...req, headers: { ...req.headers, authorization: `Bearer ${fresh}` } });
}
