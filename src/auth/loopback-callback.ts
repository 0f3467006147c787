/**
 * The desktop flow's redirect target: a short-lived HTTP listener on `CallbackURL` (a loopback
 * address) that waits for Xero to send the browser back with `code` and the `state` we chose.
 * Requests with any other `state` are answered with an error page and ignored, so a forged
 * redirect cannot inject a code.
 */
import { createServer, type Server } from 'node:http';
import { ErrorCode, XeroSqlError } from '../errors.js';

/** What came back on the redirect. */
export interface CallbackResult {
  readonly code: string;
  /** Space-separated scopes Xero says it granted. */
  readonly scope?: string;
}

export interface LoopbackCallback {
  /** Resolves with the code, or rejects (access denied, timeout, cancelled). */
  readonly result: Promise<CallbackResult>;
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Starts listening on the host, port and path of `callbackUrl` for a redirect carrying `state`.
 * Rejects with `XSQL_AUTH_REQUIRED` when the URL is not a loopback http URL or the port is taken.
 */
export async function listenForCallback(callbackUrl: string, state: string, timeoutMs: number): Promise<LoopbackCallback> {
  const url = new URL(callbackUrl);
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new XeroSqlError(
      ErrorCode.AuthRequired,
      `The desktop sign-in listens on CallbackURL, which must be a loopback http URL such as http://localhost:33333 (got ${url.origin}). For a web redirect use the GetOAuthAuthorizationURL and GetOAuthAccessToken procedures.`,
    );
  }
  const port = url.port === '' ? 80 : Number(url.port);
  const path = url.pathname;
  let settle!: { resolve: (r: CallbackResult) => void; reject: (e: Error) => void };
  const result = new Promise<CallbackResult>((resolve, reject) => (settle = { resolve, reject }));
  // Nobody may be awaiting yet when a rejection happens (e.g. the listener fails first).
  result.catch(() => {});

  const server: Server = createServer((req, res) => {
    const at = new URL(req.url ?? '/', 'http://loopback.invalid');
    if (req.method !== 'GET' || at.pathname !== path) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    if (at.searchParams.get('state') !== state) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(page('Sign-in not accepted', 'This sign-in response does not belong to the request xero-sql made (its state does not match). Close this tab and try again.'));
      return;
    }
    const error = at.searchParams.get('error');
    const code = at.searchParams.get('code');
    if (error || !code) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Sign-in cancelled', 'xero-sql was not given access. You can close this tab.'));
      settle.reject(
        new XeroSqlError(
          ErrorCode.AuthCancelled,
          error === 'access_denied'
            ? 'Sign-in was cancelled: access was denied on the Xero consent page.'
            : `Sign-in failed: Xero redirected back with ${error ? `error=${error}` : 'no code'}.`,
        ),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Signed in', 'xero-sql is now connected to Xero. You can close this tab.'));
    const scope = at.searchParams.get('scope');
    settle.resolve({ code, ...(scope !== null ? { scope } : {}) });
  });

  const host = url.hostname === '[::1]' ? '::1' : url.hostname === 'localhost' ? '127.0.0.1' : url.hostname;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new XeroSqlError(
          ErrorCode.AuthRequired,
          err.code === 'EADDRINUSE'
            ? `Cannot listen for the sign-in redirect: port ${port} (CallbackURL ${url.origin}) is in use by another program. Stop it, or register another redirect URI on your Xero app and set CallbackURL to it.`
            : `Cannot listen for the sign-in redirect on ${url.origin}: ${err.message}`,
          { cause: err },
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  if (url.hostname === 'localhost') await alsoListenOnIpv6(server, port);

  const timer = setTimeout(
    () => settle.reject(new XeroSqlError(ErrorCode.AuthCancelled, `Sign-in timed out after ${Math.round(timeoutMs / 1000)} s without a redirect to ${url.origin}${path}.`)),
    timeoutMs,
  );
  timer.unref();
  let closed: Promise<void> | undefined;
  return {
    result,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        clearTimeout(timer);
        settle.reject(new XeroSqlError(ErrorCode.AuthCancelled, 'Sign-in was cancelled.'));
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

/**
 * Browsers may resolve `localhost` to ::1 first; a second listener there makes the redirect land
 * either way. Missing IPv6 support is fine (the IPv4 listener suffices).
 */
async function alsoListenOnIpv6(primary: Server, port: number): Promise<void> {
  const secondary = createServer((req, res) => primary.emit('request', req, res));
  await new Promise<void>((resolve) => {
    secondary.once('error', () => resolve());
    secondary.listen(port, '::1', () => resolve());
  });
  primary.once('close', () => secondary.close());
  const closeAll = primary.closeAllConnections.bind(primary);
  primary.closeAllConnections = () => {
    closeAll();
    secondary.closeAllConnections();
  };
}

function page(title: string, message: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif;max-width:32em;margin:4em auto"><h1 id="title">${title}</h1><p id="message">${message}</p></body></html>`;
}
