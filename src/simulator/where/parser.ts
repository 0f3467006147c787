/**
 * Recursive-descent parser for Xero's where/order language. Its grammar, precedence, error
 * texts and error positions follow .NET Dynamic LINQ (`System.Linq.Dynamic`), which Xero's
 * QueryParseException messages come from:
 *
 *   expression  = or
 *   or          = and { ("||" | OR) and }
 *   and         = comparison { ("&&" | AND) comparison }
 *   comparison  = unary { ("=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">=") unary }
 *   unary       = ("-" | "!" | NOT) unary | primary
 *   primary     = start { "." identifier [ "(" [ expression { "," expression } ] ")" ] }
 *   start       = identifier | "string" | 'c' | integer | real | "(" expression ")"
 *               | DateTime "(" args ")" | Guid "(" "string" ")" | true | false | null
 *
 * Keywords and member names are case-insensitive (Dynamic LINQ binds members with
 * `Type.FilterNameIgnoreCase`). Arithmetic, indexers and `?:` are Dynamic LINQ features the
 * simulator does not model: they fail with a message saying so.
 */
import { T, typeOfKind } from './ast.js';
import type { CompareOp, Expr, Ordering, StringMethod, ValueClass, ValueType } from './ast.js';
import { Msg, QueryParseError } from './errors.js';
import { Lexer } from './lexer.js';
import type { Token } from './lexer.js';
import { findProperty } from './type-model.js';
import type { TypeModel } from './type-model.js';

/** Longest expression accepted, so hostile input cannot make the server work hard. */
export const MAX_EXPRESSION_LENGTH = 4000;
/** Deepest nesting (parentheses, unary operators, method arguments, member chains) accepted. */
export const MAX_NESTING_DEPTH = 100;

// Maps, not object literals, so user text such as `constructor` cannot find inherited keys.
const COMPARE_OPS: ReadonlyMap<string, CompareOp> = new Map([
  ['=', 'eq'],
  ['==', 'eq'],
  ['!=', 'ne'],
  ['<>', 'ne'],
  ['<', 'lt'],
  ['<=', 'le'],
  ['>', 'gt'],
  ['>=', 'ge'],
]);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '&']);
const ORDERED: ReadonlySet<ValueClass> = new Set(['string', 'char', 'number', 'datetime']);
const METHODS: ReadonlyMap<string, { readonly name: StringMethod; readonly arity: 0 | 1; readonly result: ValueType }> = new Map([
  ['contains', { name: 'Contains', arity: 1, result: T.Boolean }],
  ['startswith', { name: 'StartsWith', arity: 1, result: T.Boolean }],
  ['endswith', { name: 'EndsWith', arity: 1, result: T.Boolean }],
  ['equals', { name: 'Equals', arity: 1, result: T.Boolean }],
  ['tolower', { name: 'ToLower', arity: 0, result: T.String }],
  ['toupper', { name: 'ToUpper', arity: 0, result: T.String }],
] as const);
const GUID_FORMS = [
  /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i,
  /^\{([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}$/i,
  /^\(([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\)$/i,
  /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/i,
];

/** Parses and type-checks a `where` expression against `typeName`; it must be Boolean. */
export function parseWhere(text: string, typeName: string, model: TypeModel): Expr {
  const parser = new Parser(text, typeName, model);
  return parser.where();
}

/** Parses and type-checks an `order` expression (`Name ASC, Date DESC`) against `typeName`. */
export function parseOrder(text: string, typeName: string, model: TypeModel): Ordering[] {
  const parser = new Parser(text, typeName, model);
  return parser.order();
}

class Parser {
  readonly #lexer: Lexer;
  readonly #model: TypeModel;
  readonly #root: ValueType;
  #token: Token;
  #depth = 0;

  constructor(text: string, typeName: string, model: TypeModel) {
    if (!Object.hasOwn(model, typeName)) throw new RangeError(`The where type model has no type '${typeName}'`);
    if (text.length > MAX_EXPRESSION_LENGTH) {
      throw new QueryParseError(Msg.tooLong(MAX_EXPRESSION_LENGTH), MAX_EXPRESSION_LENGTH);
    }
    this.#model = model;
    this.#root = { cls: 'object', name: typeName, ref: typeName };
    this.#lexer = new Lexer(text);
    this.#token = this.#lexer.next();
  }

  where(): Expr {
    const start = this.#token.pos;
    const expr = this.#expression();
    if (expr.type.cls !== 'boolean') throw new QueryParseError(Msg.booleanExpected, start);
    this.#expectEnd();
    return expr;
  }

  order(): Ordering[] {
    const orderings: Ordering[] = [];
    for (;;) {
      const start = this.#token.pos;
      const expr = this.#expression();
      if (expr.type.cls === 'object' || expr.type.cls === 'array') {
        throw new QueryParseError(Msg.notOrderable(expr.type.name), start);
      }
      let ascending = true;
      if (this.#isKeyword('asc') || this.#isKeyword('ascending')) {
        this.#advance();
      } else if (this.#isKeyword('desc') || this.#isKeyword('descending')) {
        this.#advance();
        ascending = false;
      }
      orderings.push({ expr, ascending });
      if (!this.#isOp(',')) break;
      this.#advance();
    }
    this.#expectEnd();
    return orderings;
  }

  // ---- token helpers ----

  #advance(): void {
    this.#token = this.#lexer.next();
  }

  #isOp(text: string): boolean {
    return this.#token.kind === 'op' && this.#token.text === text;
  }

  /** Whether the current token is the (case-insensitive) keyword; `@word` never is one. */
  #isKeyword(word: string): boolean {
    return this.#token.kind === 'ident' && this.#token.text.toLowerCase() === word;
  }

  #expectEnd(): void {
    if (this.#token.kind !== 'end') throw new QueryParseError(Msg.syntaxError, this.#token.pos);
  }

  /** Counts one level of nesting, refusing to go deeper than {@link MAX_NESTING_DEPTH}. */
  #enter(levels = 1): void {
    this.#depth += levels;
    if (this.#depth > MAX_NESTING_DEPTH) throw new QueryParseError(Msg.tooDeep(MAX_NESTING_DEPTH), this.#token.pos);
  }

  #leave(levels = 1): void {
    this.#depth -= levels;
  }

  // ---- grammar ----

  #expression(): Expr {
    this.#enter();
    const expr = this.#logical('or');
    if (this.#isOp('?')) throw new QueryParseError(Msg.unsupportedOperator('?'), this.#token.pos);
    this.#leave();
    return expr;
  }

  /** `or` and `and` levels: a flat list of operands, all Boolean. */
  #logical(op: 'and' | 'or'): Expr {
    const symbol = op === 'or' ? '||' : '&&';
    const next = (): Expr => (op === 'or' ? this.#logical('and') : this.#comparison());
    const first = next();
    const operands = [first];
    let leftType = first.type;
    while (this.#isOp(symbol) || this.#isKeyword(op)) {
      const opToken = this.#token;
      this.#advance();
      const right = next();
      if (leftType.cls !== 'boolean' || right.type.cls !== 'boolean') {
        throw new QueryParseError(Msg.incompatibleOperands(opToken.text, leftType.name, right.type.name), opToken.pos);
      }
      operands.push(right);
      leftType = T.Boolean;
    }
    return operands.length === 1 ? first : { node: 'logical', type: T.Boolean, op, operands, pos: first.pos };
  }

  #comparison(): Expr {
    let left = this.#additive();
    // A chain (`a == b == c`) nests to the left, so each link counts as a level.
    let links = 0;
    for (;;) {
      const opToken = this.#token;
      const op = opToken.kind === 'op' ? COMPARE_OPS.get(opToken.text) : undefined;
      if (op === undefined) {
        this.#leave(links);
        return left;
      }
      links++;
      this.#enter();
      this.#advance();
      const right = this.#additive();
      const operand = comparedAs(op, left.type, right.type);
      if (operand === undefined) {
        throw new QueryParseError(Msg.incompatibleOperands(opToken.text, left.type.name, right.type.name), opToken.pos);
      }
      left = { node: 'compare', type: T.Boolean, op, operand, left, right, pos: left.pos };
    }
  }

  /** Dynamic LINQ's additive and multiplicative levels: the simulator has no arithmetic. */
  #additive(): Expr {
    const expr = this.#unary();
    const token = this.#token;
    if ((token.kind === 'op' && ARITHMETIC.has(token.text)) || this.#isKeyword('mod')) {
      throw new QueryParseError(Msg.unsupportedOperator(token.text), token.pos);
    }
    return expr;
  }

  #unary(): Expr {
    if (!(this.#isOp('-') || this.#isOp('!') || this.#isKeyword('not'))) return this.#primary();
    const opToken = this.#token;
    this.#advance();
    if (opToken.text === '-' && (this.#token.kind === 'int' || this.#token.kind === 'real')) {
      // As Dynamic LINQ does, a minus before a number literal makes a negative literal.
      return this.#primary(opToken.pos);
    }
    this.#enter();
    const operand = this.#unary();
    this.#leave();
    if (opToken.text === '-') {
      if (operand.type.cls !== 'number') throw new QueryParseError(Msg.incompatibleOperand('-', operand.type.name), opToken.pos);
      return { node: 'negate', type: operand.type, operand, pos: opToken.pos };
    }
    if (operand.type.cls !== 'boolean') {
      throw new QueryParseError(Msg.incompatibleOperand(opToken.text, operand.type.name), opToken.pos);
    }
    return { node: 'not', type: T.Boolean, operand, pos: opToken.pos };
  }

  /** A start and its `.Member` / `.Method(...)` chain. `minusPos` marks a negated number literal. */
  #primary(minusPos?: number): Expr {
    let expr = this.#primaryStart(minusPos);
    let links = 0;
    for (;;) {
      if (this.#isOp('.')) {
        this.#advance();
        if (this.#token.kind !== 'ident') throw new QueryParseError(Msg.identifierExpected, this.#token.pos);
        links++;
        this.#enter();
        expr = this.#member(expr, this.#token);
      } else if (this.#isOp('[')) {
        throw new QueryParseError(Msg.unsupportedOperator('[]'), this.#token.pos);
      } else {
        break;
      }
    }
    this.#leave(links);
    return expr;
  }

  #primaryStart(minusPos?: number): Expr {
    const token = this.#token;
    switch (token.kind) {
      case 'ident':
        return this.#identifier(token);
      case 'string':
        this.#advance();
        return { node: 'constant', type: T.String, value: token.text, pos: token.pos };
      case 'char':
        if (token.text.length !== 1) throw new QueryParseError(Msg.invalidCharLiteral, token.pos);
        this.#advance();
        return { node: 'constant', type: T.Char, value: token.text, pos: token.pos };
      case 'int':
        return this.#integer(minusPos);
      case 'real':
        return this.#real(minusPos);
      case 'op':
        if (token.text === '(') {
          this.#advance();
          const expr = this.#expression();
          if (!this.#isOp(')')) throw new QueryParseError(Msg.closeParenOrOperatorExpected, this.#token.pos);
          this.#advance();
          return expr;
        }
        break;
      case 'end':
        break;
    }
    throw new QueryParseError(Msg.expressionExpected, token.pos);
  }

  #integer(minusPos?: number): Expr {
    const token = this.#token;
    const text = minusPos === undefined ? token.text : `-${token.text}`;
    const pos = minusPos ?? token.pos;
    const value = BigInt(text);
    // Dynamic LINQ types an integer literal as the narrowest of these that holds it.
    let type: ValueType;
    if (value >= -(2n ** 31n) && value < 2n ** 31n) type = T.Int32;
    else if (value >= 0n && value < 2n ** 32n) type = T.UInt32;
    else if (value >= -(2n ** 63n) && value < 2n ** 63n) type = T.Int64;
    else if (value >= 0n && value < 2n ** 64n) type = T.UInt64;
    else throw new QueryParseError(Msg.invalidIntegerLiteral(text), pos);
    this.#advance();
    return { node: 'constant', type, value: Number(value), pos };
  }

  #real(minusPos?: number): Expr {
    const token = this.#token;
    const text = minusPos === undefined ? token.text : `-${token.text}`;
    const pos = minusPos ?? token.pos;
    const single = /[fF]$/.test(text);
    const value = Number(single ? text.slice(0, -1) : text);
    if (!Number.isFinite(value)) throw new QueryParseError(Msg.invalidRealLiteral(text), pos);
    this.#advance();
    return { node: 'constant', type: single ? T.Single : T.Double, value, pos };
  }

  #identifier(token: Token): Expr {
    if (!token.text.startsWith('@')) {
      switch (token.text.toLowerCase()) {
        case 'true':
        case 'false':
          this.#advance();
          return { node: 'constant', type: T.Boolean, value: token.text.toLowerCase() === 'true', pos: token.pos };
        case 'null':
          this.#advance();
          return { node: 'constant', type: T.Null, value: null, pos: token.pos };
        case 'datetime':
          return this.#dateTime(token);
        case 'guid':
          return this.#guid(token);
      }
    }
    return this.#member(undefined, token);
  }

  /** `DateTime(y, m, d)`, `DateTime(y, m, d, h, mi, s)` or with milliseconds; read as UTC. */
  #dateTime(token: Token): Expr {
    this.#advance();
    const args = this.#constructorArgs();
    // Only integer literals: the simulator has no arithmetic to build arguments from.
    const ints = args.map((a) => (a.node === 'constant' && a.type === T.Int32 ? (a.value as number) : NaN));
    if (![3, 6, 7].includes(ints.length) || ints.some(Number.isNaN)) {
      throw new QueryParseError(Msg.noMatchingConstructor('DateTime'), token.pos);
    }
    const [y, m, d, h = 0, mi = 0, s = 0, ms = 0] = ints as [number, number, number, ...number[]];
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
      throw new QueryParseError(Msg.badDate, token.pos);
    }
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || ms < 0 || ms > 999) {
      throw new QueryParseError(Msg.badTime, token.pos);
    }
    const date = new Date(0);
    date.setUTCFullYear(y, m - 1, d); // not Date.UTC, which maps years 0-99 to 1900-1999
    date.setUTCHours(h, mi, s, ms);
    return { node: 'constant', type: T.DateTime, value: date.getTime(), pos: token.pos };
  }

  /** `Guid("...")` in any of .NET's D, B, P or N forms; compared in lower-case D form. */
  #guid(token: Token): Expr {
    this.#advance();
    const args = this.#constructorArgs();
    const arg = args[0];
    if (args.length !== 1 || arg === undefined || arg.node !== 'constant' || arg.type.cls !== 'string') {
      throw new QueryParseError(Msg.noMatchingConstructor('Guid'), token.pos);
    }
    const text = (arg.value as string).trim();
    for (const form of GUID_FORMS) {
      const m = form.exec(text);
      if (m !== null) {
        const value = m.slice(1).join('-').toLowerCase();
        return { node: 'constant', type: T.Guid, value, pos: token.pos };
      }
    }
    throw new QueryParseError(Msg.badGuid, arg.pos);
  }

  #constructorArgs(): Expr[] {
    if (!this.#isOp('(')) throw new QueryParseError(Msg.openParenExpected, this.#token.pos);
    return this.#argumentList();
  }

  /** `( [expression {, expression}] )`, the current token being the `(`. */
  #argumentList(): Expr[] {
    this.#advance();
    const args: Expr[] = [];
    if (!this.#isOp(')')) {
      for (;;) {
        args.push(this.#expression());
        if (!this.#isOp(',')) break;
        this.#advance();
      }
    }
    if (!this.#isOp(')')) throw new QueryParseError(Msg.closeParenOrCommaExpected, this.#token.pos);
    this.#advance();
    return args;
  }

  /**
   * `name` or `name(args)` on `target` (the record itself when undefined). The current
   * token is the identifier.
   */
  #member(target: Expr | undefined, token: Token): Expr {
    const name = token.text.length > 1 && token.text.startsWith('@') ? token.text.slice(1) : token.text;
    this.#advance();
    const targetType = target?.type ?? this.#root;
    if (this.#isOp('(')) {
      const args = this.#argumentList();
      const method = METHODS.get(name.toLowerCase());
      if (
        target === undefined ||
        method === undefined ||
        targetType.cls !== 'string' ||
        args.length !== method.arity ||
        !args.every((a) => a.type.cls === 'string' || a.type.cls === 'null')
      ) {
        throw new QueryParseError(Msg.noApplicableMethod(name, targetType.name), token.pos);
      }
      return { node: 'method', type: method.result, method: method.name, target, args, pos: target.pos };
    }
    // Only the record and its (nested) fields have members.
    const parentPath = target === undefined ? [] : target.node === 'field' ? target.path : undefined;
    if (targetType.cls === 'array' && parentPath !== undefined) {
      throw new QueryParseError(Msg.collectionMember(parentPath.join('.')), token.pos);
    }
    const found =
      targetType.cls === 'object' && targetType.ref !== undefined && parentPath !== undefined
        ? findProperty(this.#model, targetType.ref, name)
        : undefined;
    if (found === undefined || parentPath === undefined) {
      throw new QueryParseError(Msg.unknownProperty(name, targetType.name), token.pos);
    }
    const path = [...parentPath, found.name];
    return { node: 'field', type: typeOfKind(found.kind), path, kind: found.kind, pos: target?.pos ?? token.pos };
  }
}

/**
 * The class two operands are compared as, or undefined when the comparison is a type error.
 * Equality works between values of one class, and between `null` and anything; ordering
 * (`<` ...) only between strings, numbers or dates (Dynamic LINQ's relational signatures),
 * or one of those and `null` (always false, as .NET's lifted comparisons are).
 */
function comparedAs(op: CompareOp, left: ValueType, right: ValueType): ValueClass | undefined {
  const l = left.cls;
  const r = right.cls;
  if (op === 'eq' || op === 'ne') {
    if (l === 'null') return r;
    if (r === 'null') return l;
    return l === r && l !== 'object' && l !== 'array' ? l : undefined;
  }
  if (l === 'null') return ORDERED.has(r) ? r : undefined;
  if (r === 'null') return ORDERED.has(l) ? l : undefined;
  return l === r && ORDERED.has(l) ? l : undefined;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
}
