/**
 * The HTTP status each error becomes at the token server's endpoints. Messages are shown to the
 * caller as they are, so they are written never to hold a token, code, secret or query string.
 */
import { ErrorCode, XeroSqlError } from '../errors.js';

/** An error that carries its own status (a wrong `state`, a bad form field, an unknown path). */
export class HttpError extends XeroSqlError {
  readonly status: number;

  constructor(status: number, code: ErrorCode, message: string) {
    super(code, message);
    this.name = 'HttpError';
    this.status = status;
  }
}

/** The status for any error an endpoint ran into. */
export function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  if (!(err instanceof XeroSqlError)) return 500;
  switch (err.code) {
    case ErrorCode.AuthRequired:
      // Not signed in yet: the service is there but cannot serve tokens until a person signs in.
      return 503;
    case ErrorCode.Tenant:
      return 404;
    case ErrorCode.Auth:
    case ErrorCode.AuthExpired:
    case ErrorCode.Http:
    case ErrorCode.Api:
      // Xero (an upstream) refused or failed.
      return 502;
    case ErrorCode.Config:
    case ErrorCode.Usage:
      return 400;
    default:
      return 500;
  }
}

/** The message to show for an error; anything that is not ours says only that something failed. */
export function messageOf(err: unknown): string {
  return err instanceof XeroSqlError ? err.message : 'Internal error in the token server (see its standard error).';
}
