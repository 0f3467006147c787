/**
 * The in-memory SQLite database a query runs in: one per query, with the schema's tables in an
 * attached database named after the schema (so `Invoices` and `ACCOUNTING.Invoices` both
 * resolve), exact decimal aggregates, and bulk loading in one transaction per batch.
 */
import Database from 'better-sqlite3';
import type { SqlType } from '../catalog/table-def.js';
import { registerDecimalAggregates } from './decimal.js';

/** Declared SQLite types; result columns read them back to restore types. */
const DECLARED: Record<SqlType, string> = {
  text: 'TEXT',
  integer: 'INTEGER',
  decimal: 'DECIMAL',
  real: 'REAL',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'DATETIME',
};

export function sqlTypeOfDeclared(declared: string | null): SqlType | undefined {
  if (!declared) return undefined;
  const upper = declared.toUpperCase();
  return (Object.entries(DECLARED).find(([, d]) => d === upper)?.[0] as SqlType | undefined) ?? undefined;
}

export interface LoadColumn {
  readonly name: string;
  readonly type: SqlType;
}

/** A table being filled. */
export interface TableLoader {
  /** Inserts rows (arrays in column order) in one transaction. */
  insert(rows: readonly (readonly unknown[])[]): void;
}

export function openDatabase(schema: string): Database.Database {
  const db = new Database(':memory:');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec(`ATTACH DATABASE ':memory:' AS ${quoteIdent(schema)}`);
  registerDecimalAggregates(db);
  return db;
}

/**
 * Creates `schema.name` with the given columns. With `uniqueKey`, rows repeating a key already
 * loaded are skipped (used when several requests may return the same record).
 */
export function createTable(
  db: Database.Database,
  schema: string,
  name: string,
  columns: readonly LoadColumn[],
  uniqueKey?: readonly string[],
): TableLoader {
  const cols = columns.map((c) => `${quoteIdent(c.name)} ${DECLARED[c.type]}`);
  if (uniqueKey && uniqueKey.length > 0) cols.push(`UNIQUE (${uniqueKey.map(quoteIdent).join(', ')})`);
  db.exec(`CREATE TABLE ${quoteIdent(schema)}.${quoteIdent(name)} (${cols.join(', ')})`);
  const placeholders = columns.map(() => '?').join(', ');
  const insert = db.prepare(
    `INSERT ${uniqueKey && uniqueKey.length > 0 ? 'OR IGNORE ' : ''}INTO ${quoteIdent(schema)}.${quoteIdent(name)} VALUES (${placeholders})`,
  );
  const booleans = columns.map((c) => c.type === 'boolean');
  const anyBoolean = booleans.includes(true);
  // One prepared statement, all of a page's rows in one transaction.
  const many = db.transaction((rows: readonly (readonly unknown[])[]) => {
    for (const row of rows) {
      insert.run(anyBoolean ? row.map((v, i) => (booleans[i] && typeof v === 'boolean' ? (v ? 1 : 0) : v)) : (row as unknown[]));
    }
  });
  return { insert: (rows) => many(rows) };
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
