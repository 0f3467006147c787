/**
 * The BankTransactions record shape, shared by spend/receive money, the bank side of prepayments
 * and overpayments, and the two halves of a bank transfer.
 */
import type { AccountInfo } from './chart-of-accounts.js';
import type { ContactInfo } from './contacts.js';
import type { DocLine, DocTotals, LineAmountTypes } from './line-items.js';
import { totalsFields } from './line-items.js';
import { toDateString, toMsDate } from './msdate.js';
import type { XeroRecord } from './types.js';

/** Xero's BankTransaction Type values. */
export type BankTransactionType =
  | 'RECEIVE'
  | 'SPEND'
  | 'RECEIVE-OVERPAYMENT'
  | 'SPEND-OVERPAYMENT'
  | 'RECEIVE-PREPAYMENT'
  | 'SPEND-PREPAYMENT'
  | 'RECEIVE-TRANSFER'
  | 'SPEND-TRANSFER';

/** The fields of a bank transaction. */
export interface BankTransactionFields {
  readonly id: string;
  readonly type: BankTransactionType;
  readonly bank: AccountInfo;
  readonly contact?: ContactInfo;
  readonly dateMs: number;
  readonly reference: string;
  readonly reconciled: boolean;
  readonly currency: string;
  readonly rate: number;
  readonly amountTypes: LineAmountTypes;
  readonly lines: readonly DocLine[];
  readonly totals: DocTotals;
  readonly updatedMs: number;
  /** `PrepaymentID` or `OverpaymentID` of the credit this transaction created. */
  readonly link?: XeroRecord;
}

/** A BankTransactions record (Status AUTHORISED; callers change it on delete). */
export function bankTransactionRecord(f: BankTransactionFields): XeroRecord {
  return {
    BankTransactionID: f.id,
    BankAccount: f.bank.summary,
    Type: f.type,
    ...(f.reference !== '' ? { Reference: f.reference } : {}),
    IsReconciled: f.reconciled,
    CurrencyRate: f.rate,
    ...(f.contact !== undefined ? { Contact: f.contact.embed } : {}),
    DateString: toDateString(f.dateMs),
    Date: toMsDate(f.dateMs),
    Status: 'AUTHORISED',
    LineAmountTypes: f.amountTypes,
    LineItems: f.lines.map((l) => l.record),
    ...totalsFields(f.totals),
    UpdatedDateUTC: toMsDate(f.updatedMs),
    CurrencyCode: f.currency,
    HasAttachments: false,
    ...f.link,
  };
}
