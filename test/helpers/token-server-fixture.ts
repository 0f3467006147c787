/**
 * A simulator and a token server wired together for tests: the server's clock is the simulator's
 * (so advancing it expires tokens on both sides), its redirect URI is registered on the app, and
 * the sign-in can be driven over plain HTTP the way a browser would (home page, Xero's login and
 * consent, the redirect back).
 */
import type { SimApp } from '../../src/simulator/apps.js';
import type { Simulator } from '../../src/simulator/index.js';
import { startTokenServer, type TokenServer, type TokenServerOptions } from '../../src/token-server/index.js';
import { followAuthorizeUrl } from './oauth-flow.js';

/** The simulator's app of a kind. */
export function simApp(sim: Simulator, kind: SimApp['kind']): SimApp {
  const app = sim.appRegistry.find((a) => a.kind === kind);
  if (!app) throw new Error(`the simulator has no ${kind} app`);
  return app;
}

/** The connection string of an app on the simulator (client id, secret if any, BaseURL), plus `extra`. */
export function appConnection(sim: Simulator, app: SimApp, extra = ''): string {
  return [`OAuthClientId=${app.clientId}`, ...(app.clientSecret ? [`OAuthClientSecret=${app.clientSecret}`] : []), `BaseURL=${sim.url}`, ...(extra ? [extra] : [])].join(';');
}

/**
 * Starts a token server on a free loopback port against `sim`, on the simulator's clock, with its
 * redirect URI registered on every auth-code app. Log lines are collected in `logs`.
 */
export async function startOnSimulator(sim: Simulator, options: TokenServerOptions, logs: string[] = []): Promise<TokenServer> {
  const server = await startTokenServer({ port: 0, now: () => sim.clock.now(), log: (line) => logs.push(line), ...options });
  for (const app of sim.appRegistry) if (app.kind !== 'custom-connection' && !app.redirectUris.includes(server.redirect)) app.redirectUris.push(server.redirect);
  return server;
}

/** Reads the sign-in link (`#signin`) off the home page. */
export async function signInUrl(server: TokenServer, headers: Record<string, string> = {}): Promise<string> {
  // Not `Accept: text/html`: a browser would first be sent to the redirect URI's host (localhost).
  const home = await fetch(`${server.url}/home`, { headers: { accept: '*/*', ...headers } });
  const html = await home.text();
  const href = /id="signin" href="([^"]*)"/.exec(html)?.[1];
  if (home.status !== 200 || href === undefined) throw new Error(`the home page (HTTP ${home.status}) has no sign-in link`);
  return href.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/**
 * Signs in through the server's home page and Xero's pages, then follows the redirect back to the
 * server (sent to the server's own address: the redirect URI says `localhost`, which may resolve
 * to ::1 first). Returns the server's answer to the redirect.
 */
export async function signInOverHttp(
  server: TokenServer,
  sim: Simulator,
  o: { headers?: Record<string, string>; tenants?: readonly string[] } = {},
): Promise<Response> {
  const landed = await followAuthorizeUrl(sim, await signInUrl(server, o.headers), o.tenants ? { tenants: o.tenants } : {});
  return fetch(`${server.url}${landed.pathname}${landed.search}`, { redirect: 'manual', headers: o.headers ?? {} });
}

/** Number of refresh grants the simulator has answered with a token. */
export function refreshCount(sim: Simulator): number {
  return sim.requests.count({ path: '/connect/token', detail: 'refresh_token:ok' });
}

/** GETs a JSON endpoint of the server. */
export async function getJson(server: TokenServer, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> & unknown[] }> {
  const res = await fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> & unknown[] };
}

/** Waits until `check` is true, polling every 10 ms, or fails after `ms`. */
export async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
