/** The benchmark's tables (ratios and per-query calls) and the machine line. */
import os from 'node:os';

export interface Measure {
  readonly ms: number;
  readonly rows: number;
  readonly calls: number;
  readonly minCalls?: number;
  readonly peakRssMb: number;
  readonly status429: number;
  readonly error?: string;
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const fmtRate = (m: Measure) => (m.ms > 0 ? `${Math.round(m.rows / (m.ms / 1000)).toLocaleString('en-US')}/s` : '-');
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');

/** A Markdown table (prints fine in a terminal too). */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export interface Comparison {
  readonly name: string;
  readonly latencyMs: number;
  readonly xeroSql: Measure;
  readonly baseline: Measure;
  readonly xeroNode?: Measure;
}

/** One line per comparison: times, rows/s, calls vs minimum, RSS, and the two time ratios. */
export function ratioTable(comparisons: readonly Comparison[]): string {
  return table(
    ['task', 'latency', 'xero-sql', 'baseline', 'xero-node', 'xero-sql / baseline (time)', 'xero-sql / xero-node (time)', 'rows/s (sql, base, node)', 'calls (sql, base, node; min)', 'peak RSS MB (sql, base, node)'],
    comparisons.map((c) => [
      c.name,
      `${c.latencyMs} ms`,
      fmtMs(c.xeroSql.ms),
      fmtMs(c.baseline.ms),
      c.xeroNode ? fmtMs(c.xeroNode.ms) : '-',
      ratio(c.xeroSql.ms, c.baseline.ms),
      c.xeroNode ? ratio(c.xeroSql.ms, c.xeroNode.ms) : '-',
      [fmtRate(c.xeroSql), fmtRate(c.baseline), c.xeroNode ? fmtRate(c.xeroNode) : '-'].join(', '),
      `${c.xeroSql.calls}, ${c.baseline.calls}, ${c.xeroNode ? c.xeroNode.calls : '-'}; ${c.xeroSql.minCalls ?? '?'}`,
      [c.xeroSql.peakRssMb, c.baseline.peakRssMb, c.xeroNode?.peakRssMb].map((v) => (v === undefined ? '-' : String(Math.round(v)))).join(', '),
    ]),
  );
}

export interface CorpusLine {
  readonly name: string;
  readonly sql: string;
  readonly byLatency: Readonly<Record<string, Measure>>;
}

export function corpusTable(lines: readonly CorpusLine[], latencies: readonly number[]): string {
  return table(
    ['query', 'calls', 'minimum', ...latencies.map((l) => `time @${l} ms`), 'rows'],
    lines.map((l) => {
      const any = Object.values(l.byLatency)[0] as Measure;
      const calls = [...new Set(Object.values(l.byLatency).map((m) => m.calls))].join('/');
      const ok = Object.values(l.byLatency).every((m) => m.calls === m.minCalls && !m.error);
      return [l.name, `${calls}${ok ? '' : ' (!)'}`, String(any.minCalls ?? '?'), ...latencies.map((lat) => (l.byLatency[String(lat)] ? fmtMs((l.byLatency[String(lat)] as Measure).ms) : '-')), any.error ? `error: ${any.error.slice(0, 60)}` : String(any.rows)];
    }),
  );
}
