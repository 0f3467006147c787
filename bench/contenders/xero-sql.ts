/**
 * xero-sql through its public API (`connect`, `query`) and the CLI's CSV writer, loaded from the
 * compiled `dist/` as an installed package runs it (`npm run bench` builds it first), so that
 * neither timings nor peak RSS include compiling TypeScript on the fly.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Connection } from '../../src/index.js';
import type { SimInfo } from '../sim.js';

type Index = typeof import('../../src/index.js');
type Output = typeof import('../../src/cli/output.js');
const dist = (path: string) => new URL(`../../dist/${path}`, import.meta.url).href;

export async function open(sim: SimInfo, windowMs: number | undefined): Promise<Connection> {
  const { connect } = (await import(dist('index.js'))) as Index;
  const conn = await connect(
    `AuthScheme=OAuthClient;OAuthClientId=${sim.clientId};OAuthClientSecret=${sim.clientSecret};BaseURL=${sim.url};FanOutLimit=0`,
    windowMs !== undefined ? { rateLimitWindowMs: windowMs } : {},
  );
  await conn.tenant(); // sign in and pick the tenant before anything is timed
  return conn;
}

/** Runs a query; resolves to the number of rows it returned. */
export async function query(conn: Connection, sql: string): Promise<number> {
  const { rows } = await conn.query(sql);
  return rows.length;
}

/** `sql` streamed to CSV into `path` (default /dev/null), as `xero-sql query --format csv` does. */
export async function csv(conn: Connection, sql: string, path = '/dev/null'): Promise<number> {
  const { writeResult } = (await import(dist('cli/output.js'))) as Output;
  const out = createWriteStream(path);
  const rows = await writeResult(conn, sql, undefined, { format: 'csv', out });
  out.end();
  await once(out, 'finish');
  return rows;
}
