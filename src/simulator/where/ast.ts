/**
 * The typed syntax tree the parser builds. Like Dynamic LINQ, the parser binds names and
 * checks types as it goes, so every node already knows its value type and every field node
 * its exact JSON path.
 */
import type { FieldKind } from './type-model.js';

/**
 * The classes of values the language compares. `string` covers enum fields too (compared as
 * their names); `datetime` covers date and timestamp fields (compared as instants); `null` is
 * the type of the `null` literal.
 */
export type ValueClass = 'string' | 'char' | 'number' | 'boolean' | 'datetime' | 'guid' | 'null' | 'object' | 'array';

/** A value type: its class and the .NET-style name error messages show (`Decimal`, `Contact`). */
export interface ValueType {
  readonly cls: ValueClass;
  readonly name: string;
  /** For `object`: the model type whose members it has. */
  readonly ref?: string;
}

/** The comparison operators, whatever spelling the expression used (`=`/`==`, `!=`/`<>`). */
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/** The string methods the language supports. */
export type StringMethod = 'Contains' | 'StartsWith' | 'EndsWith' | 'Equals' | 'ToLower' | 'ToUpper';

/** A typed expression node. `pos` is where it starts in the source text. */
export type Expr =
  | {
      readonly node: 'constant';
      readonly type: ValueType;
      /** Already normalized: a DateTime is ms since the epoch, a Guid lower-case `D` form. */
      readonly value: string | number | boolean | null;
      readonly pos: number;
    }
  | {
      readonly node: 'field';
      readonly type: ValueType;
      /** Exact JSON property names from the record down, e.g. `['Contact', 'Name']`. */
      readonly path: readonly string[];
      readonly kind: FieldKind;
      readonly pos: number;
    }
  | {
      readonly node: 'method';
      readonly type: ValueType;
      readonly method: StringMethod;
      readonly target: Expr;
      readonly args: readonly Expr[];
      readonly pos: number;
    }
  | {
      readonly node: 'compare';
      readonly type: ValueType;
      readonly op: CompareOp;
      /** The class both operands are compared as (`null` only for `null == null`). */
      readonly operand: ValueClass;
      readonly left: Expr;
      readonly right: Expr;
      readonly pos: number;
    }
  | { readonly node: 'logical'; readonly type: ValueType; readonly op: 'and' | 'or'; readonly operands: readonly Expr[]; readonly pos: number }
  | { readonly node: 'not'; readonly type: ValueType; readonly operand: Expr; readonly pos: number }
  | { readonly node: 'negate'; readonly type: ValueType; readonly operand: Expr; readonly pos: number };

/** One key of an `order` expression. */
export interface Ordering {
  readonly expr: Expr;
  readonly ascending: boolean;
}

/** The types of literals and results, shared so nodes can compare them by identity. */
export const T = {
  String: { cls: 'string', name: 'String' },
  Char: { cls: 'char', name: 'Char' },
  Boolean: { cls: 'boolean', name: 'Boolean' },
  DateTime: { cls: 'datetime', name: 'DateTime' },
  Guid: { cls: 'guid', name: 'Guid' },
  Decimal: { cls: 'number', name: 'Decimal' },
  Double: { cls: 'number', name: 'Double' },
  Single: { cls: 'number', name: 'Single' },
  Int32: { cls: 'number', name: 'Int32' },
  UInt32: { cls: 'number', name: 'UInt32' },
  Int64: { cls: 'number', name: 'Int64' },
  UInt64: { cls: 'number', name: 'UInt64' },
  // Dynamic LINQ types the `null` literal as Object, which is what its messages show.
  Null: { cls: 'null', name: 'Object' },
} as const satisfies Record<string, ValueType>;

/** The value type of a model property. */
export function typeOfKind(kind: FieldKind): ValueType {
  switch (kind.kind) {
    case 'string':
    case 'enum':
      // Enums compare as their names. Xero's model may use .NET enums (which Dynamic LINQ
      // would name e.g. 'InvoiceStatus' in messages and parse case-insensitively); UNCERTAIN.
      return T.String;
    case 'number':
      return T.Decimal; // Xero's amounts and rates are .NET decimals
    case 'integer':
      return T.Int32;
    case 'boolean':
      return T.Boolean;
    case 'date':
    case 'datetime':
      return T.DateTime;
    case 'guid':
      return T.Guid;
    case 'object':
      return { cls: 'object', name: kind.ref, ref: kind.ref };
    case 'array':
      return { cls: 'array', name: `List<${typeOfKind(kind.items).name}>` };
  }
}
