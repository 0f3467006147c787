/**
 * Contacts' `Balances`: what each contact owes (AccountsReceivable) and is owed (AccountsPayable)
 * on approved invoices at the books' "today", in the base currency, and how much of it is overdue.
 */
import type { OrgContext } from './context.js';
import type { InvoiceEntry } from './invoices.js';
import { amount, toBaseCents } from './money.js';

/** Writes `Balances` into every contact record. */
export function applyContactBalances(ctx: OrgContext, entries: readonly InvoiceEntry[]): void {
  const sums = new Map<string, [number, number, number, number]>();
  for (const { state } of entries) {
    if (state.record['Status'] !== 'AUTHORISED') continue;
    const due = toBaseCents(state.outstanding(), state.rate);
    let s = sums.get(state.contact.id);
    if (s === undefined) {
      s = [0, 0, 0, 0];
      sums.set(state.contact.id, s);
    }
    const overdue = state.dueMs < ctx.asOfMs ? due : 0;
    if (state.type === 'ACCREC') {
      s[0] += due;
      s[1] += overdue;
    } else {
      s[2] += due;
      s[3] += overdue;
    }
  }
  for (const c of ctx.contacts.all) {
    const [arOut, arOver, apOut, apOver] = sums.get(c.id) ?? [0, 0, 0, 0];
    c.record['Balances'] = {
      AccountsReceivable: { Outstanding: amount(arOut), Overdue: amount(arOver) },
      AccountsPayable: { Outstanding: amount(apOut), Overdue: amount(apOver) },
    };
  }
}
