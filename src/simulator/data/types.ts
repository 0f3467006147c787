/**
 * The simulator's in-memory books. Records are stored in exactly the JSON shape Xero's
 * Accounting API returns for a single-record GET (the "full" form, see
 * `../shared/xero-openapi/xero_accounting.yaml` component schemas): PascalCase keys, dates as
 * Microsoft JSON dates (`/Date(1573755038314+0000)/`), amounts as JSON numbers already rounded
 * as Xero rounds them. Routes serve them as they are (or projected to Xero's summary form), the
 * where-language interpreter evaluates against them, and the report builders read them. So the
 * spec's schemas are the contract between the generator, the routes and the reports.
 */

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
/** A JSON object. */
export interface JsonObject {
  [key: string]: Json | undefined;
}

/** One Xero record (an Invoice, a Contact, ...) in its API JSON form. */
export type XeroRecord = JsonObject;

/** The Accounting collections the simulator holds, keyed by the envelope key Xero uses. */
export const ACCOUNTING_COLLECTIONS = [
  'Accounts',
  'BankTransactions',
  'BankTransfers',
  'BatchPayments',
  'BrandingThemes',
  'Budgets',
  'ContactGroups',
  'Contacts',
  'CreditNotes',
  'Currencies',
  'ExpenseClaims',
  'Invoices',
  'Items',
  'Journals',
  'LinkedTransactions',
  'ManualJournals',
  'Overpayments',
  'Payments',
  'Prepayments',
  'PurchaseOrders',
  'Quotes',
  'Receipts',
  'RepeatingInvoices',
  'TaxRates',
  'TrackingCategories',
  'Users',
] as const;

export type AccountingCollection = (typeof ACCOUNTING_COLLECTIONS)[number];

/** An attachment on a record (`/{Entity}/{id}/Attachments`). */
export interface AttachmentData {
  /** The JSON Xero lists for it: AttachmentID, FileName, Url, MimeType, ContentLength, IncludeOnline. */
  readonly record: XeroRecord;
  /** The file's bytes, served by `/{Entity}/{id}/Attachments/{AttachmentID|FileName}`. */
  readonly content: Buffer;
}

/** Everything the Accounting API serves for one organisation. */
export interface AccountingData {
  /** The single `Organisation` record (served as a one-element `Organisations` array). */
  readonly organisation: XeroRecord;
  /** Every collection, each sorted the way Xero lists it by default (see the generator). */
  readonly collections: { readonly [K in AccountingCollection]: XeroRecord[] };
  /** `HistoryRecords` per record id (`/{Entity}/{id}/History`), oldest first. */
  readonly history: Map<string, XeroRecord[]>;
  /** Attachments per record id. */
  readonly attachments: Map<string, AttachmentData[]>;
}

/** One simulated organisation (a Xero tenant). */
export interface OrgData {
  readonly tenantId: string;
  readonly tenantName: string;
  /** Xero's `tenantType`; always `ORGANISATION` for now. */
  readonly tenantType: 'ORGANISATION';
  /** ISO country code, e.g. `AU`. */
  readonly countryCode: string;
  /** Base currency, e.g. `AUD`. */
  readonly baseCurrency: string;
  /** When the organisation was created (ms since the epoch); used for connection dates. */
  readonly createdAtMs: number;
  /**
   * The books' "today" (GenerateOptions.asOfMs): reports default their dates relative to it, so
   * a seed gives the same default reports on any calendar day.
   */
  readonly asOfMs: number;
  readonly accounting: AccountingData;
  /** Payroll AU (v1 and v2 shapes); present for Australian organisations only. */
  readonly payroll?: ApiData;
  /** The Files API's files, folders and associations. */
  readonly files?: ApiData;
  /** The Assets API's assets, asset types and settings. */
  readonly assets?: ApiData;
  /** The Projects API's projects, tasks, time entries and users. */
  readonly projects?: ApiData;
}

/**
 * The records of one of the other APIs (Payroll AU, Files, Assets, Projects), each collection in
 * that API's own JSON shape (its casing, its date format), as a by-id GET returns them. The
 * module that serves the API decides the collection names and documents them.
 */
export interface ApiData {
  readonly collections: { readonly [name: string]: XeroRecord[] };
  /** Binary contents by id (file contents). */
  readonly blobs: Map<string, Buffer>;
}

/** Options of the deterministic data generator. */
export interface GenerateOptions {
  /** Same seed, same data, same ids. */
  readonly seed: number;
  /**
   * Size multiplier. 1 is a small business (hundreds of invoices); 100 is about 100,000
   * invoices and must still generate in seconds.
   */
  readonly scale: number;
  /**
   * The "today" of the books (ms since the epoch, a UTC midnight). Transactions are dated in
   * the two years up to it. Fixed by default so a seed means the same data on any day.
   */
  readonly asOfMs: number;
}
