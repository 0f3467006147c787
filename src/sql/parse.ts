/**
 * SQL text → our nodes. node-sql-parser (T-SQL dialect, which accepts the commercial driver's
 * brackets and TOP) does the parsing; `?` placeholders are numbered first because that grammar
 * rejects them (sql-engine-notes.md). Syntax errors become `XSQL_SQL_SYNTAX` with the line and
 * column in the user's own text.
 */
import { createRequire } from 'node:module';
import type NodeSqlParser from 'node-sql-parser';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { lex, numberPlaceholders, originalOffset } from './lexer.js';
import type { ColumnRef, Expr, FromItem, JoinKind, SelectColumn, SelectNode, Value } from './nodes.js';

// Loaded on the first statement, not at import: it takes a third of a second, which every CLI
// command (`--help`, `tables`, `exec`) would otherwise pay.
const require = createRequire(import.meta.url);
let parser: NodeSqlParser.Parser | undefined;
function sqlParser(): NodeSqlParser.Parser {
  parser ??= new (require('node-sql-parser') as typeof NodeSqlParser).Parser();
  return parser;
}

/** What a statement is, before parsing it. */
export type StatementKind = 'select' | 'explain' | 'exec' | 'write' | 'other';

/** Classifies a statement by its first word (after comments). */
export function statementKind(sql: string): StatementKind {
  const first = lex(sql).find((t) => t.kind !== 'space' && t.kind !== 'comment');
  const word = first?.kind === 'word' ? first.text.toUpperCase() : first?.text === '(' ? 'SELECT' : '';
  if (word === 'SELECT' || word === 'WITH') return 'select';
  if (word === 'EXPLAIN') return 'explain';
  if (word === 'EXEC' || word === 'EXECUTE') return 'exec';
  if (['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'UPSERT', 'REPLACE', 'CREATE', 'DROP', 'ALTER', 'TRUNCATE'].includes(word)) return 'write';
  return 'other';
}

/** Removes a leading EXPLAIN keyword. */
export function stripExplain(sql: string): string {
  const tokens = lex(sql);
  const i = tokens.findIndex((t) => t.kind === 'word');
  const t = tokens[i];
  return t && t.text.toUpperCase() === 'EXPLAIN' ? sql.slice(0, t.start) + sql.slice(t.start + t.text.length) : sql;
}

/** Parses one SELECT (possibly with UNION, WITH, subqueries) into our nodes. */
export function parseSelect(sql: string): SelectNode {
  const numbered = numberPlaceholders(sql);
  let ast: unknown;
  try {
    ast = sqlParser().astify(numbered.text, { database: 'transactsql' });
  } catch (err) {
    throw syntaxError(sql, err, numbered.shifts);
  }
  const statements = Array.isArray(ast) ? ast : [ast];
  if (statements.length !== 1) {
    throw new XeroSqlError(ErrorCode.SqlSyntax, 'Run one statement at a time (found several separated by ";").');
  }
  const stmt = statements[0] as Record<string, unknown>;
  if (stmt.type !== 'select') {
    throw new XeroSqlError(ErrorCode.Unsupported, `Only SELECT queries are supported here, not ${String(stmt.type).toUpperCase()}.`);
  }
  return toSelect(stmt);
}

function syntaxError(sql: string, err: unknown, shifts: { at: number; delta: number }[]): XeroSqlError {
  const loc = (err as { location?: { start?: { offset?: number } } }).location?.start;
  if (loc?.offset === undefined) {
    return new XeroSqlError(ErrorCode.SqlSyntax, `SQL syntax error: ${(err as Error).message}`, { cause: err });
  }
  const offset = Math.min(sql.length, originalOffset(loc.offset, shifts));
  const before = sql.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const near = sql.slice(offset).trimStart().slice(0, 20);
  const where = near === '' ? 'at the end of the statement' : `near "${near.split(/\s/)[0]}"`;
  const error = new XeroSqlError(ErrorCode.SqlSyntax, `SQL syntax error at line ${line}, column ${column}, ${where}.`, { cause: err });
  return Object.assign(error, { line, column, offset });
}

type Node = Record<string, unknown>;

function toSelect(n: Node): SelectNode {
  const ctes = ((n.with as Node[] | null) ?? []).map((c) => ({
    name: String(((c.name as Node | undefined)?.value ?? c.name) as string),
    select: toSelect(((c.stmt as Node).ast ?? c.stmt) as Node),
  }));
  const from = ((n.from as Node[] | null) ?? []).map(toFrom);
  const columns: SelectColumn[] = ((n.columns as Node[] | string | null) === '*' ? [{ expr: { type: 'column_ref', column: '*' } }] : ((n.columns as Node[] | null) ?? [])).map(
    (c: Node) => {
      const e = c.expr as Node;
      if (e.type === 'column_ref' && (e.column === '*' || (e.column as Node)?.expr === '*')) {
        return { expr: { kind: 'value', value: null }, star: e.table ? { table: String(e.table) } : {} };
      }
      return { expr: toExpr(e), ...(typeof c.as === 'string' ? { alias: c.as } : {}) };
    },
  );
  const exprs = [...columns.map((c) => c.expr)];
  const having = n.having ? toExpr(n.having as Node) : undefined;
  const orderBy = ((n.orderby as Node[] | null) ?? []).map((o) => ({ expr: toExpr(o.expr as Node), desc: String(o.type ?? '').toUpperCase() === 'DESC' }));
  const limit = toLimit(n.limit as Node | null);
  const top = (n.top as Node | null)?.value;
  const where = n.where ? toExpr(n.where as Node) : undefined;
  const next = n._next ? toSelect(n._next as Node) : undefined;
  return {
    from,
    columns,
    ...(where ? { where } : {}),
    orderBy,
    ...(limit ? { limit } : {}),
    ...(typeof top === 'number' ? { top } : {}),
    distinct: Boolean((n.distinct as Node | null)?.type ?? n.distinct),
    grouped: Boolean((n.groupby as Node | null)?.columns ?? (Array.isArray(n.groupby) && n.groupby.length > 0)) || having !== undefined,
    aggregates: [...exprs, ...(having ? [having] : [])].some(hasAggregate),
    window: [...exprs, ...orderBy.map((o) => o.expr)].some(hasWindow),
    ctes,
    ...(next ? { next } : {}),
  };
}

function toLimit(l: Node | null): SelectNode['limit'] {
  const values = (l?.value as Node[] | undefined) ?? [];
  if (values.length === 0) return undefined;
  const [a, b] = values.map((v) => toExpr(v));
  if (values.length === 1 || !b) return { count: a as Expr };
  // `LIMIT offset, count` (MySQL form) vs `LIMIT count OFFSET offset`.
  return l?.seperator === ',' ? { count: b, offset: a as Expr } : { count: a as Expr, offset: b };
}

function toFrom(f: Node): FromItem {
  const joinText = String(f.join ?? '').toUpperCase();
  const join: JoinKind | undefined = joinText.startsWith('LEFT')
    ? 'left'
    : joinText.startsWith('RIGHT')
      ? 'right'
      : joinText.startsWith('FULL')
        ? 'full'
        : joinText.startsWith('CROSS')
          ? 'cross'
          : joinText
            ? 'inner'
            : undefined;
  const on = f.on ? toExpr(f.on as Node) : undefined;
  const alias = typeof f.as === 'string' ? f.as : undefined;
  const extra = { ...(alias ? { alias } : {}), ...(join ? { join } : {}), ...(on ? { on } : {}) };
  if (f.expr && (f.expr as Node).ast) return { kind: 'subquery', select: toSelect((f.expr as Node).ast as Node), ...extra };
  return { kind: 'table', name: String(f.table), ...(f.db ? { schema: String(f.db) } : {}), ...extra };
}

function toExpr(n: Node): Expr {
  switch (n.type) {
    case 'column_ref': {
      const name = typeof n.column === 'string' ? n.column : String((n.column as Node)?.expr ? ((n.column as Node).expr as Node).value : n.column);
      if (name.startsWith('@')) return { kind: 'param', name: name.slice(1) };
      return { kind: 'column', name, ...(n.table ? { table: String(n.table) } : {}) };
    }
    case 'double_quote_string':
      // T-SQL reads "Name" as a string; SQLite (which runs the query) reads it as an identifier.
      return { kind: 'column', name: String(n.value) };
    case 'single_quote_string':
    case 'string':
    case 'natural_string':
      return { kind: 'value', value: String(n.value) };
    case 'number':
      return { kind: 'value', value: Number(n.value) };
    case 'bool':
      return { kind: 'value', value: Boolean(n.value) };
    case 'null':
      return { kind: 'value', value: null };
    case 'var':
      return { kind: 'param', name: String(n.name) };
    case 'expr_list': {
      const items = (n.value as Node[]) ?? [];
      if (items.length === 1 && (items[0] as Node).ast) return { kind: 'subquery', select: toSelect((items[0] as Node).ast as Node) };
      return { kind: 'list', items: items.map(toExpr) };
    }
    case 'binary_expr': {
      const op = String(n.operator).toUpperCase();
      return { kind: 'binary', op, left: toExpr(n.left as Node), right: toExpr(n.right as Node) };
    }
    case 'unary_expr':
      if (String(n.operator).toUpperCase() === 'NOT') return { kind: 'not', expr: toExpr(n.expr as Node) };
      if (n.operator === '-' && (n.expr as Node).type === 'number') return { kind: 'value', value: -Number((n.expr as Node).value) };
      return opaque(n);
    default:
      if (n.ast) return { kind: 'subquery', select: toSelect(n.ast as Node) };
      return opaque(n);
  }
}

function opaque(n: Node): Expr {
  const columns: ColumnRef[] = [];
  const subqueries: SelectNode[] = [];
  let aggregate = false;
  let window = false;
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as Node;
    if (o.ast && typeof o.ast === 'object') {
      subqueries.push(toSelect(o.ast as Node));
      return;
    }
    if (o.type === 'aggr_func') aggregate = true;
    if (o.over) window = true;
    if (o.type === 'column_ref') {
      const e = toExpr(o);
      if (e.kind === 'column') columns.push({ name: e.name, ...(e.table ? { table: e.table } : {}) });
      return;
    }
    if (o.type === 'double_quote_string') columns.push({ name: String(o.value) });
    for (const value of Object.values(o)) walk(value);
  };
  walk(n);
  const arg = (n.args as Node | undefined)?.expr as Node | undefined;
  const call =
    n.type === 'aggr_func'
      ? { name: String(n.name).toUpperCase(), ...(arg?.type === 'column_ref' && columns.length === 1 ? { column: columns[0] as ColumnRef } : {}) }
      : undefined;
  return { kind: 'opaque', columns, aggregate, window, subqueries, ...(call ? { call } : {}) };
}

function hasAggregate(e: Expr): boolean {
  if (e.kind === 'opaque') return e.aggregate && !e.window;
  if (e.kind === 'binary') return hasAggregate(e.left) || hasAggregate(e.right);
  if (e.kind === 'not') return hasAggregate(e.expr);
  return false;
}

function hasWindow(e: Expr): boolean {
  if (e.kind === 'opaque') return e.window;
  if (e.kind === 'binary') return hasWindow(e.left) || hasWindow(e.right);
  return false;
}

/** Every column an expression mentions (not inside subqueries). */
export function columnsOf(e: Expr | undefined): ColumnRef[] {
  if (!e) return [];
  switch (e.kind) {
    case 'column':
      return [{ name: e.name, ...(e.table ? { table: e.table } : {}) }];
    case 'binary':
      return [...columnsOf(e.left), ...columnsOf(e.right)];
    case 'not':
      return columnsOf(e.expr);
    case 'list':
      return e.items.flatMap(columnsOf);
    case 'opaque':
      return [...e.columns];
    default:
      return [];
  }
}

/** Every subquery an expression contains (one level down). */
export function subqueriesOf(e: Expr | undefined): SelectNode[] {
  if (!e) return [];
  switch (e.kind) {
    case 'subquery':
      return [e.select];
    case 'binary':
      return [...subqueriesOf(e.left), ...subqueriesOf(e.right)];
    case 'not':
      return subqueriesOf(e.expr);
    case 'list':
      return e.items.flatMap(subqueriesOf);
    case 'opaque':
      return [...e.subqueries];
    default:
      return [];
  }
}

/** The value of a constant expression given the statement's parameters, or undefined. */
export function constantValue(e: Expr, params: ResolvedParams): Value | undefined {
  if (e.kind === 'value') return e.value;
  if (e.kind === 'param') {
    const v = params.get(e.name.toLowerCase());
    if (v === undefined) return undefined;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'bigint') return Number(v);
    return undefined;
  }
  return undefined;
}

/** Parameters by lower-case name without sigil; `?` number n is `__pn`. */
export type ResolvedParams = ReadonlyMap<string, unknown>;

/** Normalises `params` (array for `?`, object for `@name`) into a map. */
export function resolveParams(params: readonly unknown[] | Readonly<Record<string, unknown>> | undefined): ResolvedParams {
  const out = new Map<string, unknown>();
  if (Array.isArray(params)) params.forEach((v, i) => out.set(`__p${i + 1}`, v));
  else if (params) for (const [k, v] of Object.entries(params)) out.set(k.replace(/^[@:$]/, '').toLowerCase(), v);
  return out;
}
