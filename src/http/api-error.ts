/**
 * Xero's error responses turned into errors a person can act on (xero-platform-facts.md §9). The
 * message says what Xero refused and what to change; the fields keep what a caller branches on.
 * Messages name the request as method, URL without query values (only the parameter names:
 * a `where` value can hold customer data, and messages end up in logs and bug reports), and never
 * a header.
 */
import { ErrorCode, XeroSqlError } from '../errors.js';
import type { HttpResponse } from './transport.js';

/** What an {@link XeroApiError} is about. */
export interface ApiErrorDetails {
  /** The API path requested (`/api.xro/2.0/Invoices`). */
  readonly path: string;
  /** The request as shown in messages: `GET https://api.xero.com/api.xro/2.0/Invoices?page&where`. */
  readonly request: string;
  readonly tenantId?: string;
  /** HTTP status of the last response; undefined when there was none (network failure). */
  readonly status?: number;
  /** Xero's error type: `QueryParseException`, `ValidationException`, `TokenExpired`, ... */
  readonly xeroType?: string;
  /** Attempts made, retries included. */
  readonly attempts?: number;
  /** Xero's `Xero-Correlation-Id`, for Xero support. */
  readonly correlationId?: string;
  /** `Elements[].ValidationErrors[].Message` (and the like in other APIs). */
  readonly validationErrors?: readonly string[];
  /** The `X-Rate-Limit-Problem` of a 429. */
  readonly rateLimitProblem?: string;
  /** When a spent daily limit resets. */
  readonly resetAt?: Date;
}

/** An API call that failed for good. `code` tells the kind; the fields tell the details. */
export class XeroApiError extends XeroSqlError {
  readonly path: string;
  readonly request: string;
  readonly tenantId?: string;
  readonly status?: number;
  readonly xeroType?: string;
  readonly attempts?: number;
  readonly correlationId?: string;
  readonly validationErrors?: readonly string[];
  readonly rateLimitProblem?: string;
  readonly resetAt?: Date;

  constructor(code: ErrorCode, message: string, details: ApiErrorDetails, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'XeroApiError';
    this.path = details.path;
    this.request = details.request;
    if (details.tenantId !== undefined) this.tenantId = details.tenantId;
    if (details.status !== undefined) this.status = details.status;
    if (details.xeroType !== undefined) this.xeroType = details.xeroType;
    if (details.attempts !== undefined) this.attempts = details.attempts;
    if (details.correlationId !== undefined) this.correlationId = details.correlationId;
    if (details.validationErrors !== undefined) this.validationErrors = details.validationErrors;
    if (details.rateLimitProblem !== undefined) this.rateLimitProblem = details.rateLimitProblem;
    if (details.resetAt !== undefined) this.resetAt = details.resetAt;
  }
}

/** The request an error response answered. */
export interface FailedRequest {
  readonly path: string;
  /** As shown in messages (see {@link ApiErrorDetails.request}). */
  readonly request: string;
  readonly tenantId?: string;
  /** Scopes any one of which allows the call, for the missing-scope message. */
  readonly scopes?: readonly string[];
  readonly attempts: number;
  /** Set when the client stopped retrying a retryable status: the message names the budget. */
  readonly maxRetries?: number;
}

/** What an error body says, in any of Xero's shapes. */
export interface XeroErrorBody {
  readonly type?: string;
  readonly message?: string;
  readonly validationErrors: readonly string[];
}

/**
 * Reads an error body: Accounting's `{Type, Message, Elements[].ValidationErrors[]}`, problem
 * details in either key casing (`Detail`/`detail`: the casing is UNCERTAIN, facts §9), Payroll
 * v2's `{problem: {detail, invalidFields}}`, Projects' `{message, modelState}`, Assets'
 * `{detail, fieldValidationErrors}`; a plain-text body becomes the message.
 */
export function readErrorBody(body: string): XeroErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const text = excerpt(body);
    return { ...(text ? { message: text } : {}), validationErrors: [] };
  }
  const root = record(parsed);
  const o = record(root.problem) === EMPTY ? root : { ...root, ...record(root.problem) };
  const detail = str(o.Detail) ?? str(o.detail);
  // Problem details put the type in front of the detail ("TokenExpired: token expired at ...").
  const detailType = detail?.match(/^([A-Za-z]+)(?::|$)/)?.[1];
  const type = str(o.Type) ?? str(o.type) ?? detailType;
  const message = str(o.Message) ?? str(o.message) ?? detail ?? str(o.Title) ?? str(o.title);
  const validationErrors: string[] = [];
  for (const element of array(o.Elements)) {
    for (const v of array(record(element).ValidationErrors)) pushStr(validationErrors, record(v).Message);
  }
  for (const f of array(o.invalidFields)) pushStr(validationErrors, record(f).reason);
  for (const f of [...array(o.fieldValidationErrors), ...array(o.resourceValidationErrors)]) pushStr(validationErrors, record(f).detail);
  for (const messages of Object.values(record(o.modelState))) for (const m of array(messages)) pushStr(validationErrors, m);
  return { ...(type ? { type } : {}), ...(message ? { message } : {}), validationErrors };
}

/** The error for a non-2xx, non-429 response the client does not retry (or has stopped retrying). */
export function errorForResponse(res: HttpResponse, req: FailedRequest): XeroApiError {
  const body = readErrorBody(res.body);
  const details: ApiErrorDetails = {
    path: req.path,
    request: req.request,
    status: res.status,
    attempts: req.attempts,
    ...(req.tenantId !== undefined ? { tenantId: req.tenantId } : {}),
    ...(body.type !== undefined ? { xeroType: body.type } : {}),
    ...(res.headers['xero-correlation-id'] ? { correlationId: res.headers['xero-correlation-id'] } : {}),
    ...(body.validationErrors.length > 0 ? { validationErrors: body.validationErrors } : {}),
  };
  const said = body.message ? `: ${body.message}` : '';
  const [code, message] = ((): [ErrorCode, string] => {
    switch (res.status) {
      case 400:
        if (body.type === 'ValidationException' && body.validationErrors.length > 0) {
          return [ErrorCode.Api, `Xero rejected ${req.request} (ValidationException): ${body.validationErrors.join('; ')}`];
        }
        return [ErrorCode.Api, `Xero rejected ${req.request} (HTTP 400${body.type ? ` ${body.type}` : ''})${said}`];
      case 401:
        if (body.type === 'AuthorizationUnsuccessful') {
          const which = req.scopes && req.scopes.length > 0 ? `one of ${req.scopes.join(', ')}` : 'the scope it needs';
          return [
            ErrorCode.AuthScope,
            `Xero refused ${req.request}: the token lacks a scope for ${req.path} (401 AuthorizationUnsuccessful). Add ${which} to the Scope connection property and sign in again.`,
          ];
        }
        if (body.type === 'TokenExpired') {
          return [ErrorCode.AuthExpired, `Xero still rejects the access token as expired after a refresh (${req.request}). Sign in again, and check this computer's clock.`];
        }
        return [ErrorCode.AuthRequired, `Xero did not accept the access token for ${req.request} (401${said}). Sign in again.`];
      case 403:
        return [
          ErrorCode.Tenant,
          req.tenantId
            ? `Xero refused ${req.request} (403${body.type ? ` ${body.type}` : ''}): the token is not connected to tenant ${req.tenantId}. Check the Tenant connection property; if it is right, the organisation was disconnected from the app (or its access revoked) in Xero: sign in again to re-authorise the app for it.`
            : `Xero refused ${req.request} (403${body.type ? ` ${body.type}` : ''}): no tenant was sent. Set the Tenant connection property.`,
        ];
      case 404:
        return [ErrorCode.Api, `Not found: ${req.request} (HTTP 404${said}).`];
      default:
        return [
          ErrorCode.Api,
          `${sentence(`Xero answered HTTP ${res.status} to ${req.request}${said}`)}${
            req.maxRetries !== undefined ? ` Gave up after ${req.attempts} attempts (MaximumRequestRetries=${req.maxRetries}).` : ''
          }`,
        ];
    }
  })();
  return new XeroApiError(code, message, details);
}

/** A short, single-line piece of a body for messages. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Ends `text` with a full stop unless it already ends a sentence. */
function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

const EMPTY: Record<string, unknown> = Object.freeze({});

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : EMPTY;
}

function array(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function pushStr(into: string[], value: unknown): void {
  const s = str(value);
  if (s !== undefined) into.push(s);
}
