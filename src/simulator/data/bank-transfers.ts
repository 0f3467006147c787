/**
 * BankTransfers: money moved between the organisation's base-currency bank accounts. Each transfer
 * is also two bank transactions (SPEND-TRANSFER out of one account, RECEIVE-TRANSFER into the
 * other) and posts one TRANSFER journal. A deleted transfer keeps its records with Status DELETED
 * and is reversed.
 */
import { bankTransactionRecord } from './bank-transaction-record.js';
import type { AccountInfo } from './chart-of-accounts.js';
import type { OrgContext } from './context.js';
import { scaled } from './context.js';
import { formatAmount } from './history.js';
import { buildLines } from './line-items.js';
import { amount } from './money.js';
import { DAY_MS, startOfDay, toDateString, toMsDate } from './msdate.js';
import type { XeroRecord } from './types.js';

/** Creates the transfers, their bank transactions and journals. */
export function createBankTransfers(ctx: OrgContext): void {
  const rnd = ctx.rnd.fork('bank-transfers');
  const lineIds = rnd.fork('lines');
  const journalIds = rnd.fork('journals');
  const banks = ctx.chart.banks.filter((b) => b.currency === ctx.profile.baseCurrency);
  const [main, savings] = banks;
  if (main === undefined || savings === undefined) return;
  const count = scaled(ctx.scale, ctx.profile.invoicesAtScale1 / 30, 8);
  const span = ctx.asOfMs - ctx.startMs;
  const times = Array.from({ length: count }, () => ctx.startMs + 3_600_000 + rnd.int(0, span - 2 * 3_600_000)).sort((a, b) => a - b);
  // What transfers have put into savings so far: money only comes back out of what went in.
  let saved = 0;
  times.forEach((atMs, index) => {
    // Sized to the business, like everything else that moves cash.
    const size = ctx.scale * (ctx.profile.invoicesAtScale1 / 800);
    const cents = Math.max(100, Math.round(rnd.int(5, 200) * 100 * size)) * 100 + (rnd.chance(0.3) ? rnd.int(1, 99) : 0);
    const toSavings = saved < cents || rnd.chance(0.55);
    const from: AccountInfo = toSavings ? main : savings;
    const to: AccountInfo = toSavings ? savings : main;
    const dateMs = startOfDay(atMs);
    const id = rnd.guid();
    const fromTxId = rnd.guid();
    const toTxId = rnd.guid();
    const reference = rnd.pick(['Sweep to savings', 'Funds transfer', `Transfer ${index + 1}`]);
    // The second transfer is always deleted, so every organisation shows one.
    const deleteMs = index === 1 || rnd.chance(0.03) ? atMs + rnd.int(1, 10) * DAY_MS : Infinity;
    const deleted = deleteMs < ctx.asOfMs;
    if (!deleted) saved += toSavings ? cents : -cents;
    // Only unreconciled transactions can be deleted.
    const settled = !deleted && atMs < ctx.asOfMs - 14 * DAY_MS;
    const reconciledFrom = settled && rnd.chance(0.95);
    const reconciledTo = settled && rnd.chance(0.95);
    const updatedMs = deleted ? deleteMs : atMs;
    const tracked = rnd.chance(0.2) ? ctx.tracking.pick(rnd, atMs).slice(0, 1) : [];
    const transfer: XeroRecord = {
      BankTransferID: id,
      CreatedDateUTC: toMsDate(atMs),
      DateString: toDateString(dateMs),
      Date: toMsDate(dateMs),
      Status: deleted ? 'DELETED' : 'AUTHORISED',
      FromBankAccount: from.summary,
      ToBankAccount: to.summary,
      Amount: amount(cents),
      FromBankTransactionID: fromTxId,
      ToBankTransactionID: toTxId,
      FromIsReconciled: reconciledFrom,
      ToIsReconciled: reconciledTo,
      Reference: reference,
      CurrencyRate: 1,
      HasAttachments: false,
      FromTracking: tracked,
      ToTracking: tracked,
    };
    ctx.books.add('BankTransfers', id, atMs, transfer);
    ctx.history.noteAlways(id, atMs, 'Created', () => `Transfer of ${formatAmount(cents)} from ${from.name} to ${to.name}.`);
    if (deleted) ctx.history.noteAlways(id, deleteMs, 'Deleted', 'Transfer deleted.');
    for (const [txId, type, bank, other, reconciled] of [
      [fromTxId, 'SPEND-TRANSFER', from, to, reconciledFrom],
      [toTxId, 'RECEIVE-TRANSFER', to, from, reconciledTo],
    ] as const) {
      const { lines, totals } = buildLines(
        lineIds,
        [{ description: 'Bank Transfer', qty100: 100, unit10000: cents * 100, discountBp: 0, account: other, tax: ctx.taxes.role('excluded'), tracking: tracked }],
        'NoTax',
      );
      const record = bankTransactionRecord({
        id: txId,
        type,
        bank,
        dateMs,
        reference,
        reconciled,
        currency: bank.currency,
        rate: 1,
        amountTypes: 'NoTax',
        lines,
        totals,
        updatedMs,
      });
      if (deleted) record['Status'] = 'DELETED';
      ctx.books.add('BankTransactions', txId, atMs, record);
    }
    const journal = ctx.ledger.post(journalIds, {
      createdMs: atMs,
      dateMs,
      sourceId: id,
      sourceType: 'TRANSFER',
      reference,
      lines: [
        { account: from, netCents: -cents, taxCents: 0, description: reference, tracking: tracked },
        { account: to, netCents: cents, taxCents: 0, description: reference, tracking: tracked },
      ],
    });
    if (deleted) ctx.ledger.reverse(journalIds, journal, deleteMs);
  });
}
