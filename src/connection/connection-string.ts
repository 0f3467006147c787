/**
 * Parses `Prop=value;Prop=value;` connection strings, the syntax the commercial Xero driver's
 * users already write. Pure: no defaults, no environment, no knowledge of which properties exist
 * (that is options.ts), so it can be tested exhaustively on its own.
 *
 * - Property names are trimmed; values are trimmed unless quoted.
 * - A value that contains `;`, `=` or quotes is wrapped in `'...'`, `"..."` or `{...}`; inside,
 *   the closing character is written twice to stand for itself (`'it''s'`, `{a}}b}`).
 * - Empty segments (`;;`, a trailing `;`) are ignored.
 *
 * Errors never echo a value (values may be secrets); they name the property and the position.
 */
import { ErrorCode, XeroSqlError } from '../errors.js';

/** One `name=value` pair as written. */
export interface ParsedProperty {
  /** The name as written (trimmed), in its original case. */
  readonly name: string;
  readonly value: string;
  /** 0-based offset of the name in the input, for error messages. */
  readonly position: number;
}

const CLOSERS: Readonly<Record<string, string>> = { "'": "'", '"': '"', '{': '}' };

/** Parses a connection string into its properties, in order. Throws `XSQL_CONN_STRING`. */
export function parseConnectionString(text: string): ParsedProperty[] {
  if (typeof text !== 'string') {
    throw new XeroSqlError(ErrorCode.ConnectionString, `A connection string must be text, got ${text === null ? 'null' : typeof text}.`);
  }
  const out: ParsedProperty[] = [];
  const seen = new Map<string, string>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Skip separators and blank space between properties.
    while (i < n && (text[i] === ';' || isSpace(text[i]))) i++;
    if (i >= n) break;
    const nameStart = i;
    while (i < n && text[i] !== '=' && text[i] !== ';') i++;
    const name = text.slice(nameStart, i).trim();
    // The text is not echoed: a stray fragment may be part of a secret that held an unquoted ';'.
    if (i >= n || text[i] === ';') {
      throw fail(`the text at position ${nameStart} has no "=": write each property as Name=value, separated by ";" (quote values that contain ";").`);
    }
    if (name === '') throw fail(`a property at position ${nameStart} has a value but no name: write Name=value.`);
    if (!/^[A-Za-z][A-Za-z0-9_.]*$/.test(name)) {
      throw fail(`the property name at position ${nameStart} is not a single word such as OAuthClientId (quote values that contain ";").`);
    }
    i++; // past '='
    while (i < n && isSpace(text[i])) i++;
    let value: string;
    const opener = text[i];
    const closer = opener !== undefined ? CLOSERS[opener] : undefined;
    if (closer !== undefined) {
      const quoteStart = i;
      i++;
      let buf = '';
      for (;;) {
        if (i >= n) {
          throw fail(`the value of ${name} opens a quote (${opener}) at position ${quoteStart} that is never closed; close it with ${closer}, doubling any ${closer} inside the value.`);
        }
        const ch = text[i] as string;
        if (ch === closer) {
          if (text[i + 1] === closer) {
            buf += closer;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        buf += ch;
        i++;
      }
      while (i < n && isSpace(text[i])) i++;
      if (i < n && text[i] !== ';') {
        throw fail(`unexpected text after the quoted value of ${name} at position ${i}; end the property with ";".`);
      }
      value = buf;
    } else {
      const valueStart = i;
      while (i < n && text[i] !== ';') i++;
      // Unquoted values run to the next ';' and may contain '=' (base64 secrets end in it).
      value = text.slice(valueStart, i).trim();
    }
    const key = name.toLowerCase();
    const previous = seen.get(key);
    if (previous !== undefined) {
      throw fail(`${name} is given twice (also as ${previous}); give each property once.`);
    }
    seen.set(key, name);
    out.push(Object.freeze({ name, value, position: nameStart }));
  }
  return out;
}

/**
 * Writes properties back as a connection string, quoting values that need it. Round-trips with
 * {@link parseConnectionString}.
 */
export function formatConnectionString(properties: Readonly<Record<string, string>>): string {
  return Object.entries(properties)
    .map(([name, value]) => `${name}=${quoteIfNeeded(value)}`)
    .join(';');
}

function quoteIfNeeded(value: string): string {
  if (value === '' || (!/[;='"{}]/.test(value) && value.trim() === value)) return value;
  return `{${value.replace(/}/g, '}}')}}`;
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

function fail(message: string): XeroSqlError {
  return new XeroSqlError(ErrorCode.ConnectionString, `Invalid connection string: ${message}`);
}
