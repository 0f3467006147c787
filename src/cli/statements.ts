/** Splits a script into statements at `;`, ignoring `;` inside literals, identifiers and comments. */
import { lex } from '../sql/lexer.js';

export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let current = '';
  // A piece with nothing but spaces and comments (e.g. `/* note */;`) is not a statement.
  const flush = () => {
    if (lex(current).some((t) => t.kind !== 'space' && t.kind !== 'comment')) out.push(current.trim());
    current = '';
  };
  for (const t of lex(script)) {
    if (t.kind === 'punct' && t.text === ';') flush();
    else current += t.text;
  }
  flush();
  return out;
}

/** True when `text` ends a statement (its last meaningful token is `;`). */
export function endsStatement(text: string): boolean {
  const meaningful = lex(text).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  const last = meaningful[meaningful.length - 1];
  return last?.kind === 'punct' && last.text === ';';
}
