/**
 * Overpayments: money a customer paid beyond what they owed (RECEIVE-OVERPAYMENT) or that the
 * organisation overpaid a supplier (SPEND-OVERPAYMENT). Each is also a bank transaction with the
 * same id, coded straight to receivables (payables) with no tax, so allocating it to an invoice
 * later moves nothing in the ledger.
 */
import { bankTransactionRecord } from './bank-transaction-record.js';
import type { AccountInfo } from './chart-of-accounts.js';
import type { ContactInfo } from './contacts.js';
import type { OrgContext } from './context.js';
import { postDocument } from './journals.js';
import { buildLines, totalsFields } from './line-items.js';
import { formatAmount } from './history.js';
import { amount } from './money.js';
import { DAY_MS, startOfDay, toDateString, toMsDate } from './msdate.js';
import type { Random } from './random.js';
import { CreditState } from './settlement.js';
import type { XeroRecord } from './types.js';

/** An overpayment to create. */
export interface OverpaymentSpec {
  readonly sales: boolean;
  readonly contact: ContactInfo;
  readonly atMs: number;
  readonly amountCents: number;
  readonly bank: AccountInfo;
  readonly reference: string;
}

/** Creates overpayments and their bank transactions. */
export class Overpayments {
  readonly #ctx: OrgContext;
  readonly #ids: Random;
  readonly #lineIds: Random;
  readonly #journalIds: Random;
  readonly credits: CreditState[] = [];

  constructor(ctx: OrgContext) {
    this.#ctx = ctx;
    this.#ids = ctx.rnd.fork('overpayments');
    this.#lineIds = this.#ids.fork('lines');
    this.#journalIds = this.#ids.fork('journals');
  }

  /** Creates a base-currency overpayment of `amountCents` at `atMs`. */
  create(spec: OverpaymentSpec): CreditState {
    const ctx = this.#ctx;
    const id = this.#ids.guid();
    const dateMs = startOfDay(spec.atMs);
    const currency = ctx.profile.baseCurrency;
    const type = spec.sales ? 'RECEIVE-OVERPAYMENT' : 'SPEND-OVERPAYMENT';
    const control = ctx.chart.system(spec.sales ? 'DEBTORS' : 'CREDITORS');
    const description = spec.sales ? 'Customer overpayment' : 'Supplier overpayment';
    const { lines, totals } = buildLines(
      this.#lineIds,
      [{ description, qty100: 100, unit10000: spec.amountCents * 100, discountBp: 0, account: control, tax: ctx.taxes.role('excluded'), tracking: [] }],
      'NoTax',
    );
    const record: XeroRecord = {
      OverpaymentID: id,
      CurrencyRate: 1,
      Type: type,
      Reference: spec.reference,
      RemainingCredit: amount(totals.total),
      Allocations: [],
      Payments: [],
      HasAttachments: false,
      Contact: spec.contact.embed,
      DateString: toDateString(dateMs),
      Date: toMsDate(dateMs),
      Status: 'AUTHORISED',
      LineAmountTypes: 'NoTax',
      LineItems: lines.map((l) => l.record),
      ...totalsFields(totals),
      UpdatedDateUTC: toMsDate(spec.atMs),
      CurrencyCode: currency,
    };
    postDocument(ctx.ledger, this.#journalIds, ctx.chart.system('GST'), {
      createdMs: spec.atMs,
      dateMs,
      sourceId: id,
      sourceType: spec.sales ? 'AROVERPAYMENT' : 'APOVERPAYMENT',
      reference: spec.reference,
      control: spec.bank,
      sign: spec.sales ? -1 : 1,
      rate: 1,
      lines,
    });
    ctx.books.add('Overpayments', id, spec.atMs, record);
    ctx.history.noteAlways(id, spec.atMs, 'Created', () => `Overpayment of ${formatAmount(totals.total)} from ${spec.contact.name}.`);
    ctx.books.add(
      'BankTransactions',
      id,
      spec.atMs,
      bankTransactionRecord({
        id,
        type,
        bank: spec.bank,
        contact: spec.contact,
        dateMs,
        reference: spec.reference,
        reconciled: spec.atMs < ctx.asOfMs - 14 * DAY_MS,
        currency,
        rate: 1,
        amountTypes: 'NoTax',
        lines,
        totals,
        updatedMs: spec.atMs,
        link: { OverpaymentID: id },
      }),
    );
    const credit = new CreditState({
      id,
      kind: 'overpayment',
      sales: spec.sales,
      contact: spec.contact,
      currency,
      record,
      ref: { OverpaymentID: id, Type: type, Contact: spec.contact.ref, CurrencyCode: currency },
      control,
      totalCents: totals.total,
      dateMs,
      availableAtMs: spec.atMs,
    });
    this.credits.push(credit);
    return credit;
  }
}
