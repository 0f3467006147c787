/**
 * Tokenizer for Xero's where/order language, after .NET Dynamic LINQ's. It is pulled one
 * token at a time by the parser, as Dynamic LINQ's is, so the first error reported is the
 * one Xero would report (e.g. `"a\"b"` fails with "Syntax error" at `b`, before the lexer
 * ever reaches the unterminated literal after it).
 */
import { Msg, QueryParseError } from './errors.js';

/** What a token is. `op` covers every punctuation token; its `text` says which. */
export type TokenKind = 'end' | 'ident' | 'string' | 'char' | 'int' | 'real' | 'op';

/** One token: its kind, source text and 0-based start offset. */
export interface Token {
  readonly kind: TokenKind;
  /** Source text; for `string`/`char` tokens, the content between the quotes. */
  readonly text: string;
  readonly pos: number;
}

// Two-character operators, looked up by their first character.
const PAIRS: ReadonlyMap<string, readonly string[]> = new Map([
  ['!', ['!=']],
  ['&', ['&&']],
  ['|', ['||']],
  ['=', ['==']],
  ['<', ['<=', '<>']],
  ['>', ['>=']],
]);
const SINGLES = new Set(['!', '%', '&', '(', ')', '*', '+', ',', '-', '.', '/', ':', '<', '=', '>', '?', '[', ']', '|']);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
// .NET's Char.IsLetter / IsLetterOrDigit, as Dynamic LINQ uses for identifiers.
const LETTER = /\p{L}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;
const WHITESPACE = /\s/u;

/** A pull tokenizer over one expression. */
export class Lexer {
  readonly #text: string;
  #pos = 0;

  constructor(text: string) {
    this.#text = text;
  }

  /** Reads the next token; at the end of the text, returns an `end` token forever. */
  next(): Token {
    const text = this.#text;
    let pos = this.#pos;
    while (pos < text.length && WHITESPACE.test(text[pos] as string)) pos++;
    const start = pos;
    if (pos >= text.length) {
      this.#pos = pos;
      return { kind: 'end', text: '', pos };
    }
    const ch = text[pos] as string;
    const code = text.charCodeAt(pos);

    if (ch === '"' || ch === "'") {
      // No escapes: the first matching quote ends the literal. Dynamic LINQ reads a doubled
      // quote as an escaped one, but Xero documents no escape and `\"` is a reported syntax
      // error (xero-platform-facts.md §8 "Quotes inside strings"). The simulator is the
      // stricter of the two on purpose: `"a""b"` lexes as two literals and fails to parse,
      // so a driver that pushes a `"` down cannot pass its tests against the simulator.
      const close = text.indexOf(ch, pos + 1);
      if (close < 0) throw new QueryParseError(Msg.unterminatedString, text.length);
      this.#pos = close + 1;
      return { kind: ch === '"' ? 'string' : 'char', text: text.slice(pos + 1, close), pos: start };
    }

    if (isDigit(code)) {
      let kind: TokenKind = 'int';
      while (pos < text.length && isDigit(text.charCodeAt(pos))) pos++;
      if (text[pos] === '.') {
        kind = 'real';
        pos++;
        pos = this.#digits(pos);
      }
      if (text[pos] === 'E' || text[pos] === 'e') {
        kind = 'real';
        pos++;
        if (text[pos] === '+' || text[pos] === '-') pos++;
        pos = this.#digits(pos);
      }
      if (kind === 'real' && (text[pos] === 'F' || text[pos] === 'f')) pos++;
      this.#pos = pos;
      return { kind, text: text.slice(start, pos), pos: start };
    }

    if (ch === '@' || ch === '_' || LETTER.test(ch)) {
      pos++;
      while (pos < text.length && (text[pos] === '_' || LETTER_OR_DIGIT.test(text[pos] as string))) pos++;
      this.#pos = pos;
      return { kind: 'ident', text: text.slice(start, pos), pos: start };
    }

    for (const pair of PAIRS.get(ch) ?? []) {
      if (text.startsWith(pair, pos)) {
        this.#pos = pos + 2;
        return { kind: 'op', text: pair, pos: start };
      }
    }
    if (SINGLES.has(ch)) {
      this.#pos = pos + 1;
      return { kind: 'op', text: ch, pos: start };
    }
    throw new QueryParseError(Msg.invalidCharacter(ch), start);
  }

  /** Skips one or more digits, failing with "Digit expected" when there is none. */
  #digits(pos: number): number {
    if (!isDigit(this.#text.charCodeAt(pos))) throw new QueryParseError(Msg.digitExpected, pos);
    while (pos < this.#text.length && isDigit(this.#text.charCodeAt(pos))) pos++;
    return pos;
  }
}
