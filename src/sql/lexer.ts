/**
 * A small SQL lexer that knows string literals, quoted and bracketed identifiers and comments,
 * just enough to rewrite the few things the parser or SQLite lack without touching text inside
 * literals: numbering `?` placeholders (node-sql-parser's T-SQL grammar rejects `?`;
 * sql-engine-notes.md) and locating `TOP n` (SQLite has none).
 */

export interface Token {
  readonly kind: 'word' | 'string' | 'quoted' | 'number' | 'placeholder' | 'param' | 'punct' | 'space' | 'comment';
  readonly text: string;
  readonly start: number;
}

/** Splits SQL into tokens; never throws (an unterminated literal runs to the end). */
export function lex(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  const push = (kind: Token['kind'], start: number) => out.push({ kind, text: sql.slice(start, i), start });
  while (i < n) {
    const start = i;
    const ch = sql[i] as string;
    if (/\s/.test(ch)) {
      while (i < n && /\s/.test(sql[i] as string)) i++;
      push('space', start);
    } else if (ch === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
      push('comment', start);
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      push('comment', start);
    } else if (ch === "'") {
      i++;
      while (i < n) {
        if (sql[i] === "'") {
          if (sql[i + 1] === "'") i += 2;
          else {
            i++;
            break;
          }
        } else i++;
      }
      push('string', start);
    } else if (ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      i++;
      while (i < n) {
        if (sql[i] === close) {
          if (close !== ']' && sql[i + 1] === close) i += 2;
          else {
            i++;
            break;
          }
        } else i++;
      }
      push('quoted', start);
    } else if (ch === '?') {
      i++;
      push('placeholder', start);
    } else if ((ch === '@' || ch === ':' || ch === '$') && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      i++;
      while (i < n && /[A-Za-z0-9_]/.test(sql[i] as string)) i++;
      push('param', start);
    } else if (/[A-Za-z_]/.test(ch)) {
      while (i < n && /[A-Za-z0-9_$]/.test(sql[i] as string)) i++;
      push('word', start);
    } else if (/\d/.test(ch) || (ch === '.' && /\d/.test(sql[i + 1] ?? ''))) {
      while (i < n && /[\d.eE]/.test(sql[i] as string)) i++;
      push('number', start);
    } else {
      i++;
      push('punct', start);
    }
  }
  return out;
}

/** The text of `?` number `index` (1-based) after {@link numberPlaceholders}. */
export function placeholderName(index: number): string {
  return `@__p${index}`;
}

/**
 * Replaces each `?` with `@__p<n>` (n from 1) for the parser; returns the text and the count.
 * Offsets shift, so callers map parser positions back with {@link originalOffset}.
 */
export function numberPlaceholders(sql: string): { text: string; count: number; shifts: { at: number; delta: number }[] } {
  let count = 0;
  let text = '';
  const shifts: { at: number; delta: number }[] = [];
  for (const t of lex(sql)) {
    if (t.kind === 'placeholder') {
      const name = placeholderName(++count);
      shifts.push({ at: text.length, delta: name.length - 1 });
      text += name;
    } else {
      text += t.text;
    }
  }
  return { text, count, shifts };
}

/** Maps an offset in numbered text back to the original text. */
export function originalOffset(offset: number, shifts: readonly { at: number; delta: number }[]): number {
  let out = offset;
  for (const s of shifts) if (s.at < offset) out -= Math.min(s.delta, offset - s.at);
  return out;
}
