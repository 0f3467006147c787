/**
 * `GET /Reports/BankSummary?fromDate&toDate`.
 *
 * Layout (spec example): header `Bank Accounts | Opening Balance | Cash Received | Cash Spent |
 * Closing Balance`; one untitled section with a row per bank account (sorted by name) and a
 * `Total` summary row. As in the example, the name cell carries an `accountID` attribute, the
 * received and spent cells an `account` attribute, the balances none.
 *
 * Figures, in base currency from the journals: opening = balance before `fromDate`; received and
 * spent = each journal's net debit or credit to the account within the period (a transfer counts
 * as spent from one account and received into the other); closing = opening + received − spent,
 * which is the account's Balance Sheet and Trial Balance figure at `toDate`.
 */
import type { ApiCall } from '../../api.js';
import { dayOfMs } from './dates.js';
import { formatLongDate, formatMoney } from './format.js';
import { ledgerFor, type Ledger, type LedgerAccount } from './ledger.js';
import { periodParams } from './params.js';
import { cell, headerRow, organisationName, section, summaryRow, type ReportBody, type ReportRow } from './report.js';

/** One bank account's movements over a period, in cents. */
export interface BankMovement {
  readonly account: LedgerAccount;
  readonly opening: number;
  readonly received: number;
  readonly spent: number;
}

/**
 * Opening balance, cash received and cash spent of every bank account over `[from, to]`:
 * active accounts always, archived or deleted ones only when they have a figure.
 */
export function bankMovements(ledger: Ledger, from: number, to: number): BankMovement[] {
  const banks = ledger.accounts().filter((a) => a.type === 'BANK');
  const keys = new Set(banks.map((a) => a.id.toLowerCase()));
  const opening = ledger.totals(undefined, from - 1);
  // Net per journal and account first: one journal may touch an account on several lines.
  const perJournal = new Map<string, number>();
  for (const line of ledger.lines(from, to)) {
    if (!keys.has(line.accountKey)) continue;
    const key = `${line.journal}|${line.accountKey}`;
    perJournal.set(key, (perJournal.get(key) ?? 0) + line.cents);
  }
  const flows = new Map<string, { received: number; spent: number }>();
  for (const [key, cents] of perJournal) {
    const accountKey = key.slice(key.indexOf('|') + 1);
    const flow = flows.get(accountKey) ?? { received: 0, spent: 0 };
    if (cents > 0) flow.received += cents;
    else flow.spent -= cents;
    flows.set(accountKey, flow);
  }
  return banks
    .map((account) => {
      const key = account.id.toLowerCase();
      const flow = flows.get(key) ?? { received: 0, spent: 0 };
      return { account, opening: opening.get(key) ?? 0, ...flow };
    })
    .filter((m) => m.account.status === 'ACTIVE' || m.opening !== 0 || m.received !== 0 || m.spent !== 0)
    .sort((a, b) => a.account.name.localeCompare(b.account.name));
}

/** Builds the Bank Summary. */
export function buildBankSummary(call: ApiCall): ReportBody {
  const { from, to } = periodParams(call.req.query, dayOfMs(call.org.asOfMs));
  const movements = bankMovements(ledgerFor(call.org, 'accrual'), from, to);
  const total = { opening: 0, received: 0, spent: 0 };
  const rows: ReportRow[] = movements.map((m) => {
    total.opening += m.opening;
    total.received += m.received;
    total.spent += m.spent;
    const attribute = (id: string) => [{ Value: m.account.id, Id: id }];
    return {
      RowType: 'Row',
      Cells: [
        cell(m.account.name, attribute('accountID')),
        cell(formatMoney(m.opening)),
        cell(formatMoney(m.received), attribute('account')),
        cell(formatMoney(m.spent), attribute('account')),
        cell(formatMoney(m.opening + m.received - m.spent)),
      ],
    };
  });
  const closing = total.opening + total.received - total.spent;
  return {
    type: 'BankSummary',
    name: 'Bank Summary',
    titles: ['Bank Summary', organisationName(call.org), `From ${formatLongDate(from)} to ${formatLongDate(to)}`],
    rows: [
      headerRow(['Bank Accounts', 'Opening Balance', 'Cash Received', 'Cash Spent', 'Closing Balance']),
      section('', [...rows, summaryRow(['Total', ...[total.opening, total.received, total.spent, closing].map(formatMoney)])]),
    ],
  };
}
