/**
 * The simulator's identity service: what login.xero.com and identity.xero.com do for an app
 * (authorize pages, tokens, discovery, revocation) and the connections API of api.xero.com.
 * See `types.ts` for the contract with the API layer.
 */
import { Random } from '../data/random.js';
import { authorizeRoutes } from './authorize.js';
import { connectionRoutes } from './connection-routes.js';
import { ConnectionStore } from './connections.js';
import { discoveryRoutes } from './discovery.js';
import { GrantStore } from './grants.js';
import { createSigningKey } from './jwt.js';
import type { IdentityRuntime } from './runtime.js';
import { BrowserSessions } from './sessions.js';
import { tokenRoutes } from './token-endpoint.js';
import { TokenMinter } from './tokens.js';
import type { Identity, IdentityContext, TokenPrincipal } from './types.js';

/**
 * Creates the identity service for one simulator run: a fresh signing key, no connections, no
 * grants. Nobody is connected until they consent; the custom connection reaches its one
 * organisation from the start.
 */
export function createIdentity(ctx: IdentityContext): Identity {
  const rnd = new Random(ctx.seed).fork('identity');
  const newGuid = () => rnd.guid();
  const key = createSigningKey();
  const grants = new GrantStore();
  // Losing the last connection ends the person's grants for the app (§3.4: a refresh after
  // "the user disconnected the app" is invalid_grant). Whether Xero does the same when only the
  // last of several connections is deleted through the API is UNCERTAIN.
  const connections = new ConnectionStore(newGuid, (userId, clientId) => grants.forgetPair(userId, clientId));
  const startedMs = ctx.clock.now();
  const customConnections = new Map(
    ctx.apps
      .filter((a) => a.kind === 'custom-connection')
      .map((a) => [a.clientId, { id: newGuid(), authEventId: newGuid(), createdMs: startedMs }] as const),
  );
  const rt: IdentityRuntime = {
    ctx,
    key,
    tokens: new TokenMinter(key, ctx.clock, ctx.apps),
    grants,
    connections,
    sessions: new BrowserSessions(),
    newGuid,
    customConnections,
    findApp: (clientId) => ctx.apps.find((a) => a.clientId === clientId),
    findTenant: (tenantId) => ctx.tenants.find((t) => t.tenantId === tenantId),
  };

  return {
    routes: [...discoveryRoutes(rt), ...authorizeRoutes(rt), ...tokenRoutes(rt), ...connectionRoutes(rt)],
    checkBearer: (authorization) => rt.tokens.checkBearer(authorization),
    tenantsFor(principal: TokenPrincipal): readonly string[] {
      if (principal.appKind === 'custom-connection') {
        const tenantId = rt.findApp(principal.clientId)?.tenantId;
        return tenantId === undefined ? [] : [tenantId];
      }
      if (principal.userId === undefined) return [];
      return connections.forPair(principal.userId, principal.clientId).map((c) => c.tenantId);
    },
    // A custom connection is not a person's connection: it keeps its organisation (disconnecting
    // one happens in Xero's developer portal, which the simulator does not model).
    disconnectAll: (clientId) => connections.removeAll(clientId),
  };
}
