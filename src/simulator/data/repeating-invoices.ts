/**
 * RepeatingInvoices: templates that raise an invoice (or bill) every month or quarter. The
 * invoices a template raised within the books are part of the Invoices collection and carry its
 * RepeatingInvoiceID; a deleted or ended template stops raising them, a draft template raises
 * drafts.
 */
import { pickTheme } from './branding-themes.js';
import type { ContactInfo, Terms } from './contacts.js';
import type { OrgContext } from './context.js';
import type { InvoicePlan, InvoiceTemplate } from './invoices.js';
import type { LineAmountTypes } from './line-items.js';
import { buildLines, totalsFields } from './line-items.js';
import { pickAmountTypes, purchaseLines, salesLines } from './line-specs.js';
import { DAY_MS, addMonths, toMsDate } from './msdate.js';
import type { XeroRecord } from './types.js';

const SALES_REFERENCES = ['Monthly retainer', 'Maintenance plan', 'Service agreement', 'Support subscription'];

/**
 * Creates the templates and returns the invoices they raised before the books' "today", as plans
 * for the invoice generator. About 15% of `totalInvoices` come from templates.
 */
export function createRepeatingInvoices(ctx: OrgContext, totalInvoices: number): InvoicePlan[] {
  const rnd = ctx.rnd.fork('repeating-invoices');
  const lineIds = rnd.fork('lines');
  const count = Math.max(2, Math.round(totalInvoices / 130));
  const perTemplate = Math.max(1, Math.min(24, Math.floor((totalInvoices * 0.15) / count)));
  const plans: InvoicePlan[] = [];
  for (let t = 0; t < count; t++) {
    const sales = t % 2 === 0;
    // The first two always run, so every organisation has a live sales and purchase template.
    const status = t < 2 ? 'AUTHORISED' : rnd.weighted<string>([['AUTHORISED', 70], ['DRAFT', 15], ['DELETED', 15]]);
    const period = t >= 2 && rnd.chance(0.2) ? 3 : 1;
    const runs = period === 3 ? Math.max(1, Math.min(8, Math.ceil(perTemplate / 3))) : perTemplate;
    const day = rnd.int(1, 28);
    const dateOf = (k: number): number => addMonths(ctx.asOfMs, (k - runs) * period) + (day - 1) * DAY_MS;
    const firstMs = dateOf(0);
    const ended = t >= 2 && rnd.chance(0.2) && runs > 2;
    const endMs = ended ? dateOf(runs - 2) : Infinity;
    const deletedMs = status === 'DELETED' ? dateOf(runs - 1 - rnd.int(0, Math.min(2, runs - 1))) + DAY_MS : Infinity;
    const stopMs = Math.min(endMs + 1, deletedMs, ctx.asOfMs);
    const active = (c: ContactInfo): boolean => c.activeToMs === Infinity && c.activeFromMs <= firstMs;
    const contact = sales
      ? ctx.contacts.customer(rnd, ctx.asOfMs - DAY_MS, active)
      : ctx.contacts.supplier(rnd, ctx.asOfMs - DAY_MS, (c) => active(c) && c.category?.stock !== true);
    const amountTypes: LineAmountTypes = pickAmountTypes(rnd, sales ? 'sales' : 'purchases', contact.currency !== ctx.profile.baseCurrency);
    const specs = sales
      ? salesLines(ctx, rnd, contact, { amountTypes, atMs: firstMs, allowTracked: false, maxLines: 2, discounts: false })
      : purchaseLines(ctx, rnd, contact, { amountTypes, atMs: firstMs, allowTracked: false });
    const id = rnd.guid();
    const { lines, totals } = buildLines(lineIds, specs, amountTypes);
    const terms: Terms = sales
      ? rnd.chance(0.5) ? { day: 14, type: 'DAYSAFTERBILLDATE' } : { day: 20, type: 'OFFOLLOWINGMONTH' }
      : rnd.chance(0.5) ? { day: 7, type: 'DAYSAFTERBILLDATE' } : { day: 20, type: 'OFFOLLOWINGMONTH' };
    const reference = sales ? rnd.pick(SALES_REFERENCES) : '';
    const nextMs = (() => {
      for (let k = 0; k <= runs + 1; k++) if (dateOf(k) >= ctx.asOfMs) return dateOf(k);
      return Infinity;
    })();
    const live = status !== 'DELETED' && nextMs <= endMs;
    const themeId = sales ? pickTheme(ctx.themes, rnd).id : undefined;
    const record: XeroRecord = {
      Schedule: {
        Period: period,
        Unit: 'MONTHLY',
        DueDate: terms.day,
        DueDateType: terms.type === 'DAYSAFTERBILLDATE' ? (sales ? 'DAYSAFTERINVOICEDATE' : 'DAYSAFTERBILLDATE') : terms.type,
        StartDate: toMsDate(firstMs),
        ...(live ? { NextScheduledDate: toMsDate(nextMs) } : {}),
        ...(ended ? { EndDate: toMsDate(endMs) } : {}),
      },
      RepeatingInvoiceID: id,
      ID: id,
      Type: sales ? 'ACCREC' : 'ACCPAY',
      ...(reference !== '' ? { Reference: reference } : {}),
      HasAttachments: false,
      Contact: contact.embed,
      Status: status,
      LineAmountTypes: amountTypes,
      LineItems: lines.map((l) => l.record),
      ...totalsFields(totals),
      CurrencyCode: contact.currency,
      ...(themeId !== undefined ? { BrandingThemeID: themeId } : {}),
      ApprovedForSending: sales && status === 'AUTHORISED' && rnd.chance(0.5),
      SendCopy: false,
      MarkAsSent: sales,
      IncludePDF: sales,
    };
    const createdMs = Math.max(ctx.orgCreatedMs + DAY_MS, firstMs - rnd.int(1, 10) * DAY_MS);
    ctx.books.add('RepeatingInvoices', id, createdMs, record);
    ctx.history.noteAlways(id, createdMs, 'Created', () => `Repeating ${sales ? 'invoice' : 'bill'} for ${contact.name}.`);
    if (status === 'DELETED') ctx.history.noteAlways(id, Math.min(deletedMs, ctx.asOfMs - 1), 'Deleted', 'Template deleted.');
    const template: InvoiceTemplate = {
      id,
      type: sales ? 'ACCREC' : 'ACCPAY',
      contact,
      amountTypes,
      specs,
      reference,
      draft: status === 'DRAFT',
      terms,
      ...(themeId !== undefined ? { themeId } : {}),
    };
    for (let k = 0; dateOf(k) < stopMs; k++) {
      const dateMs = dateOf(k);
      if (dateMs < ctx.startMs) continue;
      plans.push({ type: template.type, createdMs: dateMs + 3_600_000 + rnd.int(0, 1_800_000), dateMs, contact, template });
    }
  }
  return plans;
}
