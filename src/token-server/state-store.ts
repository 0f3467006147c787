/**
 * Pending authorization requests, by `state`. The original kept one `state` in a field, so two
 * sign-in pages open at once broke each other ("could cause a race condition if the Auth.URL call
 * is made twice", peers-lessons.md §1.3). Here every request has its own entry, used once, dropped
 * after ten minutes, and few enough are kept that a client opening `/home` in a loop cannot grow
 * memory.
 */

/** What the redirect back needs to finish one sign-in. */
export interface PendingSignIn {
  /** The PKCE verifier, when the app has no client secret. */
  readonly pkceVerifier?: string;
  /** Which app credentials the request was made with; a sign-in started before a change of app is refused. */
  readonly clientId: string;
  readonly createdAt: number;
}

/** Xero's own login session lasts longer, but a person finishes a sign-in within minutes. */
export const STATE_TTL_MS = 10 * 60_000;
const MAX_PENDING = 32;

export class StateStore {
  readonly #pending = new Map<string, PendingSignIn>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Remembers a request; the oldest is forgotten when too many are open. */
  add(state: string, entry: Omit<PendingSignIn, 'createdAt'>): void {
    this.#sweep();
    while (this.#pending.size >= MAX_PENDING) {
      const oldest = this.#pending.keys().next().value;
      if (oldest === undefined) break;
      this.#pending.delete(oldest);
    }
    this.#pending.set(state, { ...entry, createdAt: this.#now() });
  }

  /** The request `state` belongs to, removed so it cannot be used twice; undefined when unknown or expired. */
  take(state: string): PendingSignIn | undefined {
    this.#sweep();
    const entry = this.#pending.get(state);
    this.#pending.delete(state);
    return entry;
  }

  /** Forgets every request (the app credentials changed, or the person logged out). */
  clear(): void {
    this.#pending.clear();
  }

  get size(): number {
    return this.#pending.size;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [state, entry] of this.#pending) {
      if (now - entry.createdAt > STATE_TTL_MS || entry.createdAt > now + STATE_TTL_MS) this.#pending.delete(state);
    }
  }
}
