/**
 * The Projects API's error bodies: `{"message": ..., "modelState": {...}}` (xero-projects.yaml
 * `Error`, xero-platform-facts.md §9), `modelState` mapping each offending parameter to its
 * messages the way ASP.NET reports invalid model state.
 */
import { json, type SimResponse } from '../http.js';

/** 400 for a query parameter that cannot be used. */
export function invalidParameter(parameter: string, message: string): SimResponse {
  return json(400, { message: 'The request is invalid.', modelState: { [parameter]: [message] } });
}

/** 404 for an unknown project, task or time entry. UNCERTAIN: the spec documents no 404 body. */
export function notFound(message: string): SimResponse {
  return json(404, { message, modelState: {} });
}
