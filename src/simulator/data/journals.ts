/**
 * Journals: the general ledger, derived from every posted transaction as Xero derives it. Area
 * generators post a journal when a transaction takes effect (an invoice is approved, a payment
 * is made, a bank transaction is entered) and a reversing journal when it is voided or deleted.
 * Amounts are in the base currency (foreign documents are converted at their CurrencyRate) and
 * every journal balances: the NetAmounts of its lines sum to zero, tax sitting on its own line
 * against the GST account.
 *
 * Reversals keep the original JournalDate (a voided invoice vanishes from the period it was in,
 * as Xero's reports show it) but are created, and so numbered, when the void happened.
 */
import type { AccountInfo } from './chart-of-accounts.js';
import type { DocLine } from './line-items.js';
import { amount, toBaseCents } from './money.js';
import { toMsDate } from './msdate.js';
import type { Random } from './random.js';
import type { TaxInfo } from './tax-rates.js';
import type { XeroRecord } from './types.js';

/** Xero's journal SourceType values the generator produces. */
export type JournalSourceType =
  | 'ACCREC'
  | 'ACCPAY'
  | 'ACCRECCREDIT'
  | 'ACCPAYCREDIT'
  | 'ACCRECPAYMENT'
  | 'ACCPAYPAYMENT'
  | 'ARCREDITPAYMENT'
  | 'APCREDITPAYMENT'
  | 'CASHREC'
  | 'CASHPAID'
  | 'TRANSFER'
  | 'ARPREPAYMENT'
  | 'APPREPAYMENT'
  | 'AROVERPAYMENT'
  | 'APOVERPAYMENT'
  | 'EXPCLAIM'
  | 'EXPPAYMENT'
  | 'MANJOURNAL';

/** One line to post, in base-currency cents; positive is a debit. */
export interface PostingLine {
  readonly account: AccountInfo;
  readonly netCents: number;
  readonly taxCents: number;
  readonly tax?: TaxInfo;
  readonly description: string;
  readonly tracking: readonly XeroRecord[];
}

/** What a poster says about a journal. */
export interface JournalSpec {
  /** When the transaction took effect; journals are numbered in this order. */
  readonly createdMs: number;
  /** The transaction's date (UTC midnight). */
  readonly dateMs: number;
  readonly sourceId: string;
  readonly sourceType: JournalSourceType;
  readonly reference?: string;
  readonly lines: readonly PostingLine[];
}

/** Collects the organisation's journals and numbers them at the end. */
export class Ledger {
  // Parallel arrays (creation instant, id, record) rather than an object per journal.
  readonly #createdMs: number[] = [];
  readonly #ids: string[] = [];
  readonly #records: XeroRecord[] = [];

  /**
   * Posts a balanced journal and returns its record (numbered when the ledger is finished).
   * @param ids the posting area's journal-id stream, so journals of one area do not shift ids in
   * another. Throws if the lines do not sum to zero (a generator bug).
   */
  post(ids: Random, spec: JournalSpec): XeroRecord {
    let sum = 0;
    for (const line of spec.lines) sum += line.netCents;
    if (sum !== 0) {
      throw new RangeError(`Unbalanced ${spec.sourceType} journal for ${spec.sourceId}: off by ${sum} cents`);
    }
    const journalId = ids.guid();
    const lines: XeroRecord[] = [];
    for (const l of spec.lines) {
      if (l.netCents === 0 && l.taxCents === 0) continue;
      const a = l.account;
      const tracking = l.tracking as XeroRecord[];
      // Two literal shapes rather than a spread: this runs for every journal line.
      lines.push(
        l.tax === undefined
          ? { JournalLineID: ids.guid(), AccountID: a.id, AccountCode: a.code, AccountType: a.type, AccountName: a.name, Description: l.description, NetAmount: amount(l.netCents), GrossAmount: amount(l.netCents + l.taxCents), TaxAmount: amount(l.taxCents), TrackingCategories: tracking }
          : { JournalLineID: ids.guid(), AccountID: a.id, AccountCode: a.code, AccountType: a.type, AccountName: a.name, Description: l.description, NetAmount: amount(l.netCents), GrossAmount: amount(l.netCents + l.taxCents), TaxAmount: amount(l.taxCents), TaxType: l.tax.taxType, TaxName: l.tax.name, TrackingCategories: tracking },
      );
    }
    const reference = spec.reference ?? '';
    return this.#add(journalId, spec.createdMs, {
      JournalID: journalId,
      JournalDate: toMsDate(spec.dateMs),
      // Numbered by finish(), once every journal is known.
      JournalNumber: 0,
      CreatedDateUTC: toMsDate(spec.createdMs),
      ...(reference !== '' ? { Reference: reference } : {}),
      SourceID: spec.sourceId,
      SourceType: spec.sourceType,
      JournalLines: lines,
    });
  }

  /** Posts the mirror image of journal `original`, created at `createdMs` (a void or delete). */
  reverse(ids: Random, original: XeroRecord, createdMs: number): XeroRecord {
    const journalId = ids.guid();
    const negate = (v: unknown): number => (Number(v) === 0 ? 0 : -Number(v));
    return this.#add(journalId, createdMs, {
      ...original,
      JournalID: journalId,
      CreatedDateUTC: toMsDate(createdMs),
      JournalLines: (original['JournalLines'] as XeroRecord[]).map((l) => ({
        ...l,
        JournalLineID: ids.guid(),
        NetAmount: negate(l['NetAmount']),
        GrossAmount: negate(l['GrossAmount']),
        TaxAmount: negate(l['TaxAmount']),
      })),
    });
  }

  #add(journalId: string, createdMs: number, record: XeroRecord): XeroRecord {
    this.#createdMs.push(createdMs);
    this.#ids.push(journalId);
    this.#records.push(record);
    return record;
  }

  /**
   * Numbers every journal 1..N in creation order (ties by JournalID) and hands them to `each` in
   * that order.
   */
  finish(each: (journalId: string, createdMs: number, record: XeroRecord) => void): void {
    const at = this.#createdMs;
    const ids = this.#ids;
    const order = Array.from(this.#records.keys()).sort(
      (a, b) => (at[a] as number) - (at[b] as number) || ((ids[a] as string) < (ids[b] as string) ? -1 : (ids[a] as string) > (ids[b] as string) ? 1 : 0),
    );
    order.forEach((i, n) => {
      const record = this.#records[i] as XeroRecord;
      record['JournalNumber'] = n + 1;
      each(ids[i] as string, at[i] as number, record);
    });
  }
}

/** How a document's lines post. */
export interface DocumentPosting {
  readonly createdMs: number;
  readonly dateMs: number;
  readonly sourceId: string;
  readonly sourceType: JournalSourceType;
  readonly reference?: string;
  /** The balancing account: receivables, payables, a bank account, unpaid expense claims. */
  readonly control: AccountInfo;
  /** +1 when the lines are debits (bills, spend money, sales credit notes), -1 when credits. */
  readonly sign: 1 | -1;
  /** The document's CurrencyRate (1 in the base currency). */
  readonly rate: number;
  readonly lines: readonly DocLine[];
  /** Further balanced lines in base cents, e.g. cost of goods sold for tracked items. */
  readonly extra?: readonly PostingLine[];
}

/**
 * Posts a document: one line per document line (net, with its tax shown), one line for all the
 * tax against the GST account, and the control account taking the balance. Returns the journal
 * and the document's base-currency value, which is what sits in the control account.
 */
export function postDocument(
  ledger: Ledger,
  ids: Random,
  gst: AccountInfo,
  doc: DocumentPosting,
): { journal: XeroRecord; baseCents: number } {
  const lines: PostingLine[] = [];
  let base = 0;
  let taxBase = 0;
  for (const l of doc.lines) {
    const net = toBaseCents(l.netCents, doc.rate);
    const tax = toBaseCents(l.taxCents, doc.rate);
    base += net + tax;
    taxBase += tax;
    lines.push({
      account: l.spec.account,
      netCents: doc.sign * net,
      taxCents: doc.sign * tax,
      tax: l.spec.tax,
      description: l.spec.description,
      tracking: l.spec.tracking,
    });
  }
  if (taxBase !== 0) lines.push({ account: gst, netCents: doc.sign * taxBase, taxCents: 0, description: '', tracking: [] });
  if (doc.extra !== undefined) lines.push(...doc.extra);
  lines.unshift({ account: doc.control, netCents: -doc.sign * base, taxCents: 0, description: '', tracking: [] });
  const journal = ledger.post(ids, {
    createdMs: doc.createdMs,
    dateMs: doc.dateMs,
    sourceId: doc.sourceId,
    sourceType: doc.sourceType,
    ...(doc.reference !== undefined ? { reference: doc.reference } : {}),
    lines,
  });
  return { journal, baseCents: base };
}
