/**
 * Cash-basis journals for `paymentsOnly=true`. On a cash basis income and expenses are
 * recognised when paid, not when invoiced, so:
 *
 * - the journals of invoices and credit notes (ACCREC, ACCPAY, ACCRECCREDIT, ACCPAYCREDIT) are
 *   left out: they move nothing but receivables/payables and the accounts they accrue to;
 * - each payment journal keeps its bank (and currency-gain) lines, and its receivable/payable
 *   line is replaced by the paid document's own lines (sales, expenses, tax) scaled by the share
 *   of the document the payment settles, so every journal still balances;
 * - everything else (spend/receive money, transfers, manual journals, ...) is cash already.
 *
 * UNCERTAIN: Xero does not document its cash-basis algorithm; this is the textbook one and
 * keeps every report balanced. Credit notes applied to invoices move no cash and so vanish.
 */
import type { OrgData } from '../../data/types.js';
import { objectField, textField } from './fields.js';
import type { JournalEntry, JournalEntryLine, LedgerAccount } from './ledger.js';

const DOCUMENT_TYPES = new Set(['ACCREC', 'ACCPAY', 'ACCRECCREDIT', 'ACCPAYCREDIT']);
const PAYMENT_TYPES = new Set(['ACCRECPAYMENT', 'ACCPAYPAYMENT', 'ARCREDITPAYMENT', 'APCREDITPAYMENT']);

/** The journals restated on a cash basis. */
export function toCashBasis(entries: readonly JournalEntry[], org: OrgData, accounts: ReadonlyMap<string, LedgerAccount>): JournalEntry[] {
  const control = new Set(
    [...accounts].filter(([, a]) => a.systemAccount === 'DEBTORS' || a.systemAccount === 'CREDITORS').map(([key]) => key),
  );

  // Lines of every journal a document posted (an edited invoice has several), by document id.
  const documents = new Map<string, JournalEntryLine[]>();
  for (const entry of entries) {
    if (!DOCUMENT_TYPES.has(entry.sourceType)) continue;
    const lines = documents.get(entry.sourceId) ?? [];
    lines.push(...entry.lines);
    documents.set(entry.sourceId, lines);
  }

  // A payment journal's SourceID is the PaymentID; the Payment names the document it settles.
  const paidDocument = new Map<string, string>();
  for (const payment of org.accounting.collections.Payments) {
    const documentId =
      textField(objectField(payment, 'Invoice'), 'InvoiceID') || textField(objectField(payment, 'CreditNote'), 'CreditNoteID');
    if (documentId) paidDocument.set(textField(payment, 'PaymentID').toLowerCase(), documentId.toLowerCase());
  }

  const out: JournalEntry[] = [];
  for (const entry of entries) {
    if (DOCUMENT_TYPES.has(entry.sourceType)) continue;
    const document = PAYMENT_TYPES.has(entry.sourceType)
      ? documents.get(paidDocument.get(entry.sourceId) ?? entry.sourceId)
      : undefined;
    out.push(document ? { ...entry, lines: recognise(entry.lines, document, control) } : entry);
  }
  return out;
}

/** A payment's lines with its receivable/payable line replaced by the paid share of the document. */
function recognise(
  payment: readonly JournalEntryLine[],
  document: readonly JournalEntryLine[],
  control: ReadonlySet<string>,
): JournalEntryLine[] {
  const sum = (lines: readonly JournalEntryLine[]) => lines.reduce((s, l) => s + l.cents, 0);
  const settled = sum(payment.filter((l) => control.has(l.accountKey)));
  const documentTotal = sum(document.filter((l) => control.has(l.accountKey)));
  const earned = document.filter((l) => !control.has(l.accountKey) && l.cents !== 0);
  if (settled === 0 || documentTotal === 0 || earned.length === 0) return [...payment];

  // The document's other lines sum to -documentTotal; scaled by this factor they sum to `settled`.
  const factor = -settled / documentTotal;
  const scaled = earned.map((l) => ({ ...l, cents: Math.round(l.cents * factor) }));
  // Put the rounding remainder on the largest line so the journal still balances to the cent.
  const remainder = settled - sum(scaled);
  if (remainder !== 0) {
    const largest = scaled.reduce((best, l, i) => (Math.abs(l.cents) > Math.abs((scaled[best] as JournalEntryLine).cents) ? i : best), 0);
    const line = scaled[largest] as JournalEntryLine;
    scaled[largest] = { ...line, cents: line.cents + remainder };
  }
  return [...payment.filter((l) => !control.has(l.accountKey)), ...scaled];
}
