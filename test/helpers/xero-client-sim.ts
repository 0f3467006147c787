/**
 * A XeroClient wired to a running simulator, with a token source that counts token requests.
 */
import type { TokenSource } from '../../src/http/authorized.js';
import { XeroClient, type ClientEvent, type XeroClientOptions } from '../../src/http/xero-client.js';
import type { Simulator } from '../../src/simulator/index.js';
import { customConnectionToken } from './sim-client.js';

/** Custom-connection tokens from the simulator; a rejection fetches a new one. */
export class SimTokens implements TokenSource {
  fetches = 0;
  refreshes = 0;
  #token: Promise<string> | undefined;

  constructor(readonly sim: Simulator) {}

  accessToken(): Promise<string> {
    this.#token ??= this.#fetch();
    return this.#token;
  }

  async afterRejection(rejected: string): Promise<string> {
    const current = await this.accessToken();
    if (current !== rejected) return current;
    this.refreshes++;
    this.#token = this.#fetch();
    return this.#token;
  }

  #fetch(): Promise<string> {
    this.fetches++;
    return customConnectionToken(this.sim);
  }
}

/** A client for `sim` whose rate-limit window matches the simulator's time scale; events are collected. */
export function simClient(sim: Simulator, options: Partial<XeroClientOptions> = {}): { client: XeroClient; tokens: SimTokens; events: ClientEvent[] } {
  const tokens = new SimTokens(sim);
  const events: ClientEvent[] = [];
  const client = new XeroClient({
    apiOrigin: sim.url,
    tokens,
    timeoutMs: 10_000,
    maxRetries: 3,
    retryWaitTimeMs: 1000,
    retryDailyLimit: false,
    windowMs: 60_000 / sim.options.timeScale,
    backoff: { baseMs: 20, capMs: 200 },
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { client, tokens, events };
}

/** The demo AU organisation's tenant id (the one the custom connection reaches). */
export function auTenant(sim: Simulator): string {
  const tenant = sim.tenants.find((t) => t.tenantName === 'Demo Company (AU)');
  if (!tenant) throw new Error('no AU tenant');
  return tenant.tenantId;
}
