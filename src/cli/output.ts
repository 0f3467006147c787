/**
 * Writes one statement's result in the chosen format. CSV, NDJSON and JSON stream row by row (a
 * full export never builds one big array); the table and Markdown formats need every row to size
 * their columns.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Connection } from '../connection/connection.js';
import type { StatementParams } from '../procedures/parse-exec.js';
import { csvLine, jsonRow, maskTokens, renderResult, type Format } from './format.js';
import type { Progress } from './progress.js';

export interface OutputOptions {
  readonly format: Format;
  readonly out: Writable;
  /** Terminal width for the table format. */
  readonly width?: number;
  readonly color?: boolean;
  readonly progress?: Progress;
  readonly signal?: AbortSignal;
  /** Replace token values (OAuth procedure outputs) with this text. */
  readonly maskTokens?: string;
}

const CHUNK = 64 * 1024;

/** Runs `sql` and writes its result; resolves to the number of rows written. */
export async function writeResult(conn: Connection, sql: string, params: StatementParams | undefined, o: OutputOptions): Promise<number> {
  const statement = {
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.progress ? { onProgress: o.progress.onLoad } : {}),
  };
  if (o.format === 'table' || o.format === 'markdown') {
    const raw = await conn.query(sql, params, statement);
    const mask = o.maskTokens;
    const result = mask === undefined ? raw : { ...raw, rows: raw.rows.map((r) => maskTokens(r, mask)) };
    o.progress?.clear();
    const text = renderResult(result, o.format, { ...(o.width ? { width: o.width } : {}), color: o.color ?? false });
    if (text !== '') o.out.write(`${text}\n`);
    return result.rows.length;
  }
  let rows = 0;
  let first = true;
  // CSV writes values in the result's column order, whatever order a row object's keys are in.
  let names: readonly string[] = [];
  const onColumns = (columns: readonly { name: string }[]) => {
    names = columns.map((c) => c.name);
    o.progress?.clear();
    if (o.format === 'csv') o.out.write(csvLine(columns.map((c) => c.name)));
    if (o.format === 'json') o.out.write('[');
  };
  // Rows are written in chunks of about 64 KB rather than one write per row (a write per row
  // cost more than formatting it); each chunk respects back-pressure.
  let chunk = '';
  const flush = async () => {
    const text = chunk;
    chunk = '';
    // Respect back-pressure: a slow pipe must not make the export buffer in memory.
    if (text !== '' && !o.out.write(text)) await once(o.out, 'drain');
  };
  for await (const streamed of conn.stream(sql, params, { ...statement, onColumns })) {
    const row = o.maskTokens === undefined ? streamed : maskTokens(streamed, o.maskTokens);
    chunk += o.format === 'csv' ? csvLine(names.map((n) => row[n])) : o.format === 'ndjson' ? `${jsonRow(row)}\n` : `${first ? '\n  ' : ',\n  '}${jsonRow(row)}`;
    if (chunk.length >= CHUNK) await flush();
    first = false;
    rows++;
  }
  await flush();
  if (o.format === 'json') o.out.write(first ? ']\n' : '\n]\n');
  return rows;
}
