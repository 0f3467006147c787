/**
 * Xero's error shapes (xero-platform-facts.md §9) become XeroApiErrors with the right code, a
 * message that says what to do, and the fields callers branch on.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { XeroApiError, readErrorBody } from '../../src/http/api-error.js';
import { XeroClient } from '../../src/http/xero-client.js';
import type { HttpResponse } from '../../src/http/transport.js';
import { CountingTokens, FakeTime, ScriptedTransport, response } from '../helpers/xero-client-fakes.js';

const PATH = '/api.xro/2.0/Invoices';

async function failWith(res: HttpResponse, request: { tenantId?: string; scopes?: string[]; query?: Record<string, string> } = {}) {
  const time = new FakeTime();
  const transport = new ScriptedTransport(() => res);
  const tokens = new CountingTokens();
  const client = new XeroClient({
    apiOrigin: 'https://api.xero.com',
    tokens,
    timeoutMs: 0,
    maxRetries: 2,
    retryWaitTimeMs: 1000,
    retryDailyLimit: false,
    now: time.now,
    sleep: time.sleep,
    send: transport.send,
  });
  const err = await client.get({ path: PATH, ...request }).catch((e: unknown) => e);
  assert.ok(err instanceof XeroApiError, `expected a XeroApiError, got ${String(err)}`);
  return { err, calls: transport.calls.length, refreshes: tokens.refreshes };
}

test('400 QueryParseException: XSQL_API with Xero message, type, status and path; not retried', async () => {
  const { err, calls } = await failWith(
    response(400, { ErrorNumber: 16, Type: 'QueryParseException', Message: "No property or field 'hi' exists in type 'Invoice' (at index 0)" }),
    { tenantId: 'T1', query: { where: 'hi=="secret value"' } },
  );
  assert.equal(err.code, 'XSQL_API');
  assert.equal(err.status, 400);
  assert.equal(err.xeroType, 'QueryParseException');
  assert.equal(err.path, PATH);
  assert.equal(err.tenantId, 'T1');
  assert.equal(
    err.message,
    "Xero rejected GET https://api.xero.com/api.xro/2.0/Invoices?where (HTTP 400 QueryParseException): No property or field 'hi' exists in type 'Invoice' (at index 0)",
  );
  assert.doesNotMatch(err.message, /secret value/);
  assert.equal(calls, 1);
});

test('400 ValidationException: every Elements[].ValidationErrors[].Message', async () => {
  const { err } = await failWith(
    response(400, {
      ErrorNumber: 10,
      Type: 'ValidationException',
      Message: 'A validation exception occurred',
      Elements: [
        { InvoiceID: 'x', ValidationErrors: [{ Message: 'Invoice not of valid status for modification' }] },
        { ValidationErrors: [{ Message: 'Account code is not valid' }, { Message: 'Date is required' }] },
      ],
    }),
  );
  assert.equal(err.code, 'XSQL_API');
  assert.equal(err.xeroType, 'ValidationException');
  assert.deepEqual(err.validationErrors, ['Invoice not of valid status for modification', 'Account code is not valid', 'Date is required']);
  assert.match(err.message, /\(ValidationException\): Invoice not of valid status for modification; Account code is not valid; Date is required$/);
});

test('401 AuthorizationUnsuccessful: XSQL_AUTH_SCOPE naming the path and the scopes to add', async () => {
  const body = { Type: null, Title: 'Unauthorized', Status: 401, Detail: 'AuthorizationUnsuccessful', Instance: 'x', Extensions: {} };
  const { err, refreshes } = await failWith(response(401, body), { tenantId: 'T1', scopes: ['accounting.invoices.read', 'accounting.transactions.read'] });
  assert.equal(err.code, 'XSQL_AUTH_SCOPE');
  assert.equal(err.xeroType, 'AuthorizationUnsuccessful');
  assert.equal(refreshes, 0, 'a missing scope is not fixed by a refresh');
  assert.match(err.message, /the token lacks a scope for \/api\.xro\/2\.0\/Invoices/);
  assert.match(err.message, /Add one of accounting\.invoices\.read, accounting\.transactions\.read to the Scope connection property and sign in again/);
});

test('lower-case problem details are read too (the casing is UNCERTAIN, facts §9)', async () => {
  const { err } = await failWith(response(401, { type: null, title: 'Unauthorized', status: 401, detail: 'AuthorizationUnsuccessful' }));
  assert.equal(err.code, 'XSQL_AUTH_SCOPE');
});

test('401 TokenExpired after the one refresh: XSQL_AUTH_EXPIRED', async () => {
  const { err, refreshes, calls } = await failWith(response(401, { Title: 'Unauthorized', Status: 401, Detail: 'TokenExpired: token expired at 04/09/2023 05:16:59' }));
  assert.equal(err.code, 'XSQL_AUTH_EXPIRED');
  assert.equal(err.xeroType, 'TokenExpired');
  assert.equal(refreshes, 1);
  assert.equal(calls, 2);
});

test('401 with another detail (a bad token): XSQL_AUTH_REQUIRED', async () => {
  const { err } = await failWith(response(401, { Title: 'Unauthorized', Status: 401, Detail: 'AuthenticationUnsuccessful' }));
  assert.equal(err.code, 'XSQL_AUTH_REQUIRED');
  assert.match(err.message, /Sign in again/);
});

test('403 AuthenticationUnsuccessful: XSQL_TENANT naming the tenant and the Tenant property', async () => {
  const body = { Type: null, Title: 'Forbidden', Status: 403, Detail: 'AuthenticationUnsuccessful', Instance: 'x', Extensions: {} };
  const { err } = await failWith(response(403, body), { tenantId: 'T-999' });
  assert.equal(err.code, 'XSQL_TENANT');
  assert.equal(err.status, 403);
  assert.match(err.message, /not connected to tenant T-999\. Check the Tenant connection property/);
  const none = await failWith(response(403, body));
  assert.match(none.err.message, /no tenant was sent\. Set the Tenant connection property/);
});

test('404 plain text: XSQL_API not found (a by-id read asks for it as a response instead)', async () => {
  const { err } = await failWith(response(404, "The resource you're looking for cannot be found", { 'content-type': 'text/plain' }));
  assert.equal(err.code, 'XSQL_API');
  assert.equal(err.status, 404);
  assert.equal(err.message, "Not found: GET https://api.xero.com/api.xro/2.0/Invoices (HTTP 404: The resource you're looking for cannot be found).");
});

test('501 is not retried; other statuses show a short excerpt of the body', async () => {
  const { err, calls } = await failWith(response(501, 'The method you have called has not been implemented'));
  assert.equal(calls, 1);
  assert.equal(err.message, 'Xero answered HTTP 501 to GET https://api.xero.com/api.xro/2.0/Invoices: The method you have called has not been implemented.');
  const long = await failWith(response(409, `x${'y'.repeat(500)}`));
  assert.ok(long.err.message.length < 320);
});

test('the correlation id is kept', async () => {
  const { err } = await failWith(response(400, { Type: 'QueryParseException', Message: 'Syntax error' }, { 'Xero-Correlation-Id': 'abc-123' }));
  assert.equal(err.correlationId, 'abc-123');
});

test('readErrorBody reads the other APIs’ shapes', () => {
  assert.deepEqual(readErrorBody('{"problem":{"type":"invalid-request","title":"Bad","detail":"Validation error","invalidFields":[{"name":"x","reason":"x is required"}]}}'), {
    type: 'invalid-request',
    message: 'Validation error',
    validationErrors: ['x is required'],
  });
  assert.deepEqual(readErrorBody('{"message":"The request is invalid.","modelState":{"a":["A is wrong"],"b":["B too"]}}'), {
    message: 'The request is invalid.',
    validationErrors: ['A is wrong', 'B too'],
  });
  assert.deepEqual(readErrorBody('{"type":"x","title":"T","detail":"D","fieldValidationErrors":[{"detail":"bad field"}]}').validationErrors, ['bad field']);
  assert.deepEqual(readErrorBody('  plain\n text  '), { message: 'plain text', validationErrors: [] });
  assert.deepEqual(readErrorBody(''), { validationErrors: [] });
});
