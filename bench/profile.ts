/**
 * Profiling aid (not part of `npm run bench`): runs one xero-sql query (or CSV export) against a
 * running simulator, for `node --cpu-prof --import tsx bench/profile.ts '<info JSON line>' csv|query '<sql>'`.
 */
import { performance } from 'node:perf_hooks';
import * as xeroSql from './contenders/xero-sql.js';

const info = JSON.parse(process.argv[2] as string) as { url: string; apps: { kind: string; clientId: string; clientSecret: string }[]; tenants: { tenantId: string }[] };
const app = info.apps.find((a) => a.kind === 'custom-connection');
if (!app) throw new Error('no custom-connection app');
const conn = await xeroSql.open({ url: info.url, clientId: app.clientId, clientSecret: app.clientSecret, tenantId: info.tenants[0]!.tenantId }, 60);
const sql = process.argv[4] ?? 'SELECT * FROM Invoices';
const started = performance.now();
const rows = process.argv[3] === 'query' ? await xeroSql.query(conn, sql) : await xeroSql.csv(conn, sql);
console.log(JSON.stringify({ rows, ms: Math.round(performance.now() - started), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
await conn.close();
