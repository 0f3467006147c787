/**
 * Items: the organisation's products and services. Some products are tracked inventory: buying
 * them debits the inventory asset and selling them posts cost of goods sold at their (fixed)
 * purchase price, so QuantityOnHand and TotalCostPool agree with the ledger.
 */
import type { AccountInfo, Chart } from './chart-of-accounts.js';
import { amount } from './money.js';
import { toMsDate } from './msdate.js';
import type { OrgProfile } from './profiles.js';
import type { Random } from './random.js';
import type { TaxTable } from './tax-rates.js';
import type { XeroRecord } from './types.js';

/** An item as the generator uses it. */
export interface ItemInfo {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly description: string;
  /** Sales price in ten-thousandths of the base currency. */
  readonly price10000: number;
  /** Purchase cost in ten-thousandths; absent for services. */
  readonly cost10000?: number;
  readonly tracked: boolean;
  readonly salesAccount: AccountInfo;
  /** Where purchases are coded: the inventory asset for tracked items, cost of sales otherwise. */
  readonly purchaseAccount?: AccountInfo;
  readonly record: XeroRecord;
  /** `{ItemID, Name, Code}`, the form line items embed. */
  readonly lineRef: XeroRecord;
  /** Tracked items: every stock movement (quantity in hundredths, + in / − out) with its instant. */
  readonly movements: { atMs: number; qty100: number }[];
}

const VARIANTS = [' - Black', ' - White', ' - Oak', ' - Walnut', ' - Grey', ' - Large', ' - Compact', ' - Twin Pack'];

/**
 * The Items collection: the profile's products, then variants of them up to `count`.
 * @param createdMs when the catalogue was set up (items are a minute apart after it).
 */
export function createItems(
  profile: OrgProfile,
  rnd: Random,
  chart: Chart,
  taxes: TaxTable,
  count: number,
  createdMs: number,
): ItemInfo[] {
  const sales = chart.code('200');
  const cogs = chart.code('310');
  const inventory = chart.code('630');
  const salesTax = taxes.role('sales').taxType;
  const purchaseTax = taxes.role('purchases').taxType;
  const items: ItemInfo[] = [];
  const n = profile.products.length;
  for (let k = 0; k < Math.max(count, n); k++) {
    const base = profile.products[k % n];
    if (base === undefined) break;
    const variant = Math.floor(k / n) - 1;
    const suffix =
      variant < 0
        ? ''
        : `${VARIANTS[variant % VARIANTS.length] ?? ''}${variant >= VARIANTS.length ? ` ${Math.floor(variant / VARIANTS.length) + 1}` : ''}`;
    // Variants cost and sell for a little more or less than the base product.
    const factor = variant < 0 ? 1 : 0.8 + rnd.next() * 0.4;
    const price10000 = Math.round(base.price * factor * 100) * 100;
    const cost10000 = base.cost === undefined ? undefined : Math.round(base.cost * factor * 100) * 100;
    const tracked = base.tracked === true;
    const id = rnd.guid();
    const code = variant < 0 ? base.code : `${base.code}-${k}`;
    const name = `${base.name}${suffix}`;
    const purchaseAccount = cost10000 === undefined ? undefined : tracked ? inventory : cogs;
    const record: XeroRecord = {
      ItemID: id,
      Code: code,
      Name: name,
      Description: name,
      ...(cost10000 !== undefined ? { PurchaseDescription: `${name} (supplier stock)` } : {}),
      UpdatedDateUTC: toMsDate(createdMs + k * 60_000),
      PurchaseDetails:
        cost10000 === undefined
          ? {}
          : tracked
            ? { UnitPrice: cost10000 / 10_000, COGSAccountCode: cogs.code, TaxType: purchaseTax }
            : { UnitPrice: cost10000 / 10_000, AccountCode: cogs.code, TaxType: purchaseTax },
      SalesDetails: { UnitPrice: price10000 / 10_000, AccountCode: sales.code, TaxType: salesTax },
      IsTrackedAsInventory: tracked,
      ...(tracked ? { InventoryAssetAccountCode: inventory.code, TotalCostPool: 0, QuantityOnHand: 0 } : {}),
      IsSold: true,
      IsPurchased: cost10000 !== undefined,
    };
    items.push({
      id,
      code,
      name,
      description: name,
      price10000,
      ...(cost10000 !== undefined ? { cost10000 } : {}),
      tracked,
      salesAccount: sales,
      ...(purchaseAccount !== undefined ? { purchaseAccount } : {}),
      record,
      lineRef: { ItemID: id, Name: name, Code: code },
      movements: [],
    });
  }
  return items;
}

/**
 * Stock needed at the start of the books so a tracked item never goes below zero, plus a buffer;
 * call once every movement is recorded. Returns the opening quantity in hundredths.
 */
export function openingStock(item: ItemInfo, buffer100: number): number {
  item.movements.sort((a, b) => a.atMs - b.atMs);
  let level = 0;
  let lowest = 0;
  for (const m of item.movements) {
    level += m.qty100;
    if (level < lowest) lowest = level;
  }
  return buffer100 - lowest;
}

/**
 * Sets QuantityOnHand, TotalCostPool and UpdatedDateUTC of a tracked item from its opening stock
 * and movements (cost is constant, so the pool is quantity × cost).
 */
export function finishStock(item: ItemInfo, opening100: number): void {
  let qty100 = opening100;
  let last = -Infinity;
  for (const m of item.movements) {
    qty100 += m.qty100;
    last = Math.max(last, m.atMs);
  }
  const cost = item.cost10000 ?? 0;
  item.record['QuantityOnHand'] = qty100 / 100;
  item.record['TotalCostPool'] = amount(Math.round((qty100 * cost) / 10_000));
  if (last > -Infinity) item.record['UpdatedDateUTC'] = toMsDate(last);
}
