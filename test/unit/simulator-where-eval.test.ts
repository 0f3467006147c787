// What the simulator's `where` interpreter matches: every operator and literal kind,
// precedence, nested fields, string methods, nulls, dates and GUIDs, on hand-built records.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileWhere, loadTypeModel } from '../../src/simulator/where/index.js';
import type { XeroRecord } from '../../src/simulator/data/types.js';

const accounting = loadTypeModel('accounting');
const payroll = loadTypeModel('payrollAu');

const ms = (y: number, m: number, d: number, h = 0, mi = 0, s = 0): string =>
  `/Date(${Date.UTC(y, m - 1, d, h, mi, s)}+0000)/`;

const invoices: XeroRecord[] = [
  {
    InvoiceID: 'AAAAAAAA-1111-4111-8111-000000000001',
    InvoiceNumber: 'INV-001',
    Type: 'ACCREC',
    Status: 'AUTHORISED',
    Reference: 'Ref Alpha',
    Total: 100.5,
    AmountDue: 100.5,
    Date: ms(2020, 1, 15),
    DueDate: ms(2020, 2, 15),
    UpdatedDateUTC: ms(2020, 1, 15, 10, 30, 0),
    HasAttachments: true,
    Contact: { ContactID: 'cccccccc-0000-4000-8000-000000000001', Name: 'Acme Ltd', EmailAddress: 'boom@acme.test' },
    LineItems: [{ Description: 'Widget' }],
  },
  {
    InvoiceID: 'aaaaaaaa-1111-4111-8111-000000000002',
    InvoiceNumber: 'INV-002',
    Type: 'ACCPAY',
    Status: 'PAID',
    Reference: 'ref beta',
    Total: 20,
    AmountDue: 0,
    Date: ms(2020, 3, 1),
    DueDate: ms(2020, 3, 31),
    UpdatedDateUTC: ms(2020, 3, 1, 23, 59, 59),
    HasAttachments: false,
    Contact: { ContactID: 'CCCCCCCC-0000-4000-8000-000000000002', Name: 'beta corp' },
  },
  {
    InvoiceID: 'aaaaaaaa-1111-4111-8111-000000000003',
    InvoiceNumber: 'INV-003',
    Type: 'ACCREC',
    Status: 'DRAFT',
    Total: -5.25,
    Date: ms(2019, 12, 31),
  },
];

/** The InvoiceNumbers of the invoices an expression keeps. */
function matching(expression: string, records: XeroRecord[] = invoices, type = 'Invoice'): string[] {
  const keep = compileWhere(expression, type, accounting);
  return records.filter(keep).map((r) => String(r.InvoiceNumber ?? r.Name));
}

describe('where: comparison operators', () => {
  it('== and = are equality, != and <> inequality', () => {
    assert.deepEqual(matching('Status == "PAID"'), ['INV-002']);
    assert.deepEqual(matching('Status = "PAID"'), ['INV-002']);
    assert.deepEqual(matching('Status != "PAID"'), ['INV-001', 'INV-003']);
    assert.deepEqual(matching('Status <> "PAID"'), ['INV-001', 'INV-003']);
  });

  it('<, >, <=, >= on numbers', () => {
    assert.deepEqual(matching('Total < 20'), ['INV-003']);
    assert.deepEqual(matching('Total <= 20'), ['INV-002', 'INV-003']);
    assert.deepEqual(matching('Total > 20'), ['INV-001']);
    assert.deepEqual(matching('Total >= 20'), ['INV-001', 'INV-002']);
  });

  it('compares numbers numerically against integer, decimal and negative literals', () => {
    assert.deepEqual(matching('Total == 100.5'), ['INV-001']);
    assert.deepEqual(matching('Total == 20.0'), ['INV-002']);
    assert.deepEqual(matching('Total == -5.25'), ['INV-003']);
    assert.deepEqual(matching('Total < -5'), ['INV-003']);
    assert.deepEqual(matching('Total > -5.5 && Total < 0'), ['INV-003']);
    assert.deepEqual(matching('Total == 1e2 || Total == 2E1'), ['INV-002']);
  });

  it('compares two fields with each other', () => {
    assert.deepEqual(matching('AmountDue == Total'), ['INV-001']);
    assert.deepEqual(matching('AmountDue < Total'), ['INV-002']);
    assert.deepEqual(matching('DueDate > Date'), ['INV-001', 'INV-002']);
  });

  it('orders strings with < and > (case-insensitively, ordinal tie-break)', () => {
    assert.deepEqual(matching('Reference < "REF B"'), ['INV-001']);
    assert.deepEqual(matching('Reference >= "ref a"'), ['INV-001', 'INV-002']);
  });

  it('allows chained comparisons of Booleans, as Dynamic LINQ does', () => {
    assert.deepEqual(matching('Status == "PAID" == false'), ['INV-001', 'INV-003']);
  });
});

describe('where: literals', () => {
  it('true and false (any case) against Boolean fields', () => {
    assert.deepEqual(matching('HasAttachments == true'), ['INV-001']);
    assert.deepEqual(matching('HasAttachments == FALSE'), ['INV-002']);
    assert.deepEqual(matching('HasAttachments'), ['INV-001']);
  });

  it('a bare Boolean literal is a valid filter', () => {
    assert.equal(matching('true').length, 3);
    assert.equal(matching('false').length, 0);
  });

  it('null against any kind of field', () => {
    assert.deepEqual(matching('Reference == null'), ['INV-003']);
    assert.deepEqual(matching('Reference != null'), ['INV-001', 'INV-002']);
    assert.deepEqual(matching('Contact == null'), ['INV-003']);
    assert.deepEqual(matching('Contact.EmailAddress == NULL'), ['INV-002', 'INV-003']);
    assert.deepEqual(matching('HasAttachments == null'), ['INV-003']);
    assert.deepEqual(matching('Date != null'), ['INV-001', 'INV-002', 'INV-003']);
    assert.deepEqual(matching('InvoiceID != null'), ['INV-001', 'INV-002', 'INV-003']);
    assert.deepEqual(matching('LineItems != null'), ['INV-001']);
    assert.deepEqual(matching('null == Reference'), ['INV-003']);
    assert.equal(matching('null == null').length, 3);
  });

  it('an ordering comparison with null is false either way', () => {
    assert.deepEqual(matching('Total > null'), []);
    assert.deepEqual(matching('Total < null'), []);
    assert.deepEqual(matching('AmountDue >= 0'), ['INV-001', 'INV-002']);
  });

  it('strings keep spaces, backslashes and other punctuation verbatim', () => {
    const records: XeroRecord[] = [{ Name: 'a\\b' }, { Name: ' x  y ' }, { Name: "O'Brien & Sons (NZ) Ltd." }, { Name: '' }];
    assert.deepEqual(matching('Name == "a\\b"', records, 'Contact'), ['a\\b']);
    assert.deepEqual(matching('Name == " x  y "', records, 'Contact'), [' x  y ']);
    assert.deepEqual(matching('Name == "O\'Brien & Sons (NZ) Ltd."', records, 'Contact'), ["O'Brien & Sons (NZ) Ltd."]);
    assert.deepEqual(matching('Name == ""', records, 'Contact'), ['']);
  });
});

describe('where: logic and precedence', () => {
  it('AND / && / and, OR / || / or, case-insensitive keywords', () => {
    for (const and of ['AND', '&&', 'and', 'And']) {
      assert.deepEqual(matching(`Type == "ACCREC" ${and} Total > 0`), ['INV-001'], and);
    }
    for (const or of ['OR', '||', 'or', 'oR']) {
      assert.deepEqual(matching(`Status == "PAID" ${or} Status == "DRAFT"`), ['INV-002', 'INV-003'], or);
    }
  });

  it('operators need no surrounding spaces', () => {
    assert.deepEqual(matching('Status=="PAID"||Status=="DRAFT"&&Total<0'), ['INV-002', 'INV-003']);
  });

  it('AND binds tighter than OR', () => {
    // Parsed as Status=="PAID" || (Type=="ACCREC" && Total>50).
    assert.deepEqual(matching('Status == "PAID" || Type == "ACCREC" && Total > 50'), ['INV-001', 'INV-002']);
    // Parsed as (Type=="ACCREC" && Total>50) || Status=="PAID".
    assert.deepEqual(matching('Type == "ACCREC" && Total > 50 || Status == "PAID"'), ['INV-001', 'INV-002']);
    // Parentheses override it.
    assert.deepEqual(matching('(Status == "PAID" || Type == "ACCREC") && Total > 50'), ['INV-001']);
    assert.deepEqual(matching('Status == "PAID" || (Type == "ACCREC" && Total < 50)'), ['INV-002', 'INV-003']);
  });

  it('NOT and ! negate a parenthesised or Boolean operand', () => {
    assert.deepEqual(matching('NOT (Status == "PAID")'), ['INV-001', 'INV-003']);
    assert.deepEqual(matching('not(Status == "PAID")'), ['INV-001', 'INV-003']);
    assert.deepEqual(matching('!(Status == "PAID") && !HasAttachments'), []);
    assert.deepEqual(matching('!HasAttachments'), ['INV-002']); // a missing Boolean stays unknown
    assert.deepEqual(matching('!!HasAttachments'), ['INV-001']);
    // A method on a missing value is false, so its negation matches (INV-003 has no Reference).
    assert.deepEqual(matching('!Reference.Contains("a")'), ['INV-003']);
    assert.deepEqual(matching('NOT Reference.StartsWith("ref")'), ['INV-001', 'INV-003']);
  });

  it('a missing Boolean is unknown: neither it nor its negation matches, OR with true does', () => {
    assert.deepEqual(matching('HasAttachments || Total < 0'), ['INV-001', 'INV-003']);
    assert.deepEqual(matching('!(HasAttachments && Total < 0)'), ['INV-001', 'INV-002']);
    assert.deepEqual(matching('!(HasAttachments || Total < 0)'), ['INV-002']);
  });

  it('deeply parenthesised expressions within the limit', () => {
    const deep = `${'('.repeat(60)}Status == "PAID"${')'.repeat(60)}`;
    assert.deepEqual(matching(deep), ['INV-002']);
  });
});

describe('where: nested fields', () => {
  it('reads Contact.Name and Contact.ContactID', () => {
    assert.deepEqual(matching('Contact.Name == "Acme Ltd"'), ['INV-001']);
    assert.deepEqual(matching('Contact.ContactID == Guid("cccccccc-0000-4000-8000-000000000002")'), ['INV-002']);
  });

  it('a missing parent object reads as null', () => {
    assert.deepEqual(matching('Contact.Name != "Acme Ltd"'), ['INV-002', 'INV-003']);
    assert.deepEqual(matching('Contact.Name == null'), ['INV-003']);
  });

  it('member names bind case-insensitively, as Dynamic LINQ binds them', () => {
    assert.deepEqual(matching('status == "PAID"'), ['INV-002']);
    assert.deepEqual(matching('CONTACT.name == "Acme Ltd"'), ['INV-001']);
    assert.deepEqual(matching('@Status == "PAID"'), ['INV-002']);
  });

  it('reads deeper paths (three levels)', () => {
    const records: XeroRecord[] = [
      { Name: 'a', PaymentTerms: { Bills: { Day: 5, Type: 'DAYSAFTERBILLDATE' } } },
      { Name: 'b', PaymentTerms: { Sales: { Day: 5 } } },
      { Name: 'c' },
    ];
    assert.deepEqual(matching('PaymentTerms.Bills.Day == 5', records, 'Contact'), ['a']);
    assert.deepEqual(matching('PaymentTerms.Bills.Type == "DAYSAFTERBILLDATE"', records, 'Contact'), ['a']);
    assert.deepEqual(matching('PaymentTerms.Bills == null', records, 'Contact'), ['b', 'c']);
  });
});

describe('where: string methods', () => {
  const contacts: XeroRecord[] = [
    { Name: 'Peter Parker', EmailAddress: 'boom@example.com' },
    { Name: 'peter pan', EmailAddress: 'pan@example.com' },
    { Name: 'Mary Jane' },
  ];
  const names = (expression: string): string[] => matching(expression, contacts, 'Contact');

  it('Contains, StartsWith, EndsWith and Equals are case-sensitive', () => {
    assert.deepEqual(names('Name.Contains("Peter")'), ['Peter Parker']);
    assert.deepEqual(names('Name.Contains("eter")'), ['Peter Parker', 'peter pan']);
    assert.deepEqual(names('Name.StartsWith("P")'), ['Peter Parker']);
    assert.deepEqual(names('Name.EndsWith("r")'), ['Peter Parker']);
    assert.deepEqual(names('Name.Equals("peter pan")'), ['peter pan']);
    assert.deepEqual(names('Name.Equals("Peter Pan")'), []);
    assert.deepEqual(names('Name.Contains("")'), ['Peter Parker', 'peter pan', 'Mary Jane']);
  });

  it('ToLower and ToUpper, and method names in any case', () => {
    assert.deepEqual(names('Name.ToLower() == "peter parker"'), ['Peter Parker']);
    assert.deepEqual(names('Name.ToUpper() == "PETER PAN"'), ['peter pan']);
    assert.deepEqual(names('Name.tolower().contains("peter")'), ['Peter Parker', 'peter pan']);
  });

  it('chains: ToLower().Contains(), ToUpper().StartsWith(), ToLower().Equals()', () => {
    assert.deepEqual(names('Name.ToLower().Contains("peter p")'), ['Peter Parker', 'peter pan']);
    assert.deepEqual(names('Name.ToUpper().StartsWith("MARY")'), ['Mary Jane']);
    assert.deepEqual(names('Name.ToLower().Equals("mary jane")'), ['Mary Jane']);
    assert.deepEqual(names('Name.ToUpper().ToLower().ToUpper().EndsWith("PAN")'), ['peter pan']);
  });

  it('on nested fields: Contact.Name.ToLower().Contains("abc")', () => {
    assert.deepEqual(matching('Contact.Name.ToLower().Contains("acme")'), ['INV-001']);
    assert.deepEqual(matching('Contact.Name.ToUpper().EndsWith("CORP")'), ['INV-002']);
  });

  it('a field as the argument, and a method on a string literal', () => {
    const records: XeroRecord[] = [
      { Name: 'Acme', FirstName: 'Ac' },
      { Name: 'Acme', FirstName: 'Zed' },
      { Name: 'Acme' },
    ];
    assert.deepEqual(
      records.filter(compileWhere('Name.StartsWith(FirstName)', 'Contact', accounting)).map((r) => r.FirstName),
      ['Ac'],
    );
    assert.equal(records.filter(compileWhere('"Acme Ltd".StartsWith(Name)', 'Contact', accounting)).length, 3);
  });

  it('null guards: EmailAddress!=null&&EmailAddress.StartsWith("boom")', () => {
    assert.deepEqual(names('EmailAddress!=null&&EmailAddress.StartsWith("boom")'), ['Peter Parker']);
  });

  it('a method on a null or missing value is false (no match), even unguarded', () => {
    assert.deepEqual(names('EmailAddress.StartsWith("boom")'), ['Peter Parker']);
    assert.deepEqual(names('EmailAddress.Contains("")'), ['Peter Parker', 'peter pan']);
    assert.deepEqual(names('EmailAddress.ToLower() == null'), ['Mary Jane']);
    assert.deepEqual(names('Name.Contains(null)'), []);
  });

  it('methods work on enum fields, compared as their names', () => {
    assert.deepEqual(matching('Status.StartsWith("AUTH")'), ['INV-001']);
    assert.deepEqual(matching('Status.ToLower() == "draft"'), ['INV-003']);
  });
});

describe('where: string equality is case-sensitive', () => {
  it('== distinguishes case; ToLower() makes it case-insensitive', () => {
    const contacts: XeroRecord[] = [{ Name: 'Facebook' }, { Name: 'FACEBOOK' }, { Name: 'facebook' }];
    assert.deepEqual(matching('Name == "facebook"', contacts, 'Contact'), ['facebook']);
    assert.deepEqual(matching('Name.ToLower() == "facebook"', contacts, 'Contact'), ['Facebook', 'FACEBOOK', 'facebook']);
    assert.deepEqual(matching('Name != "facebook"', contacts, 'Contact'), ['Facebook', 'FACEBOOK']);
  });
});

describe('where: dates', () => {
  it('DateTime(y, m, d) compares as a UTC instant against date fields', () => {
    assert.deepEqual(matching('Date == DateTime(2020, 1, 15)'), ['INV-001']);
    assert.deepEqual(matching('Date >= DateTime(2020, 01, 01) && Date < DateTime(2020, 12, 31)'), ['INV-001', 'INV-002']);
    assert.deepEqual(matching('Date < DateTime(2020,01,01)'), ['INV-003']);
    assert.deepEqual(matching('DueDate <= DateTime(2020, 02, 15)'), ['INV-001']);
    assert.deepEqual(matching('datetime(2020, 3, 1) == Date'), ['INV-002']);
  });

  it('DateTime(y, m, d, h, mi, s) against timestamps, to the second', () => {
    assert.deepEqual(matching('UpdatedDateUTC > DateTime(2020, 01, 15, 10, 29, 59)'), ['INV-001', 'INV-002']);
    assert.deepEqual(matching('UpdatedDateUTC == DateTime(2020, 01, 15, 10, 30, 00)'), ['INV-001']);
    assert.deepEqual(matching('UpdatedDateUTC >= DateTime(2020, 03, 01, 23, 59, 59)'), ['INV-002']);
  });

  it('reads dates with other offsets, without offsets, before 1970, and ISO strings', () => {
    const records: XeroRecord[] = [
      { Name: 'offset', UpdatedDateUTC: `/Date(${Date.UTC(2021, 5, 1)}+1300)/` },
      { Name: 'bare', UpdatedDateUTC: `/Date(${Date.UTC(2021, 5, 2)})/` },
      { Name: 'old', UpdatedDateUTC: `/Date(${Date.UTC(1960, 0, 1)}+0000)/` },
      { Name: 'iso-z', UpdatedDateUTC: '2021-06-03T12:00:00Z' },
      { Name: 'iso-local', UpdatedDateUTC: '2021-06-04T00:00:00' },
      { Name: 'garbage', UpdatedDateUTC: 'not a date' },
    ];
    const names = (e: string) => matching(e, records, 'Contact');
    assert.deepEqual(names('UpdatedDateUTC == DateTime(2021, 6, 1)'), ['offset']);
    assert.deepEqual(names('UpdatedDateUTC == DateTime(2021, 6, 2)'), ['bare']);
    assert.deepEqual(names('UpdatedDateUTC < DateTime(1970, 1, 1)'), ['old']);
    assert.deepEqual(names('UpdatedDateUTC == DateTime(2021, 6, 3, 12, 0, 0)'), ['iso-z']);
    assert.deepEqual(names('UpdatedDateUTC == DateTime(2021, 6, 4)'), ['iso-local']);
    assert.deepEqual(names('UpdatedDateUTC == null'), ['garbage']);
  });

  it('accepts leap days and early years', () => {
    const records: XeroRecord[] = [{ Name: 'leap', UpdatedDateUTC: `/Date(${Date.UTC(2024, 1, 29)}+0000)/` }];
    assert.deepEqual(matching('UpdatedDateUTC == DateTime(2024, 2, 29)', records, 'Contact'), ['leap']);
    assert.deepEqual(matching('UpdatedDateUTC > DateTime(0001, 1, 1)', records, 'Contact'), ['leap']);
  });
});

describe('where: GUIDs', () => {
  it('compare case-insensitively, in Guid("...") or GUID("...")', () => {
    assert.deepEqual(matching('InvoiceID == Guid("aaaaaaaa-1111-4111-8111-000000000001")'), ['INV-001']);
    assert.deepEqual(matching('InvoiceID == GUID("AAAAAAAA-1111-4111-8111-000000000002")'), ['INV-002']);
    assert.deepEqual(matching('InvoiceID != guid("AAAAAAAA-1111-4111-8111-000000000002")'), ['INV-001', 'INV-003']);
  });

  it('accept .NET\'s other GUID spellings: braces, parentheses, 32 digits', () => {
    assert.deepEqual(matching('InvoiceID == Guid("{aaaaaaaa-1111-4111-8111-000000000001}")'), ['INV-001']);
    assert.deepEqual(matching('InvoiceID == Guid("(aaaaaaaa-1111-4111-8111-000000000001)")'), ['INV-001']);
    assert.deepEqual(matching('InvoiceID == Guid("aaaaaaaa111141118111000000000001")'), ['INV-001']);
  });

  it('OR-ed GUIDs, as a driver pushes an IN list', () => {
    assert.deepEqual(
      matching(
        'Contact.ContactID == Guid("cccccccc-0000-4000-8000-000000000001") OR Contact.ContactID == Guid("cccccccc-0000-4000-8000-000000000002")',
      ),
      ['INV-001', 'INV-002'],
    );
  });
});

describe('where: Payroll AU types', () => {
  it('filters Employees by their payroll fields', () => {
    const employees: XeroRecord[] = [
      { EmployeeID: '11111111-0000-4000-8000-000000000001', FirstName: 'Ann', Status: 'ACTIVE', StartDate: ms(2019, 7, 1) },
      { EmployeeID: '11111111-0000-4000-8000-000000000002', FirstName: 'Bob', Status: 'TERMINATED', StartDate: ms(2015, 1, 5) },
    ];
    const keep = compileWhere('Status == "ACTIVE" && StartDate >= DateTime(2019, 01, 01)', 'Employee', payroll);
    assert.deepEqual(employees.filter(keep).map((e) => e.FirstName), ['Ann']);
    const byId = compileWhere('EmployeeID == Guid("11111111-0000-4000-8000-000000000002")', 'Employee', payroll);
    assert.deepEqual(employees.filter(byId).map((e) => e.FirstName), ['Bob']);
  });
});

describe('where: odd record values', () => {
  it('reads numeric strings in number fields and string Booleans, and ignores values of the wrong type', () => {
    const records: XeroRecord[] = [
      { Name: 'num-string', Discount: '12.5', IsSupplier: 'true' },
      { Name: 'num', Discount: 12.5, IsSupplier: true },
      { Name: 'object', Discount: { x: 1 }, IsSupplier: 1 },
      { Name: 'blank', Discount: ' ', IsSupplier: null },
    ];
    assert.deepEqual(matching('Discount == 12.5', records, 'Contact'), ['num-string', 'num']);
    assert.deepEqual(matching('IsSupplier == true', records, 'Contact'), ['num-string', 'num']);
    assert.deepEqual(matching('Discount == null', records, 'Contact'), ['object', 'blank']);
    assert.deepEqual(matching('IsSupplier == null', records, 'Contact'), ['object', 'blank']);
  });

  it('reads a number in a string field as its text', () => {
    const records: XeroRecord[] = [{ Name: 'n', ContactNumber: 42 }, { Name: 's', ContactNumber: '42' }];
    assert.deepEqual(matching('ContactNumber == "42"', records, 'Contact'), ['n', 's']);
  });
});
