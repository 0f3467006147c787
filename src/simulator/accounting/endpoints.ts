/**
 * The Accounting API's collection endpoints as data: which query parameters each accepts and how
 * each one narrows the records (xero-api-endpoints.md §1; parameter lists checked against
 * xero_accounting.yaml by test/unit/simulator-accounting-endpoints.test.ts). Route code reads
 * these declarations; it has no per-endpoint branches.
 */
import type { AccountingCollection } from '../data/types.js';

/** How one query parameter narrows a list. Field paths are dotted (`Contact.ContactID`). */
export type ParamFilter =
  /** Comma-separated values; a record matches when the field equals one of them. GUIDs compare case-insensitively. */
  | { readonly kind: 'in'; readonly param: string; readonly field: string }
  /** One value the field must equal. */
  | { readonly kind: 'eq'; readonly param: string; readonly field: string }
  /** A `YYYY-MM-DD` bound on a date field, inclusive. */
  | { readonly kind: 'from' | 'to'; readonly param: string; readonly field: string }
  /**
   * Records (and, with `nested`, items of that nested array) whose `field` equals `value` are
   * left out unless the parameter is `true` (includeArchived, includeDeleted).
   */
  | { readonly kind: 'include'; readonly param: string; readonly field: string; readonly value: string; readonly nested?: string }
  /** Case-insensitive substring search over several fields. */
  | { readonly kind: 'search'; readonly param: string; readonly fields: readonly string[] }
  /**
   * `createdByMyApp=true`: only records the calling app created. The simulator's books were all
   * entered in Xero itself, so this yields no records.
   */
  | { readonly kind: 'createdByMyApp'; readonly param: string }
  /**
   * Keeps only the items of `array[].inner[]` whose `field` (a `YYYY-MM` period) falls within the
   * months of the `YYYY-MM-DD` parameters `from`/`to` (Budgets' DateFrom/DateTo).
   */
  | {
      readonly kind: 'periods';
      readonly from: string;
      readonly to: string;
      readonly array: string;
      readonly inner: string;
      readonly field: string;
    };

/** How a list response cuts records down. */
export interface ListSummary {
  /** `unpaged`: only when no `page` is given; `always`: every list response. */
  readonly when: 'unpaged' | 'always';
  /** Array fields served empty. */
  readonly emptyArrays: readonly string[];
  /** Cut `Contact` to its summary (id, number, name). */
  readonly contactSummary: boolean;
}

/** Paging styles of the Accounting API. */
export type AccountingPaging =
  /** `page` only, 100 per page, no `pagination` object (Quotes, LinkedTransactions). */
  | 'page'
  /** `page` and `pageSize` (≤ 1000), with a `pagination` object. */
  | 'page+pageSize'
  /** Journals: `offset` = last JournalNumber seen, 100 per call. */
  | 'offset'
  | 'none';

/** One collection endpoint, e.g. `/Invoices` and `/Invoices/{InvoiceID}`. */
export interface CollectionEndpoint {
  /** Path segment under `/api.xro/2.0/`. */
  readonly path: string;
  /** Collection in the org's books; also the envelope key. */
  readonly collection: AccountingCollection;
  /** Spec type name of one record (for where/order field checks). */
  readonly type: string;
  /** The record's id field. */
  readonly idField: string;
  /** Other fields a GET-by-id also accepts in place of the id (e.g. InvoiceNumber). */
  readonly altKeys?: readonly string[];
  /** Scopes that admit a GET (see api.ts `hasScope`). */
  readonly scopes: readonly string[];
  /** Accepts `where` (and then also `order`). */
  readonly where: boolean;
  /** Accepts `order` (true whenever `where` is). */
  readonly order: boolean;
  /** Field compared with the `If-Modified-Since` header, if the endpoint honours it. */
  readonly modifiedField?: string;
  readonly paging: AccountingPaging;
  /**
   * Lists in summary form. Invoices without `page` empty their line items and cut the contact
   * to a summary ([docs] xero-platform-facts.md §7.4); the other paged documents with lines are
   * assumed to do the same (UNCERTAIN there). Budgets' list omits budget lines (spec example).
   */
  readonly listSummary?: ListSummary;
  /** Accepts `summaryOnly=true` (Invoices, Contacts). */
  readonly summaryOnly: boolean;
  /** Accepts `unitdp=4`. */
  readonly unitdp: boolean;
  readonly filters: readonly ParamFilter[];
  /** Serves `/{path}/{id}/History`. */
  readonly history: boolean;
  /** Serves `/{path}/{id}/Attachments[...]`. */
  readonly attachments: boolean;
  /** Serves `/{path}/{id}/pdf`. */
  readonly pdf: boolean;
}

const INVOICES_SCOPES = ['accounting.transactions.read', 'accounting.invoices.read'];
const PAYMENTS_SCOPES = ['accounting.transactions.read', 'accounting.payments.read'];
const BANK_SCOPES = ['accounting.transactions.read', 'accounting.banktransactions.read'];
const MANUAL_JOURNAL_SCOPES = ['accounting.transactions.read', 'accounting.manualjournals.read'];
const CLASSIC_EXPENSE_SCOPES = ['accounting.transactions.read', 'accounting.classicexpenses.read'];
const SETTINGS_SCOPES = ['accounting.settings.read'];
const CONTACTS_SCOPES = ['accounting.contacts.read'];

/** Scopes for the attachment sub-resources. */
export const ATTACHMENT_SCOPES = ['accounting.attachments.read'] as const;

const UNPAGED_LINES: ListSummary = { when: 'unpaged', emptyArrays: ['LineItems'], contactSummary: true };

const base = {
  altKeys: [],
  where: true,
  order: true,
  paging: 'none',
  summaryOnly: false,
  unitdp: false,
  filters: [],
  history: true,
  attachments: false,
  pdf: false,
} as const;

/** Every collection endpoint of the Accounting API the simulator serves. */
export const COLLECTION_ENDPOINTS: readonly CollectionEndpoint[] = Object.freeze([
  {
    ...base,
    path: 'Invoices',
    collection: 'Invoices',
    type: 'Invoice',
    idField: 'InvoiceID',
    altKeys: ['InvoiceNumber'],
    scopes: INVOICES_SCOPES,
    modifiedField: 'UpdatedDateUTC',
    paging: 'page+pageSize',
    listSummary: UNPAGED_LINES,
    summaryOnly: true,
    unitdp: true,
    attachments: true,
    pdf: true,
    filters: [
      { kind: 'in', param: 'IDs', field: 'InvoiceID' },
      { kind: 'in', param: 'InvoiceNumbers', field: 'InvoiceNumber' },
      { kind: 'in', param: 'ContactIDs', field: 'Contact.ContactID' },
      { kind: 'in', param: 'Statuses', field: 'Status' },
      { kind: 'include', param: 'includeArchived', field: 'Status', value: 'ARCHIVED' },
      { kind: 'createdByMyApp', param: 'createdByMyApp' },
      { kind: 'search', param: 'searchTerm', fields: ['InvoiceNumber', 'Reference'] },
    ],
  },
  {
    ...base,
    path: 'CreditNotes',
    collection: 'CreditNotes',
    type: 'CreditNote',
    idField: 'CreditNoteID',
    altKeys: ['CreditNoteNumber'],
    scopes: INVOICES_SCOPES,
    modifiedField: 'UpdatedDateUTC',
    paging: 'page+pageSize',
    listSummary: UNPAGED_LINES,
    unitdp: true,
    attachments: true,
    pdf: true,
  },
  {
    ...base,
    path: 'BankTransactions',
    collection: 'BankTransactions',
    type: 'BankTransaction',
    idField: 'BankTransactionID',
    scopes: BANK_SCOPES,
    modifiedField: 'UpdatedDateUTC',
    paging: 'page+pageSize',
    listSummary: UNPAGED_LINES,
    unitdp: true,
    attachments: true,
  },
  {
    ...base,
    path: 'BankTransfers',
    collection: 'BankTransfers',
    type: 'BankTransfer',
    idField: 'BankTransferID',
    scopes: BANK_SCOPES,
    // Bank transfers carry no UpdatedDateUTC; CreatedDateUTC is what changes-since can compare.
    modifiedField: 'CreatedDateUTC',
    attachments: true,
    filters: [{ kind: 'include', param: 'includeDeleted', field: 'Status', value: 'DELETED' }],
  },
  {
    ...base,
    path: 'BatchPayments',
    collection: 'BatchPayments',
    type: 'BatchPayment',
    idField: 'BatchPaymentID',
    scopes: PAYMENTS_SCOPES,
    modifiedField: 'UpdatedDateUTC',
  },
  {
    ...base,
    path: 'Payments',
    collection: 'Payments',
    type: 'Payment',
    idField: 'PaymentID',
    scopes: PAYMENTS_SCOPES,
    modifiedField: 'UpdatedDateUTC',
    paging: 'page+pageSize',
  },
  {
    ...base,
    path: 'Overpayments',
    collection: 'Overpayments',
    type: 'Overpayment',
    idField: 'OverpaymentID',
    scopes: PAYMENTS_SCOPES,
    modifiedField: 'UpdatedDateUTC',
    paging: 'page+pageSize',
    listSummary: UNPAGED_LINES,
    unitdp: true,
    filters: [{ kind: 'in', param: 'References', field: 'Reference' }],
  },
  {
    ...base,
    path: 'Prepayments',
    collection: 'Prepayments',
    type: 'Prepayment',
    idField: 'PrepaymentID',
    scopes: PAYMENTS_SCOPES,
    modifiedField: 'UpdatedDateUTC',
    paging: 'page+pageSize',
    listSummary: UNPAGED_LINES,
    unitdp: true,
    // The spec lists InvoiceNumbers on /Prepayments; a prepayment's nearest number is its Reference. UNCERTAIN.
    filters: [{ kind: 'in', param: 'InvoiceNumbers', field: 'Reference' }],
  },
  {
    ...base,
    path: 'ManualJournals',
    collection: 'ManualJournals',
    type: 'ManualJournal',
    idField: 'ManualJournalID',
    scopes: MANUAL_JOURNAL_SCOPES,
    modifiedField: 'UpdatedDateUTC',
    paging: 'page+pageSize',
    listSummary: { when: 'unpaged', emptyArrays: ['JournalLines'], contactSummary: false },
    attachments: true,
  },
  {
    ...base,
    path: 'PurchaseOrders',
    collection: 'PurchaseOrders',
    type: 'PurchaseOrder',
    idField: 'PurchaseOrderID',
    altKeys: ['PurchaseOrderNumber'],
    scopes: INVOICES_SCOPES,
    where: false,
    modifiedField: 'UpdatedDateUTC',
    paging: 'page+pageSize',
    listSummary: UNPAGED_LINES,
    attachments: true,
    pdf: true,
    filters: [
      { kind: 'eq', param: 'Status', field: 'Status' },
      { kind: 'from', param: 'DateFrom', field: 'Date' },
      { kind: 'to', param: 'DateTo', field: 'Date' },
    ],
  },
  {
    ...base,
    path: 'Quotes',
    collection: 'Quotes',
    type: 'Quote',
    idField: 'QuoteID',
    scopes: INVOICES_SCOPES,
    where: false,
    modifiedField: 'UpdatedDateUTC',
    paging: 'page',
    attachments: true,
    pdf: true,
    filters: [
      { kind: 'from', param: 'DateFrom', field: 'Date' },
      { kind: 'to', param: 'DateTo', field: 'Date' },
      { kind: 'from', param: 'ExpiryDateFrom', field: 'ExpiryDate' },
      { kind: 'to', param: 'ExpiryDateTo', field: 'ExpiryDate' },
      { kind: 'eq', param: 'ContactID', field: 'Contact.ContactID' },
      { kind: 'eq', param: 'Status', field: 'Status' },
      { kind: 'eq', param: 'QuoteNumber', field: 'QuoteNumber' },
    ],
  },
  {
    ...base,
    path: 'Receipts',
    collection: 'Receipts',
    type: 'Receipt',
    idField: 'ReceiptID',
    scopes: CLASSIC_EXPENSE_SCOPES,
    modifiedField: 'UpdatedDateUTC',
    unitdp: true,
    attachments: true,
  },
  {
    ...base,
    path: 'ExpenseClaims',
    collection: 'ExpenseClaims',
    type: 'ExpenseClaim',
    idField: 'ExpenseClaimID',
    scopes: CLASSIC_EXPENSE_SCOPES,
    modifiedField: 'UpdatedDateUTC',
  },
  {
    ...base,
    path: 'RepeatingInvoices',
    collection: 'RepeatingInvoices',
    type: 'RepeatingInvoice',
    idField: 'RepeatingInvoiceID',
    scopes: INVOICES_SCOPES,
    attachments: true,
  },
  {
    ...base,
    path: 'LinkedTransactions',
    collection: 'LinkedTransactions',
    type: 'LinkedTransaction',
    idField: 'LinkedTransactionID',
    scopes: INVOICES_SCOPES,
    where: false,
    order: false,
    paging: 'page',
    history: false,
    filters: [
      { kind: 'eq', param: 'LinkedTransactionID', field: 'LinkedTransactionID' },
      { kind: 'eq', param: 'SourceTransactionID', field: 'SourceTransactionID' },
      { kind: 'eq', param: 'ContactID', field: 'ContactID' },
      { kind: 'eq', param: 'Status', field: 'Status' },
      { kind: 'eq', param: 'TargetTransactionID', field: 'TargetTransactionID' },
    ],
  },
  {
    ...base,
    path: 'Contacts',
    collection: 'Contacts',
    type: 'Contact',
    idField: 'ContactID',
    altKeys: ['ContactNumber'],
    scopes: CONTACTS_SCOPES,
    modifiedField: 'UpdatedDateUTC',
    paging: 'page+pageSize',
    summaryOnly: true,
    attachments: true,
    filters: [
      { kind: 'in', param: 'IDs', field: 'ContactID' },
      { kind: 'include', param: 'includeArchived', field: 'ContactStatus', value: 'ARCHIVED' },
      { kind: 'search', param: 'searchTerm', fields: ['Name', 'FirstName', 'LastName', 'ContactNumber', 'EmailAddress'] },
    ],
  },
  {
    ...base,
    path: 'ContactGroups',
    collection: 'ContactGroups',
    type: 'ContactGroup',
    idField: 'ContactGroupID',
    scopes: CONTACTS_SCOPES,
    history: false,
  },
  {
    ...base,
    path: 'Accounts',
    collection: 'Accounts',
    type: 'Account',
    idField: 'AccountID',
    scopes: SETTINGS_SCOPES,
    modifiedField: 'UpdatedDateUTC',
    history: false,
    attachments: true,
  },
  {
    ...base,
    path: 'Items',
    collection: 'Items',
    type: 'Item',
    idField: 'ItemID',
    // GET /Items/{Code} is UNVERIFIED (xero-api-endpoints.md §1); accepting it can only help a client.
    altKeys: ['Code'],
    scopes: [...SETTINGS_SCOPES, 'accounting.invoices.read'],
    modifiedField: 'UpdatedDateUTC',
    unitdp: true,
  },
  {
    ...base,
    path: 'TaxRates',
    collection: 'TaxRates',
    type: 'TaxRate',
    idField: 'TaxType',
    scopes: SETTINGS_SCOPES,
    history: false,
  },
  {
    ...base,
    path: 'TrackingCategories',
    collection: 'TrackingCategories',
    type: 'TrackingCategory',
    idField: 'TrackingCategoryID',
    scopes: SETTINGS_SCOPES,
    history: false,
    filters: [{ kind: 'include', param: 'includeArchived', field: 'Status', value: 'ARCHIVED', nested: 'Options' }],
  },
  {
    ...base,
    path: 'Currencies',
    collection: 'Currencies',
    type: 'Currency',
    idField: 'Code',
    scopes: SETTINGS_SCOPES,
    history: false,
  },
  {
    ...base,
    path: 'BrandingThemes',
    collection: 'BrandingThemes',
    type: 'BrandingTheme',
    idField: 'BrandingThemeID',
    scopes: SETTINGS_SCOPES,
    where: false,
    order: false,
    history: false,
  },
  {
    ...base,
    path: 'Users',
    collection: 'Users',
    type: 'User',
    idField: 'UserID',
    scopes: SETTINGS_SCOPES,
    modifiedField: 'UpdatedDateUTC',
    history: false,
  },
  {
    ...base,
    path: 'Budgets',
    collection: 'Budgets',
    type: 'Budget',
    idField: 'BudgetID',
    scopes: ['accounting.budgets.read'],
    where: false,
    order: false,
    history: false,
    listSummary: { when: 'always', emptyArrays: ['BudgetLines'], contactSummary: false },
    filters: [
      { kind: 'in', param: 'IDs', field: 'BudgetID' },
      { kind: 'periods', from: 'DateFrom', to: 'DateTo', array: 'BudgetLines', inner: 'BudgetBalances', field: 'Period' },
    ],
  },
  {
    ...base,
    path: 'Journals',
    collection: 'Journals',
    type: 'Journal',
    idField: 'JournalID',
    altKeys: ['JournalNumber'],
    scopes: ['accounting.journals.read'],
    where: false,
    order: false,
    modifiedField: 'CreatedDateUTC',
    paging: 'offset',
    history: false,
  },
] satisfies CollectionEndpoint[]);
