/**
 * Accounting API response bodies: the success envelope and Xero's error shapes
 * (xero-platform-facts.md §7.5, §9).
 */
import { randomUUID } from 'node:crypto';
import { json, text, type SimResponse } from '../http.js';

/** A 400 body in one of Xero's two Accounting error shapes. */
export interface AccountingError {
  readonly errorNumber: 10 | 16;
  readonly type: 'ValidationException' | 'QueryParseException';
  readonly message: string;
}

export function queryParseException(message: string): AccountingError {
  return { errorNumber: 16, type: 'QueryParseException', message };
}

export function validationException(message: string): AccountingError {
  return { errorNumber: 10, type: 'ValidationException', message };
}

export function errorResponse(error: AccountingError): SimResponse {
  if (error.type === 'QueryParseException') {
    return json(400, { ErrorNumber: error.errorNumber, Type: error.type, Message: error.message });
  }
  return json(400, {
    ErrorNumber: error.errorNumber,
    Type: error.type,
    Message: 'A validation exception occurred',
    Elements: [{ ValidationErrors: [{ Message: error.message }] }],
  });
}

/** Xero's plain-text 404 for an unknown id ([official-staff] facts §9). */
export function notFound(): SimResponse {
  return text(404, "The resource you're looking for cannot be found");
}

/** The success envelope: `{Id, Status, ProviderName, DateTimeUTC, <key>: ..., ...extra}`. */
export function envelope(providerName: string, nowMs: number, key: string, value: unknown, extra: Record<string, unknown> = {}): SimResponse {
  return json(200, {
    Id: randomUUID(),
    Status: 'OK',
    ProviderName: providerName,
    // The envelope's timestamp has no offset, unlike record timestamps (xero-api-endpoints.md §1).
    DateTimeUTC: `/Date(${nowMs})/`,
    ...extra,
    [key]: value,
  });
}
