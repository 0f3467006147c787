/**
 * What every Xero API call goes through before its handler runs, in Xero's order: bearer token
 * (401 `TokenExpired` / `AuthenticationUnsuccessful`), tenant header (403
 * `AuthenticationUnsuccessful`), scope (401 `AuthorizationUnsuccessful`), then the rate limits
 * (429). Error bodies use the PascalCase problem-details shape observed at Xero
 * (xero-platform-facts.md §9; the casing is UNCERTAIN there, PascalCase is what SDK users report).
 */
import { randomUUID } from 'node:crypto';
import type { SimApp } from './apps.js';
import type { SimClock } from './clock.js';
import type { OrgData } from './data/types.js';
import type { FaultController } from './faults.js';
import { header, json, type Route, type SimRequest, type SimResponse } from './http.js';
import type { Identity, TokenPrincipal } from './identity/types.js';
import type { RateLimiter } from './rate-limit.js';

/** An authorised, admitted API call. */
export interface ApiCall {
  readonly req: SimRequest;
  readonly org: OrgData;
  readonly principal: TokenPrincipal;
  readonly app: SimApp;
  /** Simulated time when the call was admitted. */
  readonly nowMs: number;
}

/** A tenant-scoped API route. */
export interface ApiRouteDef {
  readonly pattern: string;
  /**
   * Scopes any one of which admits the call, written in their `.read` form where one exists
   * (`accounting.transactions.read`); the read/write scope (`accounting.transactions`) admits too.
   */
  readonly scopes: readonly string[];
  readonly handler: (call: ApiCall) => SimResponse | Promise<SimResponse>;
}

/** What the API layer needs from the simulator. */
export interface ApiDeps {
  readonly identity: Identity;
  readonly orgs: ReadonlyMap<string, OrgData>;
  readonly apps: readonly SimApp[];
  readonly rateLimiter: RateLimiter;
  readonly faults: FaultController;
  readonly clock: SimClock;
}

/** A Xero problem-details error response. */
export function problem(status: number, title: string, detail: string, headers: Record<string, string> = {}): SimResponse {
  return json(
    status,
    { Type: null, Title: title, Status: status, Detail: detail, Instance: randomUUID(), Extensions: {} },
    headers,
  );
}

/** True when `granted` holds one of `accepted` or the read/write scope of an accepted `.read` scope. */
export function hasScope(granted: readonly string[], accepted: readonly string[]): boolean {
  return accepted.some(
    (scope) => granted.includes(scope) || (scope.endsWith('.read') && granted.includes(scope.slice(0, -'.read'.length))),
  );
}

/** Wraps API route definitions with authentication, tenant resolution, scope checks and rate limits. */
export function createApiRoutes(defs: readonly ApiRouteDef[], deps: ApiDeps): Route[] {
  return defs.map((def) => ({
    method: 'GET' as const,
    pattern: def.pattern,
    handler: (req: SimRequest) => runApiCall(def, req, deps),
  }));
}

async function runApiCall(def: ApiRouteDef, req: SimRequest, deps: ApiDeps): Promise<SimResponse> {
  const bearer = deps.identity.checkBearer(header(req, 'authorization'));
  if (!bearer.ok) return problem(401, 'Unauthorized', bearer.detail);
  const principal = bearer.principal;
  const app = deps.apps.find((a) => a.clientId === principal.clientId);
  if (!app) return problem(401, 'Unauthorized', 'AuthenticationUnsuccessful');

  const allowed = deps.identity.tenantsFor(principal);
  const requested = header(req, 'xero-tenant-id')?.trim().toLowerCase();
  // Custom connections reach exactly one organisation and need no tenant header
  // (xero-platform-facts.md §3.5); everyone else must name a connected tenant.
  const tenantId =
    requested ?? (principal.appKind === 'custom-connection' && allowed.length === 1 ? allowed[0] : undefined);
  const org = tenantId && allowed.includes(tenantId) ? deps.orgs.get(tenantId) : undefined;
  if (!tenantId || !org) return problem(403, 'Forbidden', 'AuthenticationUnsuccessful');

  if (!hasScope(principal.scopes, def.scopes)) {
    return { ...problem(401, 'Unauthorized', 'AuthorizationUnsuccessful'), tenantId };
  }

  const admitted = deps.rateLimiter.acquire(org.tenantId, principal.clientId);
  if (!admitted.ok) {
    return { status: 429, headers: { 'content-type': 'text/plain; charset=utf-8', ...admitted.headers }, body: '', tenantId };
  }
  try {
    await deps.faults.delay(req.fault);
    const response = await def.handler({ req, org, principal, app, nowMs: deps.clock.now() });
    return { ...response, headers: { ...admitted.headers, ...response.headers }, tenantId: org.tenantId };
  } finally {
    admitted.release();
  }
}
