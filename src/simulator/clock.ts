/**
 * The simulator's notion of "now". Tests move it forward to expire tokens and reset rate-limit
 * windows without sleeping; everything time-dependent in the simulator reads it instead of
 * `Date.now()`.
 */
export class SimClock {
  #offsetMs = 0;

  /** Milliseconds since the epoch, as the simulator sees it. */
  now(): number {
    return Date.now() + this.#offsetMs;
  }

  /** Moves simulated time forward (or back, with a negative value). */
  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`clock.advance needs a finite number of ms, got ${ms}`);
    this.#offsetMs += ms;
  }

  /** Jumps simulated time to an absolute instant (ms since the epoch). */
  set(epochMs: number): void {
    if (!Number.isFinite(epochMs)) throw new RangeError(`clock.set needs a finite epoch ms, got ${epochMs}`);
    this.#offsetMs = epochMs - Date.now();
  }

  /** How far simulated time is ahead of real time, in ms. */
  get offsetMs(): number {
    return this.#offsetMs;
  }
}
