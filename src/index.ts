/**
 * xero-sql: SQL for the Xero APIs.
 *
 * ```ts
 * import { connect } from 'xero-sql';
 * const conn = await connect('AuthScheme=OAuthClient;OAuthClientId=...;OAuthClientSecret=...');
 * ```
 */
export { connect, Connection, type ConnectOptions, type StatementOptions, type TableInfo, type ColumnDescription } from './connection/connection.js';
export type { LoadProgress } from './sql/executor.js';
export type { ClientEvent } from './http/xero-client.js';
export type { QueryPlan, TablePlan, RequestPlan } from './sql/plan.js';
export type { ConnectionOptions, SettingsLocation } from './connection/options.js';
export type { SavedTenant as Tenant } from './auth/settings.js';
export type { QueryResult, ColumnInfo, ColumnType } from './sql/result.js';
export { ErrorCode, XeroSqlError } from './errors.js';
