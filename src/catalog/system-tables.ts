/**
 * The system tables (`sys_tables`, `sys_tablecolumns`, `sys_keycolumns`, `sys_procedures`,
 * `sys_procedureparameters`), named as in the commercial driver (cdata-xero-model.md §4.5), built
 * from the declarations so they cannot drift. Each is plain data (name, columns, rows) that the
 * executor loads like any fetched table.
 */
import type { SchemaName } from '../connection/properties.js';
import type { ProcedureDef } from '../procedures/define-procedure.js';
import type { Catalog } from './load-catalog.js';
import type { ColumnDef, SqlType, TableDef } from './table-def.js';
import type { SqlValue } from './values.js';

/** A column of a system table. */
export interface SystemColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly description: string;
  readonly key?: boolean;
}

/** A system table with its rows (values in column order). */
export interface SystemTable {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly SystemColumn[];
  readonly rows: readonly (readonly SqlValue[])[];
}

/** The catalog name the system tables report (the commercial driver reports its data source's). */
export const CATALOG_NAME = 'Xero';

/** Type names as `sys_tablecolumns.DataTypeName` shows them, in the commercial driver's words. */
const DATA_TYPE_NAMES: Record<SqlType, string> = {
  text: 'varchar',
  integer: 'int',
  decimal: 'decimal',
  real: 'double',
  boolean: 'bool',
  date: 'date',
  datetime: 'datetime',
};

const text = (name: string, description: string, key = false): SystemColumn => ({ name, type: 'text', description, ...(key ? { key } : {}) });
const bool = (name: string, description: string): SystemColumn => ({ name, type: 'boolean', description });
const int = (name: string, description: string): SystemColumn => ({ name, type: 'integer', description });

/**
 * How WHERE conditions on a column reach Xero, in words: `where: = != like; param IDs (= in)`.
 * Empty when the column is only filtered locally.
 */
export function pushdownText(table: TableDef, column: ColumnDef): string {
  const parts: string[] = [];
  const f = column.filter;
  const source = column.source;
  if (f?.where) parts.push(`where: ${f.where.operators.join(' ')}`);
  if (f?.param) {
    const each = f.param.defaults ? `, one request per value, else per ${f.param.defaults.join('/')}` : f.param.each ? ', one request per value' : '';
    parts.push(`param ${f.param.name} (${f.param.operators.join(' ')}${each})`);
  }
  if (f?.range) parts.push(`range ${f.range.from}/${f.range.to} (> >= < <=)`);
  if (f?.modifiedSince) parts.push('If-Modified-Since (> >=)');
  if (f?.byId) parts.push(`by id ${String(table.request.byIdPath)} (= in)`);
  if (f?.pathParam) parts.push(`path {${column.name}} (= in, required${f.valuesFrom ? `, else every ${f.valuesFrom.table}.${f.valuesFrom.column}` : ''})`);
  if (source.kind === 'pseudo') {
    const required = source.required ? `= in, required${f?.valuesFrom ? `, else every ${f.valuesFrom.table}.${f.valuesFrom.column}` : ''}` : '=';
    parts.push(`parameter ${source.param} (${required})`);
  }
  if (f?.optimised) parts.push('optimised');
  if (column.order) parts.push('order by');
  return parts.join('; ');
}

function tableType(table: TableDef): string {
  return table.kind === 'table' ? 'TABLE' : 'VIEW';
}

/**
 * The system tables of one schema. `procedures` are the stored procedures the schema offers
 * (the procedure registry's `PROCEDURES`; passed in so the catalog does not import the layers
 * that run them).
 */
export function systemTables(catalog: Catalog, schema: SchemaName, procedures: readonly ProcedureDef[]): SystemTable[] {
  const tables = catalog.tables(schema);
  const at = (name: string): SqlValue[] => [CATALOG_NAME, schema, name];
  const where = (name: string, description: string) => [text('CatalogName', 'The catalog: Xero.'), text('SchemaName', 'The schema (the Schema connection property).'), text(name, description)];

  const sysTables: SystemTable = {
    name: 'sys_tables',
    description: 'Every table and view of the schema.',
    columns: [...where('TableName', 'The table or view.'), text('TableType', 'TABLE or VIEW.'), text('Description', 'What the rows are.')],
    rows: tables.map((t) => [...at(t.name), tableType(t), t.description]),
  };

  const sysTableColumns: SystemTable = {
    name: 'sys_tablecolumns',
    description: 'Every column of every table and view, with how WHERE conditions on it reach Xero.',
    columns: [
      ...where('TableName', 'The table or view.'),
      text('ColumnName', 'The column.'),
      text('DataTypeName', 'Its type: varchar, int, decimal, double, bool, date or datetime.'),
      int('Ordinal', "The column's position, from 1."),
      bool('IsKey', 'Part of the primary key.'),
      bool('IsNullable', 'May be null (every column but key columns).'),
      bool('IsPseudoColumn', 'An input given in WHERE (a report or request parameter), echoed in the rows.'),
      text('Pushdown', 'How conditions on it are sent to Xero (where, param, range, If-Modified-Since, by id, path, parameter); empty when only filtered locally.'),
      text('Description', 'What the column holds.'),
    ],
    rows: tables.flatMap((t) =>
      t.columns.map((c, i) => [
        ...at(t.name),
        c.name,
        DATA_TYPE_NAMES[c.type],
        i + 1,
        c.key,
        !c.key,
        c.source.kind === 'pseudo',
        pushdownText(t, c),
        c.description,
      ]),
    ),
  };

  const sysKeyColumns: SystemTable = {
    name: 'sys_keycolumns',
    description: "Primary-key columns, and columns whose values come from another table's column (foreign keys).",
    columns: [
      ...where('TableName', 'The table or view.'),
      text('ColumnName', 'The column.'),
      int('KeySeq', 'Position within the primary key, from 1 (null for a foreign key).'),
      bool('IsKey', 'Part of the primary key.'),
      bool('IsForeignKey', "Takes its values from another table's column."),
      text('PrimaryKeyName', 'PK_<table> for key columns.'),
      text('ReferencedTableName', 'The table a foreign key refers to.'),
      text('ReferencedColumnName', 'The column a foreign key refers to.'),
    ],
    rows: tables.flatMap((t) => {
      const keys = t.columns.filter((c) => c.key);
      return t.columns.flatMap((c) => {
        const from = c.filter?.valuesFrom;
        if (!c.key && !from) return [];
        const seq = keys.indexOf(c);
        return [[...at(t.name), c.name, seq >= 0 ? seq + 1 : null, c.key, from !== undefined, c.key ? `PK_${t.name}` : null, from?.table ?? null, from?.column ?? null]];
      });
    }),
  };

  const sysProcedures: SystemTable = {
    name: 'sys_procedures',
    description: 'The stored procedures (EXEC).',
    columns: [...where('ProcedureName', 'The procedure.'), text('Description', 'What it does.'), text('ProcedureType', 'Always PROCEDURE.')],
    rows: procedures.map((p) => [...at(p.name), p.description, 'PROCEDURE']),
  };

  const sysProcedureParameters: SystemTable = {
    name: 'sys_procedureparameters',
    description: 'The inputs (IN) and outputs (OUT) of every stored procedure.',
    columns: [
      ...where('ProcedureName', 'The procedure.'),
      text('ColumnName', 'The parameter (inputs are given as @Name) or output column.'),
      text('Direction', 'IN for an input parameter, OUT for an output column.'),
      int('Ordinal', 'Position among the inputs, or among the outputs, from 1.'),
      text('DataTypeName', 'Always varchar: values are passed and returned as text.'),
      bool('IsRequired', 'An input that must be given.'),
      text('DefaultValue', 'The value used when an input is not given.'),
      text('AllowedValues', 'Comma-separated values an input accepts, when limited.'),
      text('Description', 'What it means.'),
    ],
    rows: procedures.flatMap((p) => [
      ...p.params.map((x, i) => [...at(p.name), x.name, 'IN', i + 1, 'varchar', x.required && x.default === undefined, x.default ?? null, x.values?.join(',') ?? null, x.description]),
      ...p.outputs.map((x, i) => [...at(p.name), x.name, 'OUT', i + 1, 'varchar', false, null, null, x.description]),
    ]),
  };

  return [sysTables, sysTableColumns, sysKeyColumns, sysProcedures, sysProcedureParameters];
}
