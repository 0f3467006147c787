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
