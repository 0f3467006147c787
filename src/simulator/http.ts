/**
 * The simulator's request/response model. Handlers are pure-ish functions from a fully read
 * request to a response value; the server writes the value to the socket. Keeping responses as
 * values is what lets the fault layer truncate or replace them and lets tests call handlers
 * without a socket.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FaultDecision } from './faults.js';

/** A request as handlers see it: body already read, path and query split. */
export interface SimRequest {
  readonly method: string;
  /** The URL path, percent-decoded per segment, without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names are lower-case (node's convention). */
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Values captured by `:name` segments of the matched route pattern. */
  readonly params: Readonly<Record<string, string>>;
  /** Origin the client used to reach us, e.g. `http://127.0.0.1:4010`. */
  readonly origin: string;
  /**
   * The fault decided for this request, if any. The server applies most kinds itself; API routes
   * read it to add latency while they hold the tenant's concurrency slot, as a slow Xero would.
   */
  readonly fault?: FaultDecision;
}

/** What a handler answers. */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /**
   * Tenant the request was for, when the handler resolved one; copied into the request log so
   * tests can count calls per organisation.
   */
  tenantId?: string;
  /** A short free-form annotation for the request log (e.g. the OAuth grant type). */
  logDetail?: string;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

/** A route: method plus a path pattern whose `:name` segments capture values. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** e.g. `/api.xro/2.0/Invoices/:id`. Literal segments match case-insensitively, as Xero's do. */
  readonly pattern: string;
  readonly handler: Handler;
}

/** A JSON response with Xero's content type. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

/** A plain-text response (Xero answers unknown ids this way). */
export function text(status: number, body: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body };
}

/** An HTML page. */
export function html(status: number, body: string, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body,
  };
}

/** A redirect (302 Found, as Xero's identity server uses). */
export function redirect(location: string, headers: Record<string, string> = {}): SimResponse {
  return { status: 302, headers: { location, 'cache-control': 'no-store', ...headers } };
}

/** Parses an `application/x-www-form-urlencoded` body. */
export function formBody(req: SimRequest): URLSearchParams {
  return new URLSearchParams(req.body.toString('utf8'));
}

/** Escapes text for inclusion in HTML. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Reads a header as one string (first value when repeated). */
export function header(req: SimRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Parses a Cookie header into a map. */
export function cookies(req: SimRequest): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header(req, 'cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return out;
}
