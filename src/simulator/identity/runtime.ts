/** What the identity service's route modules share. */
import type { SimApp } from '../apps.js';
import type { ConnectionStore } from './connections.js';
import type { GrantStore } from './grants.js';
import type { SigningKey } from './jwt.js';
import type { BrowserSessions } from './sessions.js';
import type { TokenMinter } from './tokens.js';
import type { IdentityContext, IdentityTenant } from './types.js';

export interface IdentityRuntime {
  readonly ctx: IdentityContext;
  readonly key: SigningKey;
  readonly tokens: TokenMinter;
  readonly grants: GrantStore;
  readonly connections: ConnectionStore;
  readonly sessions: BrowserSessions;
  /** Seeded GUIDs for connection ids and auth events, so a seed replays the same ids. */
  readonly newGuid: () => string;
  /** The custom connection's one connection (fixed for the run), by client id. */
  readonly customConnections: ReadonlyMap<string, { readonly id: string; readonly authEventId: string; readonly createdMs: number }>;
  findApp(clientId: string): SimApp | undefined;
  findTenant(tenantId: string): IdentityTenant | undefined;
}
