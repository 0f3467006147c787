/**
 * Stand-ins for unit-testing the XeroClient without waiting or a network: a virtual clock whose
 * timers fire in time order as soon as the program has nothing else to do, a scripted transport,
 * and a token source.
 */
import type { TokenSource } from '../../src/http/authorized.js';
import type { Sleep } from '../../src/http/retry.js';
import type { HttpRequest, HttpResponse } from '../../src/http/transport.js';
import { ErrorCode, XeroSqlError } from '../../src/errors.js';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * Virtual time. `sleep(ms)` registers a timer; when every pending promise has settled (checked on
 * `setImmediate`), the earliest timer fires and the clock jumps to it. So code that waits 60 s
 * runs instantly, and `now()` tells how long it would have waited.
 */
export class FakeTime {
  #now: number;
  #seq = 0;
  readonly #timers: Timer[] = [];
  #scheduled = false;
  /** Every sleep requested, in ms, in order. */
  readonly sleeps: number[] = [];

  constructor(start = 1_000_000) {
    this.#now = start;
  }

  readonly now = (): number => this.#now;

  /** Moves the clock forward by hand (timers due by then fire on the next idle turn). */
  advance(ms: number): void {
    this.#now += ms;
  }

  readonly sleep: Sleep = (ms, signal) => {
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new XeroSqlError(ErrorCode.Cancelled, 'cancelled'));
        return;
      }
      const timer: Timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, resolve };
      this.#timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.#timers.splice(this.#timers.indexOf(timer), 1);
          reject(new XeroSqlError(ErrorCode.Cancelled, 'cancelled'));
        },
        { once: true },
      );
      this.#schedule();
    });
  };

  /** Timers not yet fired. */
  get pending(): number {
    return this.#timers.length;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const timer = this.#timers.shift();
      if (!timer) return;
      this.#now = Math.max(this.#now, timer.at);
      timer.resolve();
      if (this.#timers.length > 0) this.#schedule();
    });
  }
}

/** Lets every pending promise and immediate settle (timers of a FakeTime fire one per turn). */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A response for a scripted transport. */
export function response(status: number, body: unknown = '', headers: Record<string, string> = {}): HttpResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    status,
    headers: { ...(typeof body === 'string' ? {} : { 'content-type': 'application/json; charset=utf-8' }), ...lower(headers) },
    body: text,
  };
}

/** The transport error `send()` throws for a dropped connection. */
export function resetError(url = 'https://api.xero.com/api.xro/2.0/Invoices'): XeroSqlError {
  const cause = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
  return new XeroSqlError(ErrorCode.Http, `GET ${new URL(url).origin}${new URL(url).pathname}: the connection was reset.`, { cause });
}

/** A transport that answers from `script(request, n)` (n counts calls from 1) and records calls. */
export class ScriptedTransport {
  readonly calls: HttpRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  readonly #script: (req: HttpRequest, n: number) => HttpResponse | Error | Promise<HttpResponse | Error>;

  constructor(script: (req: HttpRequest, n: number) => HttpResponse | Error | Promise<HttpResponse | Error>) {
    this.#script = script;
  }

  readonly send = async (req: HttpRequest): Promise<HttpResponse> => {
    this.calls.push(req);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const result = await this.#script(req, this.calls.length);
      if (result instanceof Error) throw result;
      return result;
    } finally {
      this.inFlight--;
    }
  };
}

/** A token source handing out `token-1`, then `token-2` after a rejection, counting refreshes. */
export class CountingTokens implements TokenSource {
  refreshes = 0;
  #current = 'token-1';
  async accessToken(): Promise<string> {
    return this.#current;
  }
  async afterRejection(rejected: string): Promise<string> {
    if (rejected === this.#current) {
      this.refreshes++;
      this.#current = `token-${this.refreshes + 1}`;
    }
    return this.#current;
  }
}

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
