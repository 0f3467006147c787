/**
 * What goes on a document's lines: products and services for sales, category-specific expenses
 * or stock for purchases, with the country's tax types and the document's currency.
 */
import type { AccountInfo } from './chart-of-accounts.js';
import type { ContactInfo } from './contacts.js';
import type { OrgContext } from './context.js';
import type { ItemInfo } from './items.js';
import type { LineAmountTypes, LineSpec } from './line-items.js';
import type { Random } from './random.js';
import type { TaxInfo } from './tax-rates.js';
import type { XeroRecord } from './types.js';

const SERVICE_LINES: readonly (readonly [string, string])[] = [
  ['Consulting services', '200'],
  ['Project management', '200'],
  ['Site visit', '200'],
  ['Support call-out', '200'],
  ['Custom order', '200'],
  ['Delivery charge', '200'],
  ['Commission', '260'],
  ['Referral fee', '260'],
];

// Weight tables are built once: these picks run for every document.
const SALES_AMOUNT_TYPES: readonly (readonly [LineAmountTypes, number])[] = [
  ['Exclusive', 78],
  ['Inclusive', 14],
  ['NoTax', 8],
];
const PURCHASE_AMOUNT_TYPES: readonly (readonly [LineAmountTypes, number])[] = [
  ['Exclusive', 55],
  ['Inclusive', 35],
  ['NoTax', 10],
];
const SALES_LINE_COUNTS: readonly (readonly [number, number])[] = [
  [1, 40],
  [2, 30],
  [3, 20],
  [4, 10],
];
const PURCHASE_LINE_COUNTS: readonly (readonly [number, number])[] = [
  [1, 70],
  [2, 22],
  [3, 8],
];

/** How a sales or purchase document states its amounts. */
export function pickAmountTypes(rnd: Random, kind: 'sales' | 'purchases', foreign: boolean): LineAmountTypes {
  if (foreign) return rnd.chance(0.7) ? 'Exclusive' : 'NoTax';
  return rnd.weighted(kind === 'sales' ? SALES_AMOUNT_TYPES : PURCHASE_AMOUNT_TYPES);
}

/**
 * The tax type of a line: none under NoTax, zero-rated for foreign trade, otherwise the
 * account's default (so entertainment is excluded, equipment is capital, and so on).
 */
function lineTax(
  ctx: OrgContext,
  account: AccountInfo,
  amountTypes: LineAmountTypes,
  foreign: boolean,
  kind: 'sales' | 'purchases',
): TaxInfo {
  if (amountTypes === 'NoTax') return ctx.taxes.role('excluded');
  if (foreign) return ctx.taxes.role(kind === 'sales' ? 'export' : 'purchasesFree');
  return ctx.taxes.get(account.taxType);
}

/** A base-currency price (ten-thousandths) in the document's currency, to the cent. */
function priceIn(ctx: OrgContext, price10000: number, currency: string, atMs: number): number {
  const rate = ctx.fx.rate(currency, atMs);
  return rate === 1 ? price10000 : Math.round((price10000 * rate) / 100) * 100;
}

/** A random unit amount between `min` and `max` whole units, sometimes to 4 dp. */
function randomUnit10000(rnd: Random, min: number, max: number): number {
  const cents = rnd.int(min * 100, max * 100);
  return rnd.chance(0.04) ? cents * 100 + rnd.int(1, 99) : cents * 100;
}

/** Options for {@link salesLines}. */
export interface SalesLineOptions {
  readonly amountTypes: LineAmountTypes;
  readonly atMs: number;
  /** Whether tracked inventory may be sold on this document (not on credit notes). */
  readonly allowTracked: boolean;
  readonly maxLines: number;
  readonly discounts: boolean;
}

/** Lines of a sales document for `contact`. */
export function salesLines(ctx: OrgContext, rnd: Random, contact: ContactInfo, o: SalesLineOptions): LineSpec[] {
  const foreign = contact.currency !== ctx.profile.baseCurrency;
  const count = Math.min(o.maxLines, rnd.weighted(SALES_LINE_COUNTS));
  const discountBp = o.discounts && rnd.chance(0.08) ? rnd.pick([500, 1000, 1250, 1500]) : 0;
  const specs: LineSpec[] = [];
  for (let i = 0; i < count; i++) {
    const item = rnd.chance(0.62) ? pickItem(ctx, rnd, o.allowTracked && !foreign) : undefined;
    if (item !== undefined) {
      const service = item.cost10000 === undefined;
      const qty100 = service ? rnd.int(1, 16) * 50 : rnd.int(1, item.tracked ? 6 : 12) * 100;
      const account = item.salesAccount;
      specs.push({
        description: item.description,
        qty100,
        unit10000: priceIn(ctx, item.price10000, contact.currency, o.atMs),
        discountBp: i === 0 ? discountBp : 0,
        account,
        tax: lineTax(ctx, account, o.amountTypes, foreign, 'sales'),
        item,
        tracking: ctx.tracking.pick(rnd, o.atMs),
      });
    } else {
      const [description, code] = rnd.pick(SERVICE_LINES);
      const account = ctx.chart.code(code);
      specs.push({
        description,
        qty100: rnd.chance(0.7) ? 100 : rnd.int(2, 20) * 100,
        unit10000: priceIn(ctx, randomUnit10000(rnd, 40, 1800), contact.currency, o.atMs),
        discountBp: i === 0 ? discountBp : 0,
        account,
        tax: lineTax(ctx, account, o.amountTypes, foreign, 'sales'),
        tracking: ctx.tracking.pick(rnd, o.atMs),
      });
    }
  }
  return specs;
}

const stockCache = new WeakMap<readonly ItemInfo[], { all: ItemInfo[]; untracked: ItemInfo[] }>();

/** Items a supplier can sell us (with or without tracked ones), computed once per catalogue. */
function stockedItems(items: readonly ItemInfo[], allowTracked: boolean): readonly ItemInfo[] {
  let cached = stockCache.get(items);
  if (cached === undefined) {
    const all = items.filter((it) => it.purchaseAccount !== undefined);
    cached = { all, untracked: all.filter((it) => !it.tracked) };
    stockCache.set(items, cached);
  }
  return allowTracked ? cached.all : cached.untracked;
}

function pickItem(ctx: OrgContext, rnd: Random, allowTracked: boolean): ItemInfo {
  for (let i = 0; i < 8; i++) {
    const item = rnd.pick(ctx.items);
    if (allowTracked || !item.tracked) return item;
  }
  const untracked = ctx.items.find((it) => !it.tracked);
  if (untracked === undefined) throw new RangeError('No untracked item to sell');
  return untracked;
}

/** Options for {@link purchaseLines}. */
export interface PurchaseLineOptions {
  readonly amountTypes: LineAmountTypes;
  readonly atMs: number;
  /** Whether tracked inventory may be bought (bills in the base currency, Exclusive). */
  readonly allowTracked: boolean;
}

/** Lines of a purchase document from `supplier`, coded by what the supplier sells. */
export function purchaseLines(ctx: OrgContext, rnd: Random, supplier: ContactInfo, o: PurchaseLineOptions): LineSpec[] {
  const foreign = supplier.currency !== ctx.profile.baseCurrency;
  const category = supplier.category;
  const specs: LineSpec[] = [];
  const tracking = (): XeroRecord[] => (rnd.chance(0.4) ? ctx.tracking.pick(rnd, o.atMs) : []);
  if (category?.stock === true) {
    const stocked = stockedItems(ctx.items, o.allowTracked);
    const count = rnd.int(1, 3);
    for (let i = 0; i < count && stocked.length > 0; i++) {
      const item = rnd.pick(stocked);
      const account = item.purchaseAccount as AccountInfo;
      specs.push({
        description: `${item.name} (supplier stock)`,
        qty100: rnd.int(item.tracked ? 6 : 2, item.tracked ? 30 : 20) * 100,
        unit10000: priceIn(ctx, item.cost10000 ?? 0, supplier.currency, o.atMs),
        discountBp: 0,
        account,
        tax: lineTax(ctx, account, o.amountTypes, foreign, 'purchases'),
        item,
        tracking: tracking(),
      });
    }
    if (specs.length > 0) return specs;
  }
  const code = category !== undefined && category.stock !== true ? category.accountCode : '429';
  const account = ctx.chart.code(code);
  const descriptions = category !== undefined && category.descriptions.length > 0 ? category.descriptions : ['General expenses'];
  const [min, max] = category !== undefined && category.stock !== true ? category.price : [20, 600];
  const count = rnd.weighted(PURCHASE_LINE_COUNTS);
  for (let i = 0; i < count; i++) {
    specs.push({
      description: rnd.pick(descriptions),
      qty100: rnd.chance(0.8) ? 100 : rnd.int(2, 6) * 100,
      unit10000: priceIn(ctx, randomUnit10000(rnd, min, max), supplier.currency, o.atMs),
      discountBp: 0,
      account,
      tax: lineTax(ctx, account, o.amountTypes, foreign, 'purchases'),
      tracking: tracking(),
    });
  }
  return specs;
}
