/**
 * The deterministic generator of the simulated organisations' Accounting books. Same options,
 * same output, byte for byte: every id, name and amount comes from a seeded stream, and each area
 * (accounts, contacts, invoices, payments, ...) forks its own stream so that changing one area
 * does not shift the ids of another.
 *
 * Every collection is listed in creation order (ascending creation instant, ties by id), except
 * that Journals, being numbered in creation order, are in JournalNumber order: see books.ts.
 */
import { generateAssetsData } from '../assets/index.js';
import { generateFilesData } from '../files/index.js';
import { generatePayrollData } from '../payroll/index.js';
import { generateProjectsData } from '../projects/index.js';
import { createAttachments } from './attachments.js';
import { createBankTransactions } from './bank-transactions.js';
import { createBankTransfers } from './bank-transfers.js';
import { createBatchPayments } from './batch-payments.js';
import { Books } from './books.js';
import { createBrandingThemes } from './branding-themes.js';
import { createBudgets } from './budgets.js';
import { Chart } from './chart-of-accounts.js';
import { applyContactBalances } from './contact-balances.js';
import { createContactGroups } from './contact-groups.js';
import { ContactDirectory } from './contacts.js';
import type { OrgContext } from './context.js';
import { scaled } from './context.js';
import { CreditNotes } from './credit-notes.js';
import { FxRates, currencyRecords } from './currencies.js';
import { createExpenseClaims } from './expense-claims.js';
import { History } from './history.js';
import { generateInvoices } from './invoices.js';
import { createItems } from './items.js';
import { Ledger } from './journals.js';
import { createLinkedTransactions } from './linked-transactions.js';
import { createManualJournals } from './manual-journals.js';
import { DAY_MS } from './msdate.js';
import { organisationRecord } from './organisation.js';
import { Overpayments } from './overpayments.js';
import { Payments } from './payments.js';
import { Prepayments } from './prepayments.js';
import type { OrgProfile } from './profiles.js';
import { ORG_PROFILES } from './profiles.js';
import { createPurchaseOrders } from './purchase-orders.js';
import { createQuotes } from './quotes.js';
import { Random } from './random.js';
import { createRepeatingInvoices } from './repeating-invoices.js';
import { TaxTable } from './tax-rates.js';
import { Tracking } from './tracking-categories.js';
import type { GenerateOptions, OrgData, XeroRecord } from './types.js';
import { createUsers } from './users.js';

/** The default "today" of the books: 2026-10-31T00:00:00Z, fixed so a seed means the same data on any day. */
export const DEFAULT_AS_OF_MS = Date.UTC(2026, 9, 31);

/** How many days of books each organisation has up to `asOfMs`. */
const BOOK_DAYS = 730;

/**
 * Generates the simulated organisations: "Demo Company (AU)" then "Kiwi Exports Ltd" (NZ, multi-
 * currency). `scale` multiplies the size (1 is about 800 + 200 invoices; 100 about 100,000);
 * throws RangeError for a scale that is not a positive number or an `asOfMs` that is not a UTC
 * midnight.
 */
export function generateOrganisations(options: GenerateOptions): OrgData[] {
  const { seed, scale, asOfMs } = options;
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`scale must be a positive number, got ${scale}`);
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  if (!Number.isInteger(asOfMs) || asOfMs % DAY_MS !== 0) {
    throw new RangeError(`asOfMs must be a UTC midnight in ms, got ${asOfMs}`);
  }
  const root = new Random(seed);
  return ORG_PROFILES.map((profile) => generateOrganisation(profile, root.fork(`org:${profile.key}`), scale, asOfMs));
}

function generateOrganisation(profile: OrgProfile, rnd: Random, scale: number, asOfMs: number): OrgData {
  const startMs = asOfMs - BOOK_DAYS * DAY_MS;
  const setup = rnd.fork('setup');
  const orgCreatedMs = startMs - (60 + setup.int(0, 300)) * DAY_MS - setup.int(0, DAY_MS - 1);
  const tenantId = rnd.fork('tenant').guid();
  const chart = new Chart(profile, rnd.fork('accounts'), orgCreatedMs + 3_600_000, startMs + 200 * DAY_MS + setup.int(0, DAY_MS));
  const taxes = new TaxTable(profile);
  const users = createUsers(profile, rnd.fork('users'), orgCreatedMs + 600_000);
  const ctx: OrgContext = {
    profile,
    rnd,
    scale,
    asOfMs,
    startMs,
    orgCreatedMs,
    books: new Books(),
    ledger: new Ledger(),
    chart,
    taxes,
    fx: new FxRates(profile, rnd.fork('fx'), startMs - 30 * DAY_MS, asOfMs),
    tracking: new Tracking(profile, rnd.fork('tracking'), startMs + 400 * DAY_MS + setup.int(0, DAY_MS)),
    users,
    themes: createBrandingThemes(profile, rnd.fork('branding-themes'), orgCreatedMs + 7_200_000),
    contacts: new ContactDirectory(
      profile,
      rnd.fork('contacts'),
      scaled(scale, profile.invoicesAtScale1 / 9, 30),
      orgCreatedMs,
      startMs,
      asOfMs,
    ),
    items: createItems(
      profile,
      rnd.fork('items'),
      chart,
      taxes,
      scaled(scale, profile.products.length, profile.products.length),
      orgCreatedMs + 2 * DAY_MS,
    ),
    history: new History(users),
  };
  addReferenceData(ctx);

  const desks = { payments: new Payments(ctx), creditNotes: new CreditNotes(ctx), prepayments: new Prepayments(ctx), overpayments: new Overpayments(ctx) };
  const invoiceTarget = scaled(ctx.scale, profile.invoicesAtScale1, 40);
  const entries = generateInvoices(ctx, desks, createRepeatingInvoices(ctx, invoiceTarget));
  createBatchPayments(ctx, desks.payments.all);
  createBankTransactions(ctx);
  createBankTransfers(ctx);
  createExpenseClaims(ctx);
  createManualJournals(ctx);
  createPurchaseOrders(ctx);
  createQuotes(ctx);
  createLinkedTransactions(ctx, entries);
  applyContactBalances(ctx, entries);
  ctx.contacts.finish();

  const journals: XeroRecord[] = [];
  ctx.ledger.finish((id, createdMs, record) => {
    ctx.books.add('Journals', id, createdMs, record);
    journals.push(record);
  });
  createBudgets(ctx, journals);
  const collections = ctx.books.collections();
  const attachments = createAttachments(ctx, collections);
  // Locked at the last financial year end before the books begin.
  const yearEnd = (year: number): number => Date.UTC(year, profile.fyEndMonth - 1, profile.fyEndDay);
  const startYear = new Date(startMs).getUTCFullYear();
  const lockDateMs = yearEnd(startYear) < startMs ? yearEnd(startYear) : yearEnd(startYear - 1);
  const org: OrgData = {
    tenantId,
    tenantName: profile.name,
    tenantType: 'ORGANISATION',
    countryCode: profile.countryCode,
    baseCurrency: profile.baseCurrency,
    createdAtMs: orgCreatedMs,
    asOfMs,
    accounting: {
      organisation: organisationRecord(profile, rnd.fork('organisation'), tenantId, orgCreatedMs, lockDateMs),
      collections,
      history: ctx.history.finish(),
      attachments,
    },
  };
  // The other APIs build on the Accounting books (contacts, accounts, invoices); each forks its
  // own stream so adding one never shifts another's ids. Payroll AU exists for AU organisations.
  const payroll = profile.countryCode === 'AU' ? generatePayrollData(org, rnd.fork('payroll'), scale) : undefined;
  const files = generateFilesData(org, rnd.fork('files'), scale);
  const assets = generateAssetsData(org, rnd.fork('assets'), scale);
  const projects = generateProjectsData(org, rnd.fork('projects'), scale);
  return {
    ...org,
    ...(payroll ? { payroll } : {}),
    ...(files ? { files } : {}),
    ...(assets ? { assets } : {}),
    ...(projects ? { projects } : {}),
  };
}

/** Settings-type collections: accounts, tax rates, currencies, tracking, users, themes, contacts, items. */
function addReferenceData(ctx: OrgContext): void {
  const { books, orgCreatedMs } = ctx;
  ctx.chart.accounts.forEach((a, i) => books.add('Accounts', a.id, orgCreatedMs + 3_600_000 + i * 1000, a.record));
  ctx.taxes.records.forEach((r, i) => books.add('TaxRates', String(r['TaxType']), orgCreatedMs + 1000 * i, r));
  currencyRecords(ctx.profile).forEach((r, i) => books.add('Currencies', String(r['Code']), orgCreatedMs + DAY_MS * i, r));
  ctx.tracking.records.forEach((r, i) => books.add('TrackingCategories', String(r['TrackingCategoryID']), orgCreatedMs + 5 * DAY_MS + i * 60_000, r));
  ctx.users.forEach((u, i) => books.add('Users', u.id, orgCreatedMs + 600_000 + i, u.record));
  ctx.themes.forEach((t, i) => books.add('BrandingThemes', t.id, orgCreatedMs + 7_200_000 + i, t.record));
  for (const c of ctx.contacts.all) {
    books.add('Contacts', c.id, c.createdMs, c.record);
    ctx.history.note(c.id, c.createdMs, 'Created', `Contact ${c.name} created.`);
    if (c.archivedAtMs !== Infinity) ctx.history.note(c.id, c.archivedAtMs, 'Archived', `Contact ${c.name} archived.`);
  }
  for (const g of createContactGroups(ctx.profile, ctx.rnd.fork('contact-groups'), ctx.contacts.all, orgCreatedMs + 3 * DAY_MS)) {
    books.add('ContactGroups', g.id, g.createdMs, g.record);
  }
  ctx.items.forEach((item, i) => {
    books.add('Items', item.id, orgCreatedMs + 2 * DAY_MS + i * 60_000, item.record);
    ctx.history.noteAlways(item.id, orgCreatedMs + 2 * DAY_MS + i * 60_000, 'Created', `Item ${item.code} created.`);
  });
}
