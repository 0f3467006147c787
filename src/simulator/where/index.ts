/**
 * The simulator's interpreter of Xero's `where` and `order` query parameters (Accounting and
 * Payroll AU v1), checked against a type model generated from Xero's OpenAPI specs.
 *
 * ```ts
 * const model = loadTypeModel('accounting');
 * const keep = compileWhere('Status=="AUTHORISED" && Contact.Name.StartsWith("A")', 'Invoice', model);
 * const byDate = compileOrder('Date DESC, InvoiceNumber', 'Invoice', model);
 * const page = invoices.filter(keep).sort(byDate); // or compileSort(...)(list), faster on big lists
 * ```
 *
 * Both throw {@link QueryParseError}, which the HTTP layer returns as
 * 400 `{"ErrorNumber":16,"Type":"QueryParseException","Message": error.message}`.
 */
export { compileWhere } from './evaluator.js';
export { compileOrder, compileSort } from './order.js';
export { QueryParseError } from './errors.js';
export { loadTypeModel } from './type-model.js';
export type { FieldKind, TypeDef, TypeModel, WhereApi } from './type-model.js';
export { MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH } from './parser.js';
