/**
 * `XeroClient`: every API read goes through {@link XeroClient.get}. It adds the bearer token,
 * tenant and Accept headers; waits for a rate-limit slot ({@link RateLimiter}); refreshes the
 * token once on 401 `TokenExpired`; waits out 429s as Xero asks; retries 5xx, dropped
 * connections, timeouts and cut-off bodies with backoff; and turns everything else into an
 * {@link XeroApiError}. It returns a response only when the whole body arrived and parsed.
 *
 * Logs and messages show the URL without query values (parameter names only) and never a header.
 */
import { performance } from 'node:perf_hooks';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../log.js';
import { XeroApiError, errorForResponse, excerpt } from './api-error.js';
import { isTokenExpired, type TokenSource } from './authorized.js';
import { RateLimiter, type LimitName, type RateLimits, type RemainingLimits } from './rate-limiter.js';
import {
  DEFAULT_BACKOFF,
  backoffDelay,
  cancelledError,
  isRetryableNetworkError,
  isRetryableStatus,
  realSleep,
  throwIfCancelled,
  type Backoff,
  type Sleep,
} from './retry.js';
import { describeUrl, send, type HttpRequest, type HttpResponse } from './transport.js';

/** How a {@link XeroClient} is set up. Connection options map onto it one to one. */
export interface XeroClientOptions {
  /** Origin of the API host: `https://api.xero.com`, or the simulator's URL. */
  readonly apiOrigin: string;
  readonly tokens: TokenSource;
  /** Per attempt, in ms; 0 means none (the `Timeout` property × 1000). */
  readonly timeoutMs: number;
  /** Retries of a 5xx, dropped connection, timeout or cut-off body (`MaximumRequestRetries`). */
  readonly maxRetries: number;
  /** Wait after a 429 that names no `Retry-After`, in ms (`RetryWaitTime`). */
  readonly retryWaitTimeMs: number;
  /** Wait for the daily limit to reset instead of failing (`RetryDailyLimit`). */
  readonly retryDailyLimit: boolean;
  /** 429s waited out per request before giving up (default 10). Day-limit waits count too. */
  readonly maxRateLimitWaits?: number;
  /** Rate-limit window in ms (default 60,000); match a simulator's `--time-scale` with `60000 / scale`. */
  readonly windowMs?: number;
  /** Other limits than Xero's (tests). `windowMs` above wins over `limits.windowMs`. */
  readonly limits?: Partial<RateLimits>;
  /** Share one limiter between clients of the same Xero app; by default each client has its own. */
  readonly limiter?: RateLimiter;
  readonly log?: Logger;
  /** Progress events; a throwing listener is ignored. */
  readonly onEvent?: (event: ClientEvent) => void;
  /** Retry backoff (default 250 ms doubling to 8 s, with jitter). */
  readonly backoff?: Backoff;
  /** Clock (ms since the epoch; default monotonic from process start), timers, randomness and transport, injectable for tests. */
  readonly now?: () => number;
  readonly sleep?: Sleep;
  readonly random?: () => number;
  readonly send?: (req: HttpRequest) => Promise<HttpResponse>;
}

/** One API read. */
export interface ApiRequest {
  /** Full path under the origin, segments already percent-encoded: `/api.xro/2.0/Invoices`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** Sent as `xero-tenant-id`; omit only for custom connections (they reach one organisation). */
  readonly tenantId?: string;
  /** Extra headers, e.g. `If-Modified-Since`. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Return a 404 as a response (a by-id read of a missing record) instead of failing. */
  readonly expect404?: boolean;
  /** Page number, only for events and logs. */
  readonly page?: number;
  /** Scopes any one of which allows the call, only for the missing-scope message. */
  readonly scopes?: readonly string[];
  /** The body is file content, not JSON: return its bytes. */
  readonly binary?: boolean;
}

/** A complete response. Header names are lower-case. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed body; undefined for a 404 (plain text at Xero) or a non-JSON body. */
  readonly json: unknown;
  readonly text: string;
  /** The body's bytes, for `binary` requests. */
  readonly bytes?: Buffer;
}

/** What an event is about. */
export interface ClientEventBase {
  /** Numbers the {@link XeroClient.get} calls of one client, from 1. */
  readonly requestId: number;
  readonly path: string;
  readonly tenantId?: string;
  readonly page?: number;
}

/** Progress events: attempts, responses, and waits with their reason and length. */
export type ClientEvent =
  | (ClientEventBase & { readonly type: 'request'; readonly attempt: number })
  | (ClientEventBase & {
      readonly type: 'response';
      readonly attempt: number;
      /** 0 when no response arrived (network failure, timeout). */
      readonly status: number;
      readonly durationMs: number;
      readonly remaining: RemainingLimits;
    })
  | (ClientEventBase & {
      readonly type: 'wait';
      /** A rate limit, or `retry` for backoff after a failure. */
      readonly reason: LimitName | 'retry';
      /** Undefined when waiting for a call in progress to finish. */
      readonly ms?: number;
      /** `429`: Xero asked for it; `limit`: staying under a limit; `failure`: backoff. */
      readonly trigger: 'limit' | '429' | 'failure';
      /** For `retry`: what failed. */
      readonly cause?: string;
    });

const DEFAULT_MAX_RATE_LIMIT_WAITS = 10;

/** The HTTP client for Xero's APIs. One per connection; safe for concurrent use. */
export class XeroClient {
  readonly #o: XeroClientOptions;
  readonly #now: () => number;
  readonly #sleep: Sleep;
  readonly #send: (req: HttpRequest) => Promise<HttpResponse>;
  readonly #limiter: RateLimiter;
  #requests = 0;

  constructor(options: XeroClientOptions) {
    this.#o = { ...options, apiOrigin: options.apiOrigin.replace(/\/+$/, '') };
    // Monotonic by default: a wall-clock adjustment must not turn a 1 s pause into minutes.
    this.#now = options.now ?? (() => performance.timeOrigin + performance.now());
    this.#sleep = options.sleep ?? realSleep;
    this.#send = options.send ?? send;
    this.#limiter =
      options.limiter ??
      new RateLimiter(
        { ...options.limits, ...(options.windowMs !== undefined ? { windowMs: options.windowMs } : {}) },
        { now: this.#now, sleep: this.#sleep },
      );
  }

  /** The limiter in use (shared or own). */
  get limiter(): RateLimiter {
    return this.#limiter;
  }

  /**
   * GETs `request.path`. Resolves with a complete 2xx response (or a 404 when `expect404`).
   * Rejects with an {@link XeroApiError}: `XSQL_API` (Xero refused; 5xx after retries; not
   * found), `XSQL_HTTP` (network, timeout or cut-off body after retries), `XSQL_API_RATE_LIMIT`
   * (daily limit), `XSQL_AUTH_SCOPE`, `XSQL_AUTH_EXPIRED`, `XSQL_AUTH_REQUIRED`, `XSQL_TENANT`;
   * or `XSQL_CANCELLED` when `request.signal` aborts; or the token source's own error.
   */
  async get(request: ApiRequest): Promise<ApiResponse> {
    const o = this.#o;
    const requestId = ++this.#requests;
    const url = `${o.apiOrigin}${request.path}${queryString(request.query)}`;
    const names = Object.keys(request.query ?? {});
    const shown = `GET ${describeUrl(url)}${names.length > 0 ? `?${names.join('&')}` : ''}`;
    const key = request.tenantId ?? '';
    const base: ClientEventBase = {
      requestId,
      path: request.path,
      ...(request.tenantId !== undefined ? { tenantId: request.tenantId } : {}),
      ...(request.page !== undefined ? { page: request.page } : {}),
    };
    const failed = { path: request.path, request: shown, ...(request.tenantId !== undefined ? { tenantId: request.tenantId } : {}) };
    const maxWaits = o.maxRateLimitWaits ?? DEFAULT_MAX_RATE_LIMIT_WAITS;
    const started = performance.now();
    let attempts = 0;
    let retries = 0;
    let rateLimitWaits = 0;
    let freshToken: string | undefined;
    let refreshed = false;

    const finish = (outcome: string) =>
      o.log?.(1, `${shown} ${outcome} in ${Math.round(performance.now() - started)}ms (${attempts} attempt${attempts === 1 ? '' : 's'}, ${retries} retr${retries === 1 ? 'y' : 'ies'}${rateLimitWaits > 0 ? `, ${rateLimitWaits} rate-limit waits` : ''}); remaining ${formatRemaining(this.#limiter.remaining(key))}`);
    const backoff = async (cause: string) => {
      const ms = backoffDelay(retries++, o.backoff ?? DEFAULT_BACKOFF, o.random);
      this.#emit({ ...base, type: 'wait', reason: 'retry', ms, trigger: 'failure', cause });
      o.log?.(2, `${shown}: ${cause}; retrying in ${ms}ms`);
      await this.#sleep(ms, request.signal);
    };

    try {
      for (;;) {
        await this.#dayGate(key, failed, attempts, base, request.signal);
        const token = freshToken ?? (await o.tokens.accessToken());
        freshToken = undefined;
        const permit = await this.#limiter.acquire(key, {
          ...(request.signal ? { signal: request.signal } : {}),
          onWait: (w) => {
            this.#emit({ ...base, type: 'wait', reason: w.limit, trigger: w.trigger, ...(w.ms !== undefined ? { ms: w.ms } : {}) });
            if (w.ms !== undefined) o.log?.(2, `${shown}: waiting ${w.ms}ms for the ${w.limit} limit${w.trigger === '429' ? ' (Xero answered 429)' : ''}`);
          },
        });
        attempts++;
        this.#emit({ ...base, type: 'request', attempt: attempts });
        const attemptStarted = performance.now();
        let res: HttpResponse;
        try {
          res = await this.#send({
            method: 'GET',
            url,
            headers: {
              ...request.headers,
              accept: request.binary ? '*/*' : 'application/json',
              authorization: `Bearer ${token}`,
              ...(request.tenantId !== undefined ? { 'xero-tenant-id': request.tenantId } : {}),
            },
            timeoutMs: o.timeoutMs,
            ...(request.binary ? { binary: true } : {}),
            ...(request.signal ? { signal: request.signal } : {}),
            // The transport's own line per attempt goes one level down: level 1 gets one line per request.
            ...(o.log ? { log: (level: number, message: string) => o.log?.(level + 1, message) } : {}),
          });
        } catch (err) {
          permit.release();
          this.#emit({ ...base, type: 'response', attempt: attempts, status: 0, durationMs: elapsed(attemptStarted), remaining: this.#limiter.remaining(key) });
          if (request.signal?.aborted) throw cancelledError(err);
          if (!isRetryableNetworkError(err) || retries >= o.maxRetries) throw this.#gaveUp(err, failed, attempts);
          await backoff((err as Error).message);
          continue;
        }
        permit.release(res.headers);
        this.#emit({ ...base, type: 'response', attempt: attempts, status: res.status, durationMs: elapsed(attemptStarted), remaining: this.#limiter.remaining(key) });

        if (isTokenExpired(res) && !refreshed) {
          // One refresh per request (issue 3); a second TokenExpired becomes XSQL_AUTH_EXPIRED below.
          refreshed = true;
          freshToken = await o.tokens.afterRejection(token);
          continue;
        }
        if (res.status === 429) {
          if (++rateLimitWaits > maxWaits) throw this.#stillLimited(res, failed, attempts, maxWaits);
          this.#onRateLimited(key, res);
          continue;
        }
        if (isRetryableStatus(res.status)) {
          if (retries >= o.maxRetries) throw errorForResponse(res, { ...failed, attempts, maxRetries: o.maxRetries });
          await backoff(`HTTP ${res.status}`);
          continue;
        }
        if (res.status === 404 && request.expect404) {
          finish('404 (expected)');
          return { status: res.status, headers: res.headers, json: undefined, text: res.body };
        }
        if (res.status < 200 || res.status > 299) {
          throw errorForResponse(res, { ...failed, attempts, ...(request.scopes ? { scopes: request.scopes } : {}) });
        }
        if (request.binary) {
          // File content: complete when it is as long as the server said it would be.
          const declared = Number(res.headers['content-length']);
          if (res.bytes === undefined || (Number.isFinite(declared) && declared !== res.bytes.length)) {
            if (retries >= o.maxRetries) {
              throw new XeroApiError(ErrorCode.Http, `The response to ${shown} was cut off; gave up after ${attempts} attempts (MaximumRequestRetries=${o.maxRetries}).`, {
                ...failed,
                status: res.status,
                attempts,
              });
            }
            await backoff('the response body was cut off');
            continue;
          }
          finish(String(res.status));
          return { status: res.status, headers: res.headers, json: undefined, text: '', bytes: res.bytes };
        }
        const parsed = parseBody(res);
        if (!parsed.ok) {
          // A body cut off half way usually fails in the transport (the socket closes early); one
          // that still arrives short or garbled must not pass as data.
          if (retries >= o.maxRetries) {
            throw new XeroApiError(
              ErrorCode.Http,
              `The response to ${shown} was cut off or is not valid JSON (${excerpt(res.body, 80) || 'empty body'}); gave up after ${attempts} attempts (MaximumRequestRetries=${o.maxRetries}).`,
              { ...failed, status: res.status, attempts },
            );
          }
          await backoff('the response body was cut off or is not valid JSON');
          continue;
        }
        finish(String(res.status));
        return { status: res.status, headers: res.headers, json: parsed.json, text: res.body };
      }
    } catch (err) {
      finish(`failed: ${(err as Error).message}`);
      throw err;
    }
  }

  /** Before each attempt: a spent daily limit fails now, or waits when `retryDailyLimit`. */
  async #dayGate(key: string, failed: { path: string; request: string; tenantId?: string }, attempts: number, base: ClientEventBase, signal?: AbortSignal): Promise<void> {
    const resetAt = this.#limiter.dayResetAt(key);
    if (resetAt === undefined) return;
    const now = this.#now();
    if (!this.#o.retryDailyLimit) {
      throw new XeroApiError(
        ErrorCode.RateLimited,
        `Xero's daily API limit for ${key ? `tenant ${key}` : 'this organisation'} is reached (429, X-Rate-Limit-Problem: day). It resets at ${new Date(resetAt).toISOString()} (in about ${formatDuration(resetAt - now)}). Try again then, or set RetryDailyLimit=true to wait.`,
        { ...failed, status: 429, attempts, rateLimitProblem: 'day', resetAt: new Date(resetAt) },
      );
    }
    this.#emit({ ...base, type: 'wait', reason: 'day', ms: resetAt - now, trigger: '429' });
    this.#o.log?.(1, `${failed.request}: the daily API limit is reached; waiting ${formatDuration(resetAt - now)} (RetryDailyLimit=true)`);
    throwIfCancelled(signal);
    await this.#sleep(resetAt - now, signal);
  }

  /**
   * Records a 429 with the limiter so every request for the tenant (or app) waits it out. Xero
   * documents `Retry-After` for the minute and day limits only; for `appminute` and `concurrent`
   * (both names UNCERTAIN, facts §6 and §10 item 1) it may be absent and `RetryWaitTime` applies.
   */
  #onRateLimited(key: string, res: HttpResponse): void {
    const problem = rateLimitProblem(res);
    const wait = retryAfterMs(res.headers['retry-after'], this.#now()) ?? this.#o.retryWaitTimeMs;
    const until = this.#now() + wait;
    if (problem === 'day') this.#limiter.dayLimitReached(key, until);
    else this.#limiter.pause(key, problem === 'appminute' || problem === 'concurrent' ? problem : 'minute', until);
  }

  #stillLimited(res: HttpResponse, failed: { path: string; request: string; tenantId?: string }, attempts: number, maxWaits: number): XeroApiError {
    const problem = rateLimitProblem(res);
    return new XeroApiError(
      ErrorCode.RateLimited,
      `${failed.request} was still rate limited (X-Rate-Limit-Problem: ${problem}) after waiting ${maxWaits} times; another program may be using the same organisation or app heavily.`,
      { ...failed, status: 429, attempts, rateLimitProblem: problem },
    );
  }

  #gaveUp(err: unknown, failed: { path: string; request: string; tenantId?: string }, attempts: number): unknown {
    if (!isRetryableNetworkError(err)) return err;
    return new XeroApiError(
      ErrorCode.Http,
      `${(err as Error).message} Gave up after ${attempts} attempts (MaximumRequestRetries=${this.#o.maxRetries}).`,
      { ...failed, attempts },
      { cause: err },
    );
  }

  #emit(event: ClientEvent): void {
    try {
      this.#o.onEvent?.(event);
    } catch {
      // A progress display must never break a query.
    }
  }
}

/** `X-Rate-Limit-Problem`, or, when absent, the limit whose remaining header is 0 (as Xero's Java SDK does, facts §6). */
function rateLimitProblem(res: HttpResponse): string {
  const named = res.headers['x-rate-limit-problem']?.trim().toLowerCase();
  if (named) return named;
  if (res.headers['x-daylimit-remaining'] === '0') return 'day';
  if (res.headers['x-appminlimit-remaining'] === '0') return 'appminute';
  return 'minute';
}

/** `Retry-After` in ms: delta seconds or an HTTP date. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** JSON bodies must parse; others (a PDF, plain text) are returned as text only. */
function parseBody(res: HttpResponse): { ok: true; json: unknown } | { ok: false } {
  const type = res.headers['content-type'] ?? '';
  const isJson = type === '' || /json/i.test(type);
  if (!isJson || res.status === 204) return { ok: true, json: undefined };
  try {
    return { ok: true, json: JSON.parse(res.body) };
  } catch {
    return { ok: false };
  }
}

/**
 * `?name=value&...` with every name and value percent-encoded (spaces as `%20`, not `+`): a
 * `where` expression is sent whole and exact (xero-platform-facts.md §8: an unencoded `&` breaks it).
 */
function queryString(query: Readonly<Record<string, string>> | undefined): string {
  const pairs = Object.entries(query ?? {}).map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

function formatRemaining(r: RemainingLimits): string {
  const part = (name: string, v: number | undefined) => `${name} ${v ?? '?'}`;
  return [part('minute', r.minute), part('day', r.day), part('app', r.app)].join(', ');
}

function formatDuration(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (ms < 60_000) return `${Math.ceil(ms / 1000)} s`;
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}
