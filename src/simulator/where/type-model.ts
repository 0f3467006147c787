/**
 * The type model the where/order interpreter checks expressions against: for each Xero
 * component schema that is an object, its properties and what kind of value each holds.
 * Generated from Xero's OpenAPI specs by `scripts/gen-simulator-model.ts` into
 * `../generated/where-types.json`, so the simulator never reads the specs at run time.
 */
import whereTypes from '../generated/where-types.json' with { type: 'json' };

/** A property's value kind, compacted from its OpenAPI schema. */
export type FieldKind =
  | { readonly kind: 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'datetime' | 'guid' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  /** A nested object; `ref` names its type in the same model. */
  | { readonly kind: 'object'; readonly ref: string }
  | { readonly kind: 'array'; readonly items: FieldKind };

/** One type's properties, keyed by their exact (PascalCase) JSON names. */
export type TypeDef = { readonly [property: string]: FieldKind };

/** Every object type of one API, keyed by the spec's schema name (`Invoice`, `Employee`, ...). */
export type TypeModel = { readonly [typeName: string]: TypeDef };

/** The APIs whose list endpoints accept `where` and `order`. */
export type WhereApi = 'accounting' | 'payrollAu';

/** The generated file's shape. */
type GeneratedModels = { readonly [A in WhereApi]: TypeModel };

// The JSON import's inferred type widens `kind` to string; the file is our own generated
// output, so the cast only restores what the generator guarantees.
const models = whereTypes as unknown as GeneratedModels;

/** The generated type model of one API (Accounting or Payroll AU v1). */
export function loadTypeModel(api: WhereApi): TypeModel {
  const model = Object.hasOwn(models, api) ? models[api] : undefined;
  if (model === undefined) throw new RangeError(`No where type model for API '${String(api)}'`);
  return model;
}

/** A property found by {@link findProperty}: its exact JSON name and kind. */
export interface FoundProperty {
  readonly name: string;
  readonly kind: FieldKind;
}

// Per model, per type: lower-cased property name -> property. Built on first use of a type.
const caseInsensitiveIndex = new WeakMap<TypeModel, Map<string, Map<string, FoundProperty>>>();

/**
 * Looks a property up the way Dynamic LINQ binds members: an exact match first, otherwise
 * ignoring case (Dynamic LINQ's `FindPropertyOrField` uses `Type.FilterNameIgnoreCase`).
 * Returns undefined when the type has no such property.
 */
export function findProperty(model: TypeModel, typeName: string, name: string): FoundProperty | undefined {
  // Own properties only: a member named `constructor` or `valueOf` must not reach Object.prototype.
  if (!Object.hasOwn(model, typeName)) return undefined;
  const def = model[typeName] as TypeDef;
  if (Object.hasOwn(def, name)) return { name, kind: def[name] as FieldKind };
  let byType = caseInsensitiveIndex.get(model);
  if (byType === undefined) {
    byType = new Map();
    caseInsensitiveIndex.set(model, byType);
  }
  let index = byType.get(typeName);
  if (index === undefined) {
    index = new Map();
    // Sorted so that, should two properties differ only by case, the choice is stable.
    for (const key of Object.keys(def).sort()) {
      const lower = key.toLowerCase();
      const kind = def[key];
      if (kind !== undefined && !index.has(lower)) index.set(lower, { name: key, kind });
    }
    byType.set(typeName, index);
  }
  return index.get(name.toLowerCase());
}
