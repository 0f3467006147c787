/**
 * Our own typed view of a SELECT, made from node-sql-parser's AST at the edge (parse.ts). It keeps
 * only what planning needs: table references, WHERE conjuncts as comparisons of columns with
 * values, ORDER BY, LIMIT, and whether anything forces the whole table to be read (grouping,
 * aggregates, DISTINCT, joins). Everything else is opaque: SQLite runs the user's own text.
 */

/** A value known before the query runs. */
export type Value = string | number | boolean | null;

export type Expr =
  | { readonly kind: 'column'; readonly table?: string; readonly name: string }
  | { readonly kind: 'value'; readonly value: Value }
  /** A statement parameter (`@name`, or `?` numbered as `@__p1`...). */
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'list'; readonly items: readonly Expr[] }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly expr: Expr }
  | { readonly kind: 'subquery'; readonly select: SelectNode }
  /** Anything else (functions, CASE, arithmetic): only the columns it mentions are known. */
  | {
      readonly kind: 'opaque';
      readonly columns: readonly ColumnRef[];
      readonly aggregate: boolean;
      readonly window: boolean;
      readonly subqueries: readonly SelectNode[];
      /** When the expression is one aggregate call: its name and its column argument, if any (types results). */
      readonly call?: { readonly name: string; readonly column?: ColumnRef };
    };

export interface ColumnRef {
  readonly table?: string;
  readonly name: string;
}

export type JoinKind = 'inner' | 'left' | 'right' | 'full' | 'cross';

export type FromItem =
  | {
      readonly kind: 'table';
      /** Schema qualifier as written (`ACCOUNTING.Invoices`). */
      readonly schema?: string;
      readonly name: string;
      readonly alias?: string;
      /** How it joins the items before it; absent for the first. */
      readonly join?: JoinKind;
      readonly on?: Expr;
    }
  | { readonly kind: 'subquery'; readonly select: SelectNode; readonly alias?: string; readonly join?: JoinKind; readonly on?: Expr };

export interface SelectColumn {
  readonly expr: Expr;
  readonly alias?: string;
  /** `*` (table undefined) or `t.*`. */
  readonly star?: { readonly table?: string };
}

export interface SelectNode {
  readonly from: readonly FromItem[];
  readonly columns: readonly SelectColumn[];
  readonly where?: Expr;
  readonly orderBy: readonly { readonly expr: Expr; readonly desc: boolean }[];
  /** LIMIT count and OFFSET, or TOP n (as limit). */
  readonly limit?: { readonly count: Expr; readonly offset?: Expr };
  readonly top?: number;
  readonly distinct: boolean;
  readonly grouped: boolean;
  readonly aggregates: boolean;
  readonly window: boolean;
  /** Names of CTEs defined by WITH (they shadow catalog tables). */
  readonly ctes: readonly { readonly name: string; readonly select: SelectNode }[];
  /** The next SELECT of a UNION/INTERSECT/EXCEPT. */
  readonly next?: SelectNode;
}
