/**
 * The general ledger the reports are computed from: every journal line of the organisation
 * (`Journals`, the same records `/Journals` serves), keyed by account and day, in integer cents
 * of the base currency (journal amounts are always base currency). Reports ask it for net
 * movements per account over a date range, optionally restricted to lines carrying given
 * tracking options, so every figure they print can be re-derived from `/Journals`.
 *
 * Sign convention, as in Xero's journals: a positive amount is a debit, a negative a credit.
 */
import type { OrgData, XeroRecord } from '../../data/types.js';
import { accountClass, type AccountClass } from './accounts.js';
import { toCashBasis } from './cash-basis.js';
import { daysInMonth, fromYmd, parseRecordDay, toYmd } from './dates.js';
import { arrayField, textField } from './fields.js';
import { toCents } from './format.js';

/** An account as the reports see it. */
export interface LedgerAccount {
  /** The AccountID as stored (reports print it in attributes). */
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly type: string;
  readonly cls: AccountClass;
  /** `SystemAccount` (DEBTORS, CREDITORS, RETAINEDEARNINGS, ...) or "". */
  readonly systemAccount: string;
  readonly status: string;
}

/** A tracking option a journal line is tagged with (ids lower-cased). */
export interface TrackingRef {
  readonly categoryId: string;
  readonly optionId: string;
}

/** One line of a journal. */
export interface JournalEntryLine {
  /** Lower-cased AccountID. */
  readonly accountKey: string;
  /** Debit positive, credit negative, base-currency cents. */
  readonly cents: number;
  readonly tracking: readonly TrackingRef[];
}

/** A journal: the lines one transaction posted on one day. */
export interface JournalEntry {
  readonly day: number;
  readonly sourceType: string;
  /** Lower-cased SourceID (the invoice, payment, ... that posted it), or "". */
  readonly sourceId: string;
  readonly lines: readonly JournalEntryLine[];
}

/** A journal line with its journal's day, the unit the ledger sums. */
export interface LedgerLine extends JournalEntryLine {
  readonly day: number;
  /** Index of the journal it came from, so movements can be netted per journal. */
  readonly journal: number;
  /** Index of the account in the ledger's chart (sums go into arrays, not maps: much faster). */
  readonly account: number;
}

/** Selects lines, e.g. by tracking option. */
export type LineFilter = (line: LedgerLine) => boolean;

/** Accrual (the default) or cash basis (`paymentsOnly=true`). */
export type LedgerBasis = 'accrual' | 'cash';

/** The organisation's books as a sorted list of journal lines plus its chart of accounts. */
export class Ledger {
  readonly #accounts: readonly LedgerAccount[];
  readonly #index: ReadonlyMap<string, number>;
  readonly #lines: readonly LedgerLine[];
  readonly #yearEnd: { readonly month: number; readonly day: number };

  /**
   * @param accounts the chart; a line's `account` indexes it.
   * @param lines sorted by day.
   */
  constructor(accounts: readonly LedgerAccount[], lines: readonly LedgerLine[], yearEnd: { month: number; day: number }) {
    this.#accounts = accounts;
    this.#index = new Map(accounts.map((a, i) => [a.id.toLowerCase(), i]));
    this.#lines = lines;
    this.#yearEnd = yearEnd;
  }

  /** The account with this id (any case). */
  account(id: string): LedgerAccount | undefined {
    const index = this.#index.get(id.toLowerCase());
    return index === undefined ? undefined : this.#accounts[index];
  }

  /** Every account, in chart order. */
  accounts(): LedgerAccount[] {
    return [...this.#accounts];
  }

  /**
   * The Retained Earnings system account, where earlier years' profit accumulates. Every Xero
   * chart has one; for a chart without it a stand-in keeps the reports balanced.
   */
  retainedEarnings(): LedgerAccount {
    return (
      this.accounts().find((a) => a.systemAccount === 'RETAINEDEARNINGS') ?? {
        id: '00000000-0000-0000-0000-000000000000',
        code: '',
        name: 'Retained Earnings',
        type: 'EQUITY',
        cls: 'EQUITY',
        systemAccount: 'RETAINEDEARNINGS',
        status: 'ACTIVE',
      }
    );
  }

  /** The day of the earliest journal, if there is one. */
  firstDay(): number | undefined {
    return this.#lines[0]?.day;
  }

  /** The lines dated within `[from, to]` (inclusive; `from` undefined = since the first journal). */
  lines(from: number | undefined, to: number): readonly LedgerLine[] {
    const start = from === undefined ? 0 : this.#firstIndexAfter(from - 1);
    return this.#lines.slice(start, this.#firstIndexAfter(to));
  }

  /**
   * Net movement per lower-cased account id over `[from, to]`, optionally of selected lines
   * only; accounts without lines there are absent. Cents are integers, so the float sums are exact.
   */
  totals(from: number | undefined, to: number, filter?: LineFilter): Map<string, number> {
    const sums = new Float64Array(this.#accounts.length);
    const touched = new Uint8Array(this.#accounts.length);
    const start = from === undefined ? 0 : this.#firstIndexAfter(from - 1);
    const end = this.#firstIndexAfter(to);
    for (let i = start; i < end; i++) {
      const line = this.#lines[i] as LedgerLine;
      if (filter && !filter(line)) continue;
      sums[line.account] = (sums[line.account] as number) + line.cents;
      touched[line.account] = 1;
    }
    const out = new Map<string, number>();
    this.#accounts.forEach((a, i) => {
      if (touched[i]) out.set(a.id.toLowerCase(), sums[i] as number);
    });
    return out;
  }

  /**
   * First day of the financial year containing `day`, from the Organisation's
   * FinancialYearEndDay/Month (a 31st clamps to shorter months, so 29 Feb ends leap years).
   */
  financialYearStart(day: number): number {
    const { year } = toYmd(day);
    const yearEnd = (y: number) => fromYmd(y, this.#yearEnd.month, Math.min(this.#yearEnd.day, daysInMonth(y, this.#yearEnd.month)));
    return day > yearEnd(year) ? yearEnd(year) + 1 : yearEnd(year - 1) + 1;
  }

  /** Index of the first line dated after `day` (binary search; lines are sorted by day). */
  #firstIndexAfter(day: number): number {
    let lo = 0;
    let hi = this.#lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#lines[mid] as LedgerLine).day <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The parsed books both bases start from. */
interface ParsedBooks {
  readonly stamp: string;
  /** Lower-cased AccountID → account, including accounts only journal lines name. */
  readonly accounts: ReadonlyMap<string, LedgerAccount>;
  readonly entries: readonly JournalEntry[];
  readonly ledgers: Map<LedgerBasis, Ledger>;
}

// Books are parsed again only when they change size: reports over a large organisation are
// called many times and parsing walks every journal line. Both bases share one parse.
const cache = new WeakMap<OrgData, ParsedBooks>();

/** The organisation's ledger on the given basis. */
export function ledgerFor(org: OrgData, basis: LedgerBasis): Ledger {
  const { collections } = org.accounting;
  const stamp = `${collections.Journals.length}:${collections.Accounts.length}:${collections.Payments.length}`;
  let books = cache.get(org);
  if (books?.stamp !== stamp) {
    books = { stamp, ...parseBooks(org), ledgers: new Map() };
    cache.set(org, books);
  }
  let ledger = books.ledgers.get(basis);
  if (!ledger) {
    const entries = basis === 'cash' ? toCashBasis(books.entries, org, books.accounts) : books.entries;
    ledger = buildLedger(org, books.accounts, entries);
    books.ledgers.set(basis, ledger);
  }
  return ledger;
}

function parseBooks(org: OrgData): { accounts: Map<string, LedgerAccount>; entries: JournalEntry[] } {
  const { collections } = org.accounting;
  const accounts = new Map<string, LedgerAccount>();
  for (const record of collections.Accounts) {
    const id = textField(record, 'AccountID');
    if (!id) continue;
    const type = textField(record, 'Type');
    accounts.set(id.toLowerCase(), {
      id,
      code: textField(record, 'Code'),
      name: textField(record, 'Name'),
      type,
      cls: accountClass(textField(record, 'Class'), type),
      systemAccount: textField(record, 'SystemAccount'),
      status: textField(record, 'Status') || 'ACTIVE',
    });
  }
  const optionIds = trackingOptionIds(collections.TrackingCategories);
  const entries = collections.Journals.flatMap((journal) => {
    const entry = readJournal(journal, optionIds, accounts);
    return entry ? [entry] : [];
  });
  return { accounts, entries };
}

function buildLedger(org: OrgData, accounts: ReadonlyMap<string, LedgerAccount>, entries: readonly JournalEntry[]): Ledger {
  const chart = [...accounts.values()];
  const index = new Map([...accounts.keys()].map((key, i) => [key, i]));
  const lines: LedgerLine[] = [];
  entries.forEach((entry, journal) => {
    for (const line of entry.lines) {
      const account = index.get(line.accountKey) as number;
      lines.push({ accountKey: line.accountKey, cents: line.cents, tracking: line.tracking, day: entry.day, journal, account });
    }
  });
  lines.sort((a, b) => a.day - b.day);

  const { organisation } = org.accounting;
  const month = Number(organisation.FinancialYearEndMonth);
  const day = Number(organisation.FinancialYearEndDay);
  // Without a year end on record, use the calendar year.
  const yearEnd = month >= 1 && month <= 12 && day >= 1 && day <= 31 ? { month, day } : { month: 12, day: 31 };
  return new Ledger(chart, lines, yearEnd);
}

/** categoryId → option name (lower-cased) → optionId, to resolve lines that carry only names. */
function trackingOptionIds(categories: readonly XeroRecord[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const category of categories) {
    const options = new Map<string, string>();
    for (const option of arrayField(category, 'Options')) {
      options.set(textField(option, 'Name').toLowerCase(), textField(option, 'TrackingOptionID').toLowerCase());
    }
    out.set(textField(category, 'TrackingCategoryID').toLowerCase(), options);
  }
  return out;
}

function readJournal(
  journal: XeroRecord,
  optionIds: Map<string, Map<string, string>>,
  accounts: Map<string, LedgerAccount>,
): JournalEntry | undefined {
  const day = parseRecordDay(journal.JournalDate);
  if (day === undefined) return undefined;
  const lines: JournalEntryLine[] = [];
  for (const line of arrayField(journal, 'JournalLines')) {
    const id = textField(line, 'AccountID');
    if (!id) continue;
    const accountKey = id.toLowerCase();
    // A line may name an account the chart no longer lists (deleted); report it from the line.
    if (!accounts.has(accountKey)) {
      const type = textField(line, 'AccountType');
      accounts.set(accountKey, {
        id,
        code: textField(line, 'AccountCode'),
        name: textField(line, 'AccountName'),
        type,
        cls: accountClass(undefined, type),
        systemAccount: '',
        status: 'DELETED',
      });
    }
    const tracking = arrayField(line, 'TrackingCategories').flatMap((t): TrackingRef[] => {
      const categoryId = textField(t, 'TrackingCategoryID').toLowerCase();
      const optionId = textField(t, 'TrackingOptionID').toLowerCase() || optionIds.get(categoryId)?.get(textField(t, 'Option').toLowerCase());
      return categoryId && optionId ? [{ categoryId, optionId }] : [];
    });
    lines.push({ accountKey, cents: toCents(line.NetAmount), tracking });
  }
  return {
    day,
    sourceType: textField(journal, 'SourceType'),
    sourceId: textField(journal, 'SourceID').toLowerCase(),
    lines,
  };
}
