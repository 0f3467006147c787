/**
 * The error a bad `where` or `order` expression raises. Messages follow the .NET Dynamic LINQ
 * library Xero's filter is built on (`<text> (at index <n>)`, e.g. Xero's documented
 * `No property or field 'hi' exists in type 'Employee' (at index 0)`); the HTTP layer wraps
 * them as 400 `{"ErrorNumber":16,"Type":"QueryParseException","Message":...}`.
 */

/** A `where` or `order` expression the simulator refuses, as Xero's QueryParseException. */
export class QueryParseError extends Error {
  /** 0-based character offset in the expression where the problem was found. */
  readonly index: number;

  constructor(text: string, index: number) {
    super(`${text} (at index ${index})`);
    this.name = 'QueryParseError';
    this.index = index;
  }
}

/**
 * Message texts. Those marked "Dynamic LINQ" are that library's resource strings (which Xero
 * passes through); the rest are the simulator's own words for what it does not support.
 */
export const Msg = {
  syntaxError: 'Syntax error', // Dynamic LINQ
  invalidCharacter: (ch: string) => `Syntax error '${ch}'`, // Dynamic LINQ
  unterminatedString: 'Unterminated string literal', // Dynamic LINQ
  digitExpected: 'Digit expected', // Dynamic LINQ
  expressionExpected: 'Expression expected', // Dynamic LINQ
  identifierExpected: 'Identifier expected', // Dynamic LINQ
  openParenExpected: "'(' expected", // Dynamic LINQ
  closeParenOrOperatorExpected: "')' or operator expected", // Dynamic LINQ
  closeParenOrCommaExpected: "')' or ',' expected", // Dynamic LINQ
  invalidIntegerLiteral: (text: string) => `Invalid integer literal '${text}'`, // Dynamic LINQ
  invalidRealLiteral: (text: string) => `Invalid real literal '${text}'`, // Dynamic LINQ
  invalidCharLiteral: 'Character literal must contain exactly one character', // Dynamic LINQ
  unknownProperty: (name: string, type: string) => `No property or field '${name}' exists in type '${type}'`, // Dynamic LINQ
  noApplicableMethod: (name: string, type: string) => `No applicable method '${name}' exists in type '${type}'`, // Dynamic LINQ
  noMatchingConstructor: (type: string) => `No matching constructor in type '${type}'`, // Dynamic LINQ
  incompatibleOperand: (op: string, type: string) => `Operator '${op}' incompatible with operand type '${type}'`, // Dynamic LINQ
  incompatibleOperands: (op: string, left: string, right: string) =>
    `Operator '${op}' incompatible with operand types '${left}' and '${right}'`, // Dynamic LINQ
  booleanExpected: "Expression of type 'Boolean' expected", // Dynamic LINQ
  // .NET's own messages for constructor arguments it rejects (Xero's wrapping of them is unknown).
  badDate: 'Year, Month, and Day parameters describe an un-representable DateTime.',
  badTime: 'Hour, Minute, and Second parameters describe an un-representable DateTime.',
  badGuid: 'Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).',
  // The simulator's own: limits against hostile input, and Dynamic LINQ features it does not model.
  tooLong: (max: number) => `Expression is longer than ${max} characters`,
  tooDeep: (max: number) => `Expression is nested more than ${max} levels deep`,
  unsupportedOperator: (op: string) => `Operator '${op}' is not supported by the xero-sql simulator`,
  collectionMember: (collection: string) =>
    `Cannot filter or order on members of the collection '${collection}' (Xero does not filter on line items)`,
  notOrderable: (type: string) => `Cannot order by a value of type '${type}'`,
} as const;
