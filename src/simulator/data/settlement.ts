/**
 * The running balances behind invoices and credits while their stories are played out: what has
 * been paid, credited and allocated, and how much of the document's base-currency value is still
 * sitting in receivables or payables. `finish()` writes the final figures into the records.
 *
 * Xero's invoice fields as the spec describes them (xero_accounting.yaml, Invoice): AmountPaid is
 * the "sum of payments received", AmountCredited the "sum of all credit notes, over-payments and
 * pre-payments applied", AmountDue what remains; the invoice lists each in `Payments`,
 * `CreditNotes`, `Prepayments` and `Overpayments`.
 */
import type { AccountInfo } from './chart-of-accounts.js';
import type { ContactInfo } from './contacts.js';
import type { JournalSourceType } from './journals.js';
import { amount } from './money.js';
import { toMsDate } from './msdate.js';
import type { XeroRecord } from './types.js';

/** Xero's PaymentType values. */
export type PaymentType =
  | 'ACCRECPAYMENT'
  | 'ACCPAYPAYMENT'
  | 'ARCREDITPAYMENT'
  | 'APCREDITPAYMENT'
  | 'AROVERPAYMENTPAYMENT'
  | 'APOVERPAYMENTPAYMENT'
  | 'ARPREPAYMENTPAYMENT'
  | 'APPREPAYMENTPAYMENT';

/** A payment while its target's story is played out. */
export interface PaymentState {
  readonly id: string;
  readonly record: XeroRecord;
  /** The element listed in the target's `Payments`. */
  readonly summary: XeroRecord;
  readonly amountCents: number;
  /** Amount in the bank account's currency. */
  readonly bankCents: number;
  /** Base-currency value taken off the target's control account. */
  readonly carryingCents: number;
  readonly atMs: number;
  readonly dateMs: number;
  readonly bank: AccountInfo;
  readonly target: PaymentTarget;
  /** Payments sharing a key (same run, account and day) may be grouped into a batch. */
  readonly batchKey: string | undefined;
  deleted: boolean;
}

/** Something a payment can settle: an invoice, or a credit being refunded. */
export interface PaymentTarget {
  readonly id: string;
  readonly contact: ContactInfo;
  readonly currency: string;
  readonly paymentType: PaymentType;
  readonly journalType: JournalSourceType;
  readonly control: AccountInfo;
  /** Whether the payment brings money into the bank. */
  readonly moneyIn: boolean;
  /** The key the payment embeds the target under, and the summary it embeds. */
  readonly refKey: 'Invoice' | 'CreditNote' | 'Overpayment' | 'Prepayment';
  readonly ref: XeroRecord;
  outstanding(): number;
  /** Base-currency value a payment of `amountCents` would take off the control account. */
  carryingFor(amountCents: number): number;
  settle(p: PaymentState): void;
  unsettle(p: PaymentState, atMs: number): void;
}

/** An ACCREC invoice or an ACCPAY bill. */
export class InvoiceState implements PaymentTarget {
  readonly id: string;
  readonly type: 'ACCREC' | 'ACCPAY';
  readonly contact: ContactInfo;
  readonly currency: string;
  readonly rate: number;
  readonly record: XeroRecord;
  readonly ref: XeroRecord;
  readonly refKey = 'Invoice' as const;
  readonly control: AccountInfo;
  readonly totalCents: number;
  readonly dateMs: number;
  readonly dueMs: number;
  readonly createdMs: number;
  readonly paymentType: PaymentType;
  readonly journalType: JournalSourceType;
  readonly moneyIn: boolean;
  readonly payments: XeroRecord[] = [];
  readonly creditNotes: XeroRecord[] = [];
  readonly prepayments: XeroRecord[] = [];
  readonly overpayments: XeroRecord[] = [];
  status = 'DRAFT';
  paidCents = 0;
  creditedCents = 0;
  /** Base-currency value still in receivables/payables; set on approval. */
  carryingCents = 0;
  updatedMs: number;
  fullyPaidDateMs: number | undefined;

  constructor(init: {
    id: string;
    type: 'ACCREC' | 'ACCPAY';
    contact: ContactInfo;
    currency: string;
    rate: number;
    record: XeroRecord;
    ref: XeroRecord;
    control: AccountInfo;
    totalCents: number;
    dateMs: number;
    dueMs: number;
    createdMs: number;
  }) {
    this.id = init.id;
    this.type = init.type;
    this.contact = init.contact;
    this.currency = init.currency;
    this.rate = init.rate;
    this.record = init.record;
    this.ref = init.ref;
    this.control = init.control;
    this.totalCents = init.totalCents;
    this.dateMs = init.dateMs;
    this.dueMs = init.dueMs;
    this.createdMs = init.createdMs;
    this.updatedMs = init.createdMs;
    // The record lists what this state books, in the keys it already reserves.
    init.record['Payments'] = this.payments;
    init.record['Prepayments'] = this.prepayments;
    init.record['Overpayments'] = this.overpayments;
    init.record['CreditNotes'] = this.creditNotes;
    const sales = init.type === 'ACCREC';
    this.paymentType = sales ? 'ACCRECPAYMENT' : 'ACCPAYPAYMENT';
    this.journalType = sales ? 'ACCRECPAYMENT' : 'ACCPAYPAYMENT';
    this.moneyIn = sales;
  }

  outstanding(): number {
    return this.totalCents - this.paidCents - this.creditedCents;
  }

  carryingFor(amountCents: number): number {
    const due = this.outstanding();
    // The last payment clears whatever is left, so a settled foreign invoice leaves nothing behind.
    return amountCents === due ? this.carryingCents : Math.round((this.carryingCents * amountCents) / due);
  }

  settle(p: PaymentState): void {
    this.paidCents += p.amountCents;
    this.carryingCents -= p.carryingCents;
    this.payments.push(p.summary);
    this.#touch(p.atMs, p.dateMs);
  }

  unsettle(p: PaymentState, atMs: number): void {
    this.paidCents -= p.amountCents;
    this.carryingCents += p.carryingCents;
    const i = this.payments.indexOf(p.summary);
    if (i >= 0) this.payments.splice(i, 1);
    this.#touch(atMs, p.dateMs);
  }

  /**
   * Books a credit note, prepayment or overpayment allocation (base-currency documents only, so
   * its value in receivables/payables is the amount itself).
   */
  applyCredit(list: 'creditNotes' | 'prepayments' | 'overpayments', summary: XeroRecord, amountCents: number, atMs: number, dateMs: number): void {
    this.creditedCents += amountCents;
    this.carryingCents -= amountCents;
    this[list].push(summary);
    this.#touch(atMs, dateMs);
  }

  /** Marks a status change (approval, void, deletion) made at `atMs`. */
  setStatus(status: string, atMs: number): void {
    this.status = status;
    this.updatedMs = Math.max(this.updatedMs, atMs);
  }

  #touch(atMs: number, dateMs: number): void {
    this.updatedMs = Math.max(this.updatedMs, atMs);
    this.fullyPaidDateMs = this.outstanding() === 0 ? Math.max(dateMs, this.fullyPaidDateMs ?? dateMs) : undefined;
  }

  /** Writes status, amounts and dates into the record. */
  finish(): void {
    const r = this.record;
    const posted = this.status === 'AUTHORISED' || this.status === 'PAID';
    const status = posted && this.outstanding() === 0 ? 'PAID' : this.status;
    r['Status'] = status;
    r['AmountPaid'] = amount(this.paidCents);
    r['AmountCredited'] = amount(this.creditedCents);
    r['AmountDue'] = amount(status === 'VOIDED' || status === 'DELETED' ? 0 : this.outstanding());
    if (status === 'PAID' && this.fullyPaidDateMs !== undefined) r['FullyPaidOnDate'] = toMsDate(this.fullyPaidDateMs);
    r['UpdatedDateUTC'] = toMsDate(this.updatedMs);
  }
}

/** Which kind of credit a {@link CreditState} is. */
export type CreditKind = 'creditnote' | 'prepayment' | 'overpayment';

const CREDIT_TYPES: {
  readonly [K in CreditKind]: {
    readonly list: 'creditNotes' | 'prepayments' | 'overpayments';
    readonly idKey: string;
    readonly refKey: PaymentTarget['refKey'];
    readonly sales: { readonly paymentType: PaymentType; readonly journalType: JournalSourceType };
    readonly purchases: { readonly paymentType: PaymentType; readonly journalType: JournalSourceType };
  };
} = {
  creditnote: {
    list: 'creditNotes',
    idKey: 'CreditNoteID',
    refKey: 'CreditNote',
    sales: { paymentType: 'ARCREDITPAYMENT', journalType: 'ARCREDITPAYMENT' },
    purchases: { paymentType: 'APCREDITPAYMENT', journalType: 'APCREDITPAYMENT' },
  },
  prepayment: {
    list: 'prepayments',
    idKey: 'PrepaymentID',
    refKey: 'Prepayment',
    sales: { paymentType: 'ARPREPAYMENTPAYMENT', journalType: 'ARPREPAYMENT' },
    purchases: { paymentType: 'APPREPAYMENTPAYMENT', journalType: 'APPREPAYMENT' },
  },
  overpayment: {
    list: 'overpayments',
    idKey: 'OverpaymentID',
    refKey: 'Overpayment',
    // Xero's journal SourceType list has no overpayment-refund type; the refund is booked under
    // the overpayment's own type (UNCERTAIN).
    sales: { paymentType: 'AROVERPAYMENTPAYMENT', journalType: 'AROVERPAYMENT' },
    purchases: { paymentType: 'APOVERPAYMENTPAYMENT', journalType: 'APOVERPAYMENT' },
  },
};

/**
 * A credit note, prepayment or overpayment with credit left to allocate to invoices or refund.
 * Credits stay in the base currency, so allocations move no exchange differences.
 */
export class CreditState implements PaymentTarget {
  readonly id: string;
  readonly kind: CreditKind;
  readonly sales: boolean;
  readonly contact: ContactInfo;
  readonly currency: string;
  readonly record: XeroRecord;
  readonly ref: XeroRecord;
  readonly refKey: PaymentTarget['refKey'];
  readonly control: AccountInfo;
  readonly paymentType: PaymentType;
  readonly journalType: JournalSourceType;
  readonly moneyIn: boolean;
  readonly totalCents: number;
  readonly dateMs: number;
  /** From when the credit can be allocated or refunded. */
  readonly availableAtMs: number;
  readonly allocations: XeroRecord[] = [];
  readonly payments: XeroRecord[] = [];
  /** Summaries of this credit listed on invoices (they get the credit note number at the end). */
  readonly listed: XeroRecord[] = [];
  readonly #allocationDates = new Map<XeroRecord, number>();
  remainingCents: number;
  updatedMs: number;
  lastDateMs: number;
  /** Called on each allocation, e.g. to post a prepayment's allocation journal. */
  onAllocate: ((amountCents: number, atMs: number, dateMs: number) => void) | undefined;

  constructor(init: {
    id: string;
    kind: CreditKind;
    sales: boolean;
    contact: ContactInfo;
    currency: string;
    record: XeroRecord;
    ref: XeroRecord;
    control: AccountInfo;
    totalCents: number;
    dateMs: number;
    availableAtMs: number;
  }) {
    this.id = init.id;
    this.kind = init.kind;
    this.sales = init.sales;
    this.contact = init.contact;
    this.currency = init.currency;
    this.record = init.record;
    this.ref = init.ref;
    this.control = init.control;
    this.totalCents = init.totalCents;
    this.remainingCents = init.totalCents;
    this.dateMs = init.dateMs;
    this.lastDateMs = init.dateMs;
    this.availableAtMs = init.availableAtMs;
    this.updatedMs = init.availableAtMs;
    init.record['Allocations'] = this.allocations;
    init.record['Payments'] = this.payments;
    const t = CREDIT_TYPES[init.kind];
    const side = init.sales ? t.sales : t.purchases;
    this.refKey = t.refKey;
    this.paymentType = side.paymentType;
    this.journalType = side.journalType;
    // Refunding a customer's credit pays money out; a supplier's refund brings it in.
    this.moneyIn = !init.sales;
  }

  outstanding(): number {
    return this.remainingCents;
  }

  carryingFor(amountCents: number): number {
    return amountCents;
  }

  settle(p: PaymentState): void {
    this.remainingCents -= p.amountCents;
    this.payments.push(p.summary);
    this.#touch(p.atMs, p.dateMs);
  }

  unsettle(p: PaymentState, atMs: number): void {
    this.remainingCents += p.amountCents;
    const i = this.payments.indexOf(p.summary);
    if (i >= 0) this.payments.splice(i, 1);
    this.#touch(atMs, p.dateMs);
  }

  /** Allocates `amountCents` of the credit to `invoice` on `dateMs`, recorded at `atMs`. */
  allocate(allocationId: string, invoice: InvoiceState, amountCents: number, atMs: number, dateMs: number): void {
    const t = CREDIT_TYPES[this.kind];
    this.remainingCents -= amountCents;
    const allocation: XeroRecord = { AllocationID: allocationId, Amount: amount(amountCents), Date: toMsDate(dateMs), Invoice: invoice.ref };
    this.allocations.push(allocation);
    this.#allocationDates.set(allocation, dateMs);
    const summary: XeroRecord = {
      [t.idKey]: this.id,
      ...(this.kind === 'creditnote' ? { CreditNoteNumber: '' } : {}),
      Date: toMsDate(this.dateMs),
      Total: amount(this.totalCents),
      AppliedAmount: amount(amountCents),
    };
    this.listed.push(summary);
    invoice.applyCredit(t.list, summary, amountCents, atMs, dateMs);
    this.onAllocate?.(amountCents, atMs, dateMs);
    this.#touch(atMs, dateMs);
  }

  #touch(atMs: number, dateMs: number): void {
    this.updatedMs = Math.max(this.updatedMs, atMs);
    this.lastDateMs = Math.max(this.lastDateMs, dateMs);
  }

  /** Writes RemainingCredit, Status and dates into the record. */
  finish(): void {
    const r = this.record;
    r['RemainingCredit'] = amount(this.remainingCents);
    r['Status'] = this.remainingCents === 0 ? 'PAID' : 'AUTHORISED';
    if (this.remainingCents === 0 && this.kind === 'creditnote') r['FullyPaidOnDate'] = toMsDate(this.lastDateMs);
    // Allocations are made as later invoices are generated, not always in date order.
    const dates = this.#allocationDates;
    this.allocations.sort((a, b) => (dates.get(a) ?? 0) - (dates.get(b) ?? 0));
    r['UpdatedDateUTC'] = toMsDate(this.updatedMs);
  }
}
