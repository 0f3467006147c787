/**
 * Invoices: sales invoices (ACCREC) and bills (ACCPAY), and the story of each up to the books'
 * "today": drafted, submitted, deleted, approved (posting its journal), voided (reversing it), or
 * settled by payments, credit notes, prepayments and overpayments. Invoices are generated in
 * creation order, so a contact's unused credit (an overpayment, a deposit, a credit note) is there
 * to be allocated to that contact's later invoices, as in a real ledger.
 *
 * Credits, and so allocations, are kept to the base currency; foreign-currency invoices are
 * settled by payments only, with exchange differences going to Realised Currency Gains.
 */
import { pickTheme } from './branding-themes.js';
import type { ContactInfo, Terms } from './contacts.js';
import { dueDate } from './contacts.js';
import type { OrgContext } from './context.js';
import { scaled } from './context.js';
import type { CreditNotes, CreditNoteFate } from './credit-notes.js';
import { formatAmount } from './history.js';
import type { PostingLine } from './journals.js';
import { postDocument } from './journals.js';
import type { DocLine, LineAmountTypes, LineSpec } from './line-items.js';
import { buildLines } from './line-items.js';
import { pickAmountTypes, purchaseLines, salesLines } from './line-specs.js';
import { amount, lineAmountCents } from './money.js';
import { DAY_MS, startOfDay, toDateString, toMsDate, weekday } from './msdate.js';
import type { Overpayments } from './overpayments.js';
import type { Payments } from './payments.js';
import type { Prepayments } from './prepayments.js';
import { foreignCurrencyWeights } from './profiles.js';
import type { Random } from './random.js';
import type { CreditState, PaymentState } from './settlement.js';
import { InvoiceState } from './settlement.js';
import type { AccountInfo } from './chart-of-accounts.js';
import type { XeroRecord } from './types.js';

/** A repeating-invoice template, as the invoices it raises need it. */
export interface InvoiceTemplate {
  readonly id: string;
  readonly type: 'ACCREC' | 'ACCPAY';
  readonly contact: ContactInfo;
  readonly amountTypes: LineAmountTypes;
  readonly specs: readonly LineSpec[];
  readonly reference: string;
  /** Draft templates raise draft invoices. */
  readonly draft: boolean;
  readonly terms: Terms;
  readonly themeId?: string;
}

/** An invoice to generate: when it is created and, for template invoices, what it is. */
export interface InvoicePlan {
  readonly type: 'ACCREC' | 'ACCPAY';
  readonly createdMs: number;
  readonly dateMs?: number;
  readonly contact?: ContactInfo;
  readonly template?: InvoiceTemplate;
}

/** The areas invoices settle through. */
export interface SettlementDesks {
  readonly payments: Payments;
  readonly creditNotes: CreditNotes;
  readonly prepayments: Prepayments;
  readonly overpayments: Overpayments;
}

/** A generated invoice with the ids of its lines (the lines themselves are not kept). */
export interface InvoiceEntry {
  readonly state: InvoiceState;
  readonly lineItemIds: readonly string[];
}

type Fate = 'DRAFT' | 'SUBMITTED' | 'DELETED' | 'VOIDED' | 'APPROVED';
type PayStyle = 'full' | 'split' | 'never' | 'bounce' | 'overpay';

const SALES_REFERENCES = ['PO ', 'Order ', 'Job ', 'Project '];
// The last forced one is left unused, so there is always an open credit note.
const STANDALONE_FATES: readonly CreditNoteFate[] = ['AUTHORISED', 'DRAFT', 'SUBMITTED', 'VOIDED', 'DELETED', 'AUTHORISED'];

/**
 * Generates every invoice and bill (about `invoicesAtScale1 × scale` in all, including those
 * `repeating` templates raised) with their settlements, and writes the final figures into all
 * invoice, credit note, prepayment and overpayment records.
 */
export function generateInvoices(ctx: OrgContext, desks: SettlementDesks, repeating: readonly InvoicePlan[]): InvoiceEntry[] {
  return new InvoiceRun(ctx, desks).run(repeating);
}

class InvoiceRun {
  readonly #ctx: OrgContext;
  readonly #desks: SettlementDesks;
  readonly #rnd: Random;
  readonly #ids: Random;
  readonly #lineIds: Random;
  readonly #journalIds: Random;
  readonly #allocationIds: Random;
  /** Unused credits per side and contact, in the order they arose. */
  readonly #open = new Map<string, CreditState[]>();
  readonly #entries: InvoiceEntry[] = [];
  readonly #mainBank: AccountInfo;
  /**
   * How often each notable case has happened. Small books (low scales, the NZ organisation) would
   * otherwise miss some by chance; the first occurrences of each are forced instead.
   */
  readonly #seen = new Map<string, number>();
  /** Statuses each side has yet to show (see #fate). */
  readonly #missingFates = {
    ACCREC: new Set<Fate>(['DRAFT', 'SUBMITTED', 'DELETED', 'VOIDED']),
    ACCPAY: new Set<Fate>(['DRAFT', 'SUBMITTED', 'DELETED', 'VOIDED']),
  };
  /** Set once every quota is met, so the hot path can skip the bookkeeping. */
  #quotasMet = false;
  /** The latest pay run / deposit day per kind and bank account, which later payments may join. */
  readonly #runs = new Map<string, number>();

  constructor(ctx: OrgContext, desks: SettlementDesks) {
    this.#ctx = ctx;
    this.#desks = desks;
    this.#rnd = ctx.rnd.fork('invoices');
    this.#ids = this.#rnd.fork('ids');
    this.#lineIds = this.#rnd.fork('lines');
    this.#journalIds = this.#rnd.fork('journals');
    this.#allocationIds = this.#rnd.fork('allocations');
    const main = ctx.chart.banks[0];
    if (main === undefined) throw new RangeError('The organisation has no bank account');
    this.#mainBank = main;
  }

  run(repeating: readonly InvoicePlan[]): InvoiceEntry[] {
    const ctx = this.#ctx;
    const rnd = this.#rnd;
    const target = scaled(ctx.scale, ctx.profile.invoicesAtScale1, 40);
    const plans: InvoicePlan[] = [...repeating];
    const span = ctx.asOfMs - ctx.startMs;
    for (let i = repeating.length; i < target; i++) {
      // Business grows: the density of invoices rises linearly to 1.5 times its starting level
      // (inverse of the CDF of a density proportional to 1 + u/2 on [0, 1]).
      const u = (Math.sqrt(1 + 1.25 * rnd.next()) - 1) / 0.5;
      const createdMs = ctx.startMs + 3_600_000 + Math.floor(u * (span - 2 * 3_600_000));
      plans.push({ type: rnd.chance(0.56) ? 'ACCREC' : 'ACCPAY', createdMs });
    }
    plans.sort((a, b) => a.createdMs - b.createdMs);
    let salesNumber = 0;
    for (const [index, plan] of plans.entries()) {
      const number = plan.type === 'ACCREC' ? `INV-${String(++salesNumber).padStart(4, '0')}` : '';
      this.#process(plan, number);
      if (index % 128 === 127 && !this.#quotasMet) this.#quotasMet = this.#allQuotasMet();
    }
    this.#refundLeftovers();
    this.#desks.creditNotes.finish();
    for (const c of this.#desks.prepayments.credits) c.finish();
    for (const c of this.#desks.overpayments.credits) c.finish();
    for (const e of this.#entries) e.state.finish();
    return this.#entries;
  }

  /** Whether the case `kind` (for one side, e.g. `overpay:ACCREC`) still has to be shown. */
  #want(kind: Quota, side: string): boolean {
    return !this.#quotasMet && (this.#seen.get(`${kind}:${side}`) ?? 0) < QUOTAS[kind];
  }

  #allQuotasMet(): boolean {
    const sides = ['ACCREC', 'ACCPAY'];
    const credits = ['creditnote:ACCREC', 'creditnote:ACCPAY', 'overpayment:ACCREC', 'overpayment:ACCPAY'];
    return (Object.keys(QUOTAS) as Quota[]).every((kind) =>
      (kind === 'refund' ? credits : sides).every((side) => (this.#seen.get(`${kind}:${side}`) ?? 0) >= QUOTAS[kind]),
    );
  }

  #saw(kind: Quota, side: string): number {
    const key = `${kind}:${side}`;
    const n = (this.#seen.get(key) ?? 0) + 1;
    this.#seen.set(key, n);
    return n;
  }

  #process(plan: InvoicePlan, salesNumber: string): void {
    const ctx = this.#ctx;
    const rnd = this.#rnd;
    const sales = plan.type === 'ACCREC';
    const template = plan.template;
    const contact = plan.contact ?? this.#contactFor(sales, plan.createdMs);
    const foreign = contact.currency !== ctx.profile.baseCurrency;
    const lag = sales ? (rnd.chance(0.9) ? 0 : rnd.int(1, 3)) : rnd.chance(0.6) ? 0 : rnd.int(1, 10);
    const dateMs = plan.dateMs ?? Math.max(ctx.startMs, startOfDay(plan.createdMs) - lag * DAY_MS);
    const stock = !sales && !foreign && contact.category?.stock === true;
    const amountTypes = template?.amountTypes ?? (stock ? 'Exclusive' : pickAmountTypes(rnd, sales ? 'sales' : 'purchases', foreign));
    const specs =
      template?.specs ??
      (sales
        ? salesLines(ctx, rnd, contact, { amountTypes, atMs: plan.createdMs, allowTracked: !foreign, maxLines: 4, discounts: true })
        : purchaseLines(ctx, rnd, contact, { amountTypes, atMs: plan.createdMs, allowTracked: stock }));
    const rate = ctx.fx.rate(contact.currency, dateMs);
    const { lines, totals } = buildLines(this.#lineIds, specs, amountTypes);
    const dueMs = dueDate(dateMs, template?.terms ?? (sales ? contact.salesTerms : contact.billTerms));
    const id = this.#ids.guid();
    const invoiceNumber = sales ? salesNumber : `${initials(contact.name)}-${rnd.int(1000, 99999)}`;
    const reference = template?.reference ?? (sales && rnd.chance(0.7) ? `${rnd.pick(SALES_REFERENCES)}${rnd.int(100, 9999)}` : '');
    // Built field by field rather than with conditional spreads: this runs for every invoice, and
    // the same sequence of additions keeps every record on the same hidden-class path.
    const record: XeroRecord = { Type: plan.type, InvoiceID: id, InvoiceNumber: invoiceNumber };
    if (reference !== '') record['Reference'] = reference;
    record['Payments'] = [];
    record['Prepayments'] = [];
    record['Overpayments'] = [];
    record['CreditNotes'] = [];
    record['AmountDue'] = 0;
    record['AmountPaid'] = 0;
    record['AmountCredited'] = 0;
    record['SentToContact'] = false;
    record['CurrencyRate'] = rate;
    record['IsDiscounted'] = totals.totalDiscount > 0;
    record['HasAttachments'] = false;
    record['HasErrors'] = false;
    record['Contact'] = contact.embed;
    record['DateString'] = toDateString(dateMs);
    record['Date'] = toMsDate(dateMs);
    record['DueDateString'] = toDateString(dueMs);
    record['DueDate'] = toMsDate(dueMs);
    record['Status'] = 'DRAFT';
    record['LineAmountTypes'] = amountTypes;
    record['LineItems'] = lines.map((l) => l.record);
    record['SubTotal'] = amount(totals.subTotal);
    record['TotalTax'] = amount(totals.totalTax);
    record['Total'] = amount(totals.total);
    if (totals.totalDiscount > 0) record['TotalDiscount'] = amount(totals.totalDiscount);
    record['UpdatedDateUTC'] = toMsDate(plan.createdMs);
    record['CurrencyCode'] = contact.currency;
    if (sales) record['BrandingThemeID'] = template?.themeId ?? pickTheme(ctx.themes, rnd).id;
    if (template !== undefined) record['RepeatingInvoiceID'] = template.id;
    const state = new InvoiceState({
      id,
      type: plan.type,
      contact,
      currency: contact.currency,
      rate,
      record,
      ref: { Type: plan.type, InvoiceID: id, InvoiceNumber: invoiceNumber, Contact: contact.ref, CurrencyCode: contact.currency },
      control: ctx.chart.system(sales ? 'DEBTORS' : 'CREDITORS'),
      totalCents: totals.total,
      dateMs,
      dueMs,
      createdMs: plan.createdMs,
    });
    ctx.books.add('Invoices', id, plan.createdMs, record);
    this.#entries.push({ state, lineItemIds: lines.map((l) => l.lineItemId) });
    if (sales) contact.sold = true;
    else contact.bought = true;
    const label = (): string => `${sales ? invoiceNumber : 'Bill'} ${sales ? 'to' : 'from'} ${contact.name} for ${formatAmount(totals.total)}.`;
    ctx.history.note(id, plan.createdMs, 'Created', label);

    const fate = this.#fate(plan, template);
    const asOf = ctx.asOfMs;
    if (fate === 'DRAFT' || fate === 'SUBMITTED' || fate === 'DELETED') {
      const changeMs = plan.createdMs + rnd.int(300_000, fate === 'DELETED' ? 30 * DAY_MS : 2 * DAY_MS);
      if (fate !== 'DRAFT' && changeMs < asOf) {
        state.setStatus(fate, changeMs);
        ctx.history.note(id, changeMs, fate === 'DELETED' ? 'Deleted' : 'Submitted for approval', label);
      }
      if (fate === 'DRAFT' && sales && !foreign && rnd.chance(0.25)) this.#deposit(state, lines, plan.createdMs, true);
      this.#standaloneCredit(contact, sales, plan.createdMs);
      return;
    }
    const approveMs = plan.createdMs + rnd.int(60_000, 7_200_000);
    if (approveMs >= asOf) return;
    const journal = this.#approve(state, lines, approveMs);
    record['SentToContact'] = sales && rnd.chance(0.7);
    ctx.history.note(id, approveMs, 'Approved', label, true);
    if (fate === 'VOIDED') {
      const voidMs = approveMs + rnd.int(DAY_MS, 40 * DAY_MS);
      if (voidMs < asOf) {
        ctx.ledger.reverse(this.#journalIds, journal, voidMs);
        this.#moveStock(lines, sales ? 1 : -1, voidMs);
        state.setStatus('VOIDED', voidMs);
        ctx.history.note(id, voidMs, 'Voided', label, true);
      }
      return;
    }
    this.#settle(state, lines, approveMs, plan.createdMs);
    this.#standaloneCredit(contact, sales, plan.createdMs);
  }

  /**
   * Who an invoice is for. In a multi-currency organisation the currency is decided first, so the
   * share of foreign-currency invoices follows the profile rather than the luck of the contacts.
   */
  #contactFor(sales: boolean, atMs: number): ContactInfo {
    const ctx = this.#ctx;
    const rnd = this.#rnd;
    const kind = sales ? 'customer' : 'supplier';
    if (ctx.profile.foreignShare > 0) {
      const foreign = rnd.chance(ctx.profile.foreignShare);
      const currency = foreign ? rnd.weighted(foreignCurrencyWeights(ctx.profile)) : ctx.profile.baseCurrency;
      const found =
        ctx.contacts.find(kind, rnd, atMs, (c) => c.currency === currency) ??
        ctx.contacts.find(kind, rnd, atMs, (c) => (c.currency !== ctx.profile.baseCurrency) === foreign);
      if (found !== undefined) return found;
    }
    return sales ? ctx.contacts.customer(rnd, atMs) : ctx.contacts.supplier(rnd, atMs);
  }

  #fate(plan: InvoicePlan, template: InvoiceTemplate | undefined): Fate {
    const rnd = this.#rnd;
    const asOf = this.#ctx.asOfMs;
    if (template !== undefined) return template.draft ? 'DRAFT' : rnd.chance(0.01) ? 'VOIDED' : 'APPROVED';
    const recent = asOf - plan.createdMs < 30 * DAY_MS;
    let fate = rnd.weighted(recent ? RECENT_FATES[plan.type] : FATES[plan.type]);
    // Some months before "today" (late enough to be believable, early enough for a void or
    // delete to have happened), make sure each status has shown up at least once.
    const missing = this.#missingFates[plan.type];
    if (missing.size > 0 && plan.createdMs > asOf - 400 * DAY_MS && plan.createdMs < asOf - 45 * DAY_MS) {
      fate = missing.values().next().value ?? fate;
    }
    missing.delete(fate);
    return fate;
  }

  /** Posts the invoice's journal (with cost of sales for tracked items) and moves stock. */
  #approve(state: InvoiceState, lines: readonly DocLine[], approveMs: number): XeroRecord {
    const ctx = this.#ctx;
    const sales = state.type === 'ACCREC';
    const extra: PostingLine[] = [];
    if (sales) {
      for (const l of lines) {
        const item = l.spec.item;
        if (item === undefined || !item.tracked || item.purchaseAccount === undefined) continue;
        const cost = lineAmountCents(l.spec.qty100, item.cost10000 ?? 0, 0);
        extra.push(
          { account: ctx.chart.code('310'), netCents: cost, taxCents: 0, description: item.name, tracking: l.spec.tracking },
          { account: item.purchaseAccount, netCents: -cost, taxCents: 0, description: item.name, tracking: l.spec.tracking },
        );
      }
    }
    const posted = postDocument(ctx.ledger, this.#journalIds, ctx.chart.system('GST'), {
      createdMs: approveMs,
      dateMs: state.dateMs,
      sourceId: state.id,
      sourceType: state.type,
      reference: String(state.record['Reference'] ?? ''),
      control: state.control,
      sign: sales ? -1 : 1,
      rate: state.rate,
      lines,
      extra,
    });
    state.carryingCents = posted.baseCents;
    state.setStatus('AUTHORISED', approveMs);
    this.#moveStock(lines, sales ? -1 : 1, approveMs);
    return posted.journal;
  }

  #moveStock(lines: readonly DocLine[], direction: 1 | -1, atMs: number): void {
    for (const l of lines) {
      const item = l.spec.item;
      if (item !== undefined && item.tracked) item.movements.push({ atMs, qty100: direction * l.spec.qty100 });
    }
  }

  /** Plans and plays out how an approved invoice gets settled. */
  #settle(state: InvoiceState, lines: readonly DocLine[], approveMs: number, createdMs: number): void {
    const ctx = this.#ctx;
    const rnd = this.#rnd;
    const sales = state.type === 'ACCREC';
    const baseOnly = state.currency === ctx.profile.baseCurrency;
    const events: { at: number; run: () => void }[] = [];
    const add = (at: number, run: () => void): void => {
      if (at < ctx.asOfMs) events.push({ at, run });
    };

    const side = state.type;
    if (baseOnly && (rnd.chance(sales ? 0.02 : 0.01) || this.#want('deposit', side))) {
      const deposit = this.#deposit(state, lines, createdMs, false);
      if (deposit !== undefined) {
        this.#saw('deposit', side);
        add(approveMs + 60_000, () => this.#allocate(deposit, state, approveMs + 60_000));
      }
    }
    if (baseOnly) {
      add(approveMs + 120_000, () => {
        for (const credit of this.#open.get(openKey(sales, state.contact)) ?? []) {
          if (credit.remainingCents > 0 && credit.availableAtMs < approveMs && state.outstanding() > 0 && rnd.chance(0.65)) {
            this.#allocate(credit, state, approveMs + 120_000);
          }
        }
      });
    }
    if (baseOnly && (rnd.chance(0.04) || this.#want('credit', side))) {
      const cnAt = approveMs + rnd.int(1, 15) * DAY_MS;
      if (cnAt < ctx.asOfMs - DAY_MS) {
        this.#saw('credit', side);
        add(cnAt, () => this.#creditAgainst(state, lines, cnAt));
      }
    }

    const forced = (['overpay', 'bounce', 'split'] as const).find((k) => (k !== 'overpay' || baseOnly) && this.#want(k, side));
    const style =
      forced ?? rnd.weighted(sales ? (baseOnly ? SALES_STYLES : FOREIGN_SALES_STYLES) : baseOnly ? BILL_STYLES : FOREIGN_BILL_STYLES);
    const termsDays = Math.round((state.dueMs - state.dateMs) / DAY_MS);
    const delay = sales ? Math.max(0, termsDays + rnd.int(-10, 25)) : Math.max(0, termsDays - rnd.int(0, 10));
    let t1 = Math.max(state.dateMs + delay * DAY_MS + rnd.int(7, 18) * 3_600_000 + rnd.int(0, 3_599_999), approveMs + 300_000);
    const bank = this.#bankFor(state.currency, sales);
    let batchKey: string | undefined;
    if (style === 'full' && bank.currency === ctx.profile.baseCurrency) {
      // Bills are often paid in a Thursday pay run; customers' cheques are banked together. Until
      // each side has a batch, payments wait for (or start) a run however far off it is.
      const forceBatch = this.#want('batch', side);
      if (!sales && (forceBatch || rnd.chance(0.45))) {
        let day = startOfDay(t1);
        while (weekday(day) !== 4) day += DAY_MS;
        const run = this.#joinRun(`PAYBATCH|${bank.code}`, day, forceBatch ? Infinity : 14, 3 * 3_600_000, approveMs);
        t1 = run.day + 3 * 3_600_000;
        batchKey = `PAYBATCH|${bank.code}|${run.day}`;
        if (run.joined && t1 < ctx.asOfMs) this.#saw('batch', side);
      } else if (sales && (forceBatch || rnd.chance(0.2))) {
        const run = this.#joinRun(`RECBATCH|${bank.code}`, startOfDay(t1), forceBatch ? Infinity : 7, 5 * 3_600_000, approveMs);
        t1 = run.day + 5 * 3_600_000;
        batchKey = `RECBATCH|${bank.code}|${run.day}`;
        if (run.joined && t1 < ctx.asOfMs) this.#saw('batch', side);
      }
    }
    const pay = (at: number, share: number | 'all', key?: string): PaymentState | undefined => {
      const due = state.outstanding();
      if (due <= 0) return undefined;
      const cents = share === 'all' ? due : Math.max(1, Math.min(due - 1, Math.round(due * share)));
      const p = this.#desks.payments.pay(state, cents, {
        atMs: at,
        bank,
        reference: sales ? rnd.pick(['', 'Direct credit', `Payment ${state.record['InvoiceNumber']}`]) : String(state.record['InvoiceNumber']),
        reconciled: at < ctx.asOfMs - 14 * DAY_MS ? rnd.chance(0.93) : rnd.chance(0.3),
        ...(key !== undefined ? { batchKey: key } : {}),
      });
      ctx.history.note(state.id, at, sales ? 'Payment Received' : 'Paid', () => `Payment of ${formatAmount(cents)} made on ${toDateString(p.dateMs).slice(0, 10)}.`, true);
      return p;
    };
    switch (style) {
      case 'never':
        break;
      case 'full':
        add(t1, () => pay(t1, 'all', batchKey));
        break;
      case 'split': {
        const share = rnd.int(30, 70) / 100;
        add(t1, () => {
          if (pay(t1, share) !== undefined) this.#saw('split', side);
        });
        // The forced first split stays part-paid, so every organisation has one.
        if (forced !== 'split' && rnd.chance(0.8)) {
          const t2 = t1 + rnd.int(7, 40) * DAY_MS;
          add(t2, () => pay(t2, 'all'));
        }
        break;
      }
      case 'bounce': {
        let first: PaymentState | undefined;
        const deleteAt = t1 + rnd.int(2, 6) * DAY_MS;
        const retryAt = deleteAt + rnd.int(1, 9) * DAY_MS;
        add(t1, () => {
          first = pay(t1, 'all');
        });
        add(deleteAt, () => {
          if (first === undefined) return;
          this.#desks.payments.remove(first, deleteAt);
          this.#saw('bounce', side);
          const removed = first;
          ctx.history.note(state.id, deleteAt, 'Payment Deleted', () => `Payment of ${formatAmount(removed.amountCents)} was deleted.`, true);
        });
        add(retryAt, () => pay(retryAt, 'all'));
        break;
      }
      case 'overpay': {
        const extra = rnd.int(5, 150) * 100;
        add(t1, () => {
          if (pay(t1, 'all') === undefined) return;
          const credit = this.#desks.overpayments.create({
            sales,
            contact: state.contact,
            atMs: t1 + 1000,
            amountCents: extra,
            bank,
            reference: `Overpaid ${state.record['InvoiceNumber']}`,
          });
          this.#saw('overpay', side);
          this.#refundOrQueue(credit);
        });
        break;
      }
    }
    for (const e of events.sort((a, b) => a.at - b.at)) e.run();
  }

  /**
   * The day of the batch run a payment planned for `day` goes in: the open run of its kind if
   * that is within `windowDays` and still after the invoice's approval (`joined`), otherwise a new
   * run on `day` (pushed a week at a time past the approval). Runs happen at `hourMs` into the day.
   */
  #joinRun(kind: string, day: number, windowDays: number, hourMs: number, approveMs: number): { day: number; joined: boolean } {
    const open = this.#runs.get(kind);
    if (open !== undefined && open + hourMs > approveMs && Math.abs(open - day) <= windowDays * DAY_MS) return { day: open, joined: true };
    let run = day;
    while (run + hourMs <= approveMs) run += 7 * DAY_MS;
    this.#runs.set(kind, run);
    return { day: run, joined: false };
  }

  /**
   * A bank account for a payment in `currency`: often a same-currency account when there is one
   * (more often for receipts, so a foreign account builds up rather than runs dry).
   */
  #bankFor(currency: string, moneyIn: boolean): AccountInfo {
    const ctx = this.#ctx;
    const rnd = this.#rnd;
    const own = ctx.chart.banks.find((b) => b.currency === currency && b.currency !== ctx.profile.baseCurrency);
    if (own !== undefined && rnd.chance(moneyIn ? 0.75 : 0.4)) return own;
    const base = ctx.chart.banks.filter((b) => b.currency === ctx.profile.baseCurrency);
    return rnd.chance(0.92) ? this.#mainBank : rnd.pick(base);
  }

  /**
   * A deposit paid ahead of an invoice (coded like its first line). Allocated by the caller, or
   * left open to be used by a later invoice.
   */
  #deposit(state: InvoiceState, lines: readonly DocLine[], createdMs: number, leaveOpen: boolean): CreditState | undefined {
    const ctx = this.#ctx;
    const rnd = this.#rnd;
    const first = lines[0];
    const atMs = createdMs - rnd.int(3, 25) * DAY_MS - rnd.int(0, 28_800_000);
    if (first === undefined || first.spec.item?.tracked === true || atMs < ctx.startMs + DAY_MS) return undefined;
    const sales = state.type === 'ACCREC';
    const credit = this.#desks.prepayments.create({
      sales,
      contact: state.contact,
      atMs,
      amountCents: Math.max(100, Math.round((state.totalCents * rnd.int(20, 50)) / 100)),
      account: first.spec.account,
      tax: first.spec.tax,
      description: sales ? `Deposit for ${state.record['InvoiceNumber']}` : 'Deposit paid',
      bank: this.#mainBank,
      tracking: first.spec.tracking,
    });
    if (leaveOpen) this.#queue(credit);
    return credit;
  }

  /** Allocates as much of `credit` as the invoice still owes, dated when both exist. */
  #allocate(credit: CreditState, state: InvoiceState, atMs: number): void {
    const cents = Math.min(credit.remainingCents, state.outstanding());
    if (cents <= 0) return;
    credit.allocate(this.#allocationIds.guid(), state, cents, atMs, Math.max(state.dateMs, credit.dateMs));
    this.#ctx.history.note(state.id, atMs, 'Credit Applied', () => `${formatAmount(cents)} of credit applied.`, true);
    if (credit.remainingCents > 0) this.#queue(credit);
  }

  /** A credit note raised against part of one line of the invoice, and allocated to it. */
  #creditAgainst(state: InvoiceState, lines: readonly DocLine[], atMs: number): void {
    const rnd = this.#rnd;
    // Not against tracked stock: crediting it would need a stock movement too.
    const candidates = lines.filter((l) => l.spec.item?.tracked !== true);
    if (candidates.length === 0) return;
    const line = rnd.pick(candidates);
    const unitCents = Math.max(100, Math.round((line.lineCents * rnd.int(20, 100)) / 100));
    const credit = this.#desks.creditNotes.create({
      sales: state.type === 'ACCREC',
      contact: state.contact,
      createdMs: atMs,
      lines: [
        {
          description: `Credit: ${line.spec.description}`,
          qty100: 100,
          unit10000: unitCents * 100,
          discountBp: 0,
          account: line.spec.account,
          tax: line.spec.tax,
          tracking: line.spec.tracking,
        },
      ],
      amountTypes: String(state.record['LineAmountTypes']) as LineAmountTypes,
      fate: 'AUTHORISED',
      reference: `Credit for ${state.record['InvoiceNumber']}`,
    });
    if (credit === undefined) return;
    const allocAt = credit.availableAtMs + 60_000;
    if (allocAt < this.#ctx.asOfMs) this.#allocate(credit, state, allocAt);
    else this.#queue(credit);
  }

  /** Now and then a contact gets a credit note of its own (returns, goodwill), in any state. */
  #standaloneCredit(contact: ContactInfo, sales: boolean, afterMs: number): void {
    const ctx = this.#ctx;
    const rnd = this.#rnd;
    const side = sales ? 'ACCREC' : 'ACCPAY';
    if (contact.currency !== ctx.profile.baseCurrency) return;
    // While the quota is unmet every outcome is created at the first chance, so small books
    // still show them all.
    let forced = this.#want('standalone', side);
    if (!(forced || rnd.chance(sales ? 0.012 : 0.008))) return;
    do {
      const createdMs = afterMs + rnd.int(1, 20) * DAY_MS + rnd.int(0, 28_800_000);
      if (createdMs >= ctx.asOfMs - 45 * DAY_MS) return;
      // The first ones run through every outcome; later ones are mostly approved.
      const n = this.#saw('standalone', side);
      const fate =
        STANDALONE_FATES[n - 1] ??
        rnd.weighted<CreditNoteFate>([
          ['AUTHORISED', 60],
          ['DRAFT', 10],
          ['SUBMITTED', 8],
          ['VOIDED', 12],
          ['DELETED', 10],
        ]);
      const amountTypes = pickAmountTypes(rnd, sales ? 'sales' : 'purchases', false);
      const credit = this.#desks.creditNotes.create({
        sales,
        contact,
        createdMs,
        lines: sales
          ? salesLines(ctx, rnd, contact, { amountTypes, atMs: createdMs, allowTracked: false, maxLines: 1, discounts: false })
          : purchaseLines(ctx, rnd, contact, { amountTypes, atMs: createdMs, allowTracked: false }),
        amountTypes,
        fate,
        reference: sales ? rnd.pick(['Returned goods', 'Goodwill credit', 'Pricing adjustment']) : '',
      });
      if (credit !== undefined && n !== STANDALONE_FATES.length) this.#refundOrQueue(credit);
      forced = this.#want('standalone', side);
    } while (forced);
  }

  /** The first credit of each kind is refunded soon after it arises; the rest wait to be used. */
  #refundOrQueue(credit: CreditState): void {
    const side = `${credit.kind}:${credit.sales ? 'ACCREC' : 'ACCPAY'}`;
    if (this.#want('refund', side)) {
      const atMs = credit.availableAtMs + this.#rnd.int(5, 20) * DAY_MS;
      if (atMs < this.#ctx.asOfMs) {
        this.#saw('refund', side);
        this.#desks.payments.pay(credit, credit.remainingCents, {
          atMs,
          bank: this.#mainBank,
          reference: 'Refund',
          reconciled: atMs < this.#ctx.asOfMs - 14 * DAY_MS,
        });
        return;
      }
    }
    this.#queue(credit);
  }

  #queue(credit: CreditState): void {
    const key = openKey(credit.sales, credit.contact);
    let list = this.#open.get(key);
    if (list === undefined) {
      list = [];
      this.#open.set(key, list);
    }
    if (!list.includes(credit)) list.push(credit);
  }

  /** Some credits nobody used are refunded a few weeks after they were last touched. */
  #refundLeftovers(): void {
    const ctx = this.#ctx;
    const rnd = this.#rnd;
    for (const list of this.#open.values()) {
      for (const credit of list) {
        if (credit.remainingCents <= 0 || credit.kind === 'prepayment' || !rnd.chance(0.35)) continue;
        const atMs = credit.updatedMs + rnd.int(10, 45) * DAY_MS + rnd.int(0, 28_800_000);
        if (atMs >= ctx.asOfMs) continue;
        this.#desks.payments.pay(credit, credit.remainingCents, {
          atMs,
          bank: this.#mainBank,
          reference: 'Refund',
          reconciled: atMs < ctx.asOfMs - 14 * DAY_MS,
        });
      }
    }
  }
}

/** Weighted outcomes of documents; recent ones are more often still drafts or awaiting approval. */
const fates = (drafts: number, submitted: number): readonly (readonly [Fate, number])[] => [
  ['DRAFT', drafts],
  ['SUBMITTED', submitted],
  ['DELETED', 3],
  ['VOIDED', 3],
  ['APPROVED', 86],
];
const FATES = { ACCREC: fates(2.5, 2), ACCPAY: fates(2.5, 3) } as const;
const RECENT_FATES = { ACCREC: fates(10, 8), ACCPAY: fates(10, 12) } as const;

/** How approved documents get paid; overpayments only in the base currency. */
const styles = (never: number, overpay: number): readonly (readonly [PayStyle, number])[] => [
  ['full', 80],
  ['split', 9],
  ['never', never],
  ['bounce', 2.5],
  ['overpay', overpay],
];
const SALES_STYLES = styles(4, 2);
const FOREIGN_SALES_STYLES = styles(4, 0);
const BILL_STYLES = styles(2, 2);
const FOREIGN_BILL_STYLES = styles(2, 0);

/** Cases every organisation must show, whatever the scale, and how many of each. */
const QUOTAS = { deposit: 2, credit: 2, overpay: 2, bounce: 1, split: 1, refund: 1, standalone: 6, batch: 1 } as const;
type Quota = keyof typeof QUOTAS;

function openKey(sales: boolean, contact: ContactInfo): string {
  return `${sales ? 'AR' : 'AP'}:${contact.id}`;
}

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase();
  return letters.slice(0, 3) || 'SUP';
}
