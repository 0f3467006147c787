/**
 * The Assets API's error bodies: `{resourceValidationErrors, fieldValidationErrors, type, title,
 * detail}` (xero_assets.yaml `Error` and its 400 example, xero-platform-facts.md §9).
 */
import { json, type SimResponse } from '../http.js';

/** 400 for a query parameter that is missing or not allowed. */
export function fieldValidationError(fieldName: string, valueProvided: string, message: string): SimResponse {
  return json(400, {
    resourceValidationErrors: [],
    fieldValidationErrors: [
      {
        fieldName,
        valueProvided,
        localisedMessage: message,
        type: 'http://common.service.xero.com/errors/validation/field',
        title: 'Validation Error',
        detail: message,
      },
    ],
    type: 'http://common.service.xero.com/errors/validation',
    // The spec's example words it so for every validation failure.
    title: 'The resource update failed validation.',
    detail: 'Validation Errors',
  });
}

/** 404 for an unknown asset. UNCERTAIN: the spec documents no 404 body; this keeps the API's error shape. */
export function notFound(detail: string): SimResponse {
  return json(404, {
    resourceValidationErrors: [],
    fieldValidationErrors: [],
    type: 'http://common.service.xero.com/errors/notfound',
    title: 'Not Found',
    detail,
  });
}
