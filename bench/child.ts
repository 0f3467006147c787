/**
 * One contender's work in its own process, so its peak RSS is its own. Takes a {@link ChildTask}
 * as JSON in argv[2]; prints one JSON line ({@link ChildReport}) on stdout.
 */
import { performance } from 'node:perf_hooks';
import { apiCalls, lastSeq, type SimInfo } from './sim.js';

export interface ChildTask {
  readonly sim: SimInfo;
  /** Client rate-limit window matching the simulator's time scale (xero-sql only). */
  readonly windowMs?: number;
  readonly contender: 'xero-sql' | 'raw' | 'xero-node';
  /** `query`: each SQL with conn.query; `csv`: each SQL streamed to CSV; `pull`: every Invoices page. */
  readonly kind: 'query' | 'csv' | 'pull';
  readonly items: readonly { readonly name: string; readonly sql?: string }[];
}

export interface ItemResult {
  readonly name: string;
  readonly rows: number;
  readonly ms: number;
  readonly calls: number;
  readonly status429: number;
  readonly error?: string;
}

export interface ChildReport {
  readonly results: ItemResult[];
  /** process.resourceUsage().maxRSS at the end, in MB. */
  readonly peakRssMb: number;
}

// tsx turns source maps on; with them Node parses the map of every compiled module it loads
// (dist/ has them), which cost ~120 MB of RSS that a user's process would not have.
process.setSourceMapsEnabled(false);

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] as string) as ChildTask;
  const { sim } = task;
  let run: (item: ChildTask['items'][number]) => Promise<number>;
  let close = async () => {};
  // Each contender loads only its own code, so its peak RSS is its own.
  if (task.contender === 'xero-sql') {
    const xeroSql = await import('./contenders/xero-sql.js');
    const conn = await xeroSql.open(sim, task.windowMs);
    run = (item) => (task.kind === 'csv' ? xeroSql.csv(conn, item.sql as string) : xeroSql.query(conn, item.sql as string));
    close = () => conn.close();
  } else if (task.contender === 'raw') {
    const raw = await import('./contenders/raw.js');
    const token = await raw.token(sim);
    run = async () => (await raw.pullPages(sim, token, { path: '/api.xro/2.0/Invoices', query: { unitdp: '4' }, envelope: 'Invoices' })).rows;
  } else {
    const xeroNode = await import('./contenders/xero-node.js');
    const xero = await xeroNode.open(sim);
    run = async () => (await xeroNode.pullInvoices(xero, sim.tenantId)).rows;
  }
  const results: ItemResult[] = [];
  for (const item of task.items) {
    const mark = await lastSeq(sim.url);
    const started = performance.now();
    let rows = 0;
    let error: string | undefined;
    try {
      rows = await run(item);
    } catch (err) {
      error = (err as Error).message;
    }
    const ms = performance.now() - started;
    const calls = await apiCalls(sim.url, mark);
    results.push({ name: item.name, rows, ms, calls: calls.length, status429: calls.filter((c) => c.status === 429).length, ...(error ? { error } : {}) });
  }
  await close();
  const report: ChildReport = { results, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  },
);
