/** EXPLAIN: a query plan as rows, one per API request (or per local table). */
import type { QueryPlan, TablePlan } from './plan.js';
import type { ColumnInfo, QueryResult } from './result.js';

const COLUMNS: readonly ColumnInfo[] = Object.freeze(
  ['Step', 'Table', 'Request', 'Path', 'Query', 'Headers', 'Tenant', 'Paging', 'Pushed', 'Local', 'EarlyStop', 'MinimumCalls'].map((name) => ({
    name,
    type: name === 'Step' || name === 'MinimumCalls' || name === 'EarlyStop' ? ('integer' as const) : ('text' as const),
    nullable: name !== 'Step' && name !== 'Table',
  })),
);

export function explainRows(plan: QueryPlan): QueryResult {
  const rows: Record<string, unknown>[] = [];
  // A fanning-out table's parent is read first: its steps come before the child's.
  const ordered = (t: TablePlan): TablePlan[] => (t.fanOut ? [...ordered(t.fanOut.parent), t] : [t]);
  for (const t of plan.tables.flatMap(ordered)) {
    const fan = t.fanOut;
    const common = {
      Table: t.table,
      Pushed: t.pushed.join('; ') || null,
      Local: t.local.join('; ') || null,
      EarlyStop: t.earlyStop?.rows ?? null,
      MinimumCalls: t.minimumCalls ?? null,
    };
    if (t.requests.length === 0) {
      rows.push({
        Step: rows.length + 1,
        ...common,
        Request: t.source === 'tenants' ? 'GET /connections' : 'local',
        Path: t.source === 'tenants' ? '/connections' : null,
        Query: null,
        Headers: null,
        Tenant: null,
        Paging: null,
      });
      continue;
    }
    for (const r of t.requests) {
      rows.push({
        Step: rows.length + 1,
        ...common,
        Request: `${r.kind === 'byId' ? 'GET by id' : 'GET list'}${fan ? `, once per ${fan.parentColumn} of ${fan.parent.table}` : ''}`,
        Path: r.path,
        Query: Object.keys(r.query).length ? new URLSearchParams(r.query as Record<string, string>).toString() : null,
        Headers: Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`).join('; ') || null,
        Tenant: r.tenantId ?? '(connection tenant)',
        Paging:
          r.paging.style === 'none'
            ? 'single request'
            : r.paging.style === 'offset'
              ? `${r.paging.param} of ${r.paging.field}, ${r.paging.size} per request`
              : `page, ${r.query[r.paging.sizeParam ?? ''] ?? r.paging.size} per request${r.paging.pagination ? ', page count known after the first' : ''}`,
      });
    }
  }
  return { rows, columns: COLUMNS };
}
