/**
 * BatchPayments: payments made in one go from one bank account on one day, a weekly bill run
 * (PAYBATCH) or a deposit of several customer receipts (RECBATCH). The invoice generator marks
 * payments that may be batched; groups of two or more become a batch, whose TotalAmount is the sum
 * of its payments' bank amounts and whose payments all carry its id and reconciliation state.
 */
import type { OrgContext } from './context.js';
import { formatAmount } from './history.js';
import { amount } from './money.js';
import { DAY_MS, toDateString, toMsDate } from './msdate.js';
import type { PaymentState } from './settlement.js';

/** Groups batchable payments into BatchPayments records. */
export function createBatchPayments(ctx: OrgContext, payments: readonly PaymentState[]): void {
  const rnd = ctx.rnd.fork('batch-payments');
  const groups = new Map<string, PaymentState[]>();
  for (const p of payments) {
    if (p.batchKey === undefined || p.deleted) continue;
    let group = groups.get(p.batchKey);
    if (group === undefined) {
      group = [];
      groups.set(p.batchKey, group);
    }
    group.push(p);
  }
  const nz = ctx.profile.countryCode === 'NZ';
  for (const [key, group] of groups) {
    const first = group[0];
    if (first === undefined || group.length < 2) continue;
    const type = key.startsWith('PAYBATCH') ? 'PAYBATCH' : 'RECBATCH';
    const id = rnd.guid();
    const atMs = Math.max(...group.map((p) => p.atMs));
    const reconciled = atMs < ctx.asOfMs - 14 * DAY_MS && rnd.chance(0.9);
    const total = group.reduce((sum, p) => sum + p.bankCents, 0);
    const reference = type === 'PAYBATCH' ? `Bill run ${toDateString(first.dateMs).slice(0, 10)}` : 'Deposit';
    const summary = {
      Account: { AccountID: first.bank.id },
      BatchPaymentID: id,
      Date: toMsDate(first.dateMs),
      Type: type,
      Status: 'AUTHORISED',
      TotalAmount: amount(total),
      UpdatedDateUTC: toMsDate(atMs),
      IsReconciled: reconciled,
    };
    for (const p of group) {
      p.record['BatchPaymentID'] = id;
      p.record['BatchPayment'] = summary;
      p.record['IsReconciled'] = reconciled;
    }
    ctx.history.noteAlways(id, atMs, 'Approved', () => `${group.length} payments totalling ${formatAmount(total)}.`, true);
    ctx.books.add('BatchPayments', id, atMs, {
      Account: first.bank.summary,
      Reference: reference,
      ...(nz ? { Particulars: type === 'PAYBATCH' ? 'Bills' : 'Receipts', Code: '' } : { Details: reference }),
      BatchPaymentID: id,
      DateString: toDateString(first.dateMs),
      Date: toMsDate(first.dateMs),
      Payments: group.map((p) => ({
        [p.target.refKey]: p.target.ref,
        PaymentID: p.id,
        Reference: p.record['Reference'],
        Amount: amount(p.amountCents),
        BankAmount: amount(p.bankCents),
      })),
      Type: type,
      Status: 'AUTHORISED',
      TotalAmount: amount(total),
      UpdatedDateUTC: toMsDate(atMs),
      IsReconciled: reconciled,
    });
  }
}
