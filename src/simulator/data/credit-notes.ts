/**
 * CreditNotes: sales credits (ACCRECCREDIT) and supplier credits (ACCPAYCREDIT). An approved
 * credit note posts the mirror image of an invoice; its credit is then allocated to invoices of
 * the same contact or refunded (see settlement.ts). Drafts, submitted, voided and deleted credit
 * notes appear too. Sales credit notes are numbered CN-0001... in creation order.
 */
import { pickTheme } from './branding-themes.js';
import type { ContactInfo } from './contacts.js';
import type { OrgContext } from './context.js';
import { postDocument } from './journals.js';
import type { LineAmountTypes, LineSpec } from './line-items.js';
import { buildLines, totalsFields } from './line-items.js';
import { formatAmount } from './history.js';
import { amount } from './money.js';
import { DAY_MS, startOfDay, toDateString, toMsDate } from './msdate.js';
import type { Random } from './random.js';
import { CreditState } from './settlement.js';
import type { XeroRecord } from './types.js';

/** What happens to a credit note after it is entered. */
export type CreditNoteFate = 'DRAFT' | 'SUBMITTED' | 'DELETED' | 'VOIDED' | 'AUTHORISED';

/** A credit note to create. */
export interface CreditNoteSpec {
  readonly sales: boolean;
  readonly contact: ContactInfo;
  readonly createdMs: number;
  readonly lines: readonly LineSpec[];
  readonly amountTypes: LineAmountTypes;
  readonly fate: CreditNoteFate;
  readonly reference: string;
}

interface Entry {
  readonly createdMs: number;
  readonly record: XeroRecord;
  /** Objects carrying this credit note's number besides invoice listings: the record and its ref. */
  readonly numbered: readonly XeroRecord[];
  readonly credit: CreditState | undefined;
}

/** Creates credit notes and numbers them once all exist. */
export class CreditNotes {
  readonly #ctx: OrgContext;
  readonly #ids: Random;
  readonly #lineIds: Random;
  readonly #journalIds: Random;
  readonly #entries: Entry[] = [];

  constructor(ctx: OrgContext) {
    this.#ctx = ctx;
    this.#ids = ctx.rnd.fork('credit-notes');
    this.#lineIds = this.#ids.fork('lines');
    this.#journalIds = this.#ids.fork('journals');
  }

  /**
   * Creates a credit note and plays out its fate up to the books' "today". Returns its credit when
   * it ends up approved (ready to allocate or refund), otherwise undefined.
   */
  create(spec: CreditNoteSpec): CreditState | undefined {
    const ctx = this.#ctx;
    const rnd = this.#ids;
    const id = rnd.guid();
    const type = spec.sales ? 'ACCRECCREDIT' : 'ACCPAYCREDIT';
    const dateMs = startOfDay(spec.createdMs);
    const currency = spec.contact.currency;
    const rate = ctx.fx.rate(currency, dateMs);
    const { lines, totals } = buildLines(this.#lineIds, spec.lines, spec.amountTypes);
    const number = spec.sales ? '' : `SCN-${rnd.int(10000, 99999)}`;
    const allocations: XeroRecord[] = [];
    const payments: XeroRecord[] = [];
    const record: XeroRecord = {
      CreditNoteID: id,
      CreditNoteNumber: number,
      Type: type,
      ...(spec.reference !== '' ? { Reference: spec.reference } : {}),
      Payments: payments,
      Allocations: allocations,
      RemainingCredit: amount(totals.total),
      CurrencyRate: rate,
      HasAttachments: false,
      Contact: spec.contact.embed,
      DateString: toDateString(dateMs),
      Date: toMsDate(dateMs),
      Status: 'DRAFT',
      LineAmountTypes: spec.amountTypes,
      LineItems: lines.map((l) => l.record),
      ...totalsFields(totals),
      UpdatedDateUTC: toMsDate(spec.createdMs),
      CurrencyCode: currency,
      SentToContact: false,
      ...(spec.sales ? { BrandingThemeID: pickTheme(ctx.themes, rnd).id } : {}),
      HasErrors: false,
    };
    const ref: XeroRecord = { CreditNoteID: id, CreditNoteNumber: number, Type: type, Contact: spec.contact.ref, CurrencyCode: currency };
    ctx.books.add('CreditNotes', id, spec.createdMs, record);
    const label = (): string => `Credit note for ${spec.contact.name} of ${formatAmount(totals.total)}.`;
    ctx.history.noteAlways(id, spec.createdMs, 'Created', label);
    const entry = (credit: CreditState | undefined): CreditState | undefined => {
      this.#entries.push({ createdMs: spec.createdMs, record, numbered: [record, ref], credit });
      return credit;
    };
    const asOf = ctx.asOfMs;
    const later = (fromMs: number, minMs: number, maxMs: number): number => fromMs + rnd.int(minMs, maxMs);
    if (spec.fate === 'DRAFT' || spec.fate === 'SUBMITTED' || spec.fate === 'DELETED') {
      const changeMs = later(spec.createdMs, 600_000, 12 * DAY_MS);
      if (spec.fate !== 'DRAFT' && changeMs < asOf) {
        record['Status'] = spec.fate;
        record['UpdatedDateUTC'] = toMsDate(changeMs);
        ctx.history.noteAlways(id, changeMs, spec.fate === 'DELETED' ? 'Deleted' : 'Submitted for approval', label);
        if (spec.fate === 'DELETED') record['RemainingCredit'] = 0;
      }
      return entry(undefined);
    }
    const approveMs = later(spec.createdMs, 60_000, 3_600_000);
    if (approveMs >= asOf) return entry(undefined);
    const posted = postDocument(ctx.ledger, this.#journalIds, ctx.chart.system('GST'), {
      createdMs: approveMs,
      dateMs,
      sourceId: id,
      sourceType: type,
      reference: spec.reference,
      control: ctx.chart.system(spec.sales ? 'DEBTORS' : 'CREDITORS'),
      sign: spec.sales ? 1 : -1,
      rate,
      lines,
    });
    record['Status'] = 'AUTHORISED';
    record['UpdatedDateUTC'] = toMsDate(approveMs);
    ctx.history.noteAlways(id, approveMs, 'Approved', label, true);
    if (spec.sales) record['SentToContact'] = rnd.chance(0.6);
    if (spec.fate === 'VOIDED') {
      const voidMs = later(approveMs, DAY_MS, 30 * DAY_MS);
      if (voidMs < asOf) {
        ctx.ledger.reverse(this.#journalIds, posted.journal, voidMs);
        record['Status'] = 'VOIDED';
        ctx.history.noteAlways(id, voidMs, 'Voided', label, true);
        record['RemainingCredit'] = 0;
        record['UpdatedDateUTC'] = toMsDate(voidMs);
      }
      return entry(undefined);
    }
    return entry(
      new CreditState({
        id,
        kind: 'creditnote',
        sales: spec.sales,
        contact: spec.contact,
        currency,
        record,
        ref,
        control: ctx.chart.system(spec.sales ? 'DEBTORS' : 'CREDITORS'),
        totalCents: totals.total,
        dateMs,
        availableAtMs: approveMs,
      }),
    );
  }

  /** Numbers sales credit notes in creation order and writes every approved credit's figures. */
  finish(): void {
    this.#entries.sort((a, b) => a.createdMs - b.createdMs);
    let n = 0;
    for (const e of this.#entries) {
      if (e.record['Type'] === 'ACCRECCREDIT') {
        const number = `CN-${String(++n).padStart(4, '0')}`;
        for (const r of e.numbered) r['CreditNoteNumber'] = number;
        for (const r of e.credit?.listed ?? []) r['CreditNoteNumber'] = number;
      }
      e.credit?.finish();
    }
  }
}
