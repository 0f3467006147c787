/**
 * Currencies and their daily exchange rates. Each foreign currency gets its own deterministic
 * rate series (a mean-reverting random walk around the profile's long-run rate), one value per
 * UTC day, so every document dated the same day uses the same `CurrencyRate`.
 */
import { DAY_MS } from './msdate.js';
import type { OrgProfile } from './profiles.js';
import type { Random } from './random.js';
import type { XeroRecord } from './types.js';

/** The Currencies collection: the base currency first, then the ones the organisation added. */
export function currencyRecords(profile: OrgProfile): XeroRecord[] {
  return profile.currencies.map((c) => ({ Code: c.code, Description: c.description }));
}

/** Daily Xero `CurrencyRate`s (foreign units per base unit), rounded to 6 dp as Xero stores them. */
export class FxRates {
  readonly #base: string;
  readonly #firstDay: number;
  readonly #series = new Map<string, Float64Array>();

  /**
   * @param rnd a stream for this purpose only; each currency forks its own from it.
   * @param fromMs first day that needs a rate; @param toMs last day (inclusive).
   */
  constructor(profile: OrgProfile, rnd: Random, fromMs: number, toMs: number) {
    this.#base = profile.baseCurrency;
    this.#firstDay = Math.floor(fromMs / DAY_MS);
    const days = Math.floor(toMs / DAY_MS) - this.#firstDay + 1;
    for (const c of profile.currencies) {
      if (c.code === this.#base) continue;
      const r = rnd.fork(c.code);
      const series = new Float64Array(days);
      const mean = Math.log(c.perBase);
      let log = mean + (r.next() - 0.5) * 0.08;
      for (let d = 0; d < days; d++) {
        // Sum of four uniforms: a cheap, bounded stand-in for a normal shock.
        const shock = r.next() + r.next() + r.next() + r.next() - 2;
        log += 0.02 * (mean - log) + 0.006 * shock;
        series[d] = Math.round(Math.exp(log) * 1e6) / 1e6;
      }
      this.#series.set(c.code, series);
    }
  }

  /** The rate for `currency` on the day containing `ms`; 1 for the base currency. */
  rate(currency: string, ms: number): number {
    if (currency === this.#base) return 1;
    const series = this.#series.get(currency);
    if (series === undefined) throw new RangeError(`No exchange rates for ${currency}`);
    const index = Math.floor(ms / DAY_MS) - this.#firstDay;
    const value = series[Math.min(Math.max(index, 0), series.length - 1)];
    if (value === undefined) throw new RangeError(`No ${currency} rate for ${new Date(ms).toISOString()}`);
    return value;
  }
}
