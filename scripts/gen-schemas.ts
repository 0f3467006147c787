/**
 * Generates the table declarations of every schema, `schemas/<schema>/<Table>.json`, from Xero's
 * OpenAPI specs plus one hand-kept overlay per schema, `schemas/overlay/<schema>.json` (which
 * names its spec file, its schema and its column-name casing).
 *
 * `npx tsx scripts/gen-schemas.ts [specDir]` (default `../shared/xero-openapi`, relative to the
 * repository) rewrites the folder; a test checks the committed files equal what this produces.
 *
 * What comes from the spec: the columns of each record (its component schema: names, types,
 * descriptions, nesting), the envelope key, which query parameters and headers each endpoint
 * takes (so `where`/`order`, `If-Modified-Since` and paging are known), the scopes, and each
 * report's parameters (its pseudo-columns). What comes from the overlay: table names and
 * descriptions, paths, how records flatten (items, nested objects, numbered and typed repeats,
 * tracking slots, column names where the commercial driver's differ from the mechanical ones),
 * and every pushdown that is not a plain `where` on a record field (parameters, ranges, optimised
 * filters). Naming rules (applied to spec property names):
 *
 * - `...ID` becomes `...Id` in every `_`-separated part (`InvoiceID` → `InvoiceId`), as the
 *   commercial driver spells them (cdata-xero-model.md §2.3).
 * - A nested object's fields get the prefix `<Property>_` (`BankAccount_Code`), unless the
 *   overlay gives a prefix without the trailing `_`: then the prefix is joined directly and a
 *   field already starting with its last word is not repeated (`Contact` + `ContactID` →
 *   `ContactId`, `Contact` + `Name` → `ContactName`).
 * - Item columns get the item prefix (`LineItem_`), tracking slots
 *   `<prefix><slot>_CategoryId|CategoryName|OptionId|OptionName`, numbered repeats the
 *   overlay's `{n}` prefix (`ContactPerson1_FirstName`), typed repeats its `{value}` prefix with
 *   the spec's enum values (`POBOX_AddressLine1`, `MOBILE_PhoneNumber`).
 * - Fields only sent to Xero, or duplicating another as text, are left out: validation output
 *   (`ValidationErrors`, `Warnings`, `StatusAttributeString`, `HasErrors`,
 *   `HasValidationErrors`), `Attachments` (read with the attachment procedures) and
 *   `<Field>String` twins of date fields.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SCHEMAS } from '../src/connection/properties.js';
import {
  SQL_TYPES,
  VALUE_FORMATS,
  tableDefSchema,
  type PushOperator,
  type SqlType,
  type ValueFormat,
  type WhereKind,
} from '../src/catalog/table-def.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
/** Where the spec lives by default: beside the repository (DESIGN.md §5). */
export const DEFAULT_SPEC_DIR = resolve(REPO, '../shared/xero-openapi');
/** The hand-kept overlays, one per schema (`accounting.json`, `payrollaus.json`, ...). */
export const OVERLAY_DIR = join(REPO, 'schemas/overlay');
/** The ACCOUNTING overlay. */
export const OVERLAY = join(OVERLAY_DIR, 'accounting.json');

/** Every overlay file, sorted. */
export function overlayFiles(): string[] {
  return readdirSync(OVERLAY_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(OVERLAY_DIR, f));
}

/** Where an overlay's declarations are written: `schemas/<schema in lower case>/`. */
export function outDirFor(overlayFile: string): string {
  const { schema } = overlaySchema.parse(JSON.parse(readFileSync(overlayFile, 'utf8')));
  return join(REPO, 'schemas', schema.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// The spec, as far as the generator reads it.

interface SchemaObject {
  readonly type?: string;
  readonly format?: string;
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, SchemaObject>>;
  readonly items?: SchemaObject;
  readonly $ref?: string;
  readonly 'x-is-money'?: boolean;
  readonly 'x-is-msdate'?: boolean;
  readonly 'x-is-msdate-time'?: boolean;
}

interface ParameterObject {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly description?: string;
  readonly schema?: SchemaObject;
  readonly $ref?: string;
}

interface ResponseObject {
  readonly $ref?: string;
  readonly content?: Readonly<Record<string, { readonly schema?: SchemaObject }>>;
}

interface OperationObject {
  readonly parameters?: readonly ParameterObject[];
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
  readonly responses: Readonly<Record<string, ResponseObject>>;
}

interface Spec {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OperationObject>>>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, SchemaObject>>;
    readonly parameters: Readonly<Record<string, ParameterObject>>;
    readonly responses: Readonly<Record<string, ResponseObject>>;
  };
}

// ---------------------------------------------------------------------------------------------
// The overlay's shape.

const nestedSpec = z
  .object({
    /** Column-name prefix of the nested object's fields (absolute; see the naming rules). */
    prefix: z.string().optional(),
    /** Fields to keep, in this order (default: every field, in spec order). */
    pick: z.array(z.string()).optional(),
  })
  .strict();

const repeatShape = {
  /** Column-name prefix: `{n}` is the 1-based number, `{value}` the type value. */
  prefix: z.string(),
  pick: z.array(z.string()).optional(),
  /** Field → column-name suffix, where the driver's differ from the field names. */
  names: z.record(z.string(), z.string()).default({}),
};

const partSpec = z
  .object({
    /** Prefix of this part's column names (`LineItem_`). */
    prefix: z.string().default(''),
    /** Put before spec descriptions (`Line item`). */
    label: z.string().optional(),
    /** Top-level properties to keep, in this order (default: all, in spec order). */
    pick: z.array(z.string()).optional(),
    /** Property paths to leave out. */
    exclude: z.array(z.string()).default([]),
    /** Nested objects to flatten, by property path (others are left out). */
    nested: z.record(z.string(), nestedSpec).default({}),
    /** Arrays read by position (`ContactPersons` → `ContactPerson1_..4_`). */
    indexed: z.record(z.string(), z.object({ count: z.number().int().positive(), ...repeatShape }).strict()).default({}),
    /** Arrays read by a type field (`Addresses` by `AddressType`); values default to the spec's enum. */
    match: z.record(z.string(), z.object({ key: z.string(), values: z.array(z.string()).optional(), ...repeatShape }).strict()).default({}),
    /** The tracking array of this part and the prefix of its slot columns. */
    tracking: z.object({ path: z.string(), prefix: z.string() }).strict().optional(),
    /** Property path → column name, where the driver's name is not the mechanical one. */
    names: z.record(z.string(), z.string()).default({}),
  })
  .strict();

const patchSpec = z
  .object({
    name: z.string().optional(),
    type: z.enum(SQL_TYPES).optional(),
    format: z.enum(VALUE_FORMATS).optional(),
    description: z.string().optional(),
    key: z.boolean().optional(),
    /** Merged into the generated filter; a null value removes that entry. */
    filter: z.record(z.string(), z.unknown()).optional(),
    order: z.string().nullable().optional(),
  })
  .strict();

const tableSpec = z
  .object({
    /** Why the entry is as it is (sources, UNCERTAIN points); not copied to the declaration. */
    $comment: z.string().optional(),
    kind: z.enum(['table', 'view']),
    description: z.string().min(1),
    /**
     * How the columns are made: from the record schema (`collection`), the History template
     * (`history`), the report template (`report`), or the connection's tenants (`tenants`).
     */
    template: z.enum(['collection', 'history', 'report', 'tenants']).default('collection'),
    request: z
      .object({
        /** Our path (`{Column}` placeholders name pathParam columns). */
        path: z.string(),
        /** The spec's path when it differs from ours (placeholder names). */
        spec: z.string().optional(),
        byIdPath: z.string().optional(),
        /** The records' place in the response, where the spec's shape does not say it (`PayItems.EarningsRates`). */
        envelope: z.string().optional(),
        /** The records' schema name, with `envelope`. */
        record: z.string().optional(),
        /**
         * `false`: do not send WHERE/ORDER BY as `where`/`order` although the endpoint takes
         * them (Payroll's /PayItems: whether they reach the nested arrays is not documented).
         */
        where: z.boolean().optional(),
        order: z.boolean().optional(),
        detailNeedsPaging: z.boolean().optional(),
        paging: z.unknown().optional(),
        params: z.record(z.string(), z.string()).optional(),
        /** The parameter that includes archived records (IncludeArchived=true). */
        archivedParam: z.string().optional(),
        /** Scopes besides the spec's (the granular ones, xero-platform-facts.md §5.3-5.4). */
        scopes: z.array(z.string()).default([]),
      })
      .strict(),
    /** Record rows: the record's id property (the key column). */
    key: z.string().optional(),
    rows: z.unknown().optional(),
    header: partSpec.default({ prefix: '', exclude: [], nested: {}, indexed: {}, match: {}, names: {} }),
    /** The item part, or the name of a shared one in the overlay's `parts` (line items). */
    item: z.union([z.string(), partSpec]).optional(),
    inner: partSpec.optional(),
    report: z
      .object({
        /** How many `LabelN` cell columns (the most cells the report can have). */
        labels: z.number().int().min(0),
        /** The cell attribute `AccountId` reads; none for reports without accounts. */
        attribute: z.string().optional(),
        /** Report parameter → pseudo-column name, where the mechanical one would clash. */
        pseudoNames: z.record(z.string(), z.string()).default({}),
      })
      .strict()
      .optional(),
    history: z.object({ column: z.string(), parent: z.string() }).strict().optional(),
    columns: z.record(z.string(), patchSpec).default({}),
    add: z.array(z.object({ after: z.string().optional(), column: z.record(z.string(), z.unknown()) }).strict()).default([]),
  })
  .strict();

const overlaySchema = z
  .object({
    $comment: z.string().optional(),
    /** The spec file (in the spec folder) the tables come from. */
    spec: z.string().default('xero_accounting.yaml'),
    /** The connection `Schema` the tables belong to. */
    schema: z.enum(SCHEMAS).default('ACCOUNTING'),
    /**
     * `pascal`: column names start each word in capitals (`projectId` → `ProjectId`), as the
     * commercial driver names the camelCase APIs' columns (cdata-xero-model.md §2.3).
     */
    casing: z.enum(['as-is', 'pascal']).default('as-is'),
    /**
     * SQL type of the spec's plain `number`s: `decimal` for APIs whose numbers are mostly money
     * or units and whose spec has no `x-is-money` flags (Payroll, Assets, Projects).
     */
    numbers: z.enum(['real', 'decimal']).default('real'),
    base: z.string(),
    /** Item parts several tables share (`lineItem`). */
    parts: z.record(z.string(), partSpec).default({}),
    tables: z.record(z.string(), tableSpec),
  })
  .strict();

/** A table's overlay entry with its item part resolved. */
type TableSpec = Omit<z.output<typeof tableSpec>, 'item'> & { readonly item?: PartSpec };
type PartSpec = z.output<typeof partSpec>;

/** A column as written to the JSON files (defaults left out). */
interface Column {
  name: string;
  type: SqlType;
  description: string;
  source: Record<string, unknown>;
  format?: ValueFormat;
  key?: boolean;
  filter?: Record<string, unknown>;
  order?: string;
}

/** Everything that went wrong, reported together. */
class Problems {
  readonly list: string[] = [];
  add(table: string, message: string): void {
    this.list.push(`${table}: ${message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the spec.

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

function resolveSchema(spec: Spec, schema: SchemaObject): SchemaObject {
  let current = schema;
  for (let depth = 0; current.$ref !== undefined && depth < 10; depth++) {
    const target = spec.components.schemas[refName(current.$ref)];
    if (!target) throw new Error(`unresolved ${current.$ref}`);
    // A property's own description (and x- flags) win over the referenced schema's.
    current = { ...target, ...Object.fromEntries(Object.entries(current).filter(([k]) => k !== '$ref')) };
  }
  return current;
}

function parameters(spec: Spec, op: OperationObject): ParameterObject[] {
  return (op.parameters ?? []).map((p) => (p.$ref ? (spec.components.parameters[refName(p.$ref)] as ParameterObject) : p));
}

/**
 * Where a response's records are: the envelope key (none for a bare array or a bare object) and
 * the record's schema name. Shapes: `{"Invoices": [...]}` and `{"items": [...], "pagination"}`
 * (the first record array), a bare array of records, `{"Payslip": {...}}` (a lone object
 * property), or a bare record.
 */
function envelopeOf(spec: Spec, op: OperationObject): Envelope | undefined {
  let response = op.responses['200'];
  if (response?.$ref) response = spec.components.responses[refName(response.$ref)];
  const schema = response?.content?.['application/json']?.schema;
  if (schema?.type === 'array' && schema.items?.$ref) return { record: refName(schema.items.$ref) };
  const schemaRef = schema?.$ref;
  if (!schemaRef) return undefined;
  const envelope = spec.components.schemas[refName(schemaRef)];
  // The record array, not the `Warnings` array of ValidationError some envelopes also declare.
  const arrays = Object.entries(envelope?.properties ?? {}).filter(([, prop]) => prop.type === 'array' && prop.items?.$ref && refName(prop.items.$ref) !== 'ValidationError');
  const [key, prop] = arrays[0] ?? [];
  if (key && prop?.items?.$ref) return { key, record: refName(prop.items.$ref) };
  const props = Object.entries(envelope?.properties ?? {});
  const [lone, loneProp] = props[0] ?? [];
  if (props.length === 1 && lone && loneProp?.$ref) return { key: lone, record: refName(loneProp.$ref) };
  return { record: refName(schemaRef) };
}

interface Envelope {
  readonly key?: string;
  readonly record: string;
}

/** The spec's GET for a by-id path: `/Accounts/{id}` ↔ `/Accounts/{AccountID}`. */
function byIdOperation(spec: Spec, byIdPath: string): OperationObject | undefined {
  const ours = byIdPath.split('/');
  return Object.entries(spec.paths).find(([path, item]) => {
    const theirs = path.split('/');
    return item.get !== undefined && theirs.length === ours.length && theirs.every((seg, i) => (ours[i] === '{id}' ? /^\{\w+\}$/.test(seg) : seg === ours[i]));
  })?.[1].get;
}

// ---------------------------------------------------------------------------------------------
// Naming, typing and describing fields.

/** The overlay's column-name casing and number type, set per overlay by {@link generateSchemas}. */
let casing: 'as-is' | 'pascal' = 'as-is';
let numbers: 'real' | 'decimal' = 'real';

/** A spec property name as a column-name word (`projectId` → `ProjectId` with pascal casing). */
function word(prop: string): string {
  return casing === 'pascal' ? prop.charAt(0).toUpperCase() + prop.slice(1) : prop;
}

/** `InvoiceID` → `InvoiceId` in every `_`-separated part. */
function idCase(name: string): string {
  return name
    .split('_')
    .map((part) => part.replace(/ID$/, 'Id'))
    .join('_');
}

/** Joins a prefix and a field name per the naming rules above. */
function joinName(prefix: string, field: string): string {
  if (prefix === '' || prefix.endsWith('_')) return prefix + field;
  const base = prefix.slice(prefix.lastIndexOf('_') + 1);
  return field.startsWith(base) ? prefix.slice(0, prefix.length - base.length) + field : prefix + field;
}

const ALWAYS_SKIPPED = new Set(['ValidationErrors', 'Warnings', 'StatusAttributeString', 'HasErrors', 'HasValidationErrors', 'Attachments']);

/** `LineAmountTypes` → `Line amount types`. */
function humanize(name: string): string {
  const words = name
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ')
    .filter((w) => w !== '')
    .map((w, i) => (i > 0 && /^[A-Z][a-z]+$/.test(w) ? w.toLowerCase() : w));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The first sentence of a spec description, on one line, ending with a full stop. */
function firstSentence(text: string | undefined): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  if (flat === '') return '';
  const end = /(?<!\b(?:e\.g|i\.e|etc|vs|approx|incl|max|min|no))[.!?](?=\s+[A-Z(])/.exec(flat);
  const sentence = end ? flat.slice(0, end.index + 1) : flat;
  return /[.!?)]$/.test(sentence) ? sentence : `${sentence}.`;
}

function describe(label: string | undefined, schema: SchemaObject, field: string): string {
  let text = firstSentence(schema.description) || `${humanize(field)}.`;
  // Some spec descriptions are only a constraint ("max length = 500") or a pointer ("See
  // Accounts"): name the field too.
  if (/^(max length|see )/i.test(text)) text = `${humanize(field)} (${text.charAt(0).toLowerCase()}${text.slice(1).replace(/\.$/, '')}).`;
  return label ? `${label}: ${text}` : text;
}

function sqlTypeOf(schema: SchemaObject): { type: SqlType; format?: ValueFormat } | undefined {
  switch (schema.type) {
    case 'string':
      if (schema['x-is-msdate']) return { type: 'date', format: 'msdate' };
      if (schema['x-is-msdate-time']) return { type: 'datetime', format: 'msdatetime' };
      if (schema.format === 'date') return { type: 'date', format: 'isodate' };
      if (schema.format === 'date-time') return { type: 'datetime', format: 'isodatetime' };
      return { type: 'text' };
    case 'number':
      return { type: schema['x-is-money'] ? 'decimal' : numbers };
    case 'integer':
      return { type: 'integer' };
    case 'boolean':
      return { type: 'boolean' };
    default:
      return undefined;
  }
}

function whereKindOf(schema: SchemaObject): WhereKind | undefined {
  if (schema.type === 'string') {
    if (schema['x-is-msdate']) return 'date';
    if (schema['x-is-msdate-time']) return 'datetime';
    if (schema.format === 'date') return 'date';
    if (schema.format === 'date-time') return 'datetime';
    if (schema.format === 'uuid') return 'guid';
    return schema.enum ? 'enum' : 'string';
  }
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.type === 'boolean') return 'boolean';
  return undefined;
}

/**
 * What Xero's `where` can do per kind of value (xero-platform-facts.md §8): strings compare for
 * (in)equality and take `StartsWith`/`Contains`/`EndsWith` (which the engine makes from safe
 * LIKE patterns); GUIDs, enums and booleans only (in)equality; numbers and dates every
 * comparison. Null tests only where the value can be absent from Xero's model (strings and
 * dates); .NET value types (GUIDs, enums, numbers, booleans) cannot be compared with null.
 */
const WHERE_OPERATORS: Record<WhereKind, readonly PushOperator[]> = {
  string: ['=', '!=', 'like', 'is null', 'is not null'],
  guid: ['=', '!='],
  enum: ['=', '!='],
  boolean: ['=', '!='],
  number: ['=', '!=', '<', '<=', '>', '>='],
  date: ['=', '!=', '<', '<=', '>', '>=', 'is null', 'is not null'],
  datetime: ['=', '!=', '<', '<=', '>', '>=', 'is null', 'is not null'],
};

// ---------------------------------------------------------------------------------------------
// Columns of one part (the record, an item, an inner element).

interface PartContext {
  readonly spec: Spec;
  readonly table: string;
  readonly scope: 'record' | 'item' | 'inner';
  readonly part: PartSpec;
  readonly problems: Problems;
  /** Property paths the overlay mentions; each must be met, or it is reported as a typo. */
  readonly unused: Set<string>;
}

/** The spec paths a part's overlay entries name, so misspelt ones can be reported. */
function mentionedPaths(part: PartSpec): Set<string> {
  return new Set([
    ...part.exclude,
    ...Object.keys(part.nested),
    ...Object.keys(part.indexed),
    ...Object.keys(part.match),
    ...Object.keys(part.names),
    ...(part.tracking ? [part.tracking.path] : []),
  ]);
}

function fieldColumn(ctx: PartContext, name: string, path: string, schema: SchemaObject, label: string | undefined, field: string): Column | undefined {
  const sql = sqlTypeOf(schema);
  if (!sql) return undefined;
  const column: Column = { name, type: sql.type, description: describe(label, schema, field), source: { kind: 'field', path, ...(ctx.scope === 'record' ? {} : { scope: ctx.scope }) } };
  if (sql.format) column.format = sql.format;
  return column;
}

function repeatedFields(ctx: PartContext, arraySchema: SchemaObject, pick: readonly string[] | undefined, skip: string | undefined): [string, SchemaObject][] {
  const element = arraySchema.items ? resolveSchema(ctx.spec, arraySchema.items) : {};
  const props = Object.entries(element.properties ?? {}).filter(([f]) => f !== skip && !ALWAYS_SKIPPED.has(f));
  const chosen = pick ? pick.map((f) => [f, element.properties?.[f]] as const) : props;
  return chosen.flatMap(([f, s]) => {
    if (!s) {
      ctx.problems.add(ctx.table, `pick names ${f}, which the spec's element has not`);
      return [];
    }
    const resolved = resolveSchema(ctx.spec, s);
    return sqlTypeOf(resolved) ? [[f, resolved] as [string, SchemaObject]] : [];
  });
}

function partColumns(ctx: PartContext, schema: SchemaObject, pathPrefix: string, namePrefix: string, label: string | undefined, pick?: readonly string[]): Column[] {
  const { part } = ctx;
  const props = schema.properties ?? {};
  const names = pick ?? Object.keys(props);
  const columns: Column[] = [];
  for (const prop of names) {
    const raw = props[prop];
    const path = pathPrefix === '' ? prop : `${pathPrefix}.${prop}`;
    if (!raw) {
      ctx.problems.add(ctx.table, `pick names ${path}, which the spec has not`);
      continue;
    }
    ctx.unused.delete(path);
    if (ALWAYS_SKIPPED.has(prop) || part.exclude.includes(path)) continue;
    if (prop.endsWith('String') && props[prop.slice(0, -'String'.length)]) continue;
    const resolved = resolveSchema(ctx.spec, raw);
    const mechanical = idCase(joinName(namePrefix, word(prop)));

    if (part.tracking?.path === path) {
      for (const slot of [1, 2] as const) {
        for (const [partName, words] of [
          ['CategoryId', 'category id'],
          ['CategoryName', 'category name'],
          ['OptionId', 'option id'],
          ['OptionName', 'option name'],
        ] as const) {
          columns.push({
            name: `${part.tracking.prefix}${slot}_${partName}`,
            type: 'text',
            description: `${label ? `${label}: t` : 'T'}racking category ${slot} (of at most 2), its ${words}.`,
            source: { kind: 'tracking', path, ...(ctx.scope === 'item' ? {} : { scope: ctx.scope }), slot, part: partName },
          });
        }
      }
      continue;
    }
    const indexed = part.indexed[path];
    if (indexed) {
      if (ctx.scope === 'inner') ctx.problems.add(ctx.table, `indexed ${path} must be a record or item field`);
      const scope = ctx.scope === 'item' ? { scope: 'item' } : {};
      const element = resolved.items ? resolveSchema(ctx.spec, resolved.items) : {};
      // An array of plain values (a timesheet line's units per day): one column per position.
      const scalar = sqlTypeOf(element);
      for (let n = 1; n <= indexed.count; n++) {
        if (scalar) {
          const column = fieldColumn(ctx, indexed.prefix.replace('{n}', String(n)), path, element, label, `${prop} ${n}`) as Column;
          column.description = `${label ? `${label}: ` : ''}${humanize(prop)}, value ${n} of ${indexed.count}.`;
          column.source = { kind: 'indexed', path, index: n - 1, ...scope };
          columns.push(column);
          continue;
        }
        for (const [field, fieldSchema] of repeatedFields(ctx, resolved, indexed.pick, undefined)) {
          const name = indexed.prefix.replace('{n}', String(n)) + (indexed.names[field] ?? idCase(word(field)));
          const column = fieldColumn(ctx, name, path, fieldSchema, `${humanize(indexed.prefix.replace('{n}', '').replace(/_$/, ''))} ${n}`, field) as Column;
          column.source = { kind: 'indexed', path, index: n - 1, field, ...scope };
          columns.push(column);
        }
      }
      continue;
    }
    const match = part.match[path];
    if (match) {
      if (ctx.scope !== 'record') ctx.problems.add(ctx.table, `match ${path} must be a record field`);
      const element = resolved.items ? resolveSchema(ctx.spec, resolved.items) : {};
      const keySchema = element.properties?.[match.key];
      const values = match.values ?? (keySchema ? (resolveSchema(ctx.spec, keySchema).enum ?? []).map(String) : []);
      if (values.length === 0) ctx.problems.add(ctx.table, `match ${path}: no values for ${match.key}`);
      for (const value of values) {
        for (const [field, fieldSchema] of repeatedFields(ctx, resolved, match.pick, match.key)) {
          const name = match.prefix.replace('{value}', value) + (match.names[field] ?? idCase(word(field)));
          const column = fieldColumn(ctx, name, path, fieldSchema, `${value} ${humanize(prop).toLowerCase().replace(/(ss)es$|s$/, '$1')}`, field) as Column;
          column.source = { kind: 'match', path, key: match.key, value, field };
          columns.push(column);
        }
      }
      continue;
    }
    if (resolved.type === 'array') continue;
    if (resolved.properties) {
      const nested = part.nested[path];
      if (!nested) continue;
      const prefix = nested.prefix ?? `${namePrefix}${word(prop)}_`;
      columns.push(...partColumns(ctx, resolved, path, prefix, label ? `${label}, ${humanize(prop).toLowerCase()}` : humanize(prop), nested.pick));
      continue;
    }
    const column = fieldColumn(ctx, part.names[path] ?? mechanical, path, resolved, label, prop);
    if (column) columns.push(column);
  }
  return columns;
}

// ---------------------------------------------------------------------------------------------
// Tables.

const TENANT_COLUMN: Column = {
  name: 'TenantId',
  type: 'text',
  description: "The tenant (organisation) the row comes from; WHERE TenantId = '…' reads that tenant instead of the connection's.",
  source: { kind: 'tenant' },
};

interface RequestFacts {
  readonly request: Record<string, unknown>;
  readonly params: ParameterObject[];
  readonly envelope: Envelope | undefined;
  readonly where: boolean;
  readonly order: boolean;
  readonly modifiedSince: boolean;
}

function requestFacts(spec: Spec, base: string, name: string, t: TableSpec, problems: Problems): RequestFacts | undefined {
  const specPath = t.request.spec ?? t.request.path;
  const op = spec.paths[specPath]?.get;
  if (!op) {
    problems.add(name, `the spec has no GET ${specPath}`);
    return undefined;
  }
  const params = parameters(spec, op);
  const has = (p: string) => params.some((x) => x.name === p);
  const envelope: Envelope | undefined =
    t.request.record !== undefined ? { ...(t.request.envelope !== undefined ? { key: t.request.envelope } : {}), record: t.request.record } : envelopeOf(spec, op);
  if (t.request.record !== undefined && !spec.components.schemas[t.request.record]) problems.add(name, `request.record names ${t.request.record}, which the spec has not`);
  const where = has('where') && t.request.where !== false;
  const order = has('order') && t.request.order !== false;
  let paging: unknown = t.request.paging;
  if (paging === undefined) {
    if (has('page')) {
      // Up to 1000 per page where pageSize is accepted ([docs] xero-platform-facts.md §7.4).
      // Accounting lists without `page` return every record (§7.4): paging is optional there.
      paging = has('pageSize')
        ? { style: 'page', size: 100, sizeParam: 'pageSize', maxSize: 1000, pagination: true, optional: true }
        : { style: 'page', size: 100, optional: true };
    } else {
      paging = { style: 'none' };
    }
  }
  for (const param of Object.keys(t.request.params ?? {})) if (!has(param)) problems.add(name, `fixed parameter ${param} is not a parameter of GET ${specPath}`);
  if (t.request.archivedParam !== undefined && !has(t.request.archivedParam)) problems.add(name, `archivedParam ${t.request.archivedParam} is not a parameter of GET ${specPath}`);
  const byIdOp = t.request.byIdPath === undefined ? undefined : byIdOperation(spec, t.request.byIdPath);
  if (t.request.byIdPath !== undefined && !byIdOp) problems.add(name, `the spec has no GET for ${t.request.byIdPath}`);
  // A by-id response may hold the record under another key (`Timesheet`) or bare (`/Files/{id}`).
  const byIdEnvelope = byIdOp ? envelopeOf(spec, byIdOp) : undefined;
  const scopes = [...(op.security?.[0]?.OAuth2 ?? []), ...t.request.scopes];
  const request: Record<string, unknown> = {
    base,
    path: t.request.path,
    paging,
    ...(t.request.byIdPath !== undefined ? { byIdPath: t.request.byIdPath } : {}),
    ...(envelope?.key !== undefined ? { envelope: envelope.key } : {}),
    ...(byIdEnvelope && byIdEnvelope.key !== envelope?.key ? { byIdEnvelope: byIdEnvelope.key ?? null } : {}),
    ...(t.request.detailNeedsPaging ? { detailNeedsPaging: true } : {}),
    ...(where ? { where: true } : {}),
    ...(order ? { order: true } : {}),
    ...(t.request.params ? { params: t.request.params } : {}),
    ...(t.request.archivedParam !== undefined ? { archivedParam: t.request.archivedParam } : {}),
    ...(scopes.length > 0 ? { scopes } : {}),
  };
  return { request, params, envelope, where, order, modifiedSince: has('If-Modified-Since') };
}

function collectionColumns(spec: Spec, name: string, t: TableSpec, facts: RequestFacts, problems: Problems): Column[] | undefined {
  const recordName = facts.envelope?.record;
  const recordSchema = recordName ? spec.components.schemas[recordName] : undefined;
  if (!recordSchema) {
    problems.add(name, 'the response has no record array');
    return undefined;
  }
  const rows = (t.rows ?? { kind: 'record' }) as { kind: string; path?: string; idField?: string; inner?: string };
  const parts: { part: PartSpec; scope: 'record' | 'item' | 'inner'; schema: SchemaObject }[] = [{ part: t.header, scope: 'record', schema: recordSchema }];
  if (rows.kind === 'items') {
    const arr = rows.path ? fieldSchemaAt(spec, recordSchema, rows.path) : undefined;
    if (!arr?.items || !t.item) {
      problems.add(name, `rows.path ${rows.path} is not an array of ${recordName}, or "item" is missing`);
      return undefined;
    }
    const itemSchema = resolveSchema(spec, arr.items);
    parts.push({ part: t.item, scope: 'item', schema: itemSchema });
    if (rows.inner !== undefined) {
      const innerArr = fieldSchemaAt(spec, itemSchema, rows.inner);
      if (!innerArr?.items || !t.inner) {
        problems.add(name, `rows.inner ${rows.inner} is not an array of the item, or "inner" is missing`);
        return undefined;
      }
      parts.push({ part: t.inner, scope: 'inner', schema: resolveSchema(spec, innerArr.items) });
    }
  }

  const columns: Column[] = [];
  for (const { part, scope, schema } of parts) {
    const ctx: PartContext = { spec, table: name, scope, part, problems, unused: mentionedPaths(part) };
    const generated = partColumns(ctx, schema, '', part.prefix, part.label, part.pick);
    for (const path of ctx.unused) problems.add(name, `${scope} overlay names ${path}, which the spec's ${scope} has not`);
    if (scope === 'record') {
      for (const column of generated) {
        const src = column.source;
        if (src.kind !== 'field') continue;
        const path = String(src.path);
        const propSchema = fieldSchemaAt(spec, recordSchema, path);
        const kind = propSchema ? whereKindOf(propSchema) : undefined;
        if (facts.where && kind) column.filter = { where: { field: path, kind, operators: [...WHERE_OPERATORS[kind]] } };
        if (facts.order) column.order = path;
      }
    }
    columns.push(...generated);
  }

  const byPath = (path: string) => columns.find((c) => c.source.kind === 'field' && c.source.path === path && c.source.scope === undefined);
  if (rows.kind === 'items') {
    const idColumn = byPath(rows.idField ?? '');
    if (!idColumn) problems.add(name, `no column reads the record id ${rows.idField}`);
    else {
      if (t.request.byIdPath) idColumn.filter = { ...idColumn.filter, byId: true };
      columns.splice(columns.indexOf(idColumn), 1);
      columns.unshift(idColumn);
    }
    columns.unshift({
      name: 'Id',
      type: 'text',
      key: true,
      description: `Key of the row: the ${(t.item?.label ?? 'item').toLowerCase()}'s 1-based position in its record and the record's ${rows.idField}, as <n>|<${rows.idField}> (0 when the record has none).`,
      source: { kind: 'rowId' },
    });
  } else {
    // A single-object resource (settings) has no id: the tenant is its key (see buildTable).
    const keyColumn = t.key === undefined || t.key === TENANT_COLUMN.name ? undefined : byPath(t.key);
    if (t.key === TENANT_COLUMN.name) {
      // Nothing to do here.
    } else if (!keyColumn) problems.add(name, `"key" must name the record's id property (got ${t.key})`);
    else {
      keyColumn.key = true;
      if (t.request.byIdPath) keyColumn.filter = { ...keyColumn.filter, byId: true };
      columns.splice(columns.indexOf(keyColumn), 1);
      columns.unshift(keyColumn);
    }
  }
  if (facts.modifiedSince) {
    const stamp = byPath('UpdatedDateUTC') ?? byPath('CreatedDateUTC');
    if (!stamp) problems.add(name, 'the endpoint takes If-Modified-Since but the record has no UpdatedDateUTC/CreatedDateUTC column');
    else stamp.filter = { ...stamp.filter, modifiedSince: true };
  }
  return columns;
}

function fieldSchemaAt(spec: Spec, record: SchemaObject, path: string): SchemaObject | undefined {
  let current: SchemaObject | undefined = record;
  for (const step of path.split('.')) {
    const prop: SchemaObject | undefined = current?.properties?.[step];
    current = prop ? resolveSchema(spec, prop) : undefined;
  }
  return current;
}

function historyColumns(spec: Spec, name: string, t: TableSpec, facts: RequestFacts, problems: Problems): Column[] | undefined {
  const history = t.history;
  const recordSchema = facts.envelope ? spec.components.schemas[facts.envelope.record] : undefined;
  if (!history || !recordSchema) {
    problems.add(name, 'a history view needs "history" and a HistoryRecords response');
    return undefined;
  }
  const ctx: PartContext = { spec, table: name, scope: 'record', part: t.header, problems, unused: mentionedPaths(t.header) };
  const columns = partColumns(ctx, recordSchema, '', '', undefined, t.header.pick);
  const noun = humanize(history.parent.replace(/s$/, '')).toLowerCase();
  for (const path of ctx.unused) problems.add(name, `overlay names ${path}, which the spec has not`);
  return [
    {
      name: 'Id',
      type: 'text',
      key: true,
      description: `Key of the row: the entry's 1-based position in the history and the ${history.column}, as <n>|<${history.column}>.`,
      source: { kind: 'rowId', of: history.column },
    },
    {
      name: history.column,
      type: 'text',
      description: `The ${noun} whose history this is: give it in WHERE (= or IN), or every ${noun}'s history is read, one request per ${noun}.`,
      source: { kind: 'pathValue' },
      filter: { pathParam: true, valuesFrom: { table: history.parent, column: history.column } },
    },
    ...columns,
  ];
}

function reportColumns(spec: Spec, name: string, t: TableSpec, facts: RequestFacts, problems: Problems): Column[] | undefined {
  const report = t.report;
  if (!report) {
    problems.add(name, 'a report view needs "report"');
    return undefined;
  }
  const columns: Column[] = [
    { name: 'ID', type: 'integer', key: true, description: 'The row number (1-based, in report order; header rows included).', source: { kind: 'reportRow' } },
    { name: 'RowType', type: 'text', description: 'Header (column titles), Row, or SummaryRow (totals).', source: { kind: 'reportRowType' } },
    { name: 'Section', type: 'text', description: 'The title of the report section the row is in.', source: { kind: 'reportSection' } },
  ];
  for (let n = 1; n <= report.labels; n++) {
    columns.push({
      name: `Label${n}`,
      type: 'text',
      description: n === 1 ? "The row's first cell: its label (account or total name)." : `The row's cell ${n}, as Xero writes it (the header row names its column).`,
      source: { kind: 'reportCell', index: n },
    });
  }
  if (report.attribute !== undefined) {
    columns.push({ name: 'AccountId', type: 'text', description: "The account of the row (its cells' account attribute).", source: { kind: 'reportAttribute', id: report.attribute } });
  }
  for (const param of facts.params) {
    if (param.in !== 'query') continue;
    const schema = param.schema ?? {};
    const type: SqlType = schema.format === 'date' ? 'date' : schema.type === 'integer' ? 'integer' : schema.type === 'boolean' ? 'boolean' : 'text';
    const pseudoName = report.pseudoNames[param.name] ?? param.name.charAt(0).toUpperCase() + param.name.slice(1);
    columns.push({
      name: pseudoName,
      type,
      description: `Report parameter${param.required ? ' (required)' : ''}, given in WHERE: ${firstSentence(param.description) || `${humanize(param.name)}.`}`,
      source: { kind: 'pseudo', param: param.name, ...(param.required ? { required: true } : {}) },
    });
  }
  for (const unknown of Object.keys(report.pseudoNames)) {
    if (!facts.params.some((p) => p.name === unknown)) problems.add(name, `pseudoNames names ${unknown}, which is not a parameter`);
  }
  return columns;
}

/** Inserts the overlay's hand-written columns (after a named column, or at the end). */
function addColumns(name: string, t: TableSpec, columns: Column[], problems: Problems): void {
  for (const { after, column } of t.add) {
    const at = after === undefined ? columns.length : columns.findIndex((c) => c.name === after) + 1;
    if (at === 0) problems.add(name, `add: no column ${after} to put ${String(column.name)} after`);
    columns.splice(at === 0 ? columns.length : at, 0, column as unknown as Column);
  }
}

/** Applies the overlay's per-column changes (renames, types, descriptions, filters). */
function applyPatches(name: string, t: TableSpec, columns: Column[], problems: Problems): void {
  for (const [target, patch] of Object.entries(t.columns)) {
    const column = columns.find((c) => c.name === target);
    if (!column) {
      problems.add(name, `columns: no generated column ${target}`);
      continue;
    }
    if (patch.name !== undefined) column.name = patch.name;
    if (patch.type !== undefined) column.type = patch.type;
    if (patch.format !== undefined) {
      if (patch.format === 'plain') delete column.format;
      else column.format = patch.format;
    }
    if (patch.description !== undefined) column.description = patch.description;
    if (patch.key !== undefined) column.key = patch.key;
    if (patch.order !== undefined) {
      if (patch.order === null) delete column.order;
      else column.order = patch.order;
    }
    if (patch.filter !== undefined) {
      const filter: Record<string, unknown> = { ...column.filter };
      for (const [k, v] of Object.entries(patch.filter)) {
        if (v === null) delete filter[k];
        else filter[k] = isPlainObject(v) && isPlainObject(filter[k]) ? { ...filter[k], ...v } : v;
      }
      if (Object.keys(filter).length > 0) column.filter = filter;
      else delete column.filter;
    }
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function buildTable(spec: Spec, schemaName: string, base: string, name: string, t: TableSpec, problems: Problems): Record<string, unknown> | undefined {
  const facts = requestFacts(spec, base, name, t, problems);
  if (!facts) return undefined;
  const columns =
    t.template === 'report'
      ? reportColumns(spec, name, t, facts, problems)
      : t.template === 'history'
        ? historyColumns(spec, name, t, facts, problems)
        : collectionColumns(spec, name, t, facts, problems);
  if (!columns) return undefined;
  addColumns(name, t, columns, problems);
  columns.push({ ...TENANT_COLUMN, ...(t.key === TENANT_COLUMN.name ? { key: true, description: 'The tenant (organisation) the settings are of: one row per tenant.' } : {}) });
  applyPatches(name, t, columns, problems);
  const rows = t.rows ?? { kind: t.template === 'report' ? 'report' : 'record' };
  return { name, schema: schemaName, kind: t.kind, description: t.description, request: facts.request, rows, columns };
}

// ---------------------------------------------------------------------------------------------
// Output.

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys(value[k])]),
    );
  }
  return value;
}

/**
 * Reads the spec and the overlay; returns file name → content of every declaration, or throws
 * one error listing every problem (unknown spec paths, overlay entries the spec does not have,
 * declarations that fail validation).
 */
export function generateSchemas(specDir: string = DEFAULT_SPEC_DIR, overlayFile: string = OVERLAY): Map<string, string> {
  const overlay = overlaySchema.parse(JSON.parse(readFileSync(overlayFile, 'utf8')));
  // The spec is external data in the shape declared above; it is not validated beyond that.
  const spec = parseYaml(readFileSync(join(specDir, overlay.spec), 'utf8'), { maxAliasCount: -1 }) as Spec;
  casing = overlay.casing;
  numbers = overlay.numbers;
  const problems = new Problems();
  const files = new Map<string, string>();
  for (const [name, entry] of Object.entries(overlay.tables)) {
    const item = typeof entry.item === 'string' ? overlay.parts[entry.item] : entry.item;
    if (typeof entry.item === 'string' && !item) problems.add(name, `item names the part ${entry.item}, which "parts" has not`);
    const t: TableSpec = { ...entry, item };
    const table = t.template === 'tenants' ? tenantsTable(overlay.schema, name, t) : buildTable(spec, overlay.schema, overlay.base, name, t, problems);
    if (!table) continue;
    const parsed = tableDefSchema.safeParse(table);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.add(name, `${issue.path.join('.')}: ${issue.message}`);
      continue;
    }
    files.set(`${name}.json`, `${JSON.stringify(sortKeys(table), null, 2)}\n`);
  }
  if (problems.list.length > 0) throw new Error(`gen-schemas: ${problems.list.length} problem(s):\n  ${problems.list.join('\n  ')}`);
  return files;
}

/**
 * The tenants view has no Xero record schema: its rows are the connection's `GET /connections` entries
 * (`rows.kind: "tenants"`), so its columns are written here, named as the commercial driver's
 * (cdata-xero-model.md §2.3 "Tenants").
 */
function tenantsTable(schema: string, name: string, t: TableSpec): Record<string, unknown> {
  return {
    name,
    schema,
    kind: t.kind,
    description: t.description,
    // Answered from the connection's tenant list (identity's `GET /connections`), not the API base.
    request: { base: '/connections', path: '/', paging: { style: 'none' } },
    rows: { kind: 'tenants' },
    columns: [
      { name: 'TenantId', type: 'text', key: true, description: 'The tenant (organisation) id; use it as the Tenant connection property or in WHERE TenantId = ….', source: { kind: 'tenant' } },
      { name: 'Name', type: 'text', description: "The organisation's name.", source: { kind: 'field', path: 'tenantName' } },
      { name: 'Type', type: 'text', description: 'ORGANISATION or PRACTICE.', source: { kind: 'field', path: 'tenantType' } },
      { name: 'IsActive', type: 'boolean', description: 'True for the tenant the connection uses.', source: { kind: 'field', path: 'isActive' } },
    ],
  };
}

/** Writes the generated files, removing declarations the overlay no longer has. */
function writeSchemas(outDir: string, files: Map<string, string>): void {
  mkdirSync(outDir, { recursive: true });
  for (const existing of readdirSync(outDir)) {
    if (existing.endsWith('.json') && !files.has(existing)) rmSync(join(outDir, existing));
  }
  for (const [file, text] of files) writeFileSync(join(outDir, file), text);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const specDir = resolve(process.argv[2] ?? DEFAULT_SPEC_DIR);
  if (!existsSync(join(specDir, 'xero_accounting.yaml'))) {
    console.error(`gen-schemas: no xero_accounting.yaml in ${specDir}`);
    process.exit(1);
  }
  try {
    for (const overlayFile of overlayFiles()) {
      const files = generateSchemas(specDir, overlayFile);
      const outDir = outDirFor(overlayFile);
      writeSchemas(outDir, files);
      console.log(`gen-schemas: wrote ${files.size} declarations to ${outDir.slice(REPO.length)}/`);
    }
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
