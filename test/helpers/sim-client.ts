/**
 * Test helpers for talking to a running simulator over HTTP, as any Xero client would.
 */
import type { Simulator } from '../../src/simulator/index.js';

/** A fetched response with its body read. */
export interface Fetched {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body when it is JSON, else undefined. */
  readonly json: any;
}

/** Gets a client-credentials token from the simulator's custom connection. */
export async function customConnectionToken(sim: Simulator, scope?: string): Promise<string> {
  const app = sim.appRegistry.find((a) => a.kind === 'custom-connection');
  if (!app?.clientSecret) throw new Error('no custom connection app');
  const response = await fetch(`${sim.url}/connect/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) }).toString(),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!body.access_token) throw new Error(`client_credentials refused: ${response.status} ${body.error ?? ''}`);
  return body.access_token;
}

/** GET `path` (with optional query) on the simulator with a bearer token and tenant header. */
export async function apiGet(
  sim: Simulator,
  path: string,
  options: { token?: string; tenantId?: string; query?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Fetched> {
  const url = new URL(`${sim.url}${path}`);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const response = await fetch(url, {
    headers: {
      accept: 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.tenantId ? { 'xero-tenant-id': options.tenantId } : {}),
      ...options.headers,
    },
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
