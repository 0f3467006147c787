/**
 * History records (`/{Entity}/{id}/History`): the audit trail Xero keeps per document. The
 * generator keeps it for every record of the lower-volume kinds and, to bound memory at large
 * scales, for a fixed share of invoices, payments, bank transactions and contacts, chosen from the
 * record's id so the choice needs no random draws and is stable when other areas change.
 */
import { toMsDate } from './msdate.js';
import type { UserInfo } from './users.js';
import type { XeroRecord } from './types.js';

/** Share of high-volume records (in percent) that keep a history. */
const SAMPLE_PERCENT = 25;

/** Collects history entries and hands them over sorted. */
export class History {
  readonly #entries = new Map<string, { atMs: number; record: XeroRecord }[]>();
  readonly #users: readonly UserInfo[];

  constructor(users: readonly UserInfo[]) {
    this.#users = users;
  }

  /** Whether the record with this id keeps a history. */
  keeps(id: string): boolean {
    return Number.parseInt(id.slice(0, 4), 16) % 100 < SAMPLE_PERCENT;
  }

  /**
   * The user who works on a record: the same person for every event of one record.
   * @param approver the organisation's adviser (first user) approves, voids and pays.
   */
  user(id: string, approver = false): string {
    const users = this.#users;
    const pick = approver ? users[0] : users[Number.parseInt(id.slice(4, 8), 16) % users.length];
    return pick?.fullName ?? 'System Generated';
  }

  /**
   * Records `changes` (e.g. "Approved") with `details` on record `id` at `atMs`, if it keeps
   * history (a sample of the high-volume kinds). `details` may be a function, so records without
   * history never build the text.
   */
  note(id: string, atMs: number, changes: string, details: string | (() => string), approver = false): void {
    if (this.keeps(id)) this.noteAlways(id, atMs, changes, details, approver);
  }

  /** As {@link note}, for the lower-volume kinds of record, which all keep a history. */
  noteAlways(id: string, atMs: number, changes: string, details: string | (() => string), approver = false): void {
    let list = this.#entries.get(id);
    if (list === undefined) {
      list = [];
      this.#entries.set(id, list);
    }
    list.push({
      atMs,
      record: {
        Changes: changes,
        DateUTC: toMsDate(atMs),
        User: this.user(id, approver),
        Details: typeof details === 'string' ? details : details(),
      },
    });
  }

  /** Every record's history, oldest first. */
  finish(): Map<string, XeroRecord[]> {
    const out = new Map<string, XeroRecord[]>();
    for (const [id, list] of this.#entries) {
      list.sort((a, b) => a.atMs - b.atMs);
      out.set(
        id,
        list.map((e) => e.record),
      );
    }
    return out;
  }
}

/** `1234.5` -> `1,234.50`, the way Xero writes amounts in history details. */
export function formatAmount(cents: number): string {
  const abs = Math.abs(cents);
  const digits = String(Math.floor(abs / 100));
  let whole = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) whole += ',';
    whole += digits[i];
  }
  return `${cents < 0 ? '-' : ''}${whole}.${String(abs % 100).padStart(2, '0')}`;
}
