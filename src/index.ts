/**
 * xero-sql: SQL for the Xero APIs. The query API (`connect()`) arrives with the query engine;
 * today this entry point exports the error types, and `xero-sql/simulator` exports the simulator.
 */
export { ErrorCode, XeroSqlError } from './errors.js';
