/**
 * Connections: which organisations a person has connected an app to (xero-platform-facts.md §4).
 * A connection is keyed by (person, app, tenant). Disconnecting keeps the record, inactive, so a
 * reconnection keeps its `id` and `createdDateUtc` and only moves `updatedDateUtc` ("may differ to
 * the created date if the user has disconnected and subsequently reconnected", xero-identity.yaml).
 * Whether Xero also keeps the id is UNCERTAIN; keeping it is the reading consistent with that text.
 */
import { connectionDate } from './dates.js';
import type { IdentityTenant } from './types.js';

/** One connection. */
export interface ConnectionRecord {
  readonly id: string;
  readonly userId: string;
  readonly clientId: string;
  readonly tenantId: string;
  authEventId: string;
  readonly createdMs: number;
  updatedMs: number;
  active: boolean;
}

export class ConnectionStore {
  readonly #records: ConnectionRecord[] = [];
  readonly #newId: () => string;
  readonly #onPairEmptied: (userId: string, clientId: string) => void;

  /**
   * @param newId makes connection ids.
   * @param onPairEmptied called when a person's last connection to an app goes: their grants for
   *   the app end with it (a refresh then fails with `invalid_grant`, "the user disconnected the
   *   app", §3.4).
   */
  constructor(newId: () => string, onPairEmptied: (userId: string, clientId: string) => void) {
    this.#newId = newId;
    this.#onPairEmptied = onPairEmptied;
  }

  /** Connects (or reconnects) the tenants, all under one new `authEventId`. */
  connect(userId: string, clientId: string, tenantIds: readonly string[], authEventId: string, nowMs: number): void {
    for (const tenantId of tenantIds) {
      const existing = this.#records.find((r) => r.userId === userId && r.clientId === clientId && r.tenantId === tenantId);
      if (existing) {
        existing.authEventId = authEventId;
        existing.updatedMs = nowMs;
        existing.active = true;
      } else {
        this.#records.push({ id: this.#newId(), userId, clientId, tenantId, authEventId, createdMs: nowMs, updatedMs: nowMs, active: true });
      }
    }
  }

  /** The person's active connections to the app, oldest first. */
  forPair(userId: string, clientId: string): ConnectionRecord[] {
    return this.#records.filter((r) => r.active && r.userId === userId && r.clientId === clientId);
  }

  /** Removes one of the person's connections to the app by connection id; false when there is none. */
  remove(id: string, userId: string, clientId: string): boolean {
    const record = this.forPair(userId, clientId).find((r) => r.id === id.toLowerCase());
    if (!record) return false;
    record.active = false;
    if (this.forPair(userId, clientId).length === 0) this.#onPairEmptied(userId, clientId);
    return true;
  }

  /** Removes all of the person's connections to the app. Returns how many went. */
  removePair(userId: string, clientId: string): number {
    return this.#removeWhere((r) => r.userId === userId && r.clientId === clientId);
  }

  /** Removes every active connection, or only one app's. Returns how many went. */
  removeAll(clientId?: string): number {
    return this.#removeWhere((r) => clientId === undefined || r.clientId === clientId);
  }

  #removeWhere(predicate: (r: ConnectionRecord) => boolean): number {
    const removed = this.#records.filter((r) => r.active && predicate(r));
    for (const r of removed) r.active = false;
    const pairs = new Map(removed.map((r) => [`${r.userId}\n${r.clientId}`, r]));
    for (const r of pairs.values()) this.#onPairEmptied(r.userId, r.clientId);
    return removed.length;
  }
}

/** A connection as `GET /connections` returns it. */
export interface ConnectionJson {
  readonly id: string;
  readonly authEventId: string;
  readonly tenantId: string;
  readonly tenantType: string;
  readonly tenantName: string;
  readonly createdDateUtc: string;
  readonly updatedDateUtc: string;
}

/** Builds the JSON shape of a connection. */
export function connectionJson(
  record: Pick<ConnectionRecord, 'id' | 'authEventId' | 'createdMs' | 'updatedMs'>,
  tenant: IdentityTenant,
): ConnectionJson {
  return {
    id: record.id,
    authEventId: record.authEventId,
    tenantId: tenant.tenantId,
    tenantType: tenant.tenantType,
    tenantName: tenant.tenantName,
    createdDateUtc: connectionDate(record.createdMs),
    updatedDateUtc: connectionDate(record.updatedMs),
  };
}
