/**
 * The per-organisation record store the area generators fill. Each record is added with the
 * instant it was created; {@link Books.collections} returns every collection in creation order,
 * which is the order the simulator lists records in by default: ascending creation instant, ties
 * broken by the record's id. (Creation order rather than UpdatedDateUTC order, so a record the
 * simulator creates later can simply be appended. Journals are the exception that proves it: their
 * creation order is JournalNumber order.)
 */
import type { AccountingCollection, XeroRecord } from './types.js';
import { ACCOUNTING_COLLECTIONS } from './types.js';

// Parallel arrays rather than an entry object per record: at scale 100 there are most of a million
// records, and fewer small objects means less garbage-collector work.
interface Column {
  readonly at: number[];
  readonly ids: string[];
  readonly records: XeroRecord[];
}

/** The collections of one organisation while they are being generated. */
export class Books {
  readonly #columns = new Map<AccountingCollection, Column>(ACCOUNTING_COLLECTIONS.map((c) => [c, { at: [], ids: [], records: [] }]));

  /** Adds a record to a collection. @param createdMs when the record came into being. */
  add(collection: AccountingCollection, id: string, createdMs: number, record: XeroRecord): void {
    const column = this.#columns.get(collection) as Column;
    column.at.push(createdMs);
    column.ids.push(id);
    column.records.push(record);
  }

  /** Every collection, each sorted by creation instant then id. */
  collections(): { [K in AccountingCollection]: XeroRecord[] } {
    const out = {} as { [K in AccountingCollection]: XeroRecord[] };
    for (const [name, { at, ids, records }] of this.#columns) {
      const order = Array.from(records.keys()).sort(
        (a, b) => (at[a] as number) - (at[b] as number) || ((ids[a] as string) < (ids[b] as string) ? -1 : (ids[a] as string) > (ids[b] as string) ? 1 : 0),
      );
      out[name] = order.map((i) => records[i] as XeroRecord);
    }
    return out;
  }
}
