/**
 * The raw baseline: undici requests and `JSON.parse` of the same pages (same page size, same
 * concurrency of 5 once the page count is known), nothing else. What no driver can beat.
 */
import { Agent, request } from 'undici';
import type { SimInfo } from '../sim.js';

const agent = new Agent({ keepAliveTimeout: 10_000, connections: 16 });

/** A client-credentials token from the simulator's identity endpoint. */
export async function token(sim: SimInfo): Promise<string> {
  const res = await request(`${sim.url}/connect/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${sim.clientId}:${sim.clientSecret}`).toString('base64')}`,
    },
    body: 'grant_type=client_credentials',
    dispatcher: agent,
  });
  const body = JSON.parse(await res.body.text()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token: ${res.statusCode}`);
  return body.access_token;
}

export interface RawGet {
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
}

export async function getJson(sim: SimInfo, accessToken: string, get: RawGet): Promise<any> {
  const qs = new URLSearchParams(get.query ?? {}).toString();
  const res = await request(`${sim.url}${get.path}${qs ? `?${qs}` : ''}`, {
    headers: { ...get.headers, accept: 'application/json', authorization: `Bearer ${accessToken}`, 'xero-tenant-id': sim.tenantId },
    dispatcher: agent,
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`GET ${get.path}: ${res.statusCode} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

/**
 * Every page of a `page`-style list: page 1, then the rest 5 at a time. Resolves to the records
 * and the rows they make (one per line item, as xero-sql's Invoices has).
 */
export async function pullPages(
  sim: SimInfo,
  accessToken: string,
  get: RawGet & { envelope: string },
  concurrency = 5,
): Promise<{ records: number; rows: number; pages: number }> {
  let records = 0;
  let rows = 0;
  const take = (json: any) => {
    const list = json[get.envelope] as { LineItems?: unknown[] }[];
    records += list.length;
    for (const r of list) rows += Math.max(1, r.LineItems?.length ?? 0);
  };
  const page = (n: number) => getJson(sim, accessToken, { ...get, query: { ...get.query, pageSize: '1000', page: String(n) } });
  const first = await page(1);
  take(first);
  const count = Number(first.pagination?.pageCount ?? 1);
  let next = 2;
  const worker = async () => {
    while (next <= count) take(await page(next++));
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { records, rows, pages: count };
}
