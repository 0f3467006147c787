/**
 * PurchaseOrders: orders sent to suppliers, numbered PO-0001... in creation order. They post
 * nothing to the ledger; a BILLED order has been turned into a bill.
 */
import { pickTheme } from './branding-themes.js';
import type { OrgContext } from './context.js';
import { scaled } from './context.js';
import { buildLines, totalsFields } from './line-items.js';
import { pickAmountTypes, purchaseLines } from './line-specs.js';
import { amount } from './money.js';
import { DAY_MS, startOfDay, toDateString, toMsDate } from './msdate.js';

type Status = 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'BILLED' | 'DELETED';

/** Creates the purchase orders. */
export function createPurchaseOrders(ctx: OrgContext): void {
  const rnd = ctx.rnd.fork('purchase-orders');
  const lineIds = rnd.fork('lines');
  const count = scaled(ctx.scale, ctx.profile.invoicesAtScale1 * 0.05, 8);
  const span = ctx.asOfMs - ctx.startMs;
  const times = Array.from({ length: count }, () => ctx.startMs + 3_600_000 + rnd.int(0, span - 2 * 3_600_000)).sort((a, b) => a - b);
  const forced: readonly Status[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'BILLED', 'DELETED'];
  const address = ctx.profile.places[0];
  const deliveryAddress = `${rnd.int(1, 200)} Harbour Street\n${address?.city ?? ''} ${address?.postalCode ?? ''}\n${address?.country ?? ''}`;
  times.forEach((createdMs, i) => {
    // Prefer stock suppliers: most orders are for goods.
    const supplier =
      (rnd.chance(0.6) ? ctx.contacts.find('supplier', rnd, createdMs, (c) => c.category?.stock === true) : undefined) ??
      ctx.contacts.supplier(rnd, createdMs);
    const foreign = supplier.currency !== ctx.profile.baseCurrency;
    const stock = supplier.category?.stock === true && !foreign;
    const amountTypes = stock ? 'Exclusive' : pickAmountTypes(rnd, 'purchases', foreign);
    const { lines, totals } = buildLines(lineIds, purchaseLines(ctx, rnd, supplier, { amountTypes, atMs: createdMs, allowTracked: stock }), amountTypes);
    const dateMs = startOfDay(createdMs);
    const deliveryMs = dateMs + rnd.int(3, 30) * DAY_MS;
    const fate =
      forced[i] ??
      rnd.weighted<Status>([
        ['DRAFT', 12],
        ['SUBMITTED', 8],
        ['AUTHORISED', 30],
        ['BILLED', 40],
        ['DELETED', 10],
      ]);
    // Each step after drafting happens a little later, if before the books' "today".
    const changeMs = createdMs + rnd.int(1, 72) * 3_600_000 + (fate === 'BILLED' ? rnd.int(5, 30) * DAY_MS : 0);
    const reached = fate === 'DRAFT' || changeMs < ctx.asOfMs;
    const status: Status = reached ? fate : 'DRAFT';
    const id = rnd.guid();
    const number = `PO-${String(i + 1).padStart(4, '0')}`;
    ctx.history.noteAlways(id, createdMs, 'Created', `${number} to ${supplier.name}.`);
    ctx.books.add('PurchaseOrders', id, createdMs, {
      PurchaseOrderID: id,
      PurchaseOrderNumber: number,
      DateString: toDateString(dateMs),
      Date: toMsDate(dateMs),
      DeliveryDateString: toDateString(deliveryMs),
      DeliveryDate: toMsDate(deliveryMs),
      DeliveryAddress: deliveryAddress,
      AttentionTo: ctx.users[0]?.fullName ?? '',
      Telephone: `${ctx.profile.phoneCountryCode} ${rnd.pick(ctx.profile.areaCodes).slice(1)} ${rnd.int(2000, 9999)} ${rnd.int(1000, 9999)}`,
      DeliveryInstructions: rnd.pick(['', 'Deliver to loading dock', 'Call on arrival', 'Leave at reception']),
      ExpectedArrivalDate: toMsDate(deliveryMs),
      Reference: rnd.pick(['', `Job ${rnd.int(100, 999)}`, 'Restock']),
      HasErrors: false,
      IsDiscounted: totals.totalDiscount > 0,
      SentToContact: status !== 'DRAFT' && status !== 'DELETED',
      CurrencyRate: ctx.fx.rate(supplier.currency, dateMs),
      CurrencyCode: supplier.currency,
      Contact: supplier.embed,
      BrandingThemeID: pickTheme(ctx.themes, rnd).id,
      Status: status,
      LineAmountTypes: amountTypes,
      LineItems: lines.map((l) => l.record),
      ...totalsFields(totals),
      TotalDiscount: amount(totals.totalDiscount),
      UpdatedDateUTC: toMsDate(reached && fate !== 'DRAFT' ? changeMs : createdMs),
      HasAttachments: false,
    });
  });
}
