/**
 * Xero's API limits, per tenant and per app (xero-platform-facts.md §6): 5 calls in progress,
 * 60 per minute and 5000 per day per tenant, 10,000 per minute per app. Windows are fixed and
 * each tenant's starts at its own offset ("requests are counted against a fixed window which will
 * reset at different times for each tenant"). `timeScale` shortens every window by that factor so
 * tests and benchmarks can cross minute and day boundaries quickly.
 */
import { hashString } from './data/random.js';
import type { SimClock } from './clock.js';

export interface RateLimitSettings {
  concurrent: number;
  perMinute: number;
  perDay: number;
  appPerMinute: number;
  /** Windows last `60 s / timeScale` and `1 day / timeScale`. */
  timeScale: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = Object.freeze({
  concurrent: 5,
  perMinute: 60,
  perDay: 5000,
  appPerMinute: 10_000,
  timeScale: 1,
});

/**
 * `X-Rate-Limit-Problem` values. `minute` and `day` are observed at Xero; `appminute` and
 * `concurrent` are UNCERTAIN guesses (xero-platform-facts.md §6, §10 item 1).
 */
export type RateLimitProblem = 'minute' | 'day' | 'appminute' | 'concurrent';

export type RateLimitDecision =
  | { readonly ok: true; readonly headers: Record<string, string>; release(): void }
  | { readonly ok: false; readonly problem: RateLimitProblem; readonly headers: Record<string, string> };

interface Window {
  index: number;
  count: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export class RateLimiter {
  #settings: RateLimitSettings;
  readonly #clock: SimClock;
  readonly #inFlight = new Map<string, number>();
  readonly #minute = new Map<string, Window>();
  readonly #day = new Map<string, Window>();
  readonly #appMinute = new Map<string, Window>();
  #rejected = 0;

  constructor(clock: SimClock, settings: Partial<RateLimitSettings> = {}) {
    this.#clock = clock;
    this.#settings = { ...DEFAULT_RATE_LIMITS, ...settings };
  }

  get settings(): RateLimitSettings {
    return { ...this.#settings };
  }

  /** 429s sent so far because a limit was reached. */
  get rejectedCount(): number {
    return this.#rejected;
  }

  update(changes: Partial<RateLimitSettings>): RateLimitSettings {
    this.#settings = { ...this.#settings, ...changes };
    return this.settings;
  }

  /** Forgets all counts (a new day for everyone). */
  reset(): void {
    this.#inFlight.clear();
    this.#minute.clear();
    this.#day.clear();
    this.#appMinute.clear();
  }

  /**
   * Admits or refuses one tenant-scoped call. On admission the call counts against every window
   * and holds a concurrency slot until `release()`. Refused calls are not counted, which is the
   * friendlier reading of Xero's docs (they do not say); a client that stays under the limits
   * never notices the difference.
   */
  acquire(tenantId: string, clientId: string): RateLimitDecision {
    const s = this.#settings;
    const now = this.#clock.now();
    const minuteMs = MINUTE_MS / s.timeScale;
    const dayMs = DAY_MS / s.timeScale;
    const minute = this.#window(this.#minute, `t:${tenantId}`, now, minuteMs);
    const day = this.#window(this.#day, `t:${tenantId}`, now, dayMs);
    const app = this.#window(this.#appMinute, `a:${clientId}`, now, minuteMs);
    const inFlight = this.#inFlight.get(tenantId) ?? 0;

    const headersFor = (extra: Record<string, string> = {}) => ({
      'X-DayLimit-Remaining': String(Math.max(0, s.perDay - day.window.count)),
      'X-MinLimit-Remaining': String(Math.max(0, s.perMinute - minute.window.count)),
      'X-AppMinLimit-Remaining': String(Math.max(0, s.appPerMinute - app.window.count)),
      ...extra,
    });
    const refuse = (problem: RateLimitProblem, resetInMs?: number): RateLimitDecision => {
      this.#rejected++;
      const extra: Record<string, string> = { 'X-Rate-Limit-Problem': problem };
      // Retry-After is documented for the minute and day limits; we also send it for the app
      // minute limit (it is a minute window too) but not for the concurrency limit, where no
      // wait time is meaningful. Both choices are UNCERTAIN (xero-platform-facts.md §6).
      if (resetInMs !== undefined) extra['Retry-After'] = String(Math.max(1, Math.ceil(resetInMs / 1000)));
      return { ok: false, problem, headers: headersFor(extra) };
    };

    if (day.window.count >= s.perDay) return refuse('day', day.resetInMs);
    if (app.window.count >= s.appPerMinute) return refuse('appminute', app.resetInMs);
    if (minute.window.count >= s.perMinute) return refuse('minute', minute.resetInMs);
    if (inFlight >= s.concurrent) return refuse('concurrent');

    minute.window.count++;
    day.window.count++;
    app.window.count++;
    this.#inFlight.set(tenantId, inFlight + 1);
    let released = false;
    return {
      ok: true,
      headers: headersFor(),
      release: () => {
        if (released) return;
        released = true;
        this.#inFlight.set(tenantId, (this.#inFlight.get(tenantId) ?? 1) - 1);
      },
    };
  }

  /** Counts one tenantless call (e.g. `/connections`) against the app limit only. */
  acquireApp(clientId: string): RateLimitDecision {
    const s = this.#settings;
    const now = this.#clock.now();
    const app = this.#window(this.#appMinute, `a:${clientId}`, now, MINUTE_MS / s.timeScale);
    if (app.window.count >= s.appPerMinute) {
      this.#rejected++;
      return {
        ok: false,
        problem: 'appminute',
        headers: {
          'X-AppMinLimit-Remaining': '0',
          'X-Rate-Limit-Problem': 'appminute',
          'Retry-After': String(Math.max(1, Math.ceil(app.resetInMs / 1000))),
        },
      };
    }
    app.window.count++;
    return {
      ok: true,
      headers: { 'X-AppMinLimit-Remaining': String(s.appPerMinute - app.window.count) },
      release: () => {},
    };
  }

  /** The fixed window containing `now` for `key`, offset per key so windows reset at different times. */
  #window(map: Map<string, Window>, key: string, now: number, lengthMs: number): { window: Window; resetInMs: number } {
    const offset = hashString(key) % Math.max(1, Math.floor(lengthMs));
    const index = Math.floor((now - offset) / lengthMs);
    let window = map.get(key);
    if (!window || window.index !== index) {
      window = { index, count: 0 };
      map.set(key, window);
    }
    const resetAt = (index + 1) * lengthMs + offset;
    return { window, resetInMs: resetAt - now };
  }
}
