/**
 * The catalog: table declarations (`schemas/`), their loading and validation, turning API records
 * into rows, and the system tables.
 */
export { loadCatalog, loadCatalogFrom, type Catalog } from './load-catalog.js';
export { readPath, toRows, type Row, type RowContext, type SqlValue } from './rows.js';
export { CATALOG_NAME, pushdownText, systemTables, type SystemColumn, type SystemTable } from './system-tables.js';
export { toSqlValue } from './values.js';
export { parseIsoDate, parseIsoDateTime, parseMsDate, parseMsDateTime } from './dates.js';
export * from './table-def.js';
