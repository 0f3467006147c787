/**
 * Turns a parsed SELECT into a {@link QueryPlan}: for every table it reads, the API requests that
 * fetch the fewest rows the query can need, and when paging may stop early.
 *
 * Pushdown is a superset contract (DESIGN.md §2): whatever is sent to Xero may return more rows
 * than the SQL asks for, never fewer, because SQLite re-applies the whole WHERE. So a condition
 * is pushed only when its Xero form selects a superset (xero-where.ts decides for `where`), and
 * conditions on the null-supplying side of an outer join are never pushed.
 */
import type { ColumnDef, PagingDef, SqlType, TableDef } from '../catalog/table-def.js';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { columnsOf, constantValue, subqueriesOf, type ResolvedParams } from './parse.js';
import type { Expr, FromItem, SelectNode, Value } from './nodes.js';
import type { FanOutPlan, QueryPlan, RequestPlan, TablePlan } from './plan.js';
import { whereAnd, whereOr, whereTerm } from './xero-where.js';

/** What the planner needs to resolve names. */
export interface PlannerCatalog {
  /** A table of `schema` by name (case-insensitive), or undefined. */
  find(schema: string, name: string): TableDef | undefined;
  /** Close names for "did you mean". */
  suggest(schema: string, name: string): readonly string[];
  /** Names of the system tables (`sys_tables`, ...), served from the catalog itself. */
  readonly systemTables: readonly string[];
}

export interface PlanContext {
  readonly catalog: PlannerCatalog;
  /** The connection's schema (ACCOUNTING, ...). */
  readonly schema: string;
  readonly params: ResolvedParams;
  /** Most ids read one by one before a list read is cheaper. */
  readonly maxByIdReads?: number;
  /** The connection's IncludeArchived: ask endpoints that hide archived records for them too. */
  readonly includeArchived?: boolean;
}

/** One reference to a table in the query. */
interface TableRef {
  readonly def: TableDef;
  readonly names: readonly string[];
  readonly scope: SelectNode;
  /** Rows may be padded with nulls by an outer join: nothing from WHERE may be pushed. */
  readonly nullable: boolean;
}

const DEFAULT_MAX_BY_ID = 25;

/** Plans a SELECT. Throws `XSQL_UNKNOWN_TABLE` and `XSQL_PLAN` errors naming what is wrong. */
export function planQuery(select: SelectNode, sql: string, ctx: PlanContext): QueryPlan {
  const refs: TableRef[] = [];
  const system = new Set<string>();
  collectRefs(select, ctx, refs, system, new Set());
  const allColumns = allColumnRefs(select);

  const byTable = new Map<string, TableRef[]>();
  for (const ref of refs) {
    const key = ref.def.name.toLowerCase();
    byTable.set(key, [...(byTable.get(key) ?? []), ref]);
  }
  const tables: TablePlan[] = [];
  for (const group of byTable.values()) tables.push(planTable(group, select, allColumns, ctx));
  for (const name of system) {
    tables.push(
      Object.freeze({ schema: ctx.schema, table: name, source: 'system' as const, requests: [], pushed: [], local: [], columns: [] }),
    );
  }
  const rowWise = isRowWise(select, sql, refs, tables);
  return Object.freeze({ tables: Object.freeze(tables), sql: rewriteTop(select, sql), resultTypes: resultTypes(select, refs), ...(rowWise ? { rowWise, rowWiseWhere: select.where !== undefined } : {}) });
}

/**
 * Whether each result row depends on one row of one table read by one request (`QueryPlan.rowWise`).
 * Conservative: any second SELECT in the text (a subquery, even one inside a string) says no.
 */
function isRowWise(select: SelectNode, sql: string, refs: readonly TableRef[], tables: readonly TablePlan[]): boolean {
  const only = tables[0];
  return (
    tables.length === 1 &&
    refs.length === 1 &&
    only !== undefined &&
    only.source === 'catalog' &&
    only.fanOut === undefined &&
    only.earlyStop === undefined &&
    only.requests.length === 1 &&
    select.from.length === 1 &&
    select.from[0]?.kind === 'table' &&
    select.ctes.length === 0 &&
    select.next === undefined &&
    !select.grouped &&
    !select.aggregates &&
    !select.distinct &&
    !select.window &&
    select.orderBy.length === 0 &&
    select.limit === undefined &&
    select.top === undefined &&
    (sql.match(/\bselect\b/gi) ?? []).length === 1
  );
}

/** Types of aggregate result columns, from the column they aggregate. */
function resultTypes(select: SelectNode, refs: readonly TableRef[]): (SqlType | undefined)[] {
  if (select.columns.some((c) => c.star) || select.next) return [];
  return select.columns.map((c) => {
    const call = c.expr.kind === 'opaque' ? c.expr.call : undefined;
    if (!call) return undefined;
    if (call.name === 'COUNT') return 'integer';
    const arg = call.column;
    if (!arg) return undefined;
    const owner = refs.find((r) => r.scope === select && (arg.table === undefined || r.names.includes(arg.table.toLowerCase())));
    const type = owner?.def.columns.find((d) => d.name.toLowerCase() === arg.name.toLowerCase())?.type;
    if (type === undefined) return undefined;
    if (call.name === 'AVG') return type === 'decimal' || type === 'integer' ? 'decimal' : 'real';
    return ['SUM', 'TOTAL'].includes(call.name) && type === 'integer' ? 'integer' : type;
  });
}

// ---------------------------------------------------------------------------------------------
// Finding table references

function collectRefs(s: SelectNode, ctx: PlanContext, out: TableRef[], system: Set<string>, ctes: ReadonlySet<string>): void {
  const visible = new Set([...ctes, ...s.ctes.map((c) => c.name.toLowerCase())]);
  for (const cte of s.ctes) collectRefs(cte.select, ctx, out, system, visible);
  s.from.forEach((item, i) => {
    const nullable = isNullSupplying(s.from, i);
    if (item.kind === 'subquery') {
      collectRefs(item.select, ctx, out, system, visible);
      return;
    }
    if (!item.schema && visible.has(item.name.toLowerCase())) return;
    if (ctx.catalog.systemTables.some((t) => t.toLowerCase() === item.name.toLowerCase())) {
      system.add(ctx.catalog.systemTables.find((t) => t.toLowerCase() === item.name.toLowerCase()) as string);
      return;
    }
    const schema = item.schema ?? ctx.schema;
    if (item.schema && item.schema.toLowerCase() !== ctx.schema.toLowerCase()) {
      throw new XeroSqlError(
        ErrorCode.UnknownTable,
        `${item.schema}.${item.name}: this connection reads the ${ctx.schema} schema. Connect with Schema=${item.schema.toUpperCase()} to query it.`,
      );
    }
    const def = ctx.catalog.find(schema, item.name);
    if (!def) {
      const near = ctx.catalog.suggest(schema, item.name);
      throw new XeroSqlError(
        ErrorCode.UnknownTable,
        `Unknown table ${item.name} in the ${ctx.schema} schema.${near.length > 0 ? ` Did you mean ${near.slice(0, 3).join(', ')}?` : ''} List tables with SELECT * FROM sys_tables.`,
      );
    }
    out.push({ def, names: [item.alias ?? item.name, item.name].map((n) => n.toLowerCase()), scope: s, nullable });
  });
  const nested = [
    ...s.columns.flatMap((c) => subqueriesOf(c.expr)),
    ...subqueriesOf(s.where),
    ...s.from.flatMap((f) => subqueriesOf(f.on)),
    ...s.orderBy.flatMap((o) => subqueriesOf(o.expr)),
  ];
  for (const sub of nested) collectRefs(sub, ctx, out, system, visible);
  if (s.next) collectRefs(s.next, ctx, out, system, visible);
}

function isNullSupplying(from: readonly FromItem[], i: number): boolean {
  const item = from[i] as FromItem;
  if (item.join === 'left' || item.join === 'full') return true;
  // Everything before a RIGHT or FULL join can be padded with nulls.
  return from.slice(i + 1).some((f) => f.join === 'right' || f.join === 'full');
}

/** Every column reference anywhere in the statement, with `*` marking star selections. */
interface ColumnUse {
  readonly table?: string;
  readonly name: string;
}

function allColumnRefs(s: SelectNode): ColumnUse[] {
  const out: ColumnUse[] = [];
  const visit = (n: SelectNode) => {
    for (const c of n.columns) {
      if (c.star) out.push({ name: '*', ...(c.star.table ? { table: c.star.table } : {}) });
      else out.push(...columnsOf(c.expr));
    }
    out.push(...columnsOf(n.where));
    for (const f of n.from) out.push(...columnsOf(f.on));
    for (const o of n.orderBy) out.push(...columnsOf(o.expr));
    const nested = [
      ...n.ctes.map((c) => c.select),
      ...n.from.flatMap((f) => (f.kind === 'subquery' ? [f.select] : [])),
      ...n.columns.flatMap((c) => subqueriesOf(c.expr)),
      ...subqueriesOf(n.where),
      ...n.from.flatMap((f) => subqueriesOf(f.on)),
    ];
    nested.forEach(visit);
    if (n.next) visit(n.next);
  };
  visit(s);
  // GROUP BY / HAVING columns are inside the opaque SQL; a star-free query still needs them, so
  // unqualified names found anywhere count for every table that has them (see planTable).
  return out;
}

// ---------------------------------------------------------------------------------------------
// Planning one table

function planTable(group: TableRef[], top: SelectNode, uses: readonly ColumnUse[], ctx: PlanContext): TablePlan {
  const def = (group[0] as TableRef).def;
  const columns = neededColumns(def, group, uses);
  if (def.rows.kind === 'tenants') {
    return Object.freeze({
      schema: def.schema,
      table: def.name,
      source: 'tenants' as const,
      requests: [],
      pushed: [],
      local: [],
      columns,
      minimumCalls: 1,
    });
  }
  // A table read from several places (self-join, subquery) is fetched once for all of them: the
  // union of what each place needs. Duplicates are removed by key after fetching.
  const plans = group.map((ref) => planRef(ref, top, ctx, group.length === 1));
  const requests = dedupeRequests(plans.flatMap((p) => p.requests));
  const pushed = plans.flatMap((p) => p.pushed);
  const local = plans.flatMap((p) => p.local);
  const single = plans.length === 1 ? plans[0] : undefined;
  const minimumCalls = plans.every((p) => p.minimumCalls !== undefined) ? plans.reduce((n, p) => n + (p.minimumCalls ?? 0), 0) : undefined;
  // Several references that fan out read the parent once; their request templates are merged.
  const fanOut = plans.find((p) => p.fanOut)?.fanOut;
  if (fanOut && plans.some((p) => p.fanOut?.column !== fanOut.column)) {
    throw new XeroSqlError(ErrorCode.Plan, `${def.name} is read in several places and not all of them give ${fanOut.column} in WHERE: give it in each, or read the table once (e.g. in a WITH clause).`);
  }
  return Object.freeze({
    schema: def.schema,
    table: def.name,
    source: 'catalog' as const,
    requests: Object.freeze(requests),
    pushed: Object.freeze(pushed),
    local: Object.freeze(local),
    columns,
    ...(single?.earlyStop ? { earlyStop: single.earlyStop } : {}),
    ...(minimumCalls !== undefined ? { minimumCalls } : {}),
    ...(fanOut ? { fanOut } : {}),
  });
}

/**
 * How a fanning-out table's parent is read: the whole parent table (no WHERE reaches it), only its
 * value and tenant columns, for each tenant the child is read for.
 */
function planParent(child: TableDef, col: ColumnDef, tenants: readonly (string | undefined)[], ctx: PlanContext): FanOutPlan {
  const from = col.filter?.valuesFrom as { table: string; column: string };
  const parentDef = ctx.catalog.find(child.schema, from.table);
  const tenantColumn = parentDef?.columns.find((c) => c.source.kind === 'tenant');
  if (!parentDef || !tenantColumn) throw new Error(`catalog: ${child.name}.${col.name} takes values from ${from.table}, which has no such table or tenant column`);
  const scope: SelectNode = { from: [], columns: [], orderBy: [], distinct: true, grouped: false, aggregates: false, window: false, ctes: [] };
  const planned = planRef({ def: parentDef, names: [parentDef.name.toLowerCase()], scope, nullable: false }, scope, ctx, false);
  const requests = dedupeRequests(planned.requests.flatMap((r) => tenants.map((tenantId) => request(r.kind, r.path, { ...r.query }, { ...r.headers }, r.paging, parentDef, tenantId, r.pseudo))));
  const parent: TablePlan = Object.freeze({
    schema: parentDef.schema,
    table: parentDef.name,
    source: 'catalog' as const,
    requests: Object.freeze(requests),
    pushed: Object.freeze([...planned.pushed]),
    local: Object.freeze([]),
    columns: Object.freeze([...new Set([from.column, tenantColumn.name, ...parentDef.columns.filter((c) => c.key).map((c) => c.name)])]),
    ...(planned.fanOut ? { fanOut: planned.fanOut } : {}),
    ...(planned.minimumCalls !== undefined && !planned.fanOut ? { minimumCalls: requests.length } : {}),
  });
  return Object.freeze({
    column: col.name,
    ...(col.source.kind === 'pseudo' ? { param: col.source.param } : {}),
    parent,
    parentColumn: from.column,
    parentTenantColumn: tenantColumn.name,
  });
}

function neededColumns(def: TableDef, group: readonly TableRef[], uses: readonly ColumnUse[]): readonly string[] {
  const names = new Set(group.flatMap((r) => r.names));
  const want = new Set<string>();
  for (const u of uses) {
    const mine = u.table === undefined || names.has(u.table.toLowerCase());
    if (!mine) continue;
    if (u.name === '*') return Object.freeze(def.columns.map((c) => c.name));
    const col = def.columns.find((c) => c.name.toLowerCase() === u.name.toLowerCase());
    if (col) want.add(col.name);
  }
  // Keys always come along: duplicates from several requests are removed by them.
  for (const c of def.columns) if (c.key) want.add(c.name);
  return Object.freeze(def.columns.filter((c) => want.has(c.name)).map((c) => c.name));
}

interface RefPlan {
  readonly requests: RequestPlan[];
  readonly pushed: string[];
  readonly local: string[];
  readonly earlyStop?: { rows: number };
  readonly minimumCalls?: number;
  readonly fanOut?: FanOutPlan;
}

/** A conjunct of WHERE reduced to a comparison on one column of this table. */
interface Comparison {
  readonly column: ColumnDef;
  readonly op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'like' | 'is null' | 'is not null';
  readonly values: readonly Value[];
  readonly text: string;
}

function planRef(ref: TableRef, top: SelectNode, ctx: PlanContext, alone: boolean): RefPlan {
  const def = ref.def;
  const pushed: string[] = [];
  const local: string[] = [];
  const conjuncts = ref.nullable ? [] : splitAnd(ref.scope.where);
  if (ref.nullable && ref.scope.where) local.push(`(outer join: WHERE applied locally) ${render(ref.scope.where)}`);

  // Each conjunct is a comparison, an OR of comparisons on this table, or local.
  const comparisons: Comparison[] = [];
  const orGroups: Comparison[][] = [];
  for (const c of conjuncts) {
    const one = toComparison(c, ref, ctx);
    if (one) {
      comparisons.push(one);
      continue;
    }
    const ors = splitOr(c);
    if (ors.length > 1) {
      const parts = ors.map((o) => toComparison(o, ref, ctx));
      if (parts.every((p): p is Comparison => p !== undefined)) {
        orGroups.push(parts);
        continue;
      }
    }
    if (mentionsRef(c, ref, def)) local.push(render(c));
  }

  const used = new Set<Comparison>();
  const take = (c: Comparison, how: string) => {
    used.add(c);
    pushed.push(`${c.text} → ${how}`);
  };

  // Tenants: TenantId = / IN reads other organisations with the same token.
  let tenants: (string | undefined)[] = [undefined];
  for (const c of comparisons) {
    if (c.column.source.kind === 'tenant' && (c.op === '=' || c.op === 'in') && c.values.every((v) => typeof v === 'string')) {
      tenants = [...new Set(c.values as string[])];
      take(c, `xero-tenant-id ${tenants.join(', ')}`);
    }
  }

  // Path parameters (child resources) and pseudo-columns (report inputs). Several values of
  // either mean one request per value (per combination).
  const pathValues = new Map<string, string[]>();
  const pseudoValues = new Map<ColumnDef, Value[]>();
  const query: Record<string, string> = { ...def.request.params };
  let fanOut: FanOutPlan | undefined;
  for (const col of def.columns) {
    const required = col.filter?.pathParam === true || (col.source.kind === 'pseudo' && col.source.required);
    const c = comparisons.find((x) => x.column === col && (x.op === '=' || x.op === 'in') && x.values.every((v) => v !== null));
    if (required && !c && col.filter?.valuesFrom && !fanOut) {
      // Read the parents first, then one request per parent (what the commercial driver does).
      fanOut = planParent(def, col, tenants, ctx);
      pushed.push(`${col.name} not in WHERE → one request per ${fanOut.parentColumn} of ${fanOut.parent.table}`);
      continue;
    }
    if (required && !c) {
      throw new XeroSqlError(
        ErrorCode.Plan,
        `${def.name} needs ${col.name} in WHERE (e.g. WHERE ${col.name} = '...' or ${col.name} IN (...)): Xero reads it per ${col.name}, and reading every one would cost one API call each.`,
      );
    }
    if (!c) continue;
    if (col.filter?.pathParam) {
      pathValues.set(col.name, [...new Set(c.values.map(String))]);
      take(c, `path ${col.name}`);
    } else if (col.source.kind === 'pseudo') {
      pseudoValues.set(col, [...new Set(c.values)]);
      take(c, `${col.source.param}=${c.values.map((v) => paramText(col, v)).join(' | ')}`);
    }
  }
  for (const c of comparisons) {
    if (c.column.source.kind === 'pseudo' && !used.has(c)) {
      throw new XeroSqlError(ErrorCode.Plan, `${c.column.name} is an input of ${def.name}: give it with = or IN (e.g. WHERE ${c.column.name} = '...'), not ${c.op.toUpperCase()}.`);
    }
  }
  /** Every combination of pseudo-column values: the query parameters and the values rows echo. */
  let variants: { query: Record<string, string>; pseudo: Record<string, Value> }[] = [{ query: {}, pseudo: {} }];
  for (const [col, values] of pseudoValues) {
    const param = (col.source as { param: string }).param;
    variants = variants.flatMap((v) => values.map((value) => ({ query: { ...v.query, [param]: paramText(col, value) }, pseudo: { ...v.pseudo, [col.name]: value } })));
  }

  // By id: one record per value, when that is cheaper than a list read.
  const byIdColumn = def.columns.find((c) => c.filter?.byId);
  const idCmp = byIdColumn && comparisons.find((c) => c.column === byIdColumn && (c.op === '=' || c.op === 'in') && c.values.every((v) => typeof v === 'string' && v !== ''));
  const listParamForIds = idCmp?.column.filter?.param?.operators.includes('in');
  const maxById = ctx.maxByIdReads ?? DEFAULT_MAX_BY_ID;
  if (idCmp && def.request.byIdPath && (idCmp.values.length === 1 || (!listParamForIds && idCmp.values.length <= maxById))) {
    const ids = [...new Set(idCmp.values as string[])].filter(segmentValue);
    take(idCmp, `GET by id (${ids.length})`);
    // Fixed parameters (e.g. unitdp=4, keeping unit amounts' four places) apply to by-id reads too.
    const requests = tenants.flatMap((tenantId) =>
      expandPaths(def.request.base + (def.request.byIdPath as string), pathValues).flatMap(([path, given]) =>
        ids.flatMap((id) =>
          variants.map((v) =>
            request('byId', path.replace('{id}', pathSegment(id)), { ...def.request.params, ...v.query }, {}, { style: 'none' }, def, tenantId, { ...v.pseudo, ...given }),
          ),
        ),
      ),
    );
    for (const c of comparisons) if (!used.has(c)) local.push(c.text);
    for (const g of orGroups) local.push(g.map((c) => c.text).join(' OR '));
    return { requests, pushed, local, ...(fanOut ? { fanOut } : { minimumCalls: requests.length }) };
  }

  // A list read with everything Xero can filter on.
  const headers: Record<string, string> = {};
  /** Parameters that take one value per request (and required ones with default values). */
  const eachParams = new Map<string, string[]>();
  const whereParts: string[] = [];
  const optimisedOnly = def.columns.some((c) => c.filter?.optimised);
  for (const c of comparisons) {
    if (used.has(c)) continue;
    const f = c.column.filter;
    if (!f) continue;
    // Explicit parameters first: Xero recommends them over `where` (IDs, Statuses, ContactIDs ...).
    if (f.param && (c.op === '=' || (c.op === 'in' && f.param.operators.includes('in'))) && c.values.every((v) => v !== null && safeParam(v))) {
      const values = c.values.map((v) => transformParam(String(v), f.param?.transform));
      if (f.param.each) {
        if (!eachParams.has(f.param.name)) {
          eachParams.set(f.param.name, [...new Set(values)]);
          take(c, `${f.param.name}=${values.join(' | ')} (one request each)`);
          continue;
        }
      } else if (query[f.param.name] === undefined) {
        query[f.param.name] = values.join(',');
        take(c, `${f.param.name}=${query[f.param.name]}`);
        continue;
      }
    }
    if (f.range && ['>', '>=', '<', '<=', '='].includes(c.op)) {
      const day = typeof c.values[0] === 'string' ? /^(\d{4}-\d{2}-\d{2})/.exec(c.values[0] as string)?.[1] : undefined;
      if (day) {
        // The range parameters are inclusive days; a strict bound still selects a superset.
        if (c.op !== '<' && c.op !== '<=') query[f.range.from] = maxDay(query[f.range.from], day);
        if (c.op !== '>' && c.op !== '>=') query[f.range.to] = minDay(query[f.range.to], day);
        take(c, c.op === '=' ? `${f.range.from}=${f.range.to}=${day}` : `${c.op.startsWith('>') ? f.range.from : f.range.to}=${day}`);
        continue;
      }
    }
    if (f.modifiedSince && (c.op === '>' || c.op === '>=') && typeof c.values[0] === 'string') {
      const ms = Date.parse(isoUtc(c.values[0]));
      if (Number.isFinite(ms)) {
        // Xero compares to the second: floor, so the header selects a superset.
        const since = new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
        const previous = headers['If-Modified-Since'];
        if (!previous || previous < since) headers['If-Modified-Since'] = since;
        take(c, `If-Modified-Since: ${since}`);
        continue;
      }
    }
    if (f.where && (!optimisedOnly || f.optimised)) {
      const expr = whereFor(c);
      if (expr) {
        whereParts.push(expr);
        take(c, `where ${expr}`);
      }
    }
  }
  for (const g of orGroups) {
    const exprs = g.map((c) => (c.column.filter?.where && (!optimisedOnly || c.column.filter.optimised) ? whereFor(c) : undefined));
    if (def.request.where && exprs.every((e): e is string => e !== undefined)) {
      const expr = whereOr(exprs);
      whereParts.push(expr);
      for (const c of g) used.add(c);
      pushed.push(`${g.map((c) => c.text).join(' OR ')} → where ${expr}`);
    } else {
      local.push(g.map((c) => c.text).join(' OR '));
    }
  }
  for (const c of comparisons) if (!used.has(c)) local.push(c.text);
  if (whereParts.length > 0) query.where = whereAnd(whereParts);
  for (const col of def.columns) {
    const p = col.filter?.param;
    if (p?.defaults && !eachParams.has(p.name) && query[p.name] === undefined) {
      eachParams.set(p.name, p.defaults);
      pushed.push(`${p.name} required: one request for each of ${p.defaults.join(', ')}`);
    }
  }
  for (const [name, values] of eachParams) {
    variants = variants.flatMap((v) => values.map((value) => ({ query: { ...v.query, [name]: value }, pseudo: v.pseudo })));
  }
  if (ctx.includeArchived && def.request.archivedParam) query[def.request.archivedParam] = 'true';

  // Paging: the whole collection unless LIMIT lets us stop early in the order the query needs.
  const paging = choosePaging(def);
  let earlyStop: { rows: number } | undefined;
  if (alone && ref.scope === top && paging.style !== 'none') {
    const limit = top.top ?? (top.limit ? constantValue(top.limit.count, ctx.params) : undefined);
    const offset = top.limit?.offset ? constantValue(top.limit.offset, ctx.params) : 0;
    const plain = top.from.length === 1 && !top.grouped && !top.aggregates && !top.distinct && !top.window && !top.next;
    if (plain && typeof limit === 'number' && typeof offset === 'number' && limit >= 0) {
      const order = orderFor(top, ref, def);
      if (order !== undefined) {
        if (order !== '') {
          query.order = order;
          pushed.push(`ORDER BY → order ${order}`);
        }
        // The check runs the whole query (OFFSET included) on the rows loaded so far.
        earlyStop = { rows: limit };
      }
    }
  }
  if (paging.style === 'page' && paging.sizeParam && paging.maxSize) query[paging.sizeParam] = String(paging.maxSize);

  const requests = tenants.flatMap((tenantId) =>
    expandPaths(def.request.base + def.request.path, pathValues).flatMap(([path, given]) =>
      variants.map((v) => request('list', path, { ...query, ...v.query }, headers, paging, def, tenantId, { ...v.pseudo, ...given })),
    ),
  );
  return {
    requests,
    pushed,
    local,
    ...(earlyStop && !fanOut ? { earlyStop } : {}),
    ...(fanOut ? { fanOut } : paging.style === 'none' ? { minimumCalls: requests.length } : {}),
  };
}

/**
 * Tables whose unpaged list already has full records are read in one call where the endpoint
 * returns every record without `page` (Accounting); the others page (so that lines come back,
 * or because the endpoint always pages).
 */
function choosePaging(def: TableDef): PagingDef {
  const p = def.request.paging;
  if (p.style === 'page' && p.optional && !def.request.detailNeedsPaging) return { style: 'none' };
  return p;
}

/** The envelope of a request's responses: by-id responses may put the record elsewhere. */
function envelopeFor(kind: RequestPlan['kind'], def: TableDef): { envelope?: string } {
  const envelope = kind === 'byId' && def.request.byIdEnvelope !== undefined ? def.request.byIdEnvelope : def.request.envelope;
  return envelope ? { envelope } : {};
}

function request(
  kind: RequestPlan['kind'],
  path: string,
  query: Record<string, string>,
  headers: Record<string, string>,
  paging: PagingDef,
  def: TableDef,
  tenantId: string | undefined,
  pseudo: Record<string, Value>,
): RequestPlan {
  return Object.freeze({
    kind,
    path,
    query: Object.freeze({ ...query }),
    headers: Object.freeze({ ...headers }),
    paging,
    ...envelopeFor(kind, def),
    ...(tenantId ? { tenantId } : {}),
    pseudo: Object.freeze({ ...pseudo }),
  });
}

/** A value as one path segment (percent-encoded). */
function pathSegment(value: string): string {
  return encodeURIComponent(value);
}

/**
 * `.` and `..` cannot be sent as a path segment (URL parsers resolve them, even percent-encoded:
 * `InvoiceId = '..'` would become `GET /api.xro/2.0/`), and no Xero record has such an id: such a
 * value is read by no request, so it matches no row.
 */
function segmentValue(value: string): boolean {
  return value !== '.' && value !== '..';
}

/** Every path the placeholders' values make, each with the values it was made with (rows echo them). */
function expandPaths(template: string, values: ReadonlyMap<string, string[]>): [string, Record<string, Value>][] {
  let paths: [string, Record<string, Value>][] = [[template, {}]];
  for (const [name, vals] of values) {
    paths = paths.flatMap(([p, given]) => vals.filter(segmentValue).map((v): [string, Record<string, Value>] => [p.replace(`{${name}}`, pathSegment(v)), { ...given, [name]: v }]));
  }
  return paths;
}

function dedupeRequests(requests: RequestPlan[]): RequestPlan[] {
  const seen = new Set<string>();
  return requests.filter((r) => {
    const key = JSON.stringify([r.kind, r.path, r.query, r.headers, r.tenantId]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `order=` text when the query's ORDER BY can be done by Xero ('' when there is none). */
function orderFor(top: SelectNode, ref: TableRef, def: TableDef): string | undefined {
  if (top.orderBy.length === 0) return '';
  if (!def.request.order) return undefined;
  const parts: string[] = [];
  for (const o of top.orderBy) {
    if (o.expr.kind !== 'column') return undefined;
    const col = columnOf(o.expr, ref, def);
    // Xero orders text its own way (case-insensitively at best), not SQLite's: only numbers,
    // dates and ids are ordered by Xero.
    if (!col?.order || (col.type === 'text' && col.filter?.where?.kind !== 'guid')) return undefined;
    parts.push(`${col.order} ${o.desc ? 'DESC' : 'ASC'}`);
  }
  return parts.join(',');
}

// ---------------------------------------------------------------------------------------------
// Comparisons

function splitAnd(e: Expr | undefined): Expr[] {
  if (!e) return [];
  if (e.kind === 'binary' && e.op === 'AND') return [...splitAnd(e.left), ...splitAnd(e.right)];
  return [e];
}

function splitOr(e: Expr): Expr[] {
  if (e.kind === 'binary' && e.op === 'OR') return [...splitOr(e.left), ...splitOr(e.right)];
  return [e];
}

const FLIP: Record<string, Comparison['op']> = { '=': '=', '!=': '!=', '<>': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function toComparison(e: Expr, ref: TableRef, ctx: PlanContext): Comparison | undefined {
  if (e.kind !== 'binary') return undefined;
  const def = ref.def;
  const text = render(e);
  const op = e.op;
  if (op === 'IN' || op === 'NOT IN') {
    if (op === 'NOT IN' || e.left.kind !== 'column' || e.right.kind !== 'list') return undefined;
    const column = columnOf(e.left, ref, def);
    const values = e.right.items.map((i) => constantValue(i, ctx.params));
    if (!column || values.some((v) => v === undefined || v === null)) return undefined;
    return { column, op: values.length === 1 ? '=' : 'in', values: values as Value[], text };
  }
  if (op === 'IS' || op === 'IS NOT') {
    if (e.left.kind !== 'column' || e.right.kind !== 'value' || e.right.value !== null) return undefined;
    const column = columnOf(e.left, ref, def);
    return column ? { column, op: op === 'IS' ? 'is null' : 'is not null', values: [], text } : undefined;
  }
  if (op === 'LIKE') {
    if (e.left.kind !== 'column') return undefined;
    const column = columnOf(e.left, ref, def);
    const v = constantValue(e.right, ctx.params);
    return column && typeof v === 'string' ? { column, op: 'like', values: [v], text } : undefined;
  }
  const mapped = FLIP[op] ? op : undefined;
  if (!mapped) return undefined;
  let colSide: Expr = e.left;
  let valSide: Expr = e.right;
  let cmp = (op === '<>' ? '!=' : op) as Comparison['op'];
  if (e.left.kind !== 'column' && e.right.kind === 'column') {
    colSide = e.right;
    valSide = e.left;
    cmp = FLIP[op] as Comparison['op'];
  }
  if (colSide.kind !== 'column') return undefined;
  const column = columnOf(colSide, ref, def);
  const value = constantValue(valSide, ctx.params);
  if (!column || value === undefined || value === null) return undefined;
  return { column, op: cmp, values: [value], text };
}

/** The column a reference means in this table, when it belongs to it. */
function columnOf(c: Extract<Expr, { kind: 'column' }>, ref: TableRef, def: TableDef): ColumnDef | undefined {
  if (c.table !== undefined && !ref.names.includes(c.table.toLowerCase())) return undefined;
  const col = def.columns.find((x) => x.name.toLowerCase() === c.name.toLowerCase());
  if (!col) return undefined;
  if (c.table === undefined) {
    // An unqualified name belongs to this table only if no other table in the scope has it.
    const others = ref.scope.from.filter((f) => f.kind !== 'table' || !ref.names.includes((f.alias ?? f.name).toLowerCase()));
    if (others.length > 0) return undefined;
  }
  return col;
}

function mentionsRef(e: Expr, ref: TableRef, def: TableDef): boolean {
  return columnsOf(e).some((c) => columnOf({ kind: 'column', name: c.name, ...(c.table ? { table: c.table } : {}) }, ref, def) !== undefined);
}

function whereFor(c: Comparison): string | undefined {
  const w = c.column.filter?.where;
  if (!w) return undefined;
  const op = c.op === 'in' ? undefined : c.op;
  if (c.op === 'in') {
    if (!w.operators.includes('=')) return undefined;
    const parts = c.values.map((v) => whereTerm({ field: w.field, kind: w.kind, op: '=', value: v }));
    return parts.every((p): p is string => p !== undefined) ? whereOr(parts) : undefined;
  }
  if (!op || !w.operators.includes(op)) return undefined;
  return whereTerm({ field: w.field, kind: w.kind, op, value: c.values[0] ?? null });
}

/** A value that can go into a comma-separated query parameter as itself. */
function safeParam(v: Value): boolean {
  return typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v !== '' && !v.includes(','));
}

function transformParam(value: string, transform: 'none' | 'upper' | 'lower' | undefined): string {
  return transform === 'upper' ? value.toUpperCase() : transform === 'lower' ? value.toLowerCase() : value;
}

function paramText(col: ColumnDef, v: Value): string {
  if (typeof v === 'string' && (col.type === 'date' || col.type === 'datetime')) return v.slice(0, 10);
  return String(v);
}

function isoUtc(text: string): string {
  const t = text.trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(t) ? t : `${t.replace(' ', 'T')}Z`;
}

function maxDay(a: string | undefined, b: string): string {
  return a === undefined || b > a ? b : a;
}

function minDay(a: string | undefined, b: string): string {
  return a === undefined || b < a ? b : a;
}

/** Readable SQL-ish text of an expression, for EXPLAIN. */
export function render(e: Expr): string {
  switch (e.kind) {
    case 'column':
      return e.table ? `${e.table}.${e.name}` : e.name;
    case 'value':
      return e.value === null ? 'NULL' : typeof e.value === 'string' ? `'${e.value.replace(/'/g, "''")}'` : String(e.value);
    case 'param':
      return e.name.startsWith('__p') ? '?' : `@${e.name}`;
    case 'list':
      return `(${e.items.map(render).join(', ')})`;
    case 'binary':
      return `${render(e.left)} ${e.op} ${render(e.right)}`;
    case 'not':
      return `NOT ${render(e.expr)}`;
    case 'subquery':
      return '(subquery)';
    case 'opaque':
      return '(expression)';
  }
}

/** The SQL SQLite runs: the user's text, with a top-level `TOP n` turned into `LIMIT n`. */
function rewriteTop(select: SelectNode, sql: string): string {
  if (select.top === undefined) return sql;
  const m = /^(\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*SELECT\s+(?:(?:ALL|DISTINCT)\s+)?)TOP\s*\(?\s*(\d+)\s*\)?\s*/i.exec(sql);
  if (!m) {
    throw new XeroSqlError(ErrorCode.Unsupported, 'TOP is supported at the start of the outermost SELECT only; use LIMIT elsewhere.');
  }
  if (select.limit) throw new XeroSqlError(ErrorCode.SqlSyntax, 'Use TOP or LIMIT, not both.');
  const rest = sql.slice(m[0].length).replace(/;\s*$/, '');
  return `${m[1]}${rest} LIMIT ${m[2]}`;
}
