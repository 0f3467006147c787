/**
 * Every error xero-sql raises on purpose is a {@link XeroSqlError} with a stable `code`.
 * Callers branch on `code`, never on message text: messages may be reworded, codes may not.
 */

/** The stable error codes. Add new ones at the end of their group; never rename one. */
export const ErrorCode = {
  /** A command-line flag or value is not understood. */
  Usage: 'XSQL_USAGE',
  /** An option object or value is invalid. */
  Config: 'XSQL_CONFIG',
  /** The simulator could not start (port in use, bad option). */
  SimulatorStart: 'XSQL_SIMULATOR_START',
  /** An HTTP request to Xero (or the simulator) failed in a way retries could not fix. */
  Http: 'XSQL_HTTP',
  /** A connection string cannot be parsed (quoting, missing `=`, repeated property). */
  ConnectionString: 'XSQL_CONN_STRING',
  /** A connection property is unknown, unsupported, or has an invalid value. */
  ConnectionOption: 'XSQL_CONN_OPTION',
  /** The OAuth settings file is corrupt, tampered with, foreign, or encrypted with another key. */
  Settings: 'XSQL_SETTINGS',
  /** The settings file's lock could not be taken in time. */
  SettingsLock: 'XSQL_SETTINGS_LOCK',
  /** Xero's identity service refused a token request (invalid_grant, invalid_client, ...). */
  Auth: 'XSQL_AUTH',
  /** No usable token and the configured flow cannot get one (e.g. InitiateOAuth=OFF without a token). */
  AuthRequired: 'XSQL_AUTH_REQUIRED',
  /** The token has expired and cannot be refreshed with the given settings. */
  AuthExpired: 'XSQL_AUTH_EXPIRED',
  /** The saved grant lacks scopes the connection asks for. */
  AuthScope: 'XSQL_AUTH_SCOPE',
  /** The person cancelled or the browser sign-in failed or timed out. */
  AuthCancelled: 'XSQL_AUTH_CANCELLED',
  /** No tenant, an unknown tenant, or several tenants and no `Tenant` property. */
  Tenant: 'XSQL_TENANT',
  /** Xero answered an API call with an error that is not retried. */
  Api: 'XSQL_API',
  /** An unknown stored procedure, or bad parameters to one. */
  Procedure: 'XSQL_PROCEDURE',
  /** A statement or feature xero-sql does not support (yet). */
  Unsupported: 'XSQL_UNSUPPORTED',
  /** The connection has been closed. */
  Closed: 'XSQL_CLOSED',
  /** SQL text that does not parse; the message gives line and column. */
  SqlSyntax: 'XSQL_SQL_SYNTAX',
  /** A table that no schema has (the message suggests the closest). */
  UnknownTable: 'XSQL_UNKNOWN_TABLE',
  /** A column the table does not have (the message suggests the closest). */
  UnknownColumn: 'XSQL_UNKNOWN_COLUMN',
  /** A query that cannot be planned, e.g. a required key column missing from WHERE. */
  Plan: 'XSQL_PLAN',
  /** Reading a child table's parents would need more API calls than the `FanOutLimit` property allows. */
  FanOutLimit: 'XSQL_FANOUT_LIMIT',
  /** A statement that is valid SQL but fails while running (SQLite's message). */
  Query: 'XSQL_QUERY',
  /** The query was cancelled. */
  Cancelled: 'XSQL_CANCELLED',
  /** Xero's daily API limit is reached (or a rate limit would not clear after repeated waits). */
  RateLimited: 'XSQL_API_RATE_LIMIT',
  /** The token server could not start (port in use, address not available). */
  TokenServerStart: 'XSQL_TOKEN_SERVER_START',
  /** A running token server (TokenServerURL) could not be reached, refused the auth token, or answered badly. */
  TokenServer: 'XSQL_TOKEN_SERVER',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base class of every error xero-sql throws deliberately. */
export class XeroSqlError extends Error {
  /** Stable machine-readable code, `XSQL_*`. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'XeroSqlError';
    this.code = code;
  }
}
