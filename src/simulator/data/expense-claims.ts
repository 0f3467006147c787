/**
 * Receipts and ExpenseClaims ("classic expenses"): staff pay for small things themselves, enter
 * the receipts and claim them back. An approved claim posts an EXPCLAIM journal (the expenses
 * against Unpaid Expense Claims), its repayment an EXPPAYMENT journal (Unpaid Expense Claims
 * against the bank); a voided claim is reversed. Some receipts are still drafts or were declined.
 */
import type { AccountInfo } from './chart-of-accounts.js';
import type { ContactInfo } from './contacts.js';
import type { OrgContext } from './context.js';
import { scaled } from './context.js';
import { postDocument } from './journals.js';
import type { DocLine } from './line-items.js';
import { buildLines, totalsFields } from './line-items.js';
import { purchaseLines } from './line-specs.js';
import { formatAmount } from './history.js';
import { amount } from './money.js';
import { DAY_MS, startOfDay, toMsDate } from './msdate.js';
import type { Random } from './random.js';
import type { XeroRecord } from './types.js';
import type { UserInfo } from './users.js';

type ClaimStatus = 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED' | 'DELETED';

// Suppliers staff typically pay out of pocket.
const OUT_OF_POCKET = new Set(['Cafe', 'Fleet', 'Office Supplies', 'Couriers', 'Software']);

/** Creates receipts and the claims they are part of. */
export function createExpenseClaims(ctx: OrgContext): void {
  new ClaimRun(ctx).run();
}

class ClaimRun {
  readonly #ctx: OrgContext;
  readonly #rnd: Random;
  readonly #lineIds: Random;
  readonly #journalIds: Random;
  readonly #claimers: readonly UserInfo[];
  readonly #receiptNumbers = new Map<string, number>();

  constructor(ctx: OrgContext) {
    this.#ctx = ctx;
    this.#rnd = ctx.rnd.fork('expense-claims');
    this.#lineIds = this.#rnd.fork('lines');
    this.#journalIds = this.#rnd.fork('journals');
    this.#claimers = ctx.users.filter((u) => u.role === 'STANDARD' || u.role === 'FINANCIALADVISER');
  }

  run(): void {
    const ctx = this.#ctx;
    const rnd = this.#rnd;
    const count = scaled(ctx.scale, ctx.profile.invoicesAtScale1 / 40, 6);
    const span = ctx.asOfMs - ctx.startMs;
    const times = Array.from({ length: count }, () => ctx.startMs + 40 * DAY_MS + rnd.int(0, span - 42 * DAY_MS)).sort((a, b) => a - b);
    const forced: readonly ClaimStatus[] = ['SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'];
    times.forEach((submitMs, i) => {
      const status =
        forced[i] ??
        rnd.weighted<ClaimStatus>([
          ['PAID', 60],
          ['AUTHORISED', 15],
          ['SUBMITTED', 10],
          ['VOIDED', 8],
          ['DELETED', 7],
        ]);
      this.#claim(submitMs, status);
    });
    const loose = Math.max(2, Math.round(count * 0.4));
    for (let i = 0; i < loose; i++) {
      const user = rnd.pick(this.#claimers);
      const atMs = ctx.startMs + DAY_MS + rnd.int(0, span - 2 * DAY_MS);
      const declined = i % 2 === 1;
      const receipt = this.#receipt(user, atMs, declined ? 'DECLINED' : 'DRAFT');
      if (declined) receipt.record['UpdatedDateUTC'] = toMsDate(Math.min(atMs + rnd.int(1, 10) * DAY_MS, ctx.asOfMs - 1));
    }
  }

  #receipt(user: UserInfo, atMs: number, status: string): { record: XeroRecord; lines: DocLine[]; totalCents: number } {
    const ctx = this.#ctx;
    const rnd = this.#rnd;
    const base = ctx.profile.baseCurrency;
    const contact: ContactInfo =
      ctx.contacts.find('supplier', rnd, atMs, (c) => c.currency === base && OUT_OF_POCKET.has(c.category?.noun ?? '')) ??
      ctx.contacts.supplier(rnd, atMs, (c) => c.currency === base && c.category?.stock !== true);
    const { lines, totals } = buildLines(this.#lineIds, purchaseLines(ctx, rnd, contact, { amountTypes: 'Inclusive', atMs, allowTracked: false }), 'Inclusive');
    const id = rnd.guid();
    const number = (this.#receiptNumbers.get(user.id) ?? 0) + 1;
    this.#receiptNumbers.set(user.id, number);
    // Xero returns ReceiptNumber as a number, though the spec types it as a string
    // (xero-api-endpoints.md appendix, /Receipts).
    const record: XeroRecord = {
      ReceiptID: id,
      ReceiptNumber: number,
      Status: status,
      User: user.record,
      Contact: contact.embed,
      Date: toMsDate(startOfDay(atMs)),
      UpdatedDateUTC: toMsDate(atMs),
      Reference: rnd.pick(['', 'Card', 'Cash', `Receipt ${rnd.int(100, 9999)}`]),
      LineAmountTypes: 'Inclusive',
      LineItems: lines.map((l) => l.record),
      ...totalsFields(totals),
      HasAttachments: false,
    };
    ctx.books.add('Receipts', id, atMs, record);
    ctx.history.noteAlways(id, atMs, 'Created', () => `Receipt from ${contact.name} for ${formatAmount(totals.total)}.`);
    return { record, lines, totalCents: totals.total };
  }

  #claim(submitMs: number, fate: ClaimStatus): void {
    const ctx = this.#ctx;
    const rnd = this.#rnd;
    const asOf = ctx.asOfMs;
    const user = rnd.pick(this.#claimers);
    const receipts = Array.from({ length: rnd.int(1, 4) }, () => submitMs - rnd.int(1, 30) * DAY_MS - rnd.int(0, 28_800_000))
      .sort((a, b) => a - b)
      .map((atMs) => this.#receipt(user, atMs, 'SUBMITTED'));
    const id = rnd.guid();
    const total = receipts.reduce((sum, r) => sum + r.totalCents, 0);
    const payments: XeroRecord[] = [];
    const setReceipts = (status: string, atMs: number): void => {
      for (const r of receipts) {
        r.record['Status'] = status;
        r.record['UpdatedDateUTC'] = toMsDate(atMs);
      }
    };
    setReceipts('SUBMITTED', submitMs);
    let status: ClaimStatus = 'SUBMITTED';
    let updatedMs = submitMs;
    let paid = 0;
    let reportingMs: number | undefined;
    if (fate === 'DELETED') {
      const deleteMs = submitMs + rnd.int(1, 10) * DAY_MS;
      if (deleteMs < asOf) {
        status = 'DELETED';
        updatedMs = deleteMs;
        // Deleting a claim sends its receipts back to draft.
        setReceipts('DRAFT', deleteMs);
      }
    } else if (fate !== 'SUBMITTED') {
      const approveMs = submitMs + rnd.int(1, 5) * DAY_MS + rnd.int(0, 28_800_000);
      if (approveMs < asOf) {
        reportingMs = startOfDay(approveMs);
        const unpaid = ctx.chart.system('UNPAIDEXPCLM');
        const posted = postDocument(ctx.ledger, this.#journalIds, ctx.chart.system('GST'), {
          createdMs: approveMs,
          dateMs: reportingMs,
          sourceId: id,
          sourceType: 'EXPCLAIM',
          reference: `${user.fullName} expense claim`,
          control: unpaid,
          sign: 1,
          rate: 1,
          lines: receipts.flatMap((r) => r.lines),
        });
        status = 'AUTHORISED';
        updatedMs = approveMs;
        setReceipts('AUTHORISED', approveMs);
        if (fate === 'VOIDED') {
          const voidMs = approveMs + rnd.int(1, 15) * DAY_MS;
          if (voidMs < asOf) {
            ctx.ledger.reverse(this.#journalIds, posted.journal, voidMs);
            status = 'VOIDED';
            updatedMs = voidMs;
            setReceipts('VOIDED', voidMs);
          }
        } else if (fate === 'PAID') {
          const first = approveMs + rnd.int(3, 20) * DAY_MS;
          const parts = rnd.chance(0.15) ? [[first, Math.round(total / 2)], [first + rnd.int(7, 30) * DAY_MS, total - Math.round(total / 2)]] : [[first, total]];
          for (const [atMs, cents] of parts as [number, number][]) {
            if (atMs >= asOf) break;
            this.#repay(unpaid, atMs, cents, payments);
            paid += cents;
            updatedMs = atMs;
          }
          if (paid === total) status = 'PAID';
        }
      }
    }
    ctx.history.noteAlways(id, submitMs, 'Submitted', `Expense claim for ${user.fullName}.`);
    ctx.books.add('ExpenseClaims', id, submitMs, {
      ExpenseClaimID: id,
      Status: status,
      UpdatedDateUTC: toMsDate(updatedMs),
      User: user.record,
      Receipts: receipts.map((r) => r.record),
      Payments: payments,
      Total: amount(total),
      AmountDue: amount(status === 'VOIDED' || status === 'DELETED' ? 0 : total - paid),
      AmountPaid: amount(paid),
      ...(reportingMs !== undefined ? { PaymentDueDate: toMsDate(reportingMs + 14 * DAY_MS), ReportingDate: toMsDate(reportingMs) } : {}),
    });
  }

  /** Pays a claimant back: an EXPPAYMENT journal from the main bank account. */
  #repay(unpaid: AccountInfo, atMs: number, cents: number, payments: XeroRecord[]): void {
    const ctx = this.#ctx;
    const bank = ctx.chart.banks[0] as AccountInfo;
    const paymentId = this.#rnd.guid();
    const dateMs = startOfDay(atMs);
    payments.push({ PaymentID: paymentId, Date: toMsDate(dateMs), Amount: amount(cents), Reference: 'Expense claim repayment', CurrencyRate: 1 });
    ctx.ledger.post(this.#journalIds, {
      createdMs: atMs,
      dateMs,
      sourceId: paymentId,
      sourceType: 'EXPPAYMENT',
      reference: 'Expense claim repayment',
      lines: [
        { account: unpaid, netCents: cents, taxCents: 0, description: '', tracking: [] },
        { account: bank, netCents: -cents, taxCents: 0, description: '', tracking: [] },
      ],
    });
  }
}
