/**
 * The one place xero-sql talks HTTP: a shared undici Agent, timeouts, and network failures turned
 * into `XSQL_HTTP` errors that name the host and never carry a query string (it could hold a code)
 * or a header (it could hold a token).
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { ErrorCode, XeroSqlError } from '../errors.js';

/** An HTTP request. `body` is sent as given; set its content type in `headers`. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** 0 means no timeout. */
  readonly timeoutMs: number;
  /** Keep the body's bytes (file content) as well as its text. */
  readonly binary?: boolean;
  readonly signal?: AbortSignal;
  /** Gets one line per request: method, URL without query, status, duration. */
  readonly log?: (level: number, message: string) => void;
}

/** A response with its body read as text. Header names are lower-case. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The body's bytes, for `binary` requests. */
  readonly bytes?: Buffer;
}

const agent = new Agent({ keepAliveTimeout: 10_000, connections: 16 });

/** Sends one request and reads the whole body. Throws `XSQL_HTTP` on network errors and timeouts. */
export async function send(req: HttpRequest): Promise<HttpResponse> {
  const started = performance.now();
  const signals = [req.signal, req.timeoutMs > 0 ? AbortSignal.timeout(req.timeoutMs) : undefined].filter(
    (s): s is AbortSignal => s !== undefined,
  );
  try {
    const res = await request(req.url, {
      method: req.method,
      headers: req.headers ? { ...req.headers } : {},
      ...(req.body !== undefined ? { body: req.body } : {}),
      dispatcher: agent,
      ...(signals.length > 0 ? { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) } : {}),
    });
    const bytes = req.binary ? Buffer.from(await res.body.arrayBuffer()) : undefined;
    const body = bytes ? (res.statusCode >= 200 && res.statusCode < 300 ? '' : bytes.toString('utf8')) : await res.body.text();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    req.log?.(1, `${req.method} ${describeUrl(req.url)} ${res.statusCode} ${Math.round(performance.now() - started)}ms`);
    return { status: res.statusCode, headers, body, ...(bytes ? { bytes } : {}) };
  } catch (err) {
    const error = networkError(req, err);
    req.log?.(1, `${req.method} ${describeUrl(req.url)} failed after ${Math.round(performance.now() - started)}ms: ${error.message}`);
    throw error;
  }
}

/** `scheme://host[:port]/path` of a URL, without query or fragment: safe to show. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(an invalid URL)';
  }
}

function networkError(req: HttpRequest, err: unknown): XeroSqlError {
  const where = `${req.method} ${describeUrl(req.url)}`;
  const e = err as { name?: string; code?: string; cause?: { code?: string } };
  if (req.signal?.aborted) return new XeroSqlError(ErrorCode.Http, `${where} was cancelled.`, { cause: err });
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new XeroSqlError(ErrorCode.Http, `${where} timed out after ${req.timeoutMs / 1000} s (the Timeout connection property).`, { cause: err });
  }
  const code = e?.code ?? e?.cause?.code;
  const reason =
    code === 'ECONNREFUSED'
      ? 'the connection was refused (is the server running, and is BaseURL right?)'
      : code === 'ENOTFOUND'
        ? 'the host name could not be resolved'
        : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
          ? 'the connection was reset'
          : `the request failed (${code ?? (err instanceof Error ? err.message : String(err))})`;
  return new XeroSqlError(ErrorCode.Http, `${where}: ${reason}.`, { cause: err });
}
