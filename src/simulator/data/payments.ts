/**
 * Payments: money received against sales invoices, paid against bills, and refunds of credit
 * notes and overpayments. Each payment posts a journal between the bank account and the
 * receivables/payables account; for a foreign-currency invoice the difference between the rate
 * on the invoice and the rate on the day of payment goes to Realised Currency Gains. A deleted
 * (reversed) payment keeps its record with Status DELETED, gets a reversing journal, and no longer
 * counts on its invoice.
 */
import type { AccountInfo } from './chart-of-accounts.js';
import type { OrgContext } from './context.js';
import { formatAmount } from './history.js';
import { amount, toBaseCents } from './money.js';
import { startOfDay, toMsDate } from './msdate.js';
import type { Random } from './random.js';
import type { PaymentState, PaymentTarget } from './settlement.js';
import type { XeroRecord } from './types.js';

/** How a payment is made. */
export interface PaymentOptions {
  readonly atMs: number;
  readonly bank: AccountInfo;
  readonly reference: string;
  readonly reconciled: boolean;
  readonly batchKey?: string;
}

/** Makes and reverses payments; remembers them all for batching. */
export class Payments {
  readonly #ctx: OrgContext;
  readonly #ids: Random;
  readonly #journalIds: Random;
  readonly #journals = new Map<PaymentState, XeroRecord>();
  readonly all: PaymentState[] = [];

  constructor(ctx: OrgContext) {
    this.#ctx = ctx;
    this.#ids = ctx.rnd.fork('payments');
    this.#journalIds = this.#ids.fork('journals');
  }

  /** Pays `amountCents` (in the target's currency) of `target`. */
  pay(target: PaymentTarget, amountCents: number, o: PaymentOptions): PaymentState {
    const ctx = this.#ctx;
    const base = ctx.profile.baseCurrency;
    if (o.bank.currency !== base && o.bank.currency !== target.currency) {
      throw new RangeError(`Cannot pay a ${target.currency} document from a ${o.bank.currency} account`);
    }
    const id = this.#ids.guid();
    const dateMs = startOfDay(o.atMs);
    const rate = ctx.fx.rate(target.currency, dateMs);
    const baseCents = toBaseCents(amountCents, rate);
    const bankCents = o.bank.currency === target.currency ? amountCents : baseCents;
    const carryingCents = target.carryingFor(amountCents);
    const record = {
      PaymentID: id,
      Date: toMsDate(dateMs),
      BankAmount: amount(bankCents),
      Amount: amount(amountCents),
      Reference: o.reference,
      CurrencyRate: rate,
      PaymentType: target.paymentType,
      Status: 'AUTHORISED',
      UpdatedDateUTC: toMsDate(o.atMs),
      HasAccount: true,
      IsReconciled: o.reconciled,
      Account: o.bank.summary,
      [target.refKey]: target.ref,
      HasValidationErrors: false,
    };
    const summary = { PaymentID: id, Date: toMsDate(dateMs), Amount: amount(amountCents), Reference: o.reference, CurrencyRate: rate };
    const p: PaymentState = {
      id,
      record,
      summary,
      amountCents,
      bankCents,
      carryingCents,
      atMs: o.atMs,
      dateMs,
      bank: o.bank,
      target,
      batchKey: o.batchKey,
      deleted: false,
    };
    target.settle(p);
    const d = target.moneyIn ? 1 : -1;
    const journal = ctx.ledger.post(this.#journalIds, {
      createdMs: o.atMs,
      dateMs,
      sourceId: id,
      sourceType: target.journalType,
      reference: o.reference,
      lines: [
        { account: o.bank, netCents: d * baseCents, taxCents: 0, description: '', tracking: [] },
        { account: target.control, netCents: -d * carryingCents, taxCents: 0, description: '', tracking: [] },
        {
          account: ctx.chart.system('REALISEDCURRENCYGAIN'),
          netCents: d * (carryingCents - baseCents),
          taxCents: 0,
          description: '',
          tracking: [],
        },
      ],
    });
    this.#journals.set(p, journal);
    ctx.books.add('Payments', id, o.atMs, record);
    ctx.history.note(id, o.atMs, 'Created', () => `Payment of ${formatAmount(amountCents)} on ${o.bank.name}.`, true);
    this.all.push(p);
    return p;
  }

  /** Deletes (reverses) a payment at `atMs`. */
  remove(p: PaymentState, atMs: number): void {
    const journal = this.#journals.get(p);
    if (journal === undefined || p.deleted) throw new RangeError(`Payment ${p.id} cannot be deleted twice`);
    p.deleted = true;
    p.record['Status'] = 'DELETED';
    p.record['UpdatedDateUTC'] = toMsDate(atMs);
    p.target.unsettle(p, atMs);
    this.#ctx.history.note(p.id, atMs, 'Deleted', 'Payment deleted.', true);
    this.#ctx.ledger.reverse(this.#journalIds, journal, atMs);
  }
}
