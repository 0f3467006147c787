/**
 * What is worth retrying and how long to wait first. Retries are for failures that say nothing
 * about the request itself (a 5xx, a dropped connection, a body cut off half way); a 4xx is the
 * same on every attempt and is never retried here. Rate limits (429) have their own waits in the
 * client and do not use this budget.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { ErrorCode, XeroSqlError } from '../errors.js';

/** Waits `ms`; rejects with `XSQL_CANCELLED` when `signal` aborts first. Injectable for tests. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real {@link Sleep}, on Node's timers. */
export const realSleep: Sleep = async (ms, signal) => {
  throwIfCancelled(signal);
  try {
    await delay(Math.max(0, ms), undefined, signal ? { signal } : undefined);
  } catch (err) {
    if (signal?.aborted) throw cancelledError(err);
    throw err;
  }
};

/** Exponential backoff settings: the first retry waits about `baseMs`, doubling up to `capMs`. */
export interface Backoff {
  readonly baseMs: number;
  readonly capMs: number;
}

/** 250 ms, 500 ms, 1 s, ... capped at 8 s (before jitter). */
export const DEFAULT_BACKOFF: Backoff = Object.freeze({ baseMs: 250, capMs: 8000 });

/**
 * The wait before retry number `retry` (0 for the first retry): `d = min(cap, base * 2^retry)`,
 * then a uniformly random wait in `[d/2, d]` ("equal jitter"). The random half keeps many clients
 * that failed together (a Xero blip) from retrying in lockstep; the fixed half keeps the schedule
 * growing, so a struggling server gets real relief.
 */
export function backoffDelay(retry: number, backoff: Backoff = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, retry));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * True for HTTP statuses worth another try: 5xx except 501 (Xero's "not implemented" will not
 * change on a retry). 503 is also what Xero sends during an outage (xero-platform-facts.md §9).
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 && status <= 599 && status !== 501;
}

/** Network failures that a retry cannot fix: the host is wrong or nothing listens there. */
const PERMANENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND']);

/**
 * True when a `send()` failure is transient: a reset or closed socket (also how a body cut off
 * half way shows up), a timeout, or another socket error. A refused connection or an unknown
 * host is a configuration mistake (BaseURL) and fails at once.
 */
export function isRetryableNetworkError(err: unknown): boolean {
  if (!(err instanceof XeroSqlError) || err.code !== ErrorCode.Http) return false;
  const cause = err.cause as { code?: string; cause?: { code?: string } } | undefined;
  const code = cause?.code ?? cause?.cause?.code;
  return code === undefined || !PERMANENT_NETWORK_CODES.has(code);
}

/** Throws `XSQL_CANCELLED` when `signal` has aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError(signal.reason);
}

/** The error for work stopped by the caller's abort signal. */
export function cancelledError(cause?: unknown): XeroSqlError {
  return new XeroSqlError(ErrorCode.Cancelled, 'The request was cancelled.', { cause });
}
