/**
 * BankTransactions of types SPEND and RECEIVE ("spend money" / "receive money"): card purchases,
 * cash sales, monthly wages, bank fees and interest. Each posts a CASHPAID or CASHREC journal
 * against its bank account; a few are deleted later and reversed. Transactions on a foreign bank
 * account are in that account's currency. (The -PREPAYMENT, -OVERPAYMENT and -TRANSFER types come
 * from prepayments.ts, overpayments.ts and bank-transfers.ts.)
 */
import { bankTransactionRecord } from './bank-transaction-record.js';
import type { AccountInfo } from './chart-of-accounts.js';
import type { ContactInfo } from './contacts.js';
import type { OrgContext } from './context.js';
import { scaled } from './context.js';
import { formatAmount } from './history.js';
import { postDocument } from './journals.js';
import type { LineAmountTypes, LineSpec } from './line-items.js';
import { buildLines } from './line-items.js';
import { pickAmountTypes, purchaseLines, salesLines } from './line-specs.js';
import { DAY_MS, addMonths, startOfDay } from './msdate.js';
import type { Random } from './random.js';

/** One spend or receive money transaction to enter. */
interface Entry {
  readonly type: 'SPEND' | 'RECEIVE';
  readonly bank: AccountInfo;
  readonly contact: ContactInfo;
  readonly atMs: number;
  readonly amountTypes: LineAmountTypes;
  readonly specs: readonly LineSpec[];
  readonly reference: string;
}

/** Creates the organisation's spend and receive money transactions. */
export function createBankTransactions(ctx: OrgContext): void {
  const rnd = ctx.rnd.fork('bank-transactions');
  const entries: Entry[] = [...monthly(ctx, rnd), ...adHoc(ctx, rnd)];
  const lineIds = rnd.fork('lines');
  const journalIds = rnd.fork('journals');
  for (const e of entries) {
    const id = rnd.guid();
    const dateMs = startOfDay(e.atMs);
    const rate = ctx.fx.rate(e.bank.currency, dateMs);
    const { lines, totals } = buildLines(lineIds, e.specs, e.amountTypes);
    const reconciled = e.atMs < ctx.asOfMs - 14 * DAY_MS ? rnd.chance(0.95) : rnd.chance(0.3);
    const deleteMs = rnd.chance(0.03) ? e.atMs + rnd.int(1, 20) * DAY_MS : Infinity;
    const deleted = deleteMs < ctx.asOfMs && !reconciled;
    const record = bankTransactionRecord({
      id,
      type: e.type,
      bank: e.bank,
      contact: e.contact,
      dateMs,
      reference: e.reference,
      reconciled,
      currency: e.bank.currency,
      rate,
      amountTypes: e.amountTypes,
      lines,
      totals,
      updatedMs: deleted ? deleteMs : e.atMs,
    });
    const posted = postDocument(ctx.ledger, journalIds, ctx.chart.system('GST'), {
      createdMs: e.atMs,
      dateMs,
      sourceId: id,
      sourceType: e.type === 'SPEND' ? 'CASHPAID' : 'CASHREC',
      reference: e.reference,
      control: e.bank,
      sign: e.type === 'SPEND' ? 1 : -1,
      rate,
      lines,
    });
    const label = (): string => `${e.type === 'SPEND' ? 'Spend' : 'Receive'} money of ${formatAmount(totals.total)} ${e.type === 'SPEND' ? 'to' : 'from'} ${e.contact.name}.`;
    ctx.history.note(id, e.atMs, 'Created', label);
    if (deleted) {
      record['Status'] = 'DELETED';
      ctx.ledger.reverse(journalIds, posted.journal, deleteMs);
      ctx.history.note(id, deleteMs, 'Deleted', label);
    }
    ctx.books.add('BankTransactions', id, e.atMs, record);
  }
}

/** Wages, bank fees and interest, once a month for the whole of the books. */
function monthly(ctx: OrgContext, rnd: Random): Entry[] {
  const out: Entry[] = [];
  const { contacts, chart, taxes } = ctx;
  const base = ctx.profile.baseCurrency;
  const main = chart.banks[0];
  if (main === undefined) return out;
  // Wages grow with the business: proportional to its invoice volume (and so to scale).
  const wages = Math.round(16_000 * ctx.scale * (ctx.profile.invoicesAtScale1 / 800)) * 100;
  const superRate = ctx.profile.countryCode === 'AU' ? 0.115 : 0.03;
  const line = (description: string, code: string, cents: number, taxed: boolean): LineSpec => ({
    description,
    qty100: 100,
    unit10000: cents * 100,
    discountBp: 0,
    account: chart.code(code),
    tax: taxed ? taxes.get(chart.code(code).taxType) : taxes.role('excluded'),
    tracking: [],
  });
  for (let m = 1; ; m++) {
    const monthMs = addMonths(ctx.startMs, m);
    if (monthMs >= ctx.asOfMs) break;
    const payday = monthMs - DAY_MS * rnd.int(1, 3) + 4 * 3_600_000;
    const wage = Math.round(wages * (0.95 + rnd.next() * 0.1));
    if (payday > ctx.startMs) {
      out.push({
        type: 'SPEND',
        bank: main,
        contact: contacts.payroll,
        atMs: payday,
        amountTypes: 'NoTax',
        specs: [line('Net wages', '477', wage, false), line(chart.code('478').name, '478', Math.round(wage * superRate), false)],
        reference: 'Payroll',
      });
    }
    for (const bank of chart.banks) {
      const feeMs = monthMs + 2 * 3_600_000 + rnd.int(0, 3_600_000);
      if (feeMs >= ctx.asOfMs) continue;
      const local = bank.currency === base;
      out.push({
        type: 'SPEND',
        bank,
        contact: contacts.bank,
        atMs: feeMs,
        amountTypes: local ? 'Exclusive' : 'NoTax',
        specs: [line('Monthly account fee', '404', rnd.int(10, 45) * 100 + rnd.int(0, 99), local)],
        reference: 'Account fee',
      });
      if (local) {
        out.push({
          type: 'RECEIVE',
          bank,
          contact: contacts.bank,
          atMs: feeMs + 60_000,
          amountTypes: 'Exclusive',
          specs: [line('Interest', '270', rnd.int(2, 180) * 100 + rnd.int(0, 99), true)],
          reference: 'Interest',
        });
      }
    }
  }
  return out;
}

/** Card purchases and cash sales spread over the books. */
function adHoc(ctx: OrgContext, rnd: Random): Entry[] {
  const out: Entry[] = [];
  const count = scaled(ctx.scale, ctx.profile.invoicesAtScale1 * 0.25, 20);
  const base = ctx.profile.baseCurrency;
  const span = ctx.asOfMs - ctx.startMs;
  for (let i = 0; i < count; i++) {
    const atMs = ctx.startMs + 3_600_000 + rnd.int(0, span - 2 * 3_600_000);
    const receive = rnd.chance(0.3);
    const kind = receive ? 'customer' : 'supplier';
    const notStock = (c: ContactInfo): boolean => c.category?.stock !== true;
    // Transactions on a foreign-currency account come from contacts trading in that currency.
    const foreignBank = ctx.chart.banks.find((b) => b.currency !== base);
    const foreignContact =
      foreignBank !== undefined && rnd.chance(0.2)
        ? ctx.contacts.find(kind, rnd, atMs, (c) => c.currency === foreignBank.currency && notStock(c))
        : undefined;
    const bank = foreignContact !== undefined && foreignBank !== undefined ? foreignBank : (ctx.chart.banks[0] as AccountInfo);
    const contact =
      foreignContact ??
      (receive
        ? ctx.contacts.customer(rnd, atMs, (c) => c.currency === base)
        : ctx.contacts.supplier(rnd, atMs, (c) => c.currency === base && notStock(c)));
    const foreign = bank.currency !== base;
    const amountTypes = pickAmountTypes(rnd, receive ? 'sales' : 'purchases', foreign);
    const specs = receive
      ? salesLines(ctx, rnd, contact, { amountTypes, atMs, allowTracked: false, maxLines: 2, discounts: false })
      : purchaseLines(ctx, rnd, contact, { amountTypes, atMs, allowTracked: false });
    out.push({
      type: receive ? 'RECEIVE' : 'SPEND',
      bank,
      contact,
      atMs,
      amountTypes,
      specs,
      reference: receive ? rnd.pick(['Cash sale', 'Direct credit', '']) : rnd.pick([`Card ${rnd.int(1000, 9999)}`, 'Direct debit', '']),
    });
  }
  return out;
}
