/**
 * A small hand-built organisation for exact report tests: a dozen accounts, a dozen journals
 * across a financial year end (30 June), a customer with invoices, a payment, a credit note, a
 * supplier bill, two tracking options and an overall budget. Every figure the report tests
 * expect can be worked out by hand from the comments below.
 *
 * The books' today is 15 Oct 2025; the financial year runs 1 Jul 2025 - 30 Jun 2026.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import type { ApiCall } from '../../src/simulator/api.js';
import type { SimApp } from '../../src/simulator/apps.js';
import { ACCOUNTING_COLLECTIONS, type AccountingCollection, type OrgData, type XeroRecord } from '../../src/simulator/data/types.js';
import type { SimRequest } from '../../src/simulator/http.js';
import type { TokenPrincipal } from '../../src/simulator/identity/types.js';

/** `/Date(ms+0000)/` of a calendar day. */
export function msDate(year: number, month: number, day: number): string {
  return `/Date(${Date.UTC(year, month - 1, day)}+0000)/`;
}

/** A fixed GUID per name, readable in failures: `00000000-0000-0000-0000-<hex of n>`. */
function guid(n: number): string {
  return `00000000-0000-0000-0000-${n.toString(16).padStart(12, '0')}`;
}

/** Ids of the fixture's records. */
export const IDS = {
  bank: guid(0x90),
  savings: guid(0x91),
  receivables: guid(0x610),
  payables: guid(0x800),
  gst: guid(0x820),
  sales: guid(0x200),
  interest: guid(0x270),
  costOfSales: guid(0x310),
  rent: guid(0x469),
  equipment: guid(0x710),
  loan: guid(0x900),
  funds: guid(0x881),
  retained: guid(0x960),
  customer: guid(0xc1),
  supplier: guid(0xc2),
  region: guid(0xa0),
  north: guid(0xa1),
  south: guid(0xa2),
  inv1: guid(0x1001),
  inv2: guid(0x1002),
  inv3: guid(0x1003),
  inv4: guid(0x1004),
  bill1: guid(0x2001),
  credit1: guid(0x3001),
  pay1: guid(0x4001),
  pay2: guid(0x4002),
} as const;

/** The fixture's books' today: 15 Oct 2025. */
export const FIXTURE_AS_OF_MS = Date.UTC(2025, 9, 15);

type AccountKey = 'bank' | 'savings' | 'receivables' | 'payables' | 'gst' | 'sales' | 'interest' | 'costOfSales' | 'rent' | 'equipment' | 'loan' | 'funds' | 'retained';

const ACCOUNTS: Record<AccountKey, { code: string; name: string; type: string; cls: string; system?: string }> = {
  bank: { code: '090', name: 'Business Bank Account', type: 'BANK', cls: 'ASSET' },
  savings: { code: '091', name: 'Savings Account', type: 'BANK', cls: 'ASSET' },
  receivables: { code: '610', name: 'Accounts Receivable', type: 'CURRENT', cls: 'ASSET', system: 'DEBTORS' },
  payables: { code: '800', name: 'Accounts Payable', type: 'CURRLIAB', cls: 'LIABILITY', system: 'CREDITORS' },
  gst: { code: '820', name: 'GST', type: 'CURRLIAB', cls: 'LIABILITY', system: 'GST' },
  sales: { code: '200', name: 'Sales', type: 'REVENUE', cls: 'REVENUE' },
  interest: { code: '270', name: 'Interest Income', type: 'OTHERINCOME', cls: 'REVENUE' },
  costOfSales: { code: '310', name: 'Cost of Goods Sold', type: 'DIRECTCOSTS', cls: 'EXPENSE' },
  rent: { code: '469', name: 'Rent', type: 'EXPENSE', cls: 'EXPENSE' },
  equipment: { code: '710', name: 'Office Equipment', type: 'FIXED', cls: 'ASSET' },
  loan: { code: '900', name: 'Loan', type: 'TERMLIAB', cls: 'LIABILITY' },
  funds: { code: '881', name: 'Owner A Funds Introduced', type: 'EQUITY', cls: 'EQUITY' },
  retained: { code: '960', name: 'Retained Earnings', type: 'EQUITY', cls: 'EQUITY', system: 'RETAINEDEARNINGS' },
};

const NORTH = { Name: 'Region', Option: 'North', TrackingCategoryID: IDS.region, TrackingOptionID: IDS.north };
const SOUTH = { Name: 'Region', Option: 'South', TrackingCategoryID: IDS.region, TrackingOptionID: IDS.south };

type Line = [AccountKey, number, XeroRecord?];

let journalNumber = 0;
function journal(date: string, sourceType: string, sourceId: string, lines: Line[]): XeroRecord {
  journalNumber++;
  return {
    JournalID: guid(0x9000 + journalNumber),
    JournalDate: date,
    JournalNumber: journalNumber,
    CreatedDateUTC: date,
    SourceID: sourceId,
    SourceType: sourceType,
    JournalLines: lines.map(([key, amount, tracking], i) => ({
      JournalLineID: guid(0x90000 + journalNumber * 16 + i),
      AccountID: IDS[key],
      AccountCode: ACCOUNTS[key].code,
      AccountType: ACCOUNTS[key].type,
      AccountName: ACCOUNTS[key].name,
      NetAmount: amount,
      GrossAmount: amount,
      TaxAmount: 0,
      TrackingCategories: tracking ? [tracking] : [],
    })),
  };
}

function invoice(id: string, type: string, number: string, contact: string, status: string, date: string, due: string, total: number, paid: number, credited: number): XeroRecord {
  return {
    InvoiceID: id,
    Type: type,
    InvoiceNumber: number,
    Contact: { ContactID: contact, Name: contact === IDS.customer ? 'Customer A' : 'Supplier B' },
    Status: status,
    Date: date,
    DueDate: due,
    CurrencyCode: 'AUD',
    CurrencyRate: 1,
    Total: total,
    AmountPaid: paid,
    AmountCredited: credited,
    AmountDue: Math.round((total - paid - credited) * 100) / 100,
  };
}

/** Builds the fixture organisation (fresh objects on every call). */
export function reportFixture(overrides: { countryCode?: string } = {}): OrgData {
  journalNumber = 0;
  const collections = Object.fromEntries(ACCOUNTING_COLLECTIONS.map((name) => [name, [] as XeroRecord[]])) as {
    [K in AccountingCollection]: XeroRecord[];
  };

  collections.Accounts = (Object.keys(ACCOUNTS) as AccountKey[]).map((key) => {
    const a = ACCOUNTS[key];
    return {
      AccountID: IDS[key],
      Code: a.code,
      Name: a.name,
      Type: a.type,
      Class: a.cls,
      Status: 'ACTIVE',
      ...(a.system ? { SystemAccount: a.system } : {}),
      ...(a.type === 'BANK' ? { BankAccountType: 'BANK', CurrencyCode: 'AUD' } : {}),
    };
  });

  collections.Journals = [
    // Prior financial year (to 30 Jun 2025): owner's funds, INV-001 (sales 1000, North) paid in full.
    journal(msDate(2025, 3, 10), 'MANJOURNAL', guid(0x5001), [['bank', 10000], ['funds', -10000]]),
    journal(msDate(2025, 5, 20), 'ACCREC', IDS.inv1, [['receivables', 1100], ['sales', -1000, NORTH], ['gst', -100]]),
    journal(msDate(2025, 6, 15), 'ACCRECPAYMENT', IDS.pay1, [['bank', 1100], ['receivables', -1100]]),
    // This year: equipment on a loan, INV-002 (2000, South), BILL-1 (cost 500, North), part payment.
    journal(msDate(2025, 7, 15), 'MANJOURNAL', guid(0x5002), [['equipment', 5000], ['loan', -5000]]),
    journal(msDate(2025, 8, 5), 'ACCREC', IDS.inv2, [['receivables', 2200], ['sales', -2000, SOUTH], ['gst', -200]]),
    journal(msDate(2025, 8, 20), 'ACCPAY', IDS.bill1, [['costOfSales', 500, NORTH], ['gst', 50], ['payables', -550]]),
    journal(msDate(2025, 9, 10), 'ACCRECPAYMENT', IDS.pay2, [['bank', 1000], ['receivables', -1000]]),
    journal(msDate(2025, 9, 30), 'CASHPAID', guid(0x6001), [['rent', 800], ['gst', 80], ['bank', -880]]),
    // October: interest, a transfer to savings, INV-003 (300, untracked), credit note CN-001 (100).
    journal(msDate(2025, 10, 1), 'CASHREC', guid(0x6002), [['bank', 12.34], ['interest', -12.34]]),
    journal(msDate(2025, 10, 5), 'TRANSFER', guid(0x7001), [['savings', 3000], ['bank', -3000]]),
    journal(msDate(2025, 10, 8), 'ACCREC', IDS.inv3, [['receivables', 330], ['sales', -300], ['gst', -30]]),
    journal(msDate(2025, 10, 10), 'ACCRECCREDIT', IDS.credit1, [['sales', 100], ['gst', 10], ['receivables', -110]]),
  ];

  collections.Contacts = [
    { ContactID: IDS.customer, Name: 'Customer A', IsCustomer: true },
    { ContactID: IDS.supplier, Name: 'Supplier B', IsSupplier: true },
  ];
  collections.Invoices = [
    invoice(IDS.inv1, 'ACCREC', 'INV-001', IDS.customer, 'PAID', msDate(2025, 5, 20), msDate(2025, 6, 19), 1100, 1100, 0),
    invoice(IDS.inv2, 'ACCREC', 'INV-002', IDS.customer, 'AUTHORISED', msDate(2025, 8, 5), msDate(2025, 9, 4), 2200, 1000, 0),
    invoice(IDS.inv3, 'ACCREC', 'INV-003', IDS.customer, 'AUTHORISED', msDate(2025, 10, 8), msDate(2025, 11, 7), 330, 0, 50),
    invoice(IDS.inv4, 'ACCREC', 'INV-004', IDS.customer, 'DRAFT', msDate(2025, 10, 9), msDate(2025, 11, 8), 999, 0, 0),
    invoice(IDS.bill1, 'ACCPAY', 'BILL-1', IDS.supplier, 'AUTHORISED', msDate(2025, 8, 20), msDate(2025, 9, 19), 550, 0, 0),
  ];
  collections.Payments = [
    { PaymentID: IDS.pay1, Date: msDate(2025, 6, 15), Amount: 1100, Status: 'AUTHORISED', Invoice: { InvoiceID: IDS.inv1 } },
    { PaymentID: IDS.pay2, Date: msDate(2025, 9, 10), Amount: 1000, Status: 'AUTHORISED', Invoice: { InvoiceID: IDS.inv2 } },
  ];
  collections.CreditNotes = [
    {
      CreditNoteID: IDS.credit1,
      CreditNoteNumber: 'CN-001',
      Type: 'ACCRECCREDIT',
      Contact: { ContactID: IDS.customer, Name: 'Customer A' },
      Status: 'AUTHORISED',
      Date: msDate(2025, 10, 10),
      Total: 110,
      RemainingCredit: 60,
      Allocations: [{ Amount: 50, Date: msDate(2025, 10, 12), Invoice: { InvoiceID: IDS.inv3 } }],
    },
  ];
  collections.TrackingCategories = [
    {
      TrackingCategoryID: IDS.region,
      Name: 'Region',
      Status: 'ACTIVE',
      Options: [
        { TrackingOptionID: IDS.north, Name: 'North', Status: 'ACTIVE' },
        { TrackingOptionID: IDS.south, Name: 'South', Status: 'ACTIVE' },
      ],
    },
  ];
  const balances = (amounts: Record<string, number>) => Object.entries(amounts).map(([Period, Amount]) => ({ Period, Amount }));
  collections.Budgets = [
    {
      BudgetID: guid(0xb0),
      Type: 'OVERALL',
      Description: 'Overall Budget',
      BudgetLines: [
        { AccountID: IDS.sales, AccountCode: '200', BudgetBalances: balances({ '2025-10': 3000, '2025-11': 3100, '2025-12': 3200 }) },
        { AccountID: IDS.costOfSales, AccountCode: '310', BudgetBalances: balances({ '2025-10': 600 }) },
        { AccountID: IDS.rent, AccountCode: '469', BudgetBalances: balances({ '2025-10': 800, '2025-11': 800, '2025-12': 800 }) },
        // Balance sheet accounts are not part of a Budget Summary.
        { AccountID: IDS.bank, AccountCode: '090', BudgetBalances: balances({ '2025-10': 12345 }) },
      ],
    },
  ];

  const countryCode = overrides.countryCode ?? 'AU';
  return {
    tenantId: guid(0xfeed),
    tenantName: 'Report Fixture',
    tenantType: 'ORGANISATION',
    countryCode,
    baseCurrency: 'AUD',
    createdAtMs: Date.UTC(2025, 0, 1),
    asOfMs: FIXTURE_AS_OF_MS,
    accounting: {
      organisation: {
        Name: 'Report Fixture',
        LegalName: 'Report Fixture Pty Ltd',
        BaseCurrency: 'AUD',
        CountryCode: countryCode,
        FinancialYearEndDay: 30,
        FinancialYearEndMonth: 6,
      },
      collections,
      history: new Map(),
      attachments: new Map(),
    },
  };
}

/** The app every test call comes from. */
export const TEST_APP: SimApp = { kind: 'confidential', name: 'Report Tests', clientId: 'A'.repeat(32), redirectUris: [] };

/** An admitted API call for `path?query` on `org`, as the API layer hands it to a handler. */
export function reportCall(org: OrgData, path: string, query: Record<string, string> = {}, params: Record<string, string> = {}): ApiCall {
  const req: SimRequest = {
    method: 'GET',
    path,
    query: new URLSearchParams(query),
    headers: {},
    body: Buffer.alloc(0),
    params,
    origin: 'http://127.0.0.1:0',
  };
  const principal: TokenPrincipal = {
    clientId: TEST_APP.clientId,
    appKind: 'confidential',
    scopes: ['accounting.reports.read'],
    expiresAtMs: Number.MAX_SAFE_INTEGER,
  };
  return { req, org, principal, app: TEST_APP, nowMs: Date.UTC(2026, 0, 2, 3, 4, 5) };
}

/** A report as parsed back from a response body. */
export interface ParsedCell {
  Value: string;
  Attributes?: { Value: string; Id: string }[];
}
export interface ParsedRow {
  RowType: string;
  Title?: string;
  Cells?: ParsedCell[];
  Rows?: ParsedRow[];
}
export interface ParsedReport {
  ReportID: string;
  ReportName: string;
  ReportType: string;
  ReportTitles: string[];
  ReportDate: string;
  Rows: ParsedRow[];
}

/** A handler's answer with its body parsed. */
export interface ReportAnswer {
  status: number;
  contentType: string;
  text: string;
  body: any;
}

/** Calls the report route whose pattern ends with `/<name>` (or is `/Reports` for ''), without HTTP. */
export async function callReport(
  routes: readonly { pattern: string; handler: (call: ApiCall) => unknown }[],
  org: OrgData,
  name: string,
  query: Record<string, string> = {},
  params: Record<string, string> = {},
): Promise<ReportAnswer> {
  const pattern = name === '' ? '/api.xro/2.0/Reports' : `/api.xro/2.0/Reports/${name}`;
  const route = routes.find((r) => r.pattern === pattern);
  if (!route) throw new Error(`no route ${pattern}`);
  const response = (await route.handler(reportCall(org, pattern, query, params))) as {
    status: number;
    headers?: Record<string, string>;
    body?: string | Buffer;
  };
  const text = String(response.body ?? '');
  const contentType = response.headers?.['content-type'] ?? '';
  return { status: response.status, contentType, text, body: contentType.startsWith('application/json') ? JSON.parse(text) : undefined };
}

/** Integer cents of a money cell ("-1850.00"); NaN for anything else. */
export function cents(value: string | undefined): number {
  if (value === undefined || !/^-?\d+\.\d{2}$/.test(value)) return Number.NaN;
  const negative = value.startsWith('-');
  const [whole, frac] = value.replace('-', '').split('.') as [string, string];
  const abs = Number(whole) * 100 + Number(frac);
  return negative ? -abs : abs;
}

/** Every row of a report with the title of the section it is in ('' at the top level). */
export function rowsOf(report: ParsedReport): { section: string; row: ParsedRow }[] {
  return report.Rows.flatMap((r) =>
    r.RowType === 'Section' ? (r.Rows ?? []).map((row) => ({ section: r.Title ?? '', row })) : [{ section: '', row: r }],
  );
}

/** The cell values of the row labelled `label` (first cell), optionally within a section. */
export function rowValues(report: ParsedReport, label: string, section?: string): string[] | undefined {
  const found = rowsOf(report).find(
    (r) => r.row.RowType !== 'Header' && r.row.Cells?.[0]?.Value === label && (section === undefined || r.section === section),
  );
  return found?.row.Cells?.slice(1).map((c) => c.Value);
}

/** The account rows of a report: account id → the row's value cells. */
export function accountRows(report: ParsedReport): Map<string, { section: string; label: string; values: string[] }> {
  const out = new Map<string, { section: string; label: string; values: string[] }>();
  for (const { section, row } of rowsOf(report)) {
    const id = row.Cells?.[0]?.Attributes?.find((a) => a.Id === 'account' || a.Id === 'accountID')?.Value;
    if (row.RowType === 'Row' && id) out.set(id, { section, label: row.Cells?.[0]?.Value ?? '', values: (row.Cells ?? []).slice(1).map((c) => c.Value) });
  }
  return out;
}

/**
 * A validator for the spec's report response schemas (`ReportWithRows`, and `Reports` for the
 * 1099 endpoint), or the reason there is none. It reads the schemas committed under
 * test/fixtures/openapi/ (generated from Xero's spec), else the spec itself in
 * ../shared/xero-openapi/; only when neither is present does a schema assertion get skipped.
 */
export function reportSchemas(): { validate: (schema: 'ReportWithRows' | 'Reports', body: unknown) => string | undefined } | { missing: string } {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const committed = new URL('../fixtures/openapi/accounting-responses.json', import.meta.url);
  const raw = new URL('../../../shared/xero-openapi/xero_accounting.yaml', import.meta.url);
  let ref: (name: string) => string;
  if (existsSync(committed)) {
    const doc = JSON.parse(readFileSync(committed, 'utf8')) as { definitions: Record<string, unknown> };
    ajv.addSchema({ $id: 'xero', definitions: doc.definitions });
    ref = (name) => `xero#/definitions/${name}`;
  } else if (existsSync(raw)) {
    const spec = parse(readFileSync(raw, 'utf8')) as { components: { schemas: Record<string, unknown> } };
    ajv.addSchema({ $id: 'xero', components: { schemas: spec.components.schemas } });
    ref = (name) => `xero#/components/schemas/${name}`;
  } else {
    return { missing: 'neither test/fixtures/openapi/accounting-responses.json nor ../shared/xero-openapi/xero_accounting.yaml exists' };
  }
  return {
    validate: (schema, body) => {
      const check = ajv.getSchema(ref(schema)) ?? ajv.compile({ $ref: ref(schema) });
      return check(body) ? undefined : ajv.errorsText(check.errors);
    },
  };
}
