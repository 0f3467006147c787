/**
 * The Files API's data for one organisation: folders (the Inbox and a few named folders), the
 * files in them with their real bytes, and the files' associations with Accounting records.
 *
 * Files are made from the books, the way a bookkeeper's files come about: a supplier's invoice PDF
 * filed under "Supplier Bills" and associated with that bill, a photo of a receipt associated
 * with the bank transaction that paid it, a signed agreement associated with the customer's
 * contact, a month's bank statement export associated with the bank account, and some unsorted
 * scans and notes left in the Inbox. Every file is dated after the record it belongs to and on
 * or before the books' "today".
 */
import { DAY_MS, parseMsDate } from '../data/msdate.js';
import type { Random } from '../data/random.js';
import type { ApiData, OrgData, XeroRecord } from '../data/types.js';
import { csvFile, FILE_KINDS, type FileKind, pdfFile, pngFile, textFile } from './content.js';
import { filesTimestamp } from './dates.js';

const HOUR_MS = 3_600_000;

/** A link from a file to an Accounting record, in the Files API's vocabulary. */
interface Link {
  readonly objectId: string;
  /** The Accounting endpoint family (`Invoice`, `Contact`, ...): the spec's ObjectGroup. */
  readonly objectGroup: string;
  /** The record's subtype (`AccRec`, `Accpay`, `Business`, ...): the spec's ObjectType. */
  readonly objectType: string;
  /** When the record came to exist: the file is created after it. */
  readonly dateMs: number;
}

interface FolderPlan {
  readonly id: string;
  readonly name: string;
  readonly isInbox: boolean;
}

/** A file before it is written out. */
interface FilePlan {
  readonly name: string;
  readonly kind: FileKind;
  readonly content: Buffer;
  readonly folder: FolderPlan;
  readonly links: readonly Link[];
  /** Earliest instant it can have been uploaded. */
  readonly notBeforeMs: number;
}

type Recipe = 'bill' | 'receipt' | 'contract' | 'customerOrder' | 'statement' | 'taxReturn' | 'scan' | 'note';

/** Relative frequency of each kind of file after the first of each. */
const RECIPE_WEIGHTS: readonly (readonly [Recipe, number])[] = [
  ['bill', 6],
  ['receipt', 6],
  ['contract', 3],
  ['customerOrder', 3],
  ['statement', 2],
  ['taxReturn', 1],
  ['scan', 4],
  ['note', 2],
];

/** Expense accounts whose payments come with no receipt to file. */
const NOT_PURCHASES = /wage|salar|superannuation|kiwisaver|bank|interest|tax|depreciation|currency/i;

/** Files at `scale: 1`, and at least this many at any scale so every case appears. */
const FILES_AT_SCALE_1 = 30;
const MIN_FILES = 20;

/**
 * Builds the Files API collections for `org`: `Folders`, `Files` and `Associations` (see
 * index.ts) plus each file's bytes in `blobs`, keyed by file id.
 */
export function buildFilesData(org: OrgData, rnd: Random, scale: number): ApiData {
  const books = new BooksView(org);
  const folders = planFolders(rnd.fork('folders'));
  const byName = (name: string): FolderPlan => folders.find((f) => f.name === name) ?? (folders[0] as FolderPlan);
  const inbox = folders[0] as FolderPlan;
  const tax = folders.find((f) => f.name === 'Tax & Compliance') ?? inbox;

  const make = new FileMaker(org, books, rnd.fork('files'), {
    bills: byName('Supplier Bills'),
    receipts: byName('Receipts'),
    contracts: byName('Contracts'),
    tax,
    inbox,
  });
  const count = Math.max(MIN_FILES, Math.round(FILES_AT_SCALE_1 * scale));
  const pick = rnd.fork('recipes');
  const plans: FilePlan[] = [];
  // One of each kind first, so every folder, association group and content type is present.
  const first: Recipe[] = ['bill', 'receipt', 'contract', 'customerOrder', 'statement', 'taxReturn', 'scan', 'note'];
  for (let i = 0; i < count; i++) {
    const recipe = first[i] ?? pick.weighted(RECIPE_WEIGHTS);
    const plan = make.file(recipe, i === 0);
    if (plan) plans.push(plan);
  }
  // A second document for the first contract's customer, so some record has several files.
  const variation = make.contractVariation();
  if (variation) plans.push(variation);
  return writeOut(org, plans, folders, rnd.fork('write'));
}

/** The Inbox first, then the named folders in the order they were created. */
function planFolders(rnd: Random): FolderPlan[] {
  const named = ['Supplier Bills', 'Receipts', 'Contracts'];
  // Not every organisation keeps tax papers in Files; without that folder they go to the Inbox.
  if (rnd.chance(0.7)) named.push('Tax & Compliance');
  return [{ id: rnd.guid(), name: 'Inbox', isInbox: true }, ...named.map((name) => ({ id: rnd.guid(), name, isInbox: false }))];
}

/** The Accounting records files can belong to, filtered to live ones. */
class BooksView {
  readonly sales: XeroRecord[];
  readonly bills: XeroRecord[];
  readonly spends: XeroRecord[];
  readonly customers: XeroRecord[];
  readonly bankAccounts: XeroRecord[];
  readonly bankTransactions: XeroRecord[];
  readonly contacts: Map<string, XeroRecord>;
  readonly #byBankAccount = new Map<string, Map<number, XeroRecord[]>>();

  constructor(org: OrgData) {
    const c = org.accounting.collections;
    this.contacts = new Map(c.Contacts.map((x) => [String(x['ContactID']), x]));
    const live = (r: XeroRecord) => r['Status'] === 'AUTHORISED' || r['Status'] === 'PAID';
    this.sales = c.Invoices.filter((i) => i['Type'] === 'ACCREC' && live(i));
    this.bills = c.Invoices.filter((i) => i['Type'] === 'ACCPAY' && live(i));
    // Receipts are kept for purchases, not for wages, tax or bank charges paid from the account.
    const purchaseAccounts = new Set(
      c.Accounts.filter((a) => ['EXPENSE', 'OVERHEADS', 'DIRECTCOSTS'].includes(String(a['Type'])) && !NOT_PURCHASES.test(String(a['Name']))).map((a) => String(a['Code'])),
    );
    this.spends = c.BankTransactions.filter(
      (b) =>
        b['Type'] === 'SPEND' &&
        b['Status'] === 'AUTHORISED' &&
        Array.isArray(b['LineItems']) &&
        b['LineItems'].length > 0 &&
        b['LineItems'].every((l) => purchaseAccounts.has(String((l as XeroRecord)['AccountCode']))),
    );
    const customerIds = new Set(this.sales.map((i) => contactIdOf(i)));
    this.customers = c.Contacts.filter((x) => customerIds.has(String(x['ContactID'])) && x['ContactStatus'] === 'ACTIVE');
    this.bankAccounts = c.Accounts.filter((a) => a['Type'] === 'BANK' && a['Status'] === 'ACTIVE');
    this.bankTransactions = c.BankTransactions.filter((b) => b['Status'] === 'AUTHORISED');
  }

  /** The live bank transactions of one bank account by month (UTC midnight of the 1st), oldest first. */
  months(accountId: string): Map<number, XeroRecord[]> {
    if (this.#byBankAccount.size === 0) {
      for (const b of this.bankTransactions) {
        const id = String((b['BankAccount'] as XeroRecord | undefined)?.['AccountID']);
        const months = this.#byBankAccount.get(id) ?? new Map<number, XeroRecord[]>();
        this.#byBankAccount.set(id, months);
        const month = startOfMonth(parseMsDate(String(b['Date'])));
        const list = months.get(month);
        if (list) list.push(b);
        else months.set(month, [b]);
      }
      for (const months of this.#byBankAccount.values()) {
        for (const list of months.values()) list.sort((a, b) => parseMsDate(String(a['Date'])) - parseMsDate(String(b['Date'])));
      }
    }
    return this.#byBankAccount.get(accountId) ?? new Map();
  }
}

interface FolderRoles {
  readonly bills: FolderPlan;
  readonly receipts: FolderPlan;
  readonly contracts: FolderPlan;
  readonly tax: FolderPlan;
  readonly inbox: FolderPlan;
}

/** Turns a recipe into a file: picks the record, writes the bytes, names it. */
class FileMaker {
  readonly #org: OrgData;
  readonly #books: BooksView;
  readonly #rnd: Random;
  readonly #folders: FolderRoles;
  readonly #orgName: string;
  readonly #earliestMs: number;
  #firstContract: XeroRecord | undefined;

  constructor(org: OrgData, books: BooksView, rnd: Random, folders: FolderRoles) {
    this.#org = org;
    this.#books = books;
    this.#rnd = rnd;
    this.#folders = folders;
    this.#orgName = String(org.accounting.organisation['Name'] ?? org.tenantName);
    this.#earliestMs = Math.max(org.createdAtMs, org.asOfMs - 700 * DAY_MS);
  }

  file(recipe: Recipe, billWithContact = false): FilePlan | undefined {
    switch (recipe) {
      case 'bill':
        return this.#bill(billWithContact);
      case 'receipt':
        return this.#receipt();
      case 'contract':
        return this.#contract();
      case 'customerOrder':
        return this.#customerOrder();
      case 'statement':
        return this.#statement();
      case 'taxReturn':
        return this.#taxReturn();
      case 'scan':
        return this.#scan();
      case 'note':
        return this.#note();
    }
  }

  /** A signed variation to the first contract: a second file on the same contact. */
  contractVariation(): FilePlan | undefined {
    const contact = this.#firstContract;
    if (!contact) return undefined;
    const dateMs = this.#randomDay();
    return {
      name: `Contract variation - ${String(contact['Name'])}.pdf`,
      kind: 'pdf',
      content: pdfFile(['CONTRACT VARIATION', `${this.#orgName} and ${String(contact['Name'])}`, `Dated ${isoDay(dateMs)}`, 'Scope extended by mutual agreement.']),
      folder: this.#folders.contracts,
      links: [contactLink(contact, dateMs)],
      notBeforeMs: dateMs,
    };
  }

  #bill(withContact: boolean): FilePlan | undefined {
    const bill = this.#pickOf(this.#books.bills);
    if (!bill) return this.#scan();
    const supplier = String(contactOf(bill)['Name'] ?? 'Supplier');
    const number = String(bill['InvoiceNumber'] || bill['Reference'] || 'invoice');
    const dateMs = parseMsDate(String(bill['Date']));
    const links: Link[] = [{ objectId: String(bill['InvoiceID']), objectGroup: 'Invoice', objectType: 'Accpay', dateMs }];
    const contact = this.#contactRecord(contactIdOf(bill));
    // Some bills' files are also associated with the supplier, as a bookkeeper might do.
    if (contact && (withContact || this.#rnd.chance(0.2))) links.push(contactLink(contact, dateMs));
    return {
      name: `${supplier} ${number}.pdf`,
      kind: 'pdf',
      content: pdfFile([
        'TAX INVOICE',
        supplier,
        `Invoice ${number}`,
        `Date ${isoDay(dateMs)}`,
        `Due ${bill['DueDate'] ? isoDay(parseMsDate(String(bill['DueDate']))) : isoDay(dateMs)}`,
        `Bill to ${this.#orgName}`,
        `Total ${String(bill['CurrencyCode'])} ${money(bill['Total'])}`,
      ]),
      folder: this.#folders.bills,
      links,
      notBeforeMs: dateMs,
    };
  }

  #receipt(): FilePlan | undefined {
    const spend = this.#pickOf(this.#books.spends);
    if (!spend) return this.#scan();
    const dateMs = parseMsDate(String(spend['Date']));
    return {
      name: `Receipt ${isoDay(dateMs)} ${String(contactOf(spend)['Name'] ?? 'shop')}.png`,
      kind: 'png',
      content: pngFile(this.#rnd.int(0, 999)),
      folder: this.#folders.receipts,
      links: [{ objectId: String(spend['BankTransactionID']), objectGroup: 'BankTransaction', objectType: 'CashPaid', dateMs }],
      notBeforeMs: dateMs,
    };
  }

  #contract(): FilePlan | undefined {
    const contact = this.#pickOf(this.#books.customers);
    if (!contact) return this.#note();
    this.#firstContract ??= contact;
    const dateMs = this.#randomDay();
    return {
      name: `Service agreement - ${String(contact['Name'])}.pdf`,
      kind: 'pdf',
      content: pdfFile([
        'SERVICE AGREEMENT',
        `Between ${this.#orgName} and ${String(contact['Name'])}`,
        `Effective ${isoDay(dateMs)} for twelve months`,
        'Payment terms: 30 days from invoice date.',
        'Signed by both parties.',
      ]),
      folder: this.#folders.contracts,
      links: [contactLink(contact, dateMs)],
      notBeforeMs: dateMs,
    };
  }

  /** A customer's purchase order, emailed to the Inbox and associated with the sales invoice. */
  #customerOrder(): FilePlan | undefined {
    const invoice = this.#pickOf(this.#books.sales);
    if (!invoice) return this.#scan();
    const dateMs = parseMsDate(String(invoice['Date']));
    const customer = String(contactOf(invoice)['Name'] ?? 'Customer');
    const reference = `PO ${this.#rnd.int(1000, 9999)}`;
    return {
      name: `Purchase order ${reference} - ${customer}.pdf`,
      kind: 'pdf',
      content: pdfFile(['PURCHASE ORDER', customer, `Reference ${reference}`, `Supplier ${this.#orgName}`, `Ordered ${isoDay(dateMs - 2 * DAY_MS)}`]),
      folder: this.#folders.inbox,
      links: [{ objectId: String(invoice['InvoiceID']), objectGroup: 'Invoice', objectType: 'AccRec', dateMs: dateMs - 2 * DAY_MS }],
      // Received before the invoice was raised.
      notBeforeMs: dateMs - 2 * DAY_MS,
    };
  }

  /** A month's transactions of a bank account, exported as CSV and associated with that account. */
  #statement(): FilePlan | undefined {
    const account = this.#pickOf(this.#books.bankAccounts);
    if (!account) return this.#note();
    const accountId = String(account['AccountID']);
    // Only months that have ended can be exported as a statement.
    const thisMonth = startOfMonth(this.#org.asOfMs);
    const byMonth = this.#books.months(accountId);
    const ended = [...byMonth.keys()].filter((m) => m < thisMonth).sort((a, b) => a - b);
    const monthStart = ended.length > 0 ? this.#rnd.pick(ended) : startOfMonth(this.#randomDay(40));
    const nextMonth = addMonth(monthStart);
    const rows: (string | number)[][] = [['Date', 'Description', 'Reference', 'Amount']];
    for (const b of byMonth.get(monthStart) ?? []) {
      const sign = String(b['Type']).startsWith('SPEND') ? -1 : 1;
      rows.push([isoDay(parseMsDate(String(b['Date']))), String(contactOf(b)['Name'] ?? ''), String(b['Reference'] ?? ''), money(sign * Number(b['Total']))]);
    }
    const month = isoDay(monthStart).slice(0, 7);
    return {
      name: `Bank statement ${String(account['Name'])} ${month}.csv`,
      kind: 'csv',
      content: csvFile(rows),
      folder: this.#folders.tax,
      links: [{ objectId: accountId, objectGroup: 'Account', objectType: 'Bank', dateMs: nextMonth }],
      // Exported after the month closed.
      notBeforeMs: nextMonth,
    };
  }

  #taxReturn(): FilePlan {
    // A quarter that ended long enough ago to have been lodged.
    const quarterStart = startOfQuarter(this.#randomDay(120));
    const label = this.#org.countryCode === 'AU' ? 'Business Activity Statement' : 'GST return';
    const period = `${isoDay(quarterStart).slice(0, 7)} quarter`;
    const filedMs = addMonth(addMonth(addMonth(quarterStart))) + 20 * DAY_MS;
    return {
      name: `${label} ${period}.pdf`,
      kind: 'pdf',
      content: pdfFile([label.toUpperCase(), this.#orgName, `Period: three months from ${isoDay(quarterStart)}`, 'Lodged electronically.']),
      folder: this.#folders.tax,
      links: [],
      notBeforeMs: Math.min(filedMs, this.#org.asOfMs - DAY_MS),
    };
  }

  /** An unsorted scan sitting in the Inbox. */
  #scan(): FilePlan {
    const dateMs = this.#randomDay();
    const stamp = `${isoDay(dateMs)}_${String(this.#rnd.int(8, 17)).padStart(2, '0')}${String(this.#rnd.int(0, 59)).padStart(2, '0')}`;
    const asImage = this.#rnd.chance(0.5);
    return {
      name: `Scan_${stamp}.${asImage ? 'png' : 'pdf'}`,
      kind: asImage ? 'png' : 'pdf',
      content: asImage ? pngFile(this.#rnd.int(0, 999)) : pdfFile(['Scanned document', `Scanned ${isoDay(dateMs)}`]),
      folder: this.#folders.inbox,
      links: [],
      notBeforeMs: dateMs,
    };
  }

  #note(): FilePlan {
    const dateMs = this.#randomDay();
    const topic = this.#rnd.pick(['Supplier follow-ups', 'Month-end checklist', 'Meeting notes', 'Stocktake notes']);
    return {
      name: `${topic} ${isoDay(dateMs)}.txt`,
      kind: 'txt',
      content: textFile([topic, `Written ${isoDay(dateMs)}.`, '- Reconcile the bank accounts', '- Chase overdue invoices', '- File supplier bills']),
      folder: this.#folders.inbox,
      links: [],
      notBeforeMs: dateMs,
    };
  }

  #pickOf(records: readonly XeroRecord[]): XeroRecord | undefined {
    return records.length > 0 ? this.#rnd.pick(records) : undefined;
  }

  #contactRecord(id: string): XeroRecord | undefined {
    return this.#books.contacts.get(id);
  }

  /** A UTC midnight in the last two years of the books, at least `minDaysAgo` before "today". */
  #randomDay(minDaysAgo = 1): number {
    const days = Math.floor((this.#org.asOfMs - this.#earliestMs) / DAY_MS);
    return this.#org.asOfMs - this.#rnd.int(minDaysAgo, Math.max(minDaysAgo, days)) * DAY_MS;
  }
}

/** Writes the planned files as records in upload order, with their associations and bytes. */
function writeOut(org: OrgData, plans: readonly FilePlan[], folders: readonly FolderPlan[], rnd: Random): ApiData {
  const users = org.accounting.collections.Users;
  const uploaders = users.filter((u) => u['OrganisationRole'] !== 'READONLY');
  const latestMs = org.asOfMs;
  const names = new Set<string>();
  const files: { record: XeroRecord; createdMs: number }[] = [];
  const associations: { record: XeroRecord; atMs: number }[] = [];
  const blobs = new Map<string, Buffer>();

  for (const plan of plans) {
    const id = rnd.guid();
    // Uploaded a few hours to a few days after the record it belongs to, never after "today".
    const createdMs = Math.min(plan.notBeforeMs + rnd.int(2 * HOUR_MS, 4 * DAY_MS), latestMs - rnd.int(60_000, 6 * HOUR_MS));
    const updatedMs = rnd.chance(0.25) ? Math.min(createdMs + rnd.int(HOUR_MS, 20 * DAY_MS), latestMs) : createdMs;
    const user = rnd.pick(uploaders.length > 0 ? uploaders : users);
    const name = uniqueName(plan.name, names);
    const record: XeroRecord = {
      Name: name,
      MimeType: FILE_KINDS[plan.kind].mimeType,
      Size: plan.content.length,
      CreatedDateUtc: filesTimestamp(createdMs),
      UpdatedDateUtc: filesTimestamp(updatedMs),
      User: userObject(user),
      Id: id,
      FolderId: plan.folder.id,
    };
    files.push({ record, createdMs });
    blobs.set(id, plan.content);
    for (const link of plan.links) {
      const atMs = Math.min(createdMs + rnd.int(0, 2 * DAY_MS), latestMs);
      associations.push({
        atMs,
        record: {
          // Only sales documents' files can go out with the document.
          SendWithObject: link.objectGroup === 'Invoice' && link.objectType === 'AccRec' ? rnd.chance(0.5) : false,
          Name: name,
          Size: plan.content.length,
          CreatedDateUtc: filesTimestamp(createdMs),
          AssociationDateUtc: filesTimestamp(atMs),
          FileId: id,
          ObjectId: link.objectId,
          ObjectType: link.objectType,
          ObjectGroup: link.objectGroup,
        },
      });
    }
  }
  files.sort((a, b) => a.createdMs - b.createdMs || String(a.record['Id']).localeCompare(String(b.record['Id'])));
  associations.sort((a, b) => a.atMs - b.atMs || String(a.record['FileId']).localeCompare(String(b.record['FileId'])));

  const emailTag = `${rnd.string(4, 'abcdefghijklmnopqrstuvwxyz0123456789')}.${rnd.string(16, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;
  const folderRecords: XeroRecord[] = folders.map((f) => ({
    Name: f.name,
    FileCount: files.filter((x) => x.record['FolderId'] === f.id).length,
    // "Only the inbox will have this element" (spec, Folder.Email).
    ...(f.isInbox ? { Email: `xero.inbox.${emailTag}@xerofiles.com` } : {}),
    IsInbox: f.isInbox,
    Id: f.id,
  }));
  return {
    collections: {
      Folders: folderRecords,
      Files: files.map((f) => f.record),
      Associations: associations.map((a) => a.record),
    },
    blobs,
  };
}

/** The file's `User`: "Name ... returns Email address of user who created the file" (spec). */
function userObject(user: XeroRecord): XeroRecord {
  const first = String(user['FirstName'] ?? '');
  const last = String(user['LastName'] ?? '');
  return { Name: String(user['EmailAddress'] ?? ''), FirstName: first, LastName: last, FullName: `${first} ${last}`.trim(), Id: String(user['UserID']) };
}

/** A contact's association: Xero types contacts as a `Person` or a `Business`. */
function contactLink(contact: XeroRecord, dateMs: number): Link {
  const personal = `${String(contact['FirstName'] ?? '')} ${String(contact['LastName'] ?? '')}`.trim();
  return {
    objectId: String(contact['ContactID']),
    objectGroup: 'Contact',
    objectType: personal !== '' && personal === contact['Name'] ? 'Person' : 'Business',
    dateMs,
  };
}

function contactOf(record: XeroRecord): XeroRecord {
  const c = record['Contact'];
  return c !== null && typeof c === 'object' && !Array.isArray(c) ? c : {};
}

function contactIdOf(record: XeroRecord): string {
  return String(contactOf(record)['ContactID']);
}

/** Xero keeps names unique within an organisation's files; a repeat gets " (2)". */
function uniqueName(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function money(value: unknown): string {
  return Number(value).toFixed(2);
}

function startOfMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function addMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

function startOfQuarter(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
}
