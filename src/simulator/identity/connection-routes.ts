/**
 * `GET /connections` and `DELETE /connections/{id}` (xero-platform-facts.md §4): bearer token
 * only, no tenant header. The router matches `/Connections` too. A bad or expired token gets the
 * same 401 problem details as the accounting API.
 */
import { problem } from '../api.js';
import { header, json, type Route, type SimRequest, type SimResponse } from '../http.js';
import { connectionJson, type ConnectionJson } from './connections.js';
import type { IdentityRuntime } from './runtime.js';
import type { TokenPrincipal } from './types.js';

/** The connection routes. */
export function connectionRoutes(rt: IdentityRuntime): Route[] {
  function authenticate(
    req: SimRequest,
  ): { ok: true; principal: TokenPrincipal; headers: Record<string, string> } | { ok: false; response: SimResponse } {
    const bearer = rt.tokens.checkBearer(header(req, 'authorization'));
    if (!bearer.ok) return { ok: false, response: problem(401, 'Unauthorized', bearer.detail) };
    const admitted = rt.ctx.appLimiter?.acquireApp(bearer.principal.clientId);
    if (admitted && !admitted.ok) {
      return { ok: false, response: { status: 429, headers: { 'content-type': 'text/plain; charset=utf-8', ...admitted.headers }, body: '' } };
    }
    return { ok: true, principal: bearer.principal, headers: admitted?.headers ?? {} };
  }

  /** The principal's connections: a person's live ones for the app, or the custom connection's one. */
  function connectionsOf(principal: TokenPrincipal): ConnectionJson[] {
    const out: ConnectionJson[] = [];
    if (principal.appKind === 'custom-connection') {
      const app = rt.findApp(principal.clientId);
      const custom = rt.customConnections.get(principal.clientId);
      const tenant = app?.tenantId === undefined ? undefined : rt.findTenant(app.tenantId);
      if (custom && tenant) out.push(connectionJson({ ...custom, updatedMs: custom.createdMs }, tenant));
    } else if (principal.userId !== undefined) {
      for (const c of rt.connections.forPair(principal.userId, principal.clientId)) {
        const tenant = rt.findTenant(c.tenantId);
        if (tenant) out.push(connectionJson(c, tenant));
      }
    }
    return out;
  }

  function list(req: SimRequest): SimResponse {
    const auth = authenticate(req);
    if (!auth.ok) return auth.response;
    const authEventId = req.query.get('authEventId')?.trim().toLowerCase();
    const all = connectionsOf(auth.principal);
    return json(200, authEventId ? all.filter((c) => c.authEventId === authEventId) : all, auth.headers);
  }

  function remove(req: SimRequest): SimResponse {
    const auth = authenticate(req);
    if (!auth.ok) return auth.response;
    const { principal } = auth;
    // UNCERTAIN what Xero does when a custom connection deletes its own connection; the
    // simulator refuses rather than break the connection for the rest of the run.
    if (principal.appKind === 'custom-connection') {
      return problem(403, 'Forbidden', 'A custom connection cannot be disconnected through the API; remove it in Xero.');
    }
    const id = req.params.id ?? '';
    if (principal.userId !== undefined && rt.connections.remove(id, principal.userId, principal.clientId)) {
      return { status: 204, headers: auth.headers };
    }
    // The spec documents a bare 404; its body is not documented, so it gets problem details like the 401s.
    return problem(404, 'Not Found', `No connection with id ${id} for this app.`);
  }

  return [
    { method: 'GET', pattern: '/connections', handler: list },
    { method: 'DELETE', pattern: '/connections/:id', handler: remove },
  ];
}
