/**
 * Payroll AU response bodies. v1 answers like the Accounting API (the same envelope, the
 * `APIException` 400 and the plain-text 404, see ../accounting/responses.ts). v2 wraps everything
 * in a camelCase envelope whose `problem` object carries errors, as Xero's payroll v2 APIs do:
 * `{"id","providerName","dateTimeUTC","httpStatusCode":"BadRequest","pagination":null,
 * "problem":{"type":"application/problem+json","title":"BadRequest","status":400,"detail":...,
 * "instance":null,"invalidFields":[{"name","reason"}]},"timesheets":null}` (the spec's `Problem`
 * schema and Xero's payroll v2 documentation examples).
 */
import { randomUUID } from 'node:crypto';
import { problem, type ApiCall } from '../api.js';
import { json, type SimResponse } from '../http.js';
import { toV2Now } from './dates.js';

/** The `pagination` object of a v2 list. */
export interface V2Pagination {
  readonly page: number;
  readonly pageSize: number;
  readonly pageCount: number;
  readonly itemCount: number;
}

/** A field a v2 request got wrong. */
export interface InvalidField {
  readonly name: string;
  readonly reason: string;
}

/** A v2 success: `key` holds a list (with pagination) or one record (pagination null). */
export function v2Envelope(call: ApiCall, key: string, value: unknown, pagination: V2Pagination | null): SimResponse {
  return json(200, {
    id: randomUUID(),
    providerName: call.app.name,
    dateTimeUTC: toV2Now(call.nowMs),
    httpStatusCode: 'OK',
    pagination,
    problem: null,
    [key]: value,
  });
}

const TITLES: Readonly<Record<number, [string, string]>> = {
  400: ['BadRequest', 'Validation error occurred.'],
  404: ['NotFound', 'Resource was not found.'],
};

/** A v2 error: the envelope with a `problem` and `key` null. */
export function v2Problem(call: ApiCall, status: 400 | 404, key: string, invalidFields: readonly InvalidField[] = []): SimResponse {
  const [title, detail] = TITLES[status] ?? ['BadRequest', 'Validation error occurred.'];
  return json(status, {
    id: randomUUID(),
    providerName: call.app.name,
    dateTimeUTC: toV2Now(call.nowMs),
    httpStatusCode: title,
    pagination: null,
    problem: {
      type: 'application/problem+json',
      title,
      status,
      detail,
      instance: null,
      ...(invalidFields.length > 0 ? { invalidFields } : {}),
    },
    [key]: null,
  });
}

/**
 * The answer for an organisation without Australian payroll (the NZ one). UNCERTAIN: Xero's
 * documented errors (xero-platform-facts.md §9) do not cover a payroll API called for an
 * organisation whose country has none; 403 Forbidden is what a call outside what the
 * connection may reach gets, and SDK users report 401/403 problem bodies for it, so the
 * simulator answers like an unauthorised tenant, with a detail that says why.
 */
export function noPayroll(): SimResponse {
  return problem(403, 'Forbidden', 'AuthenticationUnsuccessful: the organisation does not use Xero Payroll AU');
}
