/**
 * Every request the simulator answers, in order. Tests count API calls with it ("this query made
 * exactly one request"), so it records what a test needs to tell calls apart and nothing secret:
 * no headers, no bodies, no tokens.
 */

/** One answered (or deliberately dropped) request. */
export interface RequestLogEntry {
  /** 1-based sequence number, in arrival order. */
  readonly seq: number;
  /** Simulated time the request arrived (ms since the epoch). */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  /** Query parameters; a repeated name keeps its last value. */
  readonly query: Readonly<Record<string, string>>;
  /** The tenant the call was for, when one was resolved. */
  readonly tenantId?: string;
  /** HTTP status sent, or 0 when the connection was reset on purpose. */
  readonly status: number;
  /** The injected fault, if any: `latency`, `error`, `reset`, `truncate`, `ratelimit`. */
  readonly fault?: string;
  /** Handler annotation, e.g. the OAuth grant type on `/connect/token`. */
  readonly detail?: string;
  /** Time spent answering, in real ms. */
  readonly durationMs: number;
}

/** Filter for {@link RequestLog.find}. Strings match exactly; a RegExp tests the path. */
export interface RequestLogFilter {
  method?: string;
  path?: string | RegExp;
  tenantId?: string;
  status?: number;
  detail?: string;
  /** Only entries with `seq` greater than this. */
  afterSeq?: number;
}

export class RequestLog {
  readonly #entries: RequestLogEntry[] = [];
  readonly #max: number;
  #seq = 0;

  /** Keeps at most `max` entries (oldest dropped first) so long benchmark runs stay bounded. */
  constructor(max = 200_000) {
    this.#max = max;
  }

  /** Reserves the next sequence number (taken when the request arrives). */
  nextSeq(): number {
    return ++this.#seq;
  }

  record(entry: RequestLogEntry): void {
    this.#entries.push(Object.freeze(entry));
    if (this.#entries.length > this.#max) this.#entries.splice(0, this.#entries.length - this.#max);
  }

  /** A snapshot of all entries, in completion order. */
  get entries(): readonly RequestLogEntry[] {
    return [...this.#entries];
  }

  /** The sequence number of the latest request; pass it as `afterSeq` to see only later ones. */
  get lastSeq(): number {
    return this.#seq;
  }

  find(filter: RequestLogFilter = {}): RequestLogEntry[] {
    return this.#entries.filter(
      (e) =>
        (filter.method === undefined || e.method === filter.method) &&
        (filter.path === undefined ||
          (typeof filter.path === 'string' ? e.path === filter.path : filter.path.test(e.path))) &&
        (filter.tenantId === undefined || e.tenantId === filter.tenantId) &&
        (filter.status === undefined || e.status === filter.status) &&
        (filter.detail === undefined || e.detail === filter.detail) &&
        (filter.afterSeq === undefined || e.seq > filter.afterSeq),
    );
  }

  count(filter: RequestLogFilter = {}): number {
    return this.find(filter).length;
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
