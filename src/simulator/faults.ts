/**
 * Fault injection: the misbehaviour of a real network and a real Xero, on demand. Rates draw from
 * a seeded generator so a fault run is repeatable; `queue()` forces the next requests to fail in
 * a given way for tests that need an exact sequence.
 */
import { z } from 'zod';
import { Random } from './data/random.js';

/** The faults the simulator can inject. */
export const FAULT_KINDS = ['error', 'reset', 'truncate', 'ratelimit', 'spike'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const rate = z.number().min(0).max(1);

/** Fault settings; every field optional when updating. */
export const faultSettingsSchema = z
  .object({
    /** Added to every Xero call (API and identity), in ms. */
    latencyMs: z.number().int().min(0).max(600_000),
    /** Share of API calls answered with a 5xx. */
    errorRate: rate,
    /** Share of API calls whose connection is dropped before any response. */
    resetRate: rate,
    /** Share of API calls whose body is cut off half way (headers promise the full length). */
    truncateRate: rate,
    /** Share of API calls answered with a 429 (`X-Rate-Limit-Problem: minute`) regardless of use. */
    rateLimitRate: rate,
    /** Share of API calls delayed by an extra `spikeMs`. */
    spikeRate: rate,
    /** Length of a latency spike, in ms. */
    spikeMs: z.number().int().min(0).max(600_000),
    /** `Retry-After` (seconds) sent with forced 429s. */
    retryAfterSeconds: z.number().int().min(0).max(86_400),
    /** Also inject rate-based faults into identity calls (token, connections), not only API calls. */
    includeIdentity: z.boolean(),
  })
  .strict();

export type FaultSettings = z.infer<typeof faultSettingsSchema>;

export const DEFAULT_FAULTS: FaultSettings = Object.freeze({
  latencyMs: 0,
  errorRate: 0,
  resetRate: 0,
  truncateRate: 0,
  rateLimitRate: 0,
  spikeRate: 0,
  spikeMs: 2000,
  retryAfterSeconds: 1,
  includeIdentity: false,
});

/** The fault decided for one request. */
export interface FaultDecision {
  readonly kind: FaultKind;
  /** For `error`: the status to send. */
  readonly status?: number;
}

const ERROR_STATUSES = [500, 502, 503, 504] as const;

export class FaultController {
  #settings: FaultSettings;
  readonly #queue: FaultKind[] = [];
  readonly #rnd: Random;
  #injected = 0;

  constructor(seed: number, initial: Partial<FaultSettings> = {}) {
    this.#settings = { ...DEFAULT_FAULTS, ...faultSettingsSchema.partial().parse(initial) };
    this.#rnd = new Random(seed).fork('faults');
  }

  /** Current settings (a copy). */
  get settings(): FaultSettings {
    return { ...this.#settings };
  }

  /** How many faults have been injected so far (queued and random). */
  get injectedCount(): number {
    return this.#injected;
  }

  /** Changes some settings; throws a ZodError naming the bad field. */
  update(changes: Partial<FaultSettings>): FaultSettings {
    this.#settings = { ...this.#settings, ...faultSettingsSchema.partial().parse(changes) };
    return this.settings;
  }

  /** Restores the defaults and empties the queue. */
  reset(): void {
    this.#settings = { ...DEFAULT_FAULTS };
    this.#queue.length = 0;
  }

  /** Makes the next `count` faultable requests fail with `kind`, before any random faults. */
  queue(kind: FaultKind, count = 1): void {
    for (let i = 0; i < count; i++) this.#queue.push(kind);
  }

  /** Number of queued one-shot faults still waiting. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Decides the fault (if any) for one request. `identity` marks an identity-service call. */
  decide(identity: boolean): FaultDecision | undefined {
    const queued = this.#queue.shift();
    if (queued) return this.#decision(queued);
    if (identity && !this.#settings.includeIdentity) return undefined;
    const s = this.#settings;
    const r = this.#rnd.next();
    let edge = 0;
    for (const [kind, p] of [
      ['error', s.errorRate],
      ['reset', s.resetRate],
      ['truncate', s.truncateRate],
      ['ratelimit', s.rateLimitRate],
      ['spike', s.spikeRate],
    ] as const) {
      edge += p;
      if (r < edge) return this.#decision(kind);
    }
    return undefined;
  }

  #decision(kind: FaultKind): FaultDecision {
    this.#injected++;
    return kind === 'error' ? { kind, status: this.#rnd.pick(ERROR_STATUSES) } : { kind };
  }

  /** Waits the configured latency, plus a spike when the decision says so. */
  async delay(decision: FaultDecision | undefined): Promise<void> {
    const ms = this.#settings.latencyMs + (decision?.kind === 'spike' ? this.#settings.spikeMs : 0);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }
}
