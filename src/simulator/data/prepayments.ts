/**
 * Prepayments: deposits received from customers (RECEIVE-PREPAYMENT) or paid to suppliers
 * (SPEND-PREPAYMENT) before there is an invoice. Each is also a bank transaction with the same
 * id. The deposit is coded like the sale or purchase it is for (its own account and tax), so its
 * journal credits sales (or debits the expense) straight away; allocating it to an invoice posts a
 * journal that moves the allocated part back out of that account into receivables (payables),
 * where the invoice put it, so the sale is counted once.
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
import type { TaxInfo } from './tax-rates.js';
import type { XeroRecord } from './types.js';

/** A prepayment to create. */
export interface PrepaymentSpec {
  readonly sales: boolean;
  readonly contact: ContactInfo;
  readonly atMs: number;
  readonly amountCents: number;
  readonly account: AccountInfo;
  readonly tax: TaxInfo;
  readonly description: string;
  readonly bank: AccountInfo;
  readonly tracking: XeroRecord[];
}

/** Creates prepayments and their bank transactions. */
export class Prepayments {
  readonly #ctx: OrgContext;
  readonly #ids: Random;
  readonly #lineIds: Random;
  readonly #journalIds: Random;
  readonly credits: CreditState[] = [];

  constructor(ctx: OrgContext) {
    this.#ctx = ctx;
    this.#ids = ctx.rnd.fork('prepayments');
    this.#lineIds = this.#ids.fork('lines');
    this.#journalIds = this.#ids.fork('journals');
  }

  /** Creates a base-currency prepayment (one tax-inclusive line of `amountCents`) at `atMs`. */
  create(spec: PrepaymentSpec): CreditState {
    const ctx = this.#ctx;
    const id = this.#ids.guid();
    const dateMs = startOfDay(spec.atMs);
    const currency = ctx.profile.baseCurrency;
    const type = spec.sales ? 'RECEIVE-PREPAYMENT' : 'SPEND-PREPAYMENT';
    const { lines, totals } = buildLines(
      this.#lineIds,
      [{ description: spec.description, qty100: 100, unit10000: spec.amountCents * 100, discountBp: 0, account: spec.account, tax: spec.tax, tracking: spec.tracking }],
      'Inclusive',
    );
    const record: XeroRecord = {
      PrepaymentID: id,
      CurrencyRate: 1,
      Type: type,
      Reference: spec.description,
      RemainingCredit: amount(totals.total),
      Allocations: [],
      Payments: [],
      HasAttachments: false,
      Contact: spec.contact.embed,
      DateString: toDateString(dateMs),
      Date: toMsDate(dateMs),
      Status: 'AUTHORISED',
      LineAmountTypes: 'Inclusive',
      LineItems: lines.map((l) => l.record),
      ...totalsFields(totals),
      UpdatedDateUTC: toMsDate(spec.atMs),
      CurrencyCode: currency,
    };
    const sourceType = spec.sales ? 'ARPREPAYMENT' : 'APPREPAYMENT';
    postDocument(ctx.ledger, this.#journalIds, ctx.chart.system('GST'), {
      createdMs: spec.atMs,
      dateMs,
      sourceId: id,
      sourceType,
      reference: spec.description,
      control: spec.bank,
      sign: spec.sales ? -1 : 1,
      rate: 1,
      lines,
    });
    ctx.books.add('Prepayments', id, spec.atMs, record);
    ctx.history.noteAlways(id, spec.atMs, 'Created', () => `Prepayment of ${formatAmount(totals.total)} from ${spec.contact.name}.`);
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
        reference: spec.description,
        reconciled: spec.atMs < ctx.asOfMs - 14 * DAY_MS,
        currency,
        rate: 1,
        amountTypes: 'Inclusive',
        lines,
        totals,
        updatedMs: spec.atMs,
        link: { PrepaymentID: id },
      }),
    );
    const control = ctx.chart.system(spec.sales ? 'DEBTORS' : 'CREDITORS');
    const credit = new CreditState({
      id,
      kind: 'prepayment',
      sales: spec.sales,
      contact: spec.contact,
      currency,
      record,
      ref: { PrepaymentID: id, Type: type, Contact: spec.contact.ref, CurrencyCode: currency },
      control,
      totalCents: totals.total,
      dateMs,
      availableAtMs: spec.atMs,
    });
    const line = lines[0];
    if (line === undefined) throw new RangeError('A prepayment needs its line');
    // What of the deposit is still in the sales (expense) account and in GST; the last allocation
    // takes exactly what is left so a fully allocated prepayment nets to nothing there.
    let netLeft = line.netCents;
    let taxLeft = line.taxCents;
    const d = spec.sales ? 1 : -1;
    credit.onAllocate = (allocated, atMs, allocDateMs) => {
      // Called after the allocation is booked, so nothing remaining means this was the last one.
      const last = credit.remainingCents === 0;
      const net = last ? netLeft : Math.round((allocated * line.netCents) / totals.total);
      const tax = last ? taxLeft : allocated - net;
      netLeft -= net;
      taxLeft -= tax;
      ctx.ledger.post(this.#journalIds, {
        createdMs: atMs,
        dateMs: allocDateMs,
        sourceId: id,
        sourceType,
        reference: spec.description,
        lines: [
          { account: spec.account, netCents: d * net, taxCents: d * tax, tax: spec.tax, description: spec.description, tracking: spec.tracking },
          { account: ctx.chart.system('GST'), netCents: d * tax, taxCents: 0, description: '', tracking: [] },
          { account: control, netCents: -d * allocated, taxCents: 0, description: '', tracking: [] },
        ],
      });
    };
    this.credits.push(credit);
    return credit;
  }
}
