/**
 * Issue 9, "Bad input": SQL text through parse + plan, 10,000 fast-check cases per property
 * (fixed seeds, fuzz-helpers.ts). Planning makes no request; every plan must read only the tables
 * the SQL names, on their declared paths, whatever the values. (Split from fuzz.test.ts so the two
 * files run in parallel.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { loadCatalog } from '../../src/catalog/index.js';
import type { TableDef } from '../../src/catalog/table-def.js';
import { connect, type Connection } from '../../src/index.js';
import type { QueryPlan, TablePlan } from '../../src/sql/plan.js';
import { FUZZ_RUNS, anyParam, seedFor, textOf, typedOrNothing } from './fuzz-helpers.js';

const catalog = loadCatalog();
const ACCOUNTING = catalog.tables('ACCOUNTING');

/** Every request a plan would make, fan-out parents included. */
function planTables(plan: QueryPlan): TablePlan[] {
  const out: TablePlan[] = [];
  const add = (t: TablePlan) => {
    out.push(t);
    if (t.fanOut) add(t.fanOut.parent);
  };
  plan.tables.forEach(add);
  return out;
}

/** A plan asks only for the tables the SQL names (and their declared parents), on their own paths. */
function assertPlanStaysInside(plan: QueryPlan, sql: string): void {
  for (const t of planTables(plan)) {
    if (t.source !== 'catalog') continue;
    const def = catalog.find(t.schema as 'ACCOUNTING', t.table) as TableDef;
    assert.ok(def, `plan names an unknown table ${t.table}`);
    for (const r of t.requests) {
      if (r.kind === 'none' || r.kind === 'connections') continue;
      if (t.fanOut) {
        // A template filled per parent id later: it must be the declared path exactly.
        assert.equal(r.path, def.request.base + def.request.path);
        continue;
      }
      // The filled path is exactly what a URL parser keeps: no `..` climbing, no `?` or `#` smuggled in.
      assert.equal(new URL(`http://x${r.path}`).pathname, r.path, `path rewritten by URL parsing: ${r.path} (${sql})`);
      assert.ok(!/[?#]/.test(r.path), `query or fragment in the path: ${r.path}`);
      assert.ok(r.path.startsWith(def.request.base), `${r.path} outside ${def.request.base}`);
      const first = def.request.path.split('/')[1] as string;
      assert.ok(r.path.slice(def.request.base.length).split('/')[1]?.toLowerCase() === first.toLowerCase() || t.fanOut, `${r.path} is not under /${first}`);
      for (const v of Object.values(r.headers)) assert.ok(!/[\r\n]/.test(v), 'header value with a line break');
    }
  }
}

describe('fuzz: SQL text through parse and plan (no request is made)', () => {
  let conn: Connection;
  before(async () => {
    // Never signs in: plan() works without calling Xero (BaseURL points at a closed port anyway).
    conn = await connect('AuthScheme=OAuthClient;OAuthClientId=fuzz;OAuthClientSecret=fuzz-secret;BaseURL=http://127.0.0.1:9', { onNotice: () => {} });
  });
  after(() => conn.close());

  const tableNames = ACCOUNTING.map((t) => t.name);
  const sqlTokens = ['SELECT', ' ', '*', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', '(', ')', ',', "'", "''", '"', '[', ']', '=', '<', '>', '!=', 'LIKE', 'IN', 'IS', 'NULL', 'LIMIT', 'TOP', 'ORDER BY', 'GROUP BY', 'JOIN', 'ON', 'UNION', '?', '@p', '1', '-', '.', ';', '--', '/*', '*/', 'Id', 'Total', 'Status', 'InvoiceId', 'Name', 'EXPLAIN', 'WITH', 'x AS', ...tableNames.slice(0, 12)];

  it(`${FUZZ_RUNS} token soups: a plan or a typed error`, () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...sqlTokens), { maxLength: 30 }), fc.array(anyParam, { maxLength: 3 }), (tokens, params) => {
        const sql = tokens.join(' ');
        const plan = typedOrNothing(() => conn.plan(sql, params));
        if (!(plan instanceof Error)) assertPlanStaysInside(plan, sql);
      }),
      { numRuns: FUZZ_RUNS, seed: seedFor('sql-soup', 9101) },
    );
  });

  it(`${FUZZ_RUNS} arbitrary texts: a plan or a typed error`, () => {
    fc.assert(
      fc.property(textOf(["SELECT * FROM Invoices WHERE ", "'", '"', '(', ')', ' ', 'a', '?', '@', '\\', '--', '\n', '/*'], 80), (sql) => {
        const plan = typedOrNothing(() => conn.plan(sql));
        if (!(plan instanceof Error)) assertPlanStaysInside(plan, sql);
      }),
      { numRuns: FUZZ_RUNS, seed: seedFor('sql-text', 9102) },
    );
  });

  it(`${FUZZ_RUNS} well-formed filters on every ACCOUNTING table with hostile values, literal and bound: the plan reads only that table`, () => {
    const table = fc.constantFrom(...ACCOUNTING.filter((t) => t.name !== 'Tenants'));
    const ops = ['=', '!=', '<', '>', '<=', '>=', 'LIKE', 'IN', 'IS NULL', 'IS NOT NULL', 'BETWEEN'] as const;
    fc.assert(
      fc.property(table, fc.nat(), fc.nat(), fc.constantFrom(...ops), anyParam, fc.boolean(), (def, i, j, op, value, bind) => {
        const cols = def.columns;
        const a = cols[i % cols.length]!.name;
        const b = cols[j % cols.length]!.name;
        const lit = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
        const rhs = bind ? '?' : lit(value);
        const cond =
          op === 'IS NULL' || op === 'IS NOT NULL' ? `${a} ${op}` : op === 'IN' ? `${a} IN (${rhs}, ${rhs})` : op === 'BETWEEN' ? `${a} BETWEEN ${rhs} AND ${rhs}` : `${a} ${op} ${rhs}`;
        const sql = `SELECT ${b} FROM ${def.name} WHERE ${cond} AND ${b} = ${rhs}`;
        const params = bind ? Array(4).fill(value) : [];
        const plan = typedOrNothing(() => conn.plan(sql, params));
        if (plan instanceof Error) return;
        assertPlanStaysInside(plan, sql);
        assert.ok(planTables(plan).every((t) => t.table === def.name || t.fanOut === undefined), 'only the named table and its parents');
        assert.equal(plan.tables[0]?.table, def.name);
      }),
      { numRuns: FUZZ_RUNS, seed: seedFor('sql-filters', 9103) },
    );
  });
});

