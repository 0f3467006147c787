/**
 * LinkedTransactions: billable expenses. A line of a bill is flagged to be charged on to a
 * customer; once it is put on one of that customer's invoices the link names the invoice line as
 * its target. Status follows both ends: DRAFT while the bill is a draft, APPROVED until invoiced,
 * ONDRAFT while the invoice is a draft, BILLED once it is approved, VOIDED if the bill was voided.
 */
import type { OrgContext } from './context.js';
import type { InvoiceEntry } from './invoices.js';
import { toMsDate } from './msdate.js';

/** Creates the billable-expense links between bills and later sales invoices. */
export function createLinkedTransactions(ctx: OrgContext, entries: readonly InvoiceEntry[]): void {
  const rnd = ctx.rnd.fork('linked-transactions');
  // Entries are in creation order, so "later invoices" is a suffix of this list.
  const sales = entries.filter((e) => e.state.type === 'ACCREC' && e.state.currency === ctx.profile.baseCurrency);
  const createdTimes = sales.map((e) => e.state.createdMs);
  let linked = 0;
  for (const bill of entries) {
    const state = bill.state;
    const lineItemId = bill.lineItemIds[0];
    const sourceStatus = String(state.record['Status']);
    if (state.type !== 'ACCPAY' || lineItemId === undefined || sourceStatus === 'DELETED' || sourceStatus === 'SUBMITTED') continue;
    // The first few bills are always linked so that small books show every status.
    if (!(linked < 4 || rnd.chance(0.04))) continue;
    linked++;
    const id = rnd.guid();
    let status = sourceStatus === 'DRAFT' ? 'DRAFT' : sourceStatus === 'VOIDED' ? 'VOIDED' : 'APPROVED';
    let target: InvoiceEntry | undefined;
    if (status === 'APPROVED' && rnd.chance(0.7)) {
      const from = upperBound(createdTimes, state.createdMs);
      if (from < sales.length) target = sales[rnd.int(from, sales.length - 1)];
    }
    const targetStatus = target === undefined ? '' : String(target.state.record['Status']);
    if (targetStatus === 'DELETED' || targetStatus === 'VOIDED') target = undefined;
    else if (targetStatus === 'DRAFT' || targetStatus === 'SUBMITTED') status = 'ONDRAFT';
    else if (target !== undefined) status = 'BILLED';
    const targetLine = target === undefined ? undefined : rnd.pick(target.lineItemIds);
    const customer = target?.state.contact ?? ctx.contacts.customer(rnd, state.createdMs);
    const updatedMs = Math.max(state.updatedMs, target?.state.createdMs ?? 0);
    ctx.books.add('LinkedTransactions', id, state.createdMs, {
      LinkedTransactionID: id,
      SourceTransactionID: state.id,
      SourceLineItemID: lineItemId,
      ContactID: customer.id,
      ...(target !== undefined && targetLine !== undefined
        ? { TargetTransactionID: target.state.id, TargetLineItemID: targetLine }
        : {}),
      Status: status,
      Type: 'BILLABLEEXPENSE',
      UpdatedDateUTC: toMsDate(updatedMs),
      SourceTransactionTypeCode: 'ACCPAY',
    });
  }
}

/** Index of the first element greater than `value` in an ascending array. */
function upperBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
