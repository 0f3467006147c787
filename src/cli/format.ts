/**
 * Result formats of the CLI: an aligned table that fits the terminal, CSV (RFC 4180), JSON,
 * NDJSON and Markdown. NULL is shown as `NULL` in tables (dimmed on a colour terminal) and as an
 * empty field in CSV.
 */
import Table from 'cli-table3';
import stringWidth from 'string-width';
import type { ColumnInfo, QueryResult } from '../sql/result.js';

export const FORMATS = ['table', 'csv', 'json', 'ndjson', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface TableStyle {
  /** Terminal width to fit (default: no limit). */
  readonly width?: number;
  readonly color?: boolean;
}

const NULL_TEXT = 'NULL';
const MIN_COLUMN = 6;

function cellText(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/**
 * Text safe to print in one terminal line: line breaks (also a lone CR) and tabs become spaces,
 * other control characters (ESC, which would start terminal escape sequences) become U+FFFD.
 */
export function oneLine(text: string): string {
  return text.replace(/\r\n|[\r\n\t]/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
}

/** Cuts text to `width` terminal columns, ending with an ellipsis when cut. */
export function truncate(text: string, width: number): string {
  const line = oneLine(text);
  if (stringWidth(line) <= width) return line;
  let out = '';
  for (const ch of line) {
    if (stringWidth(`${out}${ch}…`) > width) break;
    out += ch;
  }
  return `${out}…`;
}

/** Column widths that fit `total` (borders included), shrinking the widest columns first. */
function fitWidths(natural: number[], total: number | undefined): number[] {
  if (total === undefined) return natural;
  const budget = total - (3 * natural.length + 1);
  const widths = [...natural];
  while (widths.reduce((a, b) => a + b, 0) > budget) {
    const max = Math.max(...widths);
    if (max <= MIN_COLUMN) break;
    widths[widths.indexOf(max)] = max - 1;
  }
  return widths;
}

export function renderTable(result: QueryResult, style: TableStyle = {}): string {
  const { columns, rows } = result;
  if (columns.length === 0) return '';
  const texts = rows.map((r) => columns.map((c) => cellText(r[c.name])));
  const natural = columns.map((c, i) => Math.max(stringWidth(oneLine(c.name)), ...texts.map((t) => stringWidth(oneLine(t[i] ?? NULL_TEXT)))));
  const widths = fitWidths(natural, style.width);
  const dim = (s: string) => (style.color ? `\u001b[2m${s}\u001b[22m` : s);
  const table = new Table({
    head: columns.map((c, i) => truncate(c.name, widths[i] as number)),
    style: { head: style.color ? ['bold'] : [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
    colAligns: columns.map((c) => (isNumeric(c) ? 'right' : 'left')),
    wordWrap: false,
  });
  for (const t of texts) table.push(t.map((v, i) => (v === undefined ? dim(NULL_TEXT) : truncate(v, widths[i] as number))));
  return table.toString();
}

function isNumeric(c: ColumnInfo): boolean {
  return c.type === 'integer' || c.type === 'decimal' || c.type === 'real';
}

/** One CSV field (RFC 4180): quoted when it contains a comma, quote or line break. */
export function csvField(v: unknown): string {
  const text = cellText(v) ?? '';
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export function renderMarkdown(result: QueryResult): string {
  // Backslashes too, or a backslash before a pipe in the text would cancel the pipe's escape.
  const esc = (s: string) => oneLine(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
  const head = `| ${result.columns.map((c) => esc(c.name)).join(' | ')} |`;
  const rule = `| ${result.columns.map((c) => (isNumeric(c) ? '---:' : '---')).join(' | ')} |`;
  const body = result.rows.map((r) => `| ${result.columns.map((c) => esc(cellText(r[c.name]) ?? NULL_TEXT)).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

/** JSON of one row; bigints as numbers. */
export function jsonRow(row: Record<string, unknown>): string {
  return JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
}

/** A whole result in one format (for results already in memory). */
export function renderResult(result: QueryResult, format: Format, style: TableStyle = {}): string {
  switch (format) {
    case 'table':
      return renderTable(result, style);
    case 'markdown':
      return renderMarkdown(result);
    case 'csv':
      return [result.columns.map((c) => c.name), ...result.rows.map((r) => result.columns.map((c) => r[c.name]))].map(csvLine).join('').trimEnd();
    case 'json':
      return `[${result.rows.map((r) => `\n  ${jsonRow(r)}`).join(',')}${result.rows.length ? '\n' : ''}]`;
    case 'ndjson':
      return result.rows.map(jsonRow).join('\n');
  }
}

/** Result columns that carry tokens (from the OAuth procedures). */
const TOKEN_COLUMNS = new Set(['oauthaccesstoken', 'oauthrefreshtoken', 'oauthaccesstokensecret']);

/** The row with token values replaced by `note` (the shell never prints tokens). */
export function maskTokens(row: Record<string, unknown>, note: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = TOKEN_COLUMNS.has(k.toLowerCase()) && v !== null && v !== undefined ? note : v;
  return out;
}
