/**
 * The response schemas of one Xero API (test/fixtures/openapi/<api>-responses.json, generated from
 * the specs by scripts/gen-response-schemas.ts) and an ajv validator for each path's schema, its
 * `#/definitions/...` references pointing into that API's definitions.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** One GET path of the spec: its response content type, schema and scopes. */
export interface SpecPath {
  readonly contentType: string | null;
  readonly schema: unknown;
  readonly scopes: string[];
}

export interface ResponseSchemas {
  readonly spec: { readonly definitions: Record<string, unknown>; readonly paths: Record<string, SpecPath> };
  /** Compiles a path's response schema. */
  validatorFor(schema: unknown): ValidateFunction;
}

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** Loads `<api>-responses.json`; `formats` are extra format names accepted as they are (`decimal`). */
export function responseSchemas(api: string, formats: readonly string[] = []): ResponseSchemas {
  const spec = JSON.parse(readFileSync(new URL(`../fixtures/openapi/${api}-responses.json`, import.meta.url), 'utf8')) as ResponseSchemas['spec'];
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const format of formats) ajv.addFormat(format, true);
  ajv.addSchema({ $id: api, definitions: spec.definitions });
  const rebase = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rebase);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? `${api}${v}` : rebase(v)]));
  };
  return { spec, validatorFor: (schema) => ajv.compile(rebase(schema) as object) };
}
