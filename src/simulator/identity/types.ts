/**
 * The contract between the simulator's identity service (login, consent, tokens, connections)
 * and the API routes that check bearer tokens.
 */
import type { SimApp, SimAppKind, SimUser } from '../apps.js';
import type { SimClock } from '../clock.js';
import type { Route } from '../http.js';
import type { RateLimitDecision } from '../rate-limit.js';

/** Who a valid access token speaks for. */
export interface TokenPrincipal {
  /** Client id of the app the token was issued to. */
  readonly clientId: string;
  readonly appKind: SimAppKind;
  /** `xero_userid`; absent for custom-connection (client_credentials) tokens. */
  readonly userId?: string;
  /** Scopes granted to the token. */
  readonly scopes: readonly string[];
  /** `authentication_event_id` claim, when the token came from an authorization code. */
  readonly authEventId?: string;
  /** `exp` in ms since the epoch. */
  readonly expiresAtMs: number;
}

/** Result of checking an `Authorization` header on an API call. */
export type BearerCheck =
  | { readonly ok: true; readonly principal: TokenPrincipal }
  | {
      readonly ok: false;
      /**
       * The problem-details `Detail` Xero answers with a 401: `TokenExpired: token expired at
       * MM/dd/yyyy HH:mm:ss` for an expired token, `AuthenticationUnsuccessful` for a missing,
       * malformed or badly signed one (the latter is UNCERTAIN: xero-platform-facts.md §9).
       */
      readonly detail: string;
    };

/** A tenant the identity service can connect people to. */
export interface IdentityTenant {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly tenantType: 'ORGANISATION';
  readonly createdAtMs: number;
}

/** What the identity service needs from the simulator. */
export interface IdentityContext {
  readonly seed: number;
  readonly clock: SimClock;
  readonly apps: readonly SimApp[];
  readonly user: SimUser;
  readonly tenants: readonly IdentityTenant[];
  /**
   * Counts tenantless calls (`/connections`) against the app's per-minute limit; they carry only
   * `X-AppMinLimit-Remaining` (xero-platform-facts.md §4).
   */
  readonly appLimiter?: { acquireApp(clientId: string): RateLimitDecision };
}

/** The identity service. */
export interface Identity {
  /** Routes for `/identity/connect/authorize`, `/connect/token`, `/connect/revocation`, discovery, JWKS, `/connections`. */
  readonly routes: readonly Route[];
  /** Verifies an `Authorization: Bearer ...` header against the simulator's signing key and clock. */
  checkBearer(authorization: string | undefined): BearerCheck;
  /**
   * Tenant ids the principal may call now. Live: revoking a token or deleting a connection
   * takes effect on the next call, as at Xero.
   */
  tenantsFor(principal: TokenPrincipal): readonly string[];
  /**
   * Removes every connection (optionally only one app's), as when a person disconnects the app
   * in Xero. Returns how many connections were removed. Used by tests and `/__sim/disconnect`.
   */
  disconnectAll(clientId?: string): number;
}
