/**
 * A small method + path router. Literal segments match case-insensitively (Xero serves
 * `/Connections` and `/connections` alike); `:name` segments capture. When several patterns match,
 * the one with the most literal segments wins, so `/Reports/BalanceSheet` beats `/Reports/:id`
 * whatever the registration order.
 */
import type { Route } from './http.js';

/** Which part of the simulator a route belongs to: decides faults, latency and logging. */
export type RouteKind = 'api' | 'identity' | 'admin';

interface CompiledRoute {
  readonly route: Route;
  readonly kind: RouteKind;
  readonly segments: readonly string[];
  readonly literals: number;
}

export type RouteMatch =
  | { readonly found: true; readonly route: Route; readonly kind: RouteKind; readonly params: Record<string, string> }
  | { readonly found: false; readonly methodNotAllowed: boolean };

export class Router {
  readonly #routes: CompiledRoute[] = [];

  add(route: Route, kind: RouteKind): void {
    const segments = splitPath(route.pattern).map((s) => (s.startsWith(':') ? s : s.toLowerCase()));
    this.#routes.push({ route, kind, segments, literals: segments.filter((s) => !s.startsWith(':')).length });
  }

  match(method: string, path: string): RouteMatch {
    const parts = splitPath(path);
    let best: { c: CompiledRoute; params: Record<string, string> } | undefined;
    let pathMatched = false;
    for (const c of this.#routes) {
      const params = matchSegments(c.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (c.route.method !== method) continue;
      if (!best || c.literals > best.c.literals) best = { c, params };
    }
    if (best) return { found: true, route: best.c.route, kind: best.c.kind, params: best.params };
    return { found: false, methodNotAllowed: pathMatched };
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const v = parts[i] as string;
    if (p.startsWith(':')) params[p.slice(1)] = v;
    else if (p !== v.toLowerCase()) return undefined;
  }
  return params;
}
