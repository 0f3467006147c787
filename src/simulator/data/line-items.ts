/**
 * Line items and document totals, computed the way Xero does: LineAmount = Quantity × UnitAmount
 * less the discount, tax rounded per line, and SubTotal/TotalTax/Total summed from the lines
 * according to LineAmountTypes (Exclusive: tax on top; Inclusive: tax inside the amount; NoTax).
 */
import type { AccountInfo } from './chart-of-accounts.js';
import type { ItemInfo } from './items.js';
import { amount, lineAmountCents, taxCents } from './money.js';
import type { Random } from './random.js';
import type { TaxInfo } from './tax-rates.js';
import type { XeroRecord } from './types.js';

/** Xero's LineAmountTypes values on invoices, credit notes, bank transactions, ... */
export type LineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';

/** What a line is before its amounts are worked out. */
export interface LineSpec {
  readonly description: string;
  /** Quantity in hundredths. */
  readonly qty100: number;
  /** Unit amount in ten-thousandths (Xero keeps up to 4 dp). */
  readonly unit10000: number;
  /** Discount in basis points (1000 = 10%); 0 for none. */
  readonly discountBp: number;
  readonly account: AccountInfo;
  readonly tax: TaxInfo;
  readonly item?: ItemInfo;
  readonly tracking: XeroRecord[];
}

/** A line with its amounts, in the document's currency. */
export interface DocLine {
  readonly spec: LineSpec;
  /** The LineItems element. */
  readonly record: XeroRecord;
  readonly lineItemId: string;
  /** LineAmount in cents (tax-inclusive when the document is Inclusive). */
  readonly lineCents: number;
  /** The amount excluding tax. */
  readonly netCents: number;
  readonly taxCents: number;
  /** What the discount took off. */
  readonly discountCents: number;
}

/** A document's totals in cents. */
export interface DocTotals {
  readonly subTotal: number;
  readonly totalTax: number;
  readonly total: number;
  readonly totalDiscount: number;
}

/**
 * Works out every line and the totals. @param ids the stream LineItemIDs are drawn from.
 * NoTax documents must use zero-rate tax types (the caller picks them).
 */
export function buildLines(
  ids: Random,
  specs: readonly LineSpec[],
  amountTypes: LineAmountTypes,
): { lines: DocLine[]; totals: DocTotals } {
  const inclusive = amountTypes === 'Inclusive';
  const lines: DocLine[] = [];
  let subTotal = 0;
  let totalTax = 0;
  let totalDiscount = 0;
  for (const spec of specs) {
    if (amountTypes === 'NoTax' && spec.tax.rateBp !== 0) {
      throw new RangeError(`NoTax line with taxed type ${spec.tax.taxType}`);
    }
    const lineCents = lineAmountCents(spec.qty100, spec.unit10000, spec.discountBp);
    const discountCents = spec.discountBp === 0 ? 0 : lineAmountCents(spec.qty100, spec.unit10000, 0) - lineCents;
    const tax = taxCents(lineCents, spec.tax.rateBp, inclusive);
    const netCents = inclusive ? lineCents - tax : lineCents;
    const lineItemId = ids.guid();
    const record: XeroRecord = { LineItemID: lineItemId, Description: spec.description, Quantity: spec.qty100 / 100, UnitAmount: spec.unit10000 / 10_000 };
    if (spec.item !== undefined) {
      record['ItemCode'] = spec.item.code;
      record['Item'] = spec.item.lineRef;
    }
    record['AccountCode'] = spec.account.code;
    record['AccountID'] = spec.account.id;
    record['TaxType'] = spec.tax.taxType;
    record['TaxAmount'] = amount(tax);
    record['LineAmount'] = amount(lineCents);
    if (spec.discountBp !== 0) record['DiscountRate'] = spec.discountBp / 100;
    record['Tracking'] = spec.tracking;
    lines.push({ spec, record, lineItemId, lineCents, netCents, taxCents: tax, discountCents });
    subTotal += netCents;
    totalTax += tax;
    totalDiscount += discountCents;
  }
  return { lines, totals: { subTotal, totalTax, total: subTotal + totalTax, totalDiscount } };
}

/** SubTotal, TotalTax and Total as JSON amounts. */
export function totalsFields(totals: DocTotals): XeroRecord {
  return { SubTotal: amount(totals.subTotal), TotalTax: amount(totals.totalTax), Total: amount(totals.total) };
}
