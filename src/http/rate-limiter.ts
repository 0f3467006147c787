/**
 * Keeps calls under Xero's limits instead of bouncing off them (xero-platform-facts.md §6): per
 * tenant at most 5 calls in progress and 60 started per minute, a daily budget, and 10,000 per
 * minute for the app across tenants. A call that would break a limit waits for a slot here.
 *
 * The minute limit is a sliding window over *finished* calls. Xero counts "against a fixed window
 * which will reset at different times for each tenant", at the moment a call arrives, which we
 * cannot see. A call arrives after it starts and before it finishes, so a slot is taken from the
 * start and given back only one window after the call *finished*: then any two calls Xero could
 * count in the same fixed window were started within one window of each other's end, and at most
 * `perWindow` of them can exist. That is exact enough to use the whole minute and never see a
 * `minute` 429 from our own calls.
 *
 * Other programs may use the same tenant (or app). The `X-MinLimit-Remaining`,
 * `X-AppMinLimit-Remaining` and `X-DayLimit-Remaining` headers of each response tell how much
 * Xero has counted; when it has counted more than our own calls could explain, the difference is
 * added as "foreign" calls that hold slots for one window. Until a tenant's first call comes
 * back, calls go one at a time, so a tenant someone else has exhausted costs one 429, not five.
 * A 429 the server sends anyway pauses the tenant (or app) until its `Retry-After`.
 *
 * UNCERTAIN (facts §6): whether Xero counts refused (429) calls; we count every call we send,
 * which errs on the side of waiting.
 */
import { cancelledError, throwIfCancelled, type Sleep } from './retry.js';

/** The limits enforced. Defaults are Xero's ({@link XERO_LIMITS}). */
export interface RateLimits {
  /** Calls in progress at once per tenant (Xero: 5). */
  readonly concurrent: number;
  /** Calls started per tenant within any `windowMs` (Xero: 60 a minute). */
  readonly perWindow: number;
  /** Calls started per app, across tenants, within any `windowMs` (Xero: 10,000 a minute). */
  readonly appPerWindow: number;
  /** The window: 60,000 ms at Xero; shorter against a simulator started with a time scale. */
  readonly windowMs: number;
}

/** Xero's published limits (xero-platform-facts.md §6). */
export const XERO_LIMITS: RateLimits = Object.freeze({ concurrent: 5, perWindow: 60, appPerWindow: 10_000, windowMs: 60_000 });

/** Which limit a wait is for; the same words as Xero's `X-Rate-Limit-Problem` header. */
export type LimitName = 'concurrent' | 'minute' | 'appminute' | 'day';

/** A wait the limiter is about to do. */
export interface LimiterWait {
  readonly limit: LimitName;
  /** How long, when known; undefined means "until a call in progress finishes". */
  readonly ms?: number;
  /** `429`: Xero answered 429 and asked for the pause; `limit`: we are staying under the limit. */
  readonly trigger: 'limit' | '429';
}

/** The limits Xero reported on the latest response for a tenant (undefined: not seen yet). */
export interface RemainingLimits {
  readonly minute?: number;
  readonly day?: number;
  readonly app?: number;
}

/** A granted slot. Release it exactly once when the call is over, with the response headers if any. */
export interface Permit {
  release(headers?: Readonly<Record<string, string>>): void;
}

interface Call {
  /** When the call finished; Infinity while it is in progress. */
  end: number;
}

interface TenantState {
  calls: Call[];
  inFlight: number;
  /** A call for the tenant has come back (with whatever Xero counted so far). */
  heardBack: boolean;
  /** Nobody starts before this (a 429 `minute`/`concurrent` asked for a pause). */
  pausedUntil: number;
  pausedFor: LimitName;
  /** Our estimate of the day's remaining calls: the header's value, less calls started since. */
  dayRemaining?: number;
  /** A 429 `day` was answered; calls fail (or wait) until this time. */
  dayResetAt?: number;
  remaining: { minute?: number; day?: number; app?: number };
}

/** Per-process limiter; share one instance between clients that use the same Xero app. */
export class RateLimiter {
  readonly limits: RateLimits;
  readonly #now: () => number;
  readonly #sleep: Sleep;
  readonly #tenants = new Map<string, TenantState>();
  #appCalls: Call[] = [];
  #appPausedUntil = 0;
  /** Woken whenever a call finishes, so waiters for a concurrency slot can look again. */
  readonly #waiters = new Set<() => void>();

  constructor(limits: Partial<RateLimits> = {}, clock: { now: () => number; sleep: Sleep }) {
    this.limits = Object.freeze({ ...XERO_LIMITS, ...limits });
    this.#now = clock.now;
    this.#sleep = clock.sleep;
  }

  /**
   * Waits until a call for `tenant` may start under every limit, then takes a slot. `tenant` is
   * the tenant id, or `''` for calls without one (a custom connection reaches one organisation,
   * and its calls count against that organisation). Rejects with `XSQL_CANCELLED` on abort.
   */
  async acquire(tenant: string, options: { signal?: AbortSignal; onWait?: (wait: LimiterWait) => void } = {}): Promise<Permit> {
    const state = this.#state(tenant);
    for (;;) {
      throwIfCancelled(options.signal);
      const wait = this.#mustWait(state);
      if (wait === undefined) return this.#admit(state);
      options.onWait?.(wait);
      if (wait.ms === undefined) await this.#nextRelease(options.signal);
      else await this.#sleep(wait.ms, options.signal);
    }
  }

  /** Xero answered 429 `minute`, `appminute` or `concurrent`: nobody (for that scope) starts before `until`. */
  pause(tenant: string, limit: Exclude<LimitName, 'day'>, until: number): void {
    if (limit === 'appminute') {
      this.#appPausedUntil = Math.max(this.#appPausedUntil, until);
      return;
    }
    const state = this.#state(tenant);
    if (until > state.pausedUntil) {
      state.pausedUntil = until;
      state.pausedFor = limit;
    }
  }

  /** Xero answered 429 `day`: the tenant's daily budget is spent until `resetAt`. */
  dayLimitReached(tenant: string, resetAt: number): void {
    const state = this.#state(tenant);
    state.dayResetAt = resetAt;
    state.dayRemaining = 0;
  }

  /** When the tenant's daily limit resets, if a 429 `day` said it is spent; undefined otherwise. */
  dayResetAt(tenant: string): number | undefined {
    const state = this.#tenants.get(tenant);
    if (state?.dayResetAt === undefined) return undefined;
    if (this.#now() >= state.dayResetAt) {
      delete state.dayResetAt;
      delete state.dayRemaining;
      return undefined;
    }
    return state.dayResetAt;
  }

  /** The remaining-calls headers of the tenant's latest response. */
  remaining(tenant: string): RemainingLimits {
    return { ...(this.#tenants.get(tenant)?.remaining ?? {}) };
  }

  #state(tenant: string): TenantState {
    let state = this.#tenants.get(tenant);
    if (!state) {
      state = { calls: [], inFlight: 0, heardBack: false, pausedUntil: 0, pausedFor: 'minute', remaining: {} };
      this.#tenants.set(tenant, state);
    }
    return state;
  }

  /** The first limit that stops a call from starting now, or undefined when it may start. */
  #mustWait(state: TenantState): LimiterWait | undefined {
    const { concurrent, perWindow, appPerWindow } = this.limits;
    const now = this.#now();
    if (state.pausedUntil > now) return { limit: state.pausedFor, ms: state.pausedUntil - now, trigger: '429' };
    if (this.#appPausedUntil > now) return { limit: 'appminute', ms: this.#appPausedUntil - now, trigger: '429' };
    // Until the first call comes back we do not know what others have used this minute: send
    // one call alone, so a tenant another program has nearly exhausted costs one 429 at most.
    if (state.inFlight >= (state.heardBack ? concurrent : 1)) return { limit: 'concurrent', trigger: 'limit' };
    const minute = this.#windowWait((state.calls = this.#prune(state.calls, perWindow, now)), perWindow, now);
    if (minute !== false) return { limit: 'minute', ...(minute !== undefined ? { ms: minute } : {}), trigger: 'limit' };
    const app = this.#windowWait((this.#appCalls = this.#prune(this.#appCalls, appPerWindow, now)), appPerWindow, now);
    if (app !== false) return { limit: 'appminute', ...(app !== undefined ? { ms: app } : {}), trigger: 'limit' };
    // The day budget is unknown until the first response. When the estimate is spent, let the
    // calls in progress report the real count first; with none in progress one call goes, and
    // Xero either admits it or answers 429 `day` with the reset time.
    if (state.dayRemaining !== undefined && state.dayRemaining <= 0 && state.inFlight > 0) return { limit: 'day', trigger: 'limit' };
    return undefined;
  }

  /** Calls that still count at `now`; only scanned once the window could be full. */
  #prune(calls: Call[], limit: number, now: number): Call[] {
    if (calls.length < limit) return calls;
    const from = now - this.limits.windowMs;
    return calls.filter((c) => c.end > from);
  }

  /**
   * `false` when the window has room; otherwise ms until the oldest finished call leaves it, or
   * undefined when every counted call is still in progress (wait for one to finish).
   */
  #windowWait(calls: readonly Call[], limit: number, now: number): number | undefined | false {
    if (calls.length < limit) return false;
    let oldestEnd = Infinity;
    for (const c of calls) oldestEnd = Math.min(oldestEnd, c.end);
    return oldestEnd === Infinity ? undefined : Math.max(1, oldestEnd + this.limits.windowMs - now);
  }

  #admit(state: TenantState): Permit {
    const call: Call = { end: Infinity };
    state.calls.push(call);
    this.#appCalls.push(call);
    state.inFlight++;
    if (state.dayRemaining !== undefined) state.dayRemaining--;
    let released = false;
    return {
      release: (headers) => {
        if (released) return;
        released = true;
        call.end = this.#now();
        state.inFlight--;
        state.heardBack = true;
        if (headers) this.#observe(state, headers, call.end);
        for (const wake of [...this.#waiters]) wake();
      },
    };
  }

  /** Brings our counts in line with what Xero says it has counted. */
  #observe(state: TenantState, headers: Readonly<Record<string, string>>, at: number): void {
    const minute = headerInt(headers, 'x-minlimit-remaining');
    const day = headerInt(headers, 'x-daylimit-remaining');
    const app = headerInt(headers, 'x-appminlimit-remaining');
    if (minute !== undefined) {
      state.remaining.minute = minute;
      state.calls = this.#addForeign(state.calls, this.limits.perWindow - minute, at);
    }
    if (app !== undefined) {
      state.remaining.app = app;
      this.#appCalls = this.#addForeign(this.#appCalls, this.limits.appPerWindow - app, at);
    }
    if (day !== undefined) {
      state.remaining.day = day;
      // Calls still in progress may not have been counted yet: assume they were not.
      state.dayRemaining = day - state.inFlight;
    }
  }

  /**
   * Xero has counted `counted` calls in its current window. Every call of ours it could have
   * counted finished (or is in progress) within one window before `at`; if it counted more, the
   * rest are someone else's and hold slots until one window after `at`.
   */
  #addForeign(calls: Call[], counted: number, at: number): Call[] {
    const from = at - this.limits.windowMs;
    const ours = calls.filter((c) => c.end > from);
    for (let i = ours.length; i < counted; i++) ours.push({ end: at });
    return ours;
  }

  #nextRelease(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const wake = () => {
        this.#waiters.delete(wake);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        this.#waiters.delete(wake);
        reject(cancelledError(signal?.reason));
      };
      this.#waiters.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function headerInt(headers: Readonly<Record<string, string>>, name: string): number | undefined {
  const raw = headers[name];
  if (raw === undefined) return undefined;
  const value = Number.parseInt(raw, 10);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
