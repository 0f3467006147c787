/**
 * Parses `EXEC`/`EXECUTE` statements, the way the commercial driver's users call stored
 * procedures: `EXEC GetOAuthAccessToken @AuthMode = 'WEB', @Verifier = ?`. node-sql-parser does
 * not accept `?` there (sql-engine-notes.md), and the grammar is small, so it has its own parser.
 *
 * Values are string literals (`'...'`, `''` for a quote), numbers, `NULL`, `?` (the next
 * positional parameter) or `@name` (a named parameter). Errors give the position.
 */
import { ErrorCode, XeroSqlError } from '../errors.js';

/** Statement parameters: an array for `?`, an object for `@name`. */
export type StatementParams = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface ExecStatement {
  /** Procedure name as written, without brackets or a schema prefix. */
  readonly name: string;
  /** Argument values by parameter name (without `@`), in the order given. */
  readonly args: ReadonlyMap<string, unknown>;
}

interface Token {
  readonly kind: 'word' | 'param' | 'string' | 'number' | 'placeholder' | 'punct';
  readonly text: string;
  readonly value?: string;
  readonly at: number;
}

/** True when the SQL text is an EXEC/EXECUTE statement. */
export function isExec(sql: string): boolean {
  return /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*exec(?:ute)?\b/i.test(sql);
}

/** Parses one EXEC statement and binds its parameters. Throws `XSQL_PROCEDURE`. */
export function parseExec(sql: string, params: StatementParams = []): ExecStatement {
  const tokens = tokenize(sql);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const fail = (message: string, at: number) => new XeroSqlError(ErrorCode.Procedure, `${message} (at position ${at}).`);

  const keyword = next();
  if (!keyword || keyword.kind !== 'word' || !/^exec(ute)?$/i.test(keyword.text)) {
    throw fail('Expected EXEC or EXECUTE', keyword?.at ?? 0);
  }
  const nameToken = next();
  if (!nameToken || nameToken.kind !== 'word') throw fail('Expected a procedure name after EXEC', nameToken?.at ?? sql.length);
  const name = nameToken.value ?? nameToken.text;

  const args = new Map<string, unknown>();
  let positional = 0;
  while (peek() && !(peek()?.kind === 'punct' && peek()?.text === ';')) {
    const paramToken = next() as Token;
    const paramName = paramToken.kind === 'param' ? paramToken.text.slice(1) : paramToken.kind === 'word' ? (paramToken.value ?? paramToken.text) : undefined;
    if (paramName === undefined) throw fail('Expected a parameter such as @CallbackURL', paramToken.at);
    const eq = next();
    if (!eq || eq.kind !== 'punct' || eq.text !== '=') throw fail(`Expected "=" after ${paramToken.text}`, eq?.at ?? sql.length);
    const valueToken = next();
    if (!valueToken) throw fail(`Expected a value for ${paramToken.text}`, sql.length);
    let value: unknown;
    switch (valueToken.kind) {
      case 'string':
        value = valueToken.value;
        break;
      case 'number':
        value = Number(valueToken.text);
        break;
      case 'placeholder': {
        if (!Array.isArray(params)) throw fail('"?" needs the parameters as an array', valueToken.at);
        if (positional >= params.length) throw fail(`Not enough parameters: "?" number ${positional + 1} has no value`, valueToken.at);
        value = params[positional++];
        break;
      }
      case 'param': {
        const key = valueToken.text.slice(1);
        const bag = Array.isArray(params) ? undefined : (params as Readonly<Record<string, unknown>>);
        const found = bag && (Object.hasOwn(bag, key) ? bag[key] : Object.hasOwn(bag, `@${key}`) ? bag[`@${key}`] : undefined);
        if (found === undefined) throw fail(`No value given for the parameter ${valueToken.text}`, valueToken.at);
        value = found;
        break;
      }
      case 'word':
        if (/^null$/i.test(valueToken.text)) {
          value = null;
          break;
        }
        throw fail(`Unexpected ${valueToken.text}: quote text values, e.g. '${valueToken.text}'`, valueToken.at);
      default:
        throw fail(`Unexpected "${valueToken.text}"`, valueToken.at);
    }
    const key = paramName.toLowerCase();
    if ([...args.keys()].some((k) => k.toLowerCase() === key)) throw fail(`${paramToken.text} is given twice`, paramToken.at);
    args.set(paramName, value);
    const sep = peek();
    if (sep?.kind === 'punct' && sep.text === ',') {
      next();
      continue;
    }
    if (sep && !(sep.kind === 'punct' && sep.text === ';')) throw fail(`Expected "," or the end of the statement`, sep.at);
  }
  if (peek()?.text === ';') next();
  const rest = peek();
  if (rest) throw fail('Only one statement may be executed at a time', rest.at);
  return { name, args };
}

function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  const fail = (message: string, at: number) => new XeroSqlError(ErrorCode.Procedure, `${message} (at position ${at}).`);
  while (i < n) {
    const ch = sql[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw fail('Unterminated comment', i);
      i = end + 2;
    } else if (ch === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= n) throw fail('Unterminated string literal', start);
        if (sql[i] === "'") {
          if (sql[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += sql[i];
        i++;
      }
      out.push({ kind: 'string', text: sql.slice(start, i), value, at: start });
    } else if (ch === '[' || ch === '"') {
      const close = ch === '[' ? ']' : '"';
      const start = i;
      const end = sql.indexOf(close, i + 1);
      if (end < 0) throw fail(`Unterminated ${ch === '[' ? 'bracketed' : 'quoted'} name`, start);
      const value = sql.slice(i + 1, end);
      i = end + 1;
      pushName(out, value, sql.slice(start, i), start);
    } else if (ch === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const start = i;
      i++;
      while (i < n && /[A-Za-z0-9_]/.test(sql[i] as string)) i++;
      out.push({ kind: 'param', text: sql.slice(start, i), at: start });
    } else if (/[A-Za-z_]/.test(ch)) {
      const start = i;
      while (i < n && /[A-Za-z0-9_]/.test(sql[i] as string)) i++;
      pushName(out, sql.slice(start, i), sql.slice(start, i), start);
    } else if (/[-\d]/.test(ch) && /[\d.]/.test(sql[i + (ch === '-' ? 1 : 0)] ?? '')) {
      const start = i;
      i++;
      while (i < n && /[\d.eE]/.test(sql[i] as string)) i++;
      out.push({ kind: 'number', text: sql.slice(start, i), at: start });
    } else if (ch === '?') {
      out.push({ kind: 'placeholder', text: '?', at: i++ });
    } else if (ch === '=' || ch === ',' || ch === ';') {
      out.push({ kind: 'punct', text: ch, at: i++ });
    } else if (ch === '.') {
      out.push({ kind: 'punct', text: '.', at: i++ });
    } else {
      throw fail(`Unexpected character "${ch}"`, i);
    }
  }
  // `Schema.Procedure`: keep the last part as the name.
  const merged: Token[] = [];
  for (const t of out) {
    const prev = merged[merged.length - 1];
    const prevPrev = merged[merged.length - 2];
    if (t.kind === 'word' && prev?.kind === 'punct' && prev.text === '.' && prevPrev?.kind === 'word') {
      merged.splice(merged.length - 2, 2, t);
    } else {
      merged.push(t);
    }
  }
  return merged;
}

function pushName(out: Token[], value: string, text: string, at: number): void {
  out.push({ kind: 'word', text, value, at });
}
