/**
 * The Files API's error bodies. Its spec shows errors as an array of problems,
 * `[{"type":"Validation","title":"Validation failure","detail":"..."}]` (xero_files.yaml, the 400
 * examples); the simulator answers bad query parameters and unknown ids in that shape.
 */
import { json, type SimResponse } from '../http.js';

/** 400 for a query parameter the API cannot use. */
export function validationFailure(detail: string): SimResponse {
  return json(400, [{ type: 'Validation', title: 'Validation failure', detail }]);
}

/**
 * 404 for an unknown file or folder. UNCERTAIN: the spec documents no 404 body for the Files
 * API; this reuses its problem-array shape.
 */
export function notFound(what: string, id: string): SimResponse {
  return json(404, [{ type: 'NotFound', title: 'Not found', detail: `${what} ${id} was not found` }]);
}
