/**
 * Progress on standard error while a query loads: pages fetched of pages expected, rows, and why
 * and how long it is waiting when a rate limit holds it back. Only on a terminal, never when
 * standard error is redirected, and erased before results are printed.
 */
import type { ClientEvent } from '../http/xero-client.js';
import type { LoadProgress } from '../sql/executor.js';

const REDRAW_MS = 100;

export class Progress {
  readonly #out: NodeJS.WriteStream;
  readonly #enabled: boolean;
  #line = '';
  #shown = false;
  #last = 0;
  #waitUntil = 0;
  #waitReason = '';
  #timer: NodeJS.Timeout | undefined;

  constructor(out: NodeJS.WriteStream = process.stderr, enabled = Boolean(out.isTTY)) {
    this.#out = out;
    this.#enabled = enabled;
  }

  /** After each page loaded. */
  onLoad = (p: LoadProgress): void => {
    const of = p.pagesExpected !== undefined ? `/${p.pagesExpected}` : '';
    this.#line = `${p.table}: page ${p.pages}${of}, ${p.rows.toLocaleString('en')} rows`;
    this.#waitUntil = 0;
    this.#draw();
  };

  /** Client events: only waits are shown. */
  onClientEvent = (e: ClientEvent): void => {
    if (e.type !== 'wait') return;
    const why: Record<string, string> = {
      minute: "Xero's 60 calls a minute",
      appminute: "Xero's per-app minute limit",
      concurrent: "Xero's 5 calls at once",
      day: "Xero's daily limit",
      retry: `retrying after ${e.cause ?? 'a failure'}`,
    };
    this.#waitReason = `waiting${e.trigger === '429' ? ' (Xero said so)' : ''}: ${why[e.reason] ?? e.reason}`;
    this.#waitUntil = e.ms !== undefined ? Date.now() + e.ms : 0;
    this.#draw(true);
    if (this.#waitUntil && this.#enabled && !this.#timer) {
      this.#timer = setInterval(() => (Date.now() < this.#waitUntil ? this.#draw(true) : this.#stopTimer()), 1000);
      this.#timer.unref();
    }
  };

  /** Erases the line (before printing results or errors). */
  clear(): void {
    this.#stopTimer();
    if (this.#shown) this.#out.write('\r\u001b[2K');
    this.#shown = false;
    this.#line = '';
  }

  #stopTimer(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #draw(force = false): void {
    if (!this.#enabled) return;
    const now = Date.now();
    if (!force && now - this.#last < REDRAW_MS) return;
    this.#last = now;
    const wait = this.#waitUntil > now ? ` — ${this.#waitReason}, ${Math.ceil((this.#waitUntil - now) / 1000)} s` : this.#waitUntil === 0 && this.#waitReason && force ? ` — ${this.#waitReason}` : '';
    const width = (this.#out.columns ?? 80) - 1;
    const text = `${this.#line}${wait}`.slice(0, width);
    this.#out.write(`\r\u001b[2K${text}`);
    this.#shown = true;
  }
}
