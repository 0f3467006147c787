/**
 * `npm run bench`: xero-sql against the raw baseline and the official xero-node SDK, on the
 * simulator (a separate process), at each latency; then a rate-limit run under Xero's real limits,
 * time-compressed. Prints the tables and writes bench/results/latest.json. See README "Speed".
 *
 *   npm run bench -- [--scale 100] [--latencies 0,100] [--corpus full|quick] [--no-rate-limit]
 *                    [--rate-time-scale 20] [--rate-pages 200] [--time-scale 1000] [--no-build]
 *                    [--out bench/results/latest.json]
 *
 * xero-sql runs from the compiled dist/ (built first unless --no-build), as an installed package.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { ChildReport, ChildTask, ItemResult } from './child.js';
import { corpus, type CorpusIds, type CorpusQuery } from './corpus.js';
import { getJson, token } from './contenders/raw.js';
import { corpusTable, machine, ratioTable, table, type Comparison, type CorpusLine, type Measure } from './report.js';
import { apiCalls, lastSeq, setLatency, setRateLimits, startSim, type SimInfo } from './sim.js';

const { values: flags } = parseArgs({
  options: {
    scale: { type: 'string', default: '100' },
    latencies: { type: 'string', default: '0,100' },
    corpus: { type: 'string', default: 'full' },
    'no-rate-limit': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'rate-time-scale': { type: 'string', default: '20' },
    'rate-pages': { type: 'string', default: '200' },
    'time-scale': { type: 'string', default: '1000' },
    out: { type: 'string', default: fileURLToPath(new URL('./results/latest.json', import.meta.url)) },
  },
});
const scale = Number(flags.scale);
const latencies = String(flags.latencies).split(',').map(Number);
const corpusSize = flags.corpus === 'quick' ? 'quick' : 'full';
/** During the latency runs the limits are time-compressed so far that only the 5-in-flight limit binds. */
const timeScale = Number(flags['time-scale']);
const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const log = (s: string) => process.stderr.write(`${s}\n`);

async function child(task: ChildTask): Promise<ChildReport> {
  const t0 = performance.now();
  try {
    return await childOnce(task);
  } catch (err) {
    // One failed contender must not lose the rest of the run: its items report the error.
    log(`  ${(err as Error).message}`);
    return { results: task.items.map((i) => ({ name: i.name, rows: 0, ms: 0, calls: 0, status429: 0, error: (err as Error).message })), peakRssMb: 0 };
  } finally {
    log(`  (${Math.round((performance.now() - t0) / 1000)} s)`);
  }
}

async function childOnce(task: ChildTask): Promise<ChildReport> {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
  if (code !== 0) throw new Error(`bench child (${task.contender} ${task.kind}) exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop() as string) as ChildReport;
}

const measure = (r: ItemResult, peakRssMb: number, minCalls?: number): Measure => ({
  ms: r.ms,
  rows: r.rows,
  calls: r.calls,
  peakRssMb,
  status429: r.status429,
  ...(minCalls !== undefined ? { minCalls } : {}),
  ...(r.error ? { error: r.error } : {}),
});

/** Xero's `/Date(ms+0000)/` or ISO. */
function xeroDate(v: string): number {
  const m = /\/Date\((\d+)/.exec(v);
  return m ? Number(m[1]) : Date.parse(v);
}

async function pickIds(sim: SimInfo, tok: string): Promise<CorpusIds> {
  const page = await getJson(sim, tok, { path: '/api.xro/2.0/Invoices', query: { page: '1', pageSize: '1000' } });
  const invoices = page.Invoices as { InvoiceID: string; InvoiceNumber: string; Contact: { ContactID: string }; UpdatedDateUTC: string }[];
  const last = await getJson(sim, tok, { path: '/api.xro/2.0/Invoices', query: { page: String(page.pagination.pageCount), pageSize: '1000' } });
  const updated = [...invoices, ...(last.Invoices as typeof invoices)].map((i) => xeroDate(i.UpdatedDateUTC)).sort((a, b) => a - b);
  const pick = (n: number) => invoices[Math.floor((invoices.length * n) / 7)] as (typeof invoices)[number];
  return {
    invoiceId: pick(1).InvoiceID,
    invoiceIds: [pick(2).InvoiceID, pick(3).InvoiceID, pick(4).InvoiceID],
    invoiceNumber: pick(5).InvoiceNumber,
    contactId: pick(6).Contact.ContactID,
    recentUpdate: new Date(Math.floor((updated[Math.floor(updated.length * 0.97)] as number) / 1000) * 1000).toISOString(),
  };
}

async function minimumOf(sim: SimInfo, tok: string, q: CorpusQuery): Promise<number> {
  if (typeof q.min === 'number') return q.min;
  if ('rows' in q.min) {
    const json = await getJson(sim, tok, q.min.pageOf);
    const records = json[q.min.pageOf.envelope] as Record<string, unknown>[];
    const lines = q.min.linesOf;
    const rows = lines === undefined ? records.length : records.reduce((n, r) => n + Math.max(1, (r[lines] as unknown[] | undefined)?.length ?? 0), 0);
    return Math.ceil(q.min.rows / Math.max(1, rows));
  }
  const json = await getJson(sim, tok, { ...q.min.probe, query: { ...q.min.probe.query, page: '1', pageSize: '1000' } });
  return Math.max(1, Number(json.pagination?.pageCount ?? 1)) + (q.min.extra ?? 0);
}

/** Calls in each complete rate-limit window (aligned to the first call), as a share of 60. */
function windowShares(ats: readonly number[], windowMs: number): number[] {
  if (ats.length === 0) return [];
  const sorted = [...ats].sort((a, b) => a - b);
  const t0 = sorted[0] as number;
  const end = sorted[sorted.length - 1] as number;
  const complete = Math.floor((end - t0) / windowMs);
  const counts = new Array<number>(complete).fill(0);
  for (const at of sorted) {
    const k = Math.floor((at - t0) / windowMs);
    if (k < complete) counts[k] = (counts[k] as number) + 1;
  }
  return counts.map((c) => c / 60);
}

async function build(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  const proc = spawn(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
  if (code !== 0) throw new Error(`npm run build failed (${code})`);
}

async function main(): Promise<void> {
  const started = performance.now();
  if (!flags['no-build']) {
    log('building dist/ (xero-sql runs compiled, as installed)...');
    await build();
  }
  log(`starting the simulator (--scale ${scale})...`);
  const sim = await startSim({ scale, timeScale, dailyLimit: 100_000_000 });
  try {
    const info = sim.info;
    const windowMs = 60_000 / timeScale;
    const tok = await token(info);
    const ids = await pickIds(info, tok);
    const queries = corpus(ids, corpusSize);
    const mins = await Promise.all(queries.map((q) => minimumOf(info, tok, q)));
    const invoicePages = await minimumOf(info, tok, { name: 'all', sql: '', min: { probe: { path: '/api.xro/2.0/Invoices', query: { unitdp: '4' } } } });
    log(`simulator up in ${Math.round((performance.now() - started) / 1000)} s; Invoices: ${invoicePages} pages`);

    const comparisons: Comparison[] = [];
    const corpusLines: CorpusLine[] = queries.map((q) => ({ name: q.name, sql: q.sql, byLatency: {} }));
    const base = { sim: info, windowMs };
    for (const latency of latencies) {
      await setLatency(info.url, latency);
      log(`latency ${latency} ms: baseline...`);
      const rawPull = await child({ ...base, contender: 'raw', kind: 'pull', items: [{ name: 'pull' }] });
      log(`latency ${latency} ms: xero-sql CSV export...`);
      const csv = await child({ ...base, contender: 'xero-sql', kind: 'csv', items: [{ name: 'csv', sql: 'SELECT * FROM Invoices' }] });
      log(`latency ${latency} ms: xero-node...`);
      const node = await child({ ...base, contender: 'xero-node', kind: 'pull', items: [{ name: 'pull' }] });
      log(`latency ${latency} ms: xero-sql corpus (${queries.length} queries)...`);
      const corp = await child({ ...base, contender: 'xero-sql', kind: 'query', items: queries.map((q) => ({ name: q.name, sql: q.sql })) });
      const baseline = measure(rawPull.results[0] as ItemResult, rawPull.peakRssMb, invoicePages);
      comparisons.push({
        name: 'SELECT * FROM Invoices to CSV (full pull)',
        latencyMs: latency,
        xeroSql: measure(csv.results[0] as ItemResult, csv.peakRssMb, invoicePages),
        baseline,
        xeroNode: measure(node.results[0] as ItemResult, node.peakRssMb, invoicePages),
      });
      const countIndex = queries.findIndex((q) => q.name === 'COUNT(*) FROM Invoices');
      if (countIndex >= 0) {
        comparisons.push({ name: 'SELECT COUNT(*) FROM Invoices', latencyMs: latency, xeroSql: measure(corp.results[countIndex] as ItemResult, corp.peakRssMb, invoicePages), baseline });
      }
      corp.results.forEach((r, i) => ((corpusLines[i] as { byLatency: Record<string, Measure> }).byLatency[String(latency)] = measure(r, corp.peakRssMb, mins[i])));
    }

    let rateLimit: Record<string, unknown> | undefined;
    if (!flags['no-rate-limit']) {
      const k = Number(flags['rate-time-scale']);
      const pages = Number(flags['rate-pages']);
      await setLatency(info.url, 0);
      await setRateLimits(info.url, { timeScale: k, perDay: 5000, perMinute: 60, concurrent: 5 });
      const w = 60_000 / k;
      // Cheap calls, so that the limit (not the simulator) is what binds: the history of `pages`
      // invoices, one call each (xero-sql reads a child resource once per parent given in WHERE).
      const ids = ((await getJson(info, tok, { path: '/api.xro/2.0/Invoices', query: { page: '1', pageSize: '1000', summaryOnly: 'true' } })).Invoices as { InvoiceID: string }[])
        .slice(0, pages)
        .map((i) => `'${i.InvoiceID}'`);
      const sql = `SELECT COUNT(*) AS n FROM HistoryInvoices WHERE InvoiceId IN (${ids.join(', ')})`;
      log(`rate-limit run: Xero's limits at --time-scale ${k} (a minute lasts ${w} ms), ${sql.slice(0, 80)}... (${pages} ids)`);
      const mark = await lastSeq(info.url);
      const r = await child({ sim: info, windowMs: w, contender: 'xero-sql', kind: 'query', items: [{ name: 'rate', sql }] });
      const calls = await apiCalls(info.url, mark);
      const res = r.results[0] as ItemResult;
      const shares = windowShares(
        calls.map((c) => c.at),
        w,
      );
      rateLimit = {
        timeScale: k,
        windowMs: w,
        sql: `SELECT COUNT(*) AS n FROM HistoryInvoices WHERE InvoiceId IN (<${pages} invoice ids>)`,
        calls: calls.length,
        status429: calls.filter((c) => c.status === 429).length,
        ms: res.ms,
        scaledMinutes: res.ms / w,
        sharePerCompleteWindow: shares,
        shareUsed: shares.length > 0 ? shares.reduce((a, b) => a + b, 0) / shares.length : calls.length / 60 / Math.max(1, res.ms / w),
        ...(res.error ? { error: res.error } : {}),
      };
    }

    const result = {
      at: new Date().toISOString(),
      machine: machine(),
      config: { scale, latencies, corpus: corpusSize, timeScale, invoicePages },
      comparisons,
      corpus: corpusLines,
      rateLimit,
      totalSeconds: Math.round((performance.now() - started) / 1000),
    };
    mkdirSync(dirname(flags.out as string), { recursive: true });
    writeFileSync(flags.out as string, `${JSON.stringify(result, null, 2)}\n`);

    console.log(`\nxero-sql benchmark: scale ${scale} (${invoicePages} pages of Invoices), ${machine()}\n`);
    console.log(ratioTable(comparisons));
    console.log(`\nCorpus (calls vs the minimum; (!) = more than the minimum or an error):\n`);
    console.log(corpusTable(corpusLines, latencies));
    if (rateLimit) {
      console.log('\nRate-limit run:\n');
      console.log(
        table(
          ['time scale', 'calls', '429s', 'time', 'share of 60 calls/minute used (complete windows)'],
          [[String(rateLimit.timeScale), String(rateLimit.calls), String(rateLimit.status429), `${Math.round(rateLimit.ms as number)} ms (${(rateLimit.scaledMinutes as number).toFixed(2)} scaled min)`, `${((rateLimit.shareUsed as number) * 100).toFixed(1)}% (${(rateLimit.sharePerCompleteWindow as number[]).map((s) => `${Math.round(s * 100)}%`).join(', ')})`]],
        ),
      );
    }
    console.log(`\nwrote ${flags.out} in ${result.totalSeconds} s`);
  } finally {
    await sim.stop();
  }
}

await main();
