/** Splits a script into statements at `;`, ignoring `;` inside literals, identifiers and comments. */
import { lex } from '../sql/lexer.js';

export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const t of lex(script)) {
    if (t.kind === 'punct' && t.text === ';') {
      if (current.trim() !== '') out.push(current.trim());
      current = '';
    } else {
      current += t.text;
    }
  }
  if (current.trim() !== '' && lex(current).some((t) => t.kind !== 'space' && t.kind !== 'comment')) out.push(current.trim());
  return out;
}

/** True when `text` ends a statement (its last meaningful token is `;`). */
export function endsStatement(text: string): boolean {
  const meaningful = lex(text).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  const last = meaningful[meaningful.length - 1];
  return last?.kind === 'punct' && last.text === ';';
}
