/** What a statement returns. */

/** SQL type of a result column. */
export type ColumnType = 'text' | 'integer' | 'decimal' | 'real' | 'boolean' | 'date' | 'datetime';

export interface ColumnInfo {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
}

/** Rows (objects keyed by column name) and their columns, in order. */
export interface QueryResult {
  readonly rows: readonly Record<string, unknown>[];
  readonly columns: readonly ColumnInfo[];
}
