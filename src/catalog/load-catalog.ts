/**
 * Loads the table declarations of every schema from `schemas/<schema>/*.json` (a folder per
 * connection `Schema`, named in lower case), validates each with {@link tableDefSchema}, checks
 * what no single file can (names unique, `valuesFrom` pointing at real columns), and reports
 * every problem of every file in one error. The declarations ship in the package (`files`
 * includes `schemas`), found relative to this module: `src/catalog/` under tsx and
 * `dist/catalog/` after `tsc` are both two levels below the package root.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { SCHEMAS, type SchemaName } from '../connection/properties.js';
import { closestNames } from './suggest.js';
import { tableDefSchema, type TableDef } from './table-def.js';

/** The tables of every schema, looked up the way SQL names them. */
export interface Catalog {
  /** Every table and view of a schema, sorted by name. */
  tables(schema: SchemaName): readonly TableDef[];
  /**
   * The table named `name` in `schema`, matched case-insensitively; `name` may be qualified
   * with the schema (`ACCOUNTING.Invoices`). Undefined when there is none.
   */
  find(schema: SchemaName, name: string): TableDef | undefined;
  /** Up to three table names of `schema` close to `name`, best first, for "did you mean". */
  suggest(schema: SchemaName, name: string): string[];
}

const PACKAGE_SCHEMAS = new URL('../../schemas/', import.meta.url);

let cached: Catalog | undefined;

/** The catalog shipped with the package (loaded and validated once, then cached). */
export function loadCatalog(): Catalog {
  cached ??= loadCatalogFrom(PACKAGE_SCHEMAS);
  return cached;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** A zod issue path as `columns[3].filter.where`. */
function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(file)';
}

/**
 * Loads declarations from a `schemas/` folder (`dir`); schema folders that do not exist give
 * empty schemas. Throws one `XSQL_CONFIG` error listing every problem, each with its file.
 */
export function loadCatalogFrom(dir: string | URL): Catalog {
  const root = typeof dir === 'string' ? dir : fileURLToPath(dir);
  const problems: string[] = [];
  const bySchema = new Map<SchemaName, TableDef[]>(SCHEMAS.map((s) => [s, []]));

  for (const schema of SCHEMAS) {
    const folder = join(root, schema.toLowerCase());
    if (!existsSync(folder)) continue;
    const tables = bySchema.get(schema) as TableDef[];
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
      const shown = `schemas/${schema.toLowerCase()}/${file}`;
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(join(folder, file), 'utf8'));
      } catch (error) {
        problems.push(`${shown}: not valid JSON (${(error as Error).message})`);
        continue;
      }
      const parsed = tableDefSchema.safeParse(json);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push(`${shown}: ${issuePath(issue.path)}: ${issue.message}`);
        continue;
      }
      const table = parsed.data;
      if (`${table.name}.json` !== file) problems.push(`${shown}: declares table ${table.name}; the file must be named ${table.name}.json`);
      if (table.schema !== schema) problems.push(`${shown}: declares schema ${table.schema} but sits in the ${schema.toLowerCase()} folder`);
      const clash = tables.find((t) => t.name.toLowerCase() === table.name.toLowerCase());
      if (clash) problems.push(`${shown}: table ${table.name} is declared twice`);
      tables.push(table);
    }
  }

  for (const [schema, tables] of bySchema) {
    for (const table of tables) {
      for (const column of table.columns) {
        const from = column.filter?.valuesFrom;
        if (!from) continue;
        const target = tables.find((t) => t.name === from.table);
        if (!target?.columns.some((c) => c.name === from.column)) {
          problems.push(`schemas/${schema.toLowerCase()}/${table.name}.json: ${column.name}: valuesFrom names ${from.table}.${from.column}, which does not exist`);
        }
      }
    }
  }

  if (problems.length > 0) {
    throw new XeroSqlError(ErrorCode.Config, `Invalid table declarations (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  for (const tables of bySchema.values()) deepFreeze(tables.sort((a, b) => a.name.localeCompare(b.name, 'en')));
  return createCatalog(bySchema);
}

function createCatalog(bySchema: ReadonlyMap<SchemaName, readonly TableDef[]>): Catalog {
  const tables = (schema: SchemaName): readonly TableDef[] => bySchema.get(schema) ?? [];
  const unqualified = (schema: SchemaName, name: string): string => {
    const dot = name.indexOf('.');
    return dot > 0 && name.slice(0, dot).toLowerCase() === schema.toLowerCase() ? name.slice(dot + 1) : name;
  };
  return Object.freeze({
    tables,
    find(schema: SchemaName, name: string) {
      const wanted = unqualified(schema, name).toLowerCase();
      return tables(schema).find((t) => t.name.toLowerCase() === wanted);
    },
    suggest(schema: SchemaName, name: string) {
      return closestNames(unqualified(schema, name), tables(schema).map((t) => t.name));
    },
  });
}
