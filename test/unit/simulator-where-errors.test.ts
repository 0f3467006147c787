// What the simulator's `where` interpreter rejects, and the QueryParseException message (with
// its index) it rejects it with: Dynamic LINQ's wording, which Xero passes through.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING_DEPTH,
  QueryParseError,
  compileWhere,
  loadTypeModel,
} from '../../src/simulator/where/index.js';

const accounting = loadTypeModel('accounting');
const payroll = loadTypeModel('payrollAu');

/** Asserts that `expression` fails with exactly `message` (which ends with "(at index N)"). */
function rejects(expression: string, message: string, type = 'Invoice', model = accounting): void {
  let error: unknown;
  try {
    compileWhere(expression, type, model);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof QueryParseError, `expected a QueryParseError for ${JSON.stringify(expression)}, got ${String(error)}`);
  assert.equal(error.message, message, `for ${JSON.stringify(expression)}`);
  assert.equal(error.name, 'QueryParseError');
  const index = /\(at index (\d+)\)$/.exec(message)?.[1];
  assert.equal(error.index, Number(index));
}

describe('where errors: unknown fields', () => {
  it("Xero's documented example: No property or field 'hi' exists in type 'Employee' (at index 0)", () => {
    rejects('hi == 1', "No property or field 'hi' exists in type 'Employee' (at index 0)", 'Employee', payroll);
  });

  it('names the nested type and the position of the unknown member', () => {
    rejects('Contact.Foo == 1', "No property or field 'Foo' exists in type 'Contact' (at index 8)");
    rejects('Status == "PAID" && Foo == 1', "No property or field 'Foo' exists in type 'Invoice' (at index 20)");
    rejects('Name.Length == 3', "No property or field 'Length' exists in type 'String' (at index 5)", 'Contact');
  });

  it('refuses members of collections (Xero cannot filter on line items)', () => {
    rejects(
      'LineItems.Description == "x"',
      "Cannot filter or order on members of the collection 'LineItems' (Xero does not filter on line items) (at index 10)",
    );
    rejects(
      'Contact.Addresses.City == "x"',
      "Cannot filter or order on members of the collection 'Contact.Addresses' (Xero does not filter on line items) (at index 18)",
    );
  });

  it('never finds inherited JavaScript members (found by the property test)', () => {
    rejects('valueOf', "No property or field 'valueOf' exists in type 'Invoice' (at index 0)");
    rejects('constructor == null', "No property or field 'constructor' exists in type 'Invoice' (at index 0)");
    rejects('__proto__ == null', "No property or field '__proto__' exists in type 'Invoice' (at index 0)");
    rejects('Reference.constructor("x")', "No applicable method 'constructor' exists in type 'String' (at index 10)");
    rejects('Reference.hasOwnProperty("x")', "No applicable method 'hasOwnProperty' exists in type 'String' (at index 10)");
    assert.throws(() => compileWhere('Name == "x"', 'toString', accounting), RangeError);
  });

  it('throws a RangeError (a programming error, not a QueryParseError) for a type the model lacks', () => {
    assert.throws(() => compileWhere('Name == "x"', 'NoSuchType', accounting), RangeError);
  });
});

describe('where errors: type mismatches', () => {
  it('Operator incompatible with operand types, at the operator', () => {
    rejects('Total == "abc"', "Operator '==' incompatible with operand types 'Decimal' and 'String' (at index 6)");
    rejects('Date > 5', "Operator '>' incompatible with operand types 'DateTime' and 'Int32' (at index 5)");
    rejects('Date > "2020-01-01"', "Operator '>' incompatible with operand types 'DateTime' and 'String' (at index 5)");
    rejects('Status == 1', "Operator '==' incompatible with operand types 'String' and 'Int32' (at index 7)");
    rejects('Total = true', "Operator '=' incompatible with operand types 'Decimal' and 'Boolean' (at index 6)");
  });

  it('GUIDs only compare for equality, and only with Guid(...) values', () => {
    rejects(
      'InvoiceID == "aaaaaaaa-1111-4111-8111-000000000001"',
      "Operator '==' incompatible with operand types 'Guid' and 'String' (at index 10)",
    );
    rejects(
      'InvoiceID > Guid("aaaaaaaa-1111-4111-8111-000000000001")',
      "Operator '>' incompatible with operand types 'Guid' and 'Guid' (at index 10)",
    );
  });

  it('Booleans, objects and collections do not order; objects do not equal values', () => {
    rejects('HasAttachments > true', "Operator '>' incompatible with operand types 'Boolean' and 'Boolean' (at index 15)");
    rejects('Contact == "x"', "Operator '==' incompatible with operand types 'Contact' and 'String' (at index 8)");
    rejects('Contact == Contact', "Operator '==' incompatible with operand types 'Contact' and 'Contact' (at index 8)");
    rejects('LineItems == "x"', "Operator '==' incompatible with operand types 'List<LineItem>' and 'String' (at index 10)");
    rejects('Total > null && null < null', "Operator '<' incompatible with operand types 'Object' and 'Object' (at index 21)");
  });

  it('logical operators need Boolean operands', () => {
    rejects('Status == "PAID" && Total', "Operator '&&' incompatible with operand types 'Boolean' and 'Decimal' (at index 17)");
    rejects('Total AND true', "Operator 'AND' incompatible with operand types 'Decimal' and 'Boolean' (at index 6)");
    rejects('true || Reference', "Operator '||' incompatible with operand types 'Boolean' and 'String' (at index 5)");
    rejects('!Total', "Operator '!' incompatible with operand type 'Decimal' (at index 0)");
    rejects('NOT Name == "x"', "Operator 'NOT' incompatible with operand type 'String' (at index 0)", 'Contact');
    rejects('-Name == "x"', "Operator '-' incompatible with operand type 'String' (at index 0)", 'Contact');
  });

  it('the whole filter must be Boolean', () => {
    rejects('Status', "Expression of type 'Boolean' expected (at index 0)");
    rejects('  Total', "Expression of type 'Boolean' expected (at index 2)");
    rejects('"PAID"', "Expression of type 'Boolean' expected (at index 0)");
    rejects('null', "Expression of type 'Boolean' expected (at index 0)");
    // Checked before trailing text, as Dynamic LINQ does.
    rejects('Total Status', "Expression of type 'Boolean' expected (at index 0)");
  });
});

describe('where errors: methods and constructors', () => {
  it('No applicable method, at the method name', () => {
    rejects('Name.Contains(5)', "No applicable method 'Contains' exists in type 'String' (at index 5)", 'Contact');
    rejects('Name.Foo("x")', "No applicable method 'Foo' exists in type 'String' (at index 5)", 'Contact');
    rejects('Name.ToLower("x") == "a"', "No applicable method 'ToLower' exists in type 'String' (at index 5)", 'Contact');
    rejects('Name.StartsWith("a", "b")', "No applicable method 'StartsWith' exists in type 'String' (at index 5)", 'Contact');
    rejects('Total.Contains("1")', "No applicable method 'Contains' exists in type 'Decimal' (at index 6)");
    rejects('InvoiceID.StartsWith("a")', "No applicable method 'StartsWith' exists in type 'Guid' (at index 10)");
    rejects('Contains("x")', "No applicable method 'Contains' exists in type 'Contact' (at index 0)", 'Contact');
  });

  it('DateTime(...) needs 3, 6 or 7 integer literals that make a real date', () => {
    rejects('Date == DateTime(2020, 1)', "No matching constructor in type 'DateTime' (at index 8)");
    rejects('Date == DateTime("2020-01-01")', "No matching constructor in type 'DateTime' (at index 8)");
    rejects('Date == DateTime(2020, 1.5, 1)', "No matching constructor in type 'DateTime' (at index 8)");
    rejects('Date == DateTime(2020, 2, 30)', 'Year, Month, and Day parameters describe an un-representable DateTime. (at index 8)');
    rejects('Date == DateTime(2019, 2, 29)', 'Year, Month, and Day parameters describe an un-representable DateTime. (at index 8)');
    rejects('Date == DateTime(2020, 13, 1)', 'Year, Month, and Day parameters describe an un-representable DateTime. (at index 8)');
    rejects('Date == DateTime(0, 1, 1)', 'Year, Month, and Day parameters describe an un-representable DateTime. (at index 8)');
    rejects('Date == DateTime(2020, 1, 1, 24, 0, 0)', 'Hour, Minute, and Second parameters describe an un-representable DateTime. (at index 8)');
    rejects('Date == DateTime(2020, 1, 1, 0, -1, 0)', 'Hour, Minute, and Second parameters describe an un-representable DateTime. (at index 8)');
    rejects('Date > DateTime', "'(' expected (at index 15)");
    rejects('Date > DateTime(2020, 1, 1', "')' or ',' expected (at index 26)");
  });

  it('Guid(...) needs one string literal in a GUID format', () => {
    rejects('InvoiceID == Guid("nope")', 'Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx). (at index 18)');
    rejects(
      'InvoiceID == Guid("aaaaaaaa-1111-4111-8111-00000000000g")',
      'Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx). (at index 18)',
    );
    rejects('InvoiceID == Guid(1)', "No matching constructor in type 'Guid' (at index 13)");
    rejects('InvoiceID == Guid()', "No matching constructor in type 'Guid' (at index 13)");
  });
});

describe('where errors: syntax', () => {
  it('Syntax error at the first token that cannot continue the expression', () => {
    rejects('Status == "PAID" Total', 'Syntax error (at index 17)');
    rejects('Status == "PAID")', 'Syntax error (at index 16)');
    rejects('Status == "PAID" | Status == "DRAFT"', 'Syntax error (at index 17)');
  });

  it('Expression expected where an operand is missing', () => {
    rejects('', 'Expression expected (at index 0)');
    rejects('   ', 'Expression expected (at index 3)');
    rejects('Status == ', 'Expression expected (at index 10)');
    rejects('&& Status == "x"', 'Expression expected (at index 0)');
    rejects('Status == "PAID" &&', 'Expression expected (at index 19)');
    rejects('()', 'Expression expected (at index 1)');
  });

  it('parentheses, member access and argument lists', () => {
    rejects('(Status == "PAID"', "')' or operator expected (at index 17)");
    rejects('Contact. == 1', 'Identifier expected (at index 9)');
    rejects('Name.Contains("a"', "')' or ',' expected (at index 17)", 'Contact');
  });

  it('invalid characters', () => {
    rejects('Name == #', "Syntax error '#' (at index 8)", 'Contact');
    rejects('Name == $"x"', "Syntax error '$' (at index 8)", 'Contact');
    rejects('Name == "x";', "Syntax error ';' (at index 11)", 'Contact');
  });

  it('number literals', () => {
    rejects('Total > 1.', 'Digit expected (at index 10)');
    rejects('Total > 1.e5', 'Digit expected (at index 10)');
    rejects('Total > 1e', 'Digit expected (at index 10)');
    rejects('Total > 99999999999999999999', "Invalid integer literal '99999999999999999999' (at index 8)");
    rejects('Total > -9999999999999999999', "Invalid integer literal '-9999999999999999999' (at index 8)");
    rejects('Total > 1e999', "Invalid real literal '1e999' (at index 8)");
  });

  it('Dynamic LINQ features the simulator does not model say so', () => {
    rejects('Total + 1 > 2', "Operator '+' is not supported by the xero-sql simulator (at index 6)");
    rejects('Total > 2 * 3', "Operator '*' is not supported by the xero-sql simulator (at index 10)");
    rejects('Total mod 2 == 0', "Operator 'mod' is not supported by the xero-sql simulator (at index 6)");
    rejects('Name & "x" == "y"', "Operator '&' is not supported by the xero-sql simulator (at index 5)", 'Contact');
    rejects('LineItems[0].Description == "x"', "Operator '[]' is not supported by the xero-sql simulator (at index 9)");
    rejects('Total > 1 ? true : false', "Operator '?' is not supported by the xero-sql simulator (at index 10)");
  });
});

describe('where errors: quotes inside strings have no escape', () => {
  it('an unterminated literal fails at the end of the text', () => {
    rejects('Name == "abc', 'Unterminated string literal (at index 12)', 'Contact');
    rejects('Name == "', 'Unterminated string literal (at index 9)', 'Contact');
    // What an unencoded & in a URL does to a where value (laravel-xero#83).
    rejects('Name == "Smith ', 'Unterminated string literal (at index 15)', 'Contact');
  });

  it('\\" is not an escape: the backslash is text, the quote ends the literal', () => {
    rejects('Name == "a\\"b"', 'Syntax error (at index 12)', 'Contact');
    rejects('Name == "a\\""', 'Unterminated string literal (at index 13)', 'Contact');
  });

  it('"" is not an escape either: it ends the literal and starts another', () => {
    rejects('Name == "a""b"', 'Syntax error (at index 11)', 'Contact');
    rejects('Name == """"', 'Syntax error (at index 10)', 'Contact');
    rejects('Name == """', 'Unterminated string literal (at index 11)', 'Contact');
  });

  it("single quotes make character literals, which never compare with strings", () => {
    rejects("Name == 'abc'", 'Character literal must contain exactly one character (at index 8)', 'Contact');
    rejects("Name == 'a'", "Operator '==' incompatible with operand types 'String' and 'Char' (at index 5)", 'Contact');
    rejects("Name == 'a", 'Unterminated string literal (at index 10)', 'Contact');
  });

  it('a value crafted to close the literal can still parse: only the driver can keep quotes out', () => {
    // This is why a driver must never push a value containing " (xero-platform-facts.md §8):
    // the simulator rejects a stray quote, but not one that happens to make valid syntax.
    assert.doesNotThrow(() => compileWhere('Name == "" || Name != ""', 'Contact', accounting));
  });
});

describe('where errors: limits against hostile input', () => {
  it(`refuses expressions longer than ${MAX_EXPRESSION_LENGTH} characters`, () => {
    const padding = ' '.repeat(MAX_EXPRESSION_LENGTH - 'Name == "x"'.length);
    assert.doesNotThrow(() => compileWhere(`Name == "x"${padding}`, 'Contact', accounting));
    rejects(`Name == "x"${padding} `, `Expression is longer than ${MAX_EXPRESSION_LENGTH} characters (at index ${MAX_EXPRESSION_LENGTH})`, 'Contact');
  });

  it(`refuses nesting deeper than ${MAX_NESTING_DEPTH} levels, whatever does the nesting`, () => {
    const tooDeep = new RegExp(`^Expression is nested more than ${MAX_NESTING_DEPTH} levels deep \\(at index \\d+\\)$`);
    const cases = [
      `${'('.repeat(150)}true${')'.repeat(150)}`,
      `${'('.repeat(3000)}`,
      `${'!'.repeat(500)}IsSupplier`,
      `${'NOT '.repeat(200)}IsSupplier`,
      `Name${'.ToLower()'.repeat(150)} == "x"`,
      `${'Name.Contains('.repeat(150)}"x"${')'.repeat(150)}`,
      `true${' == true'.repeat(150)}`,
    ];
    for (const expression of cases) {
      assert.throws(() => compileWhere(expression, 'Contact', accounting), (e: unknown) => e instanceof QueryParseError && tooDeep.test(e.message));
    }
  });

  it('long flat AND/OR chains are fine (they do not nest)', () => {
    const chain = Array.from({ length: 200 }, (_, i) => `Name == "n${i}"`).join(' OR ');
    assert.ok(chain.length < MAX_EXPRESSION_LENGTH);
    const keep = compileWhere(chain, 'Contact', accounting);
    assert.equal(keep({ Name: 'n199' }), true);
    assert.equal(keep({ Name: 'n200' }), false);
  });
});
