/**
 * Generates `src/simulator/generated/where-types.json`: the type model the simulator's
 * where/order interpreter checks expressions against, derived from Xero's OpenAPI specs.
 *
 *   npx tsx scripts/gen-simulator-model.ts [specDir] [outFile]
 *
 * `specDir` defaults to `../shared/xero-openapi` and `outFile` to the committed file (both
 * relative to the repository root; a test writes elsewhere to check it is up to date). The output
 * is committed: the product never reads the specs at run time. Output is deterministic (sorted
 * type and property names) so a regeneration only shows real spec changes in a diff.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { FieldKind, TypeDef, TypeModel, WhereApi } from '../src/simulator/where/type-model.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const specDir = resolve(repoRoot, process.argv[2] ?? '../shared/xero-openapi');
const outFile = resolve(repoRoot, process.argv[3] ?? 'src/simulator/generated/where-types.json');

const SPECS: { readonly [A in WhereApi]: string } = {
  accounting: 'xero_accounting.yaml',
  payrollAu: 'xero-payroll-au.yaml',
};

/** The subset of an OpenAPI schema object this generator reads. */
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  'x-is-msdate'?: boolean;
  'x-is-msdate-time'?: boolean;
}

/** Builds one API's model from its `components.schemas`. */
function buildModel(schemas: Record<string, Schema>): TypeModel {
  const types: Record<string, TypeDef> = {};

  const refName = (ref: string): string => {
    const prefix = '#/components/schemas/';
    if (!ref.startsWith(prefix)) throw new Error(`Unsupported $ref '${ref}'`);
    const name = ref.slice(prefix.length);
    if (schemas[name] === undefined) throw new Error(`Dangling $ref '${ref}'`);
    return name;
  };

  const isObjectSchema = (s: Schema): boolean =>
    s.type === 'object' || ((s.type === undefined) && (s.properties !== undefined || s.allOf !== undefined));

  /** The properties of an object schema, with `allOf` parts (and their `$ref`s) merged in order. */
  const collectProperties = (s: Schema, seen: Set<string>): Record<string, Schema> => {
    const out: Record<string, Schema> = {};
    for (const part of s.allOf ?? []) {
      let target = part;
      if (part.$ref !== undefined) {
        const name = refName(part.$ref);
        if (seen.has(name)) throw new Error(`Circular allOf through '${name}'`);
        target = schemas[name] as Schema;
        Object.assign(out, collectProperties(target, new Set([...seen, name])));
      } else {
        Object.assign(out, collectProperties(target, seen));
      }
    }
    Object.assign(out, s.properties ?? {});
    return out;
  };

  const defineType = (name: string, s: Schema): void => {
    if (types[name] !== undefined) return;
    const def: Record<string, FieldKind> = {};
    types[name] = def; // registered before recursing so self-references terminate
    for (const [prop, ps] of Object.entries(collectProperties(s, new Set([name])))) {
      def[prop] = kindOf(ps, `${name}.${prop}`, new Set());
    }
  };

  /**
   * The kind of a property schema. `context` names synthetic types for inline objects
   * (`Settings.TrackingCategories`): a dot cannot occur in a spec schema name, so they
   * never collide.
   */
  const kindOf = (s: Schema, context: string, refsSeen: Set<string>): FieldKind => {
    if (s.$ref !== undefined) {
      // `$ref` wins over siblings such as `type: string` that the spec puts beside it.
      const name = refName(s.$ref);
      const target = schemas[name] as Schema;
      if (isObjectSchema(target)) {
        defineType(name, target);
        return { kind: 'object', ref: name };
      }
      if (refsSeen.has(name)) throw new Error(`Circular $ref through '${name}'`);
      return kindOf(target, name, new Set([...refsSeen, name]));
    }
    if (s.allOf !== undefined && s.properties === undefined && s.allOf.length === 1) {
      return kindOf(s.allOf[0] as Schema, context, refsSeen);
    }
    if (isObjectSchema(s)) {
      defineType(context, s);
      return { kind: 'object', ref: context };
    }
    if (s.enum !== undefined) return { kind: 'enum', values: s.enum.map(String) };
    switch (s.type) {
      case 'string':
        if (s.format === 'uuid') return { kind: 'guid' };
        if (s['x-is-msdate-time'] === true || s.format === 'date-time') return { kind: 'datetime' };
        if (s['x-is-msdate'] === true || s.format === 'date') return { kind: 'date' };
        return { kind: 'string' };
      case 'number':
        return { kind: 'number' };
      case 'integer':
        return { kind: 'integer' };
      case 'boolean':
        return { kind: 'boolean' };
      case 'array':
        if (s.items === undefined) throw new Error(`Array without items at ${context}`);
        return { kind: 'array', items: kindOf(s.items, `${context}.Item`, refsSeen) };
      default:
        throw new Error(`Cannot classify the schema at ${context}: ${JSON.stringify(s).slice(0, 200)}`);
    }
  };

  for (const [name, s] of Object.entries(schemas)) {
    if (isObjectSchema(s)) defineType(name, s);
  }
  return types;
}

/**
 * Serialises with sorted keys, one property per line and each kind on that line, so the
 * committed file diffs by property.
 */
function serialise(models: { readonly [A in WhereApi]: TypeModel }): string {
  const lines: string[] = ['{'];
  const apis = Object.keys(models).sort() as WhereApi[];
  apis.forEach((api, ai) => {
    lines.push(`  ${JSON.stringify(api)}: {`);
    const model = models[api];
    const typeNames = Object.keys(model).sort();
    typeNames.forEach((typeName, ti) => {
      const def = model[typeName] as TypeDef;
      const props = Object.keys(def).sort();
      if (props.length === 0) {
        lines.push(`    ${JSON.stringify(typeName)}: {}${ti < typeNames.length - 1 ? ',' : ''}`);
        return;
      }
      lines.push(`    ${JSON.stringify(typeName)}: {`);
      props.forEach((prop, pi) => {
        const kind = JSON.stringify(def[prop]);
        lines.push(`      ${JSON.stringify(prop)}: ${kind}${pi < props.length - 1 ? ',' : ''}`);
      });
      lines.push(`    }${ti < typeNames.length - 1 ? ',' : ''}`);
    });
    lines.push(`  }${ai < apis.length - 1 ? ',' : ''}`);
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

const models = {} as { [A in WhereApi]: TypeModel };
for (const api of Object.keys(SPECS) as WhereApi[]) {
  const file = resolve(specDir, SPECS[api]);
  const doc = parse(readFileSync(file, 'utf8')) as { components?: { schemas?: Record<string, Schema> } };
  const schemas = doc.components?.schemas;
  if (schemas === undefined) throw new Error(`${file} has no components.schemas`);
  models[api] = buildModel(schemas);
}
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, serialise(models));
const counts = (Object.keys(models) as WhereApi[]).map((a) => `${a}: ${Object.keys(models[a]).length} types`);
console.log(`wrote ${outFile} (${counts.join(', ')})`);
