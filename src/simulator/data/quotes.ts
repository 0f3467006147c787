/**
 * Quotes: offers to customers, numbered QU-0001... in creation order. They post nothing to the
 * ledger. Quotes spell LineAmountTypes in capitals (QuoteLineAmountTypes in the spec).
 */
import { pickTheme } from './branding-themes.js';
import type { OrgContext } from './context.js';
import { scaled } from './context.js';
import { buildLines, totalsFields } from './line-items.js';
import { pickAmountTypes, salesLines } from './line-specs.js';
import { amount } from './money.js';
import { DAY_MS, startOfDay, toDateString, toMsDate } from './msdate.js';

type Status = 'DRAFT' | 'SENT' | 'DECLINED' | 'ACCEPTED' | 'INVOICED' | 'DELETED';

const QUOTE_AMOUNT_TYPES = { Exclusive: 'EXCLUSIVE', Inclusive: 'INCLUSIVE', NoTax: 'NOTAX' } as const;

/** Creates the quotes. */
export function createQuotes(ctx: OrgContext): void {
  const rnd = ctx.rnd.fork('quotes');
  const lineIds = rnd.fork('lines');
  const count = scaled(ctx.scale, ctx.profile.invoicesAtScale1 * 0.07, 8);
  const span = ctx.asOfMs - ctx.startMs;
  const times = Array.from({ length: count }, () => ctx.startMs + 3_600_000 + rnd.int(0, span - 2 * 3_600_000)).sort((a, b) => a - b);
  const forced: readonly Status[] = ['DRAFT', 'SENT', 'DECLINED', 'ACCEPTED', 'INVOICED', 'DELETED'];
  times.forEach((createdMs, i) => {
    const customer = ctx.contacts.customer(rnd, createdMs);
    const foreign = customer.currency !== ctx.profile.baseCurrency;
    const amountTypes = pickAmountTypes(rnd, 'sales', foreign);
    const { lines, totals } = buildLines(
      lineIds,
      salesLines(ctx, rnd, customer, { amountTypes, atMs: createdMs, allowTracked: !foreign, maxLines: 4, discounts: true }),
      amountTypes,
    );
    const dateMs = startOfDay(createdMs);
    const expiryMs = dateMs + rnd.pick([14, 30, 60]) * DAY_MS;
    const fate =
      forced[i] ??
      rnd.weighted<Status>([
        ['DRAFT', 10],
        ['SENT', 20],
        ['DECLINED', 15],
        ['ACCEPTED', 15],
        ['INVOICED', 30],
        ['DELETED', 10],
      ]);
    const changeMs = createdMs + rnd.int(1, 48) * 3_600_000 + (fate === 'SENT' || fate === 'DRAFT' || fate === 'DELETED' ? 0 : rnd.int(2, 20) * DAY_MS);
    const reached = fate === 'DRAFT' || changeMs < ctx.asOfMs;
    const id = rnd.guid();
    const number = `QU-${String(i + 1).padStart(4, '0')}`;
    ctx.history.noteAlways(id, createdMs, 'Created', `${number} to ${customer.name}.`);
    ctx.books.add('Quotes', id, createdMs, {
      QuoteID: id,
      QuoteNumber: number,
      Reference: rnd.pick(['', `RFQ ${rnd.int(100, 999)}`, 'Office refresh']),
      Terms: 'Quote valid until the expiry date. Prices exclude delivery unless stated.',
      Contact: customer.embed,
      LineItems: lines.map((l) => l.record),
      Date: toMsDate(dateMs),
      DateString: toDateString(dateMs),
      ExpiryDate: toMsDate(expiryMs),
      ExpiryDateString: toDateString(expiryMs),
      Status: reached ? fate : 'DRAFT',
      CurrencyRate: ctx.fx.rate(customer.currency, dateMs),
      CurrencyCode: customer.currency,
      ...totalsFields(totals),
      TotalDiscount: amount(totals.totalDiscount),
      Title: rnd.pick(['Quote', 'Proposal', '']),
      Summary: '',
      BrandingThemeID: pickTheme(ctx.themes, rnd).id,
      UpdatedDateUTC: toMsDate(reached && fate !== 'DRAFT' ? changeMs : createdMs),
      LineAmountTypes: QUOTE_AMOUNT_TYPES[amountTypes],
    });
  });
}
