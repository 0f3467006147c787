/**
 * Contacts: customers and suppliers with addresses, phones, people and payment terms. Each contact
 * trades only within its active window (some joined during the books, a few stopped and were
 * archived), and a few big customers and suppliers get most of the business.
 *
 * Documents embed a contact through one shared object per contact (`embed`), as Xero returns a
 * live summary of the contact inside each invoice; treat records as immutable and replace rather
 * than mutate them.
 */
import { COMPANY_NOUNS, COMPANY_WORDS, personName, slug, streetLine } from './names.js';
import { DAY_MS, toMsDate } from './msdate.js';
import type { OrgProfile, Place } from './profiles.js';
import { foreignCurrencyWeights } from './profiles.js';
import type { Random } from './random.js';
import type { XeroRecord } from './types.js';

/** What kind of goods or services a supplier sells, which decides how its bills are coded. */
export interface SupplierCategory {
  readonly noun: string;
  /** Expense (or asset) account code of its bills. */
  readonly accountCode: string;
  readonly descriptions: readonly string[];
  /** Unit price range of a line, in whole base-currency units. */
  readonly price: readonly [number, number];
  /** Stock suppliers sell the organisation its items (their lines are coded per item). */
  readonly stock?: boolean;
  readonly weight: number;
}

const SUPPLIER_CATEGORIES: readonly SupplierCategory[] = [
  { noun: 'Wholesale', accountCode: '630', descriptions: [], price: [0, 0], stock: true, weight: 6 },
  { noun: 'Energy', accountCode: '445', descriptions: ['Electricity - monthly usage', 'Gas supply'], price: [180, 900], weight: 2 },
  { noun: 'Telecom', accountCode: '489', descriptions: ['Mobile plan', 'Business fibre broadband'], price: [60, 420], weight: 2 },
  { noun: 'Office Supplies', accountCode: '453', descriptions: ['Stationery and printer toner', 'Kitchen supplies'], price: [20, 350], weight: 3 },
  { noun: 'Accounting', accountCode: '412', descriptions: ['Monthly bookkeeping', 'Annual accounts preparation'], price: [300, 2800], weight: 1 },
  { noun: 'Property', accountCode: '469', descriptions: ['Office rent'], price: [2200, 5200], weight: 1 },
  { noun: 'Couriers', accountCode: '425', descriptions: ['Courier charges', 'Freight - pallet delivery'], price: [15, 260], weight: 3 },
  { noun: 'Marketing', accountCode: '400', descriptions: ['Online advertising', 'Print advertising', 'Trade show stand'], price: [150, 2400], weight: 2 },
  { noun: 'Maintenance', accountCode: '473', descriptions: ['Repairs and maintenance', 'Air conditioning service'], price: [90, 1200], weight: 1 },
  { noun: 'Insurance', accountCode: '433', descriptions: ['Business insurance premium'], price: [400, 3200], weight: 1 },
  { noun: 'Software', accountCode: '485', descriptions: ['Software subscription', 'Cloud hosting'], price: [25, 600], weight: 2 },
  { noun: 'Fleet', accountCode: '449', descriptions: ['Fuel', 'Vehicle service'], price: [60, 900], weight: 2 },
  { noun: 'Legal', accountCode: '441', descriptions: ['Legal advice', 'Contract review'], price: [350, 3000], weight: 1 },
  { noun: 'Cleaning', accountCode: '408', descriptions: ['Office cleaning'], price: [120, 650], weight: 1 },
  { noun: 'Computers', accountCode: '720', descriptions: ['Laptop', 'Monitor 27 inch', 'Network switch'], price: [250, 2600], weight: 1 },
  { noun: 'Cafe', accountCode: '420', descriptions: ['Client lunch', 'Coffee meeting'], price: [12, 160], weight: 1 },
];

const byNoun = (noun: string): SupplierCategory => {
  const found = SUPPLIER_CATEGORIES.find((k) => k.noun === noun);
  if (found === undefined) throw new RangeError(`No supplier category ${noun}`);
  return found;
};
// Indexed by anchor number: anchors 1, 3, 5, 7 (and 4, which buys and sells) are suppliers.
const ANCHOR_CATEGORIES: readonly SupplierCategory[] = [
  byNoun('Couriers'),
  byNoun('Wholesale'),
  byNoun('Software'),
  byNoun('Office Supplies'),
  byNoun('Marketing'),
  byNoun('Wholesale'),
  byNoun('Cafe'),
  byNoun('Energy'),
];

/** Xero payment terms: `Day` with a `Type` (DAYSAFTERBILLDATE, OFFOLLOWINGMONTH, ...). */
export interface Terms {
  readonly day: number;
  readonly type: 'DAYSAFTERBILLDATE' | 'DAYSAFTERBILLMONTH' | 'OFCURRENTMONTH' | 'OFFOLLOWINGMONTH';
}

/** A contact as the generator uses it. */
export interface ContactInfo {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly customer: boolean;
  readonly supplier: boolean;
  readonly category?: SupplierCategory;
  readonly salesTerms: Terms;
  readonly billTerms: Terms;
  readonly weight: number;
  readonly createdMs: number;
  /** Trades from `activeFromMs` to `activeToMs`; archived at `archivedAtMs` (Infinity if not). */
  readonly activeFromMs: number;
  readonly activeToMs: number;
  readonly archivedAtMs: number;
  /** The Contacts record. */
  readonly record: XeroRecord;
  /** The summary documents embed (shared by all of them). */
  readonly embed: XeroRecord;
  /** `{ContactID, Name}`, the form payments and contact groups embed. */
  readonly ref: XeroRecord;
  /** Set as documents are created; decide IsCustomer/IsSupplier. */
  sold: boolean;
  bought: boolean;
}

const FOREIGN_SUFFIX: { readonly [currency: string]: string } = { USD: 'Inc', AUD: 'Pty Ltd', GBP: 'Ltd', EUR: 'GmbH' };
const FOREIGN_DIALLING: { readonly [currency: string]: string } = { USD: '1', AUD: '61', GBP: '44', EUR: '49' };

/** The Contacts collection with weighted, time-aware pickers. */
export class ContactDirectory {
  readonly all: ContactInfo[] = [];
  readonly #customers: ContactInfo[] = [];
  readonly #suppliers: ContactInfo[] = [];
  #customerCum: Float64Array = new Float64Array(0);
  #supplierCum: Float64Array = new Float64Array(0);
  readonly #names = new Set<string>();
  readonly #foreignSeen = new Map<string, number>();
  readonly #profile: OrgProfile;
  readonly #rnd: Random;
  /** The bank: bank fees, interest. */
  readonly bank: ContactInfo;
  /** The tax office: tax payments and refunds. */
  readonly taxOffice: ContactInfo;
  /** Who wages are paid to (the staff, as one payee). */
  readonly payroll: ContactInfo;

  /**
   * @param count how many trading contacts; @param orgCreatedMs, @param startMs, @param asOfMs
   * the organisation's creation, the start of the books and their "today".
   */
  constructor(profile: OrgProfile, rnd: Random, count: number, orgCreatedMs: number, startMs: number, asOfMs: number) {
    this.#profile = profile;
    this.#rnd = rnd;
    const span = asOfMs - startMs;
    const beforeStart = (): number => orgCreatedMs + DAY_MS + rnd.int(0, startMs - orgCreatedMs - 2 * DAY_MS);
    this.bank = this.#create({ name: profile.bankName, customer: false, supplier: true, createdMs: beforeStart(), anchor: true });
    this.taxOffice = this.#create({ name: profile.taxOffice, customer: false, supplier: true, createdMs: beforeStart(), anchor: true });
    this.payroll = this.#create({ name: 'Staff Wages', customer: false, supplier: true, createdMs: beforeStart(), anchor: true });
    for (let i = 0; i < count; i++) {
      // The first few of each kind trade throughout, so pickers always find someone active.
      const anchor = i < 8;
      const role = rnd.weighted<'customer' | 'supplier' | 'both'>([
        ['customer', 55],
        ['supplier', 35],
        ['both', 10],
      ]);
      const customer = anchor ? i % 2 === 0 : role !== 'supplier';
      const supplier = anchor ? i % 2 === 1 || i === 4 : role !== 'customer';
      // The first non-anchor always stops trading early and is archived, so every organisation
      // has an archived contact.
      const archivedForSure = i === 8;
      const joinsLater = !anchor && !archivedForSure && rnd.chance(0.3);
      const createdMs = joinsLater ? startMs + rnd.int(0, Math.floor(span * 0.8)) : beforeStart();
      const churns = archivedForSure || (!anchor && rnd.chance(0.07));
      const activeToMs = churns
        ? Math.max(createdMs, startMs) + rnd.int(60 * DAY_MS, Math.floor(span * (archivedForSure ? 0.3 : 0.6)))
        : Infinity;
      const archiveAt = churns ? activeToMs + rnd.int(120, 240) * DAY_MS : Infinity;
      const archivedAtMs = archiveAt < asOfMs ? archiveAt : Infinity;
      // Anchor suppliers cover the categories other areas must always find someone for.
      const category = anchor && supplier ? ANCHOR_CATEGORIES[i % ANCHOR_CATEGORIES.length] : undefined;
      // The first anchors stay local so there is always someone trading in the base currency.
      this.#create({ customer, supplier, createdMs, activeToMs, archivedAtMs, anchor, category, local: i < 4 });
    }
    this.#index();
  }

  #create(c: {
    name?: string;
    customer: boolean;
    supplier: boolean;
    createdMs: number;
    activeToMs?: number;
    archivedAtMs?: number;
    anchor: boolean;
    category?: SupplierCategory | undefined;
    local?: boolean;
  }): ContactInfo {
    const rnd = this.#rnd;
    const profile = this.#profile;
    const foreign = c.name === undefined && c.local !== true && profile.foreignShare > 0 && rnd.chance(profile.foreignShare);
    // The first foreign customers and suppliers take one currency each, so every currency the
    // organisation holds is traded in; later ones follow the weights.
    const role = c.customer ? 'customer' : 'supplier';
    const seen = this.#foreignSeen.get(role) ?? 0;
    if (foreign) this.#foreignSeen.set(role, seen + 1);
    const weights = foreignCurrencyWeights(profile);
    const currency = !foreign ? profile.baseCurrency : (weights[seen]?.[0] ?? rnd.weighted(weights));
    const category =
      c.category ?? (c.supplier && c.name === undefined ? rnd.weighted(SUPPLIER_CATEGORIES.map((k) => [k, k.weight] as const)) : undefined);
    const person = c.customer && !c.supplier && c.name === undefined && rnd.chance(0.18) ? personName(rnd) : undefined;
    const suffix = foreign ? (FOREIGN_SUFFIX[currency] ?? 'Ltd') : profile.companySuffix;
    const stem =
      c.name ??
      (person !== undefined
        ? `${person.first} ${person.last}`
        : `${rnd.pick(COMPANY_WORDS)} ${category !== undefined && !category.stock ? category.noun : rnd.pick(COMPANY_NOUNS)}`);
    const name = this.#uniqueName(c.name !== undefined || person !== undefined ? stem : `${stem} ${suffix}`);
    const contactPerson = person ?? personName(rnd);
    const domain = `${slug(stem).slice(0, 24)}.${foreign ? 'com' : profile.domain.slice(profile.domain.indexOf('.') + 1)}`;
    const place: Place = foreign ? (profile.foreignPlaces[currency] ?? rnd.pick(profile.places)) : rnd.pick(profile.places);
    const id = rnd.guid();
    const street = streetLine(rnd);
    const addresses: XeroRecord[] = [
      { AddressType: 'POBOX', AddressLine1: `PO Box ${rnd.int(10, 9999)}`, City: place.city, Region: place.region, PostalCode: place.postalCode, Country: place.country, AttentionTo: rnd.chance(0.3) ? `${contactPerson.first} ${contactPerson.last}` : '' },
      { AddressType: 'STREET', AddressLine1: street, City: place.city, Region: place.region, PostalCode: place.postalCode, Country: place.country, AttentionTo: '' },
    ];
    // Foreign contacts get their own country's dialling code and no local area code.
    const area = foreign ? '' : rnd.pick(profile.areaCodes).slice(1);
    const countryCode = foreign ? (FOREIGN_DIALLING[currency] ?? '') : profile.phoneCountryCode;
    const phones: XeroRecord[] = [
      { PhoneType: 'DEFAULT', PhoneNumber: `${rnd.int(2000, 9999)} ${rnd.int(1000, 9999)}`, PhoneAreaCode: area, PhoneCountryCode: countryCode },
      { PhoneType: 'DDI', PhoneNumber: '', PhoneAreaCode: '', PhoneCountryCode: '' },
      { PhoneType: 'FAX', PhoneNumber: rnd.chance(0.2) ? `${rnd.int(2000, 9999)} ${rnd.int(1000, 9999)}` : '', PhoneAreaCode: '', PhoneCountryCode: '' },
      { PhoneType: 'MOBILE', PhoneNumber: !foreign && rnd.chance(0.6) ? `${profile.mobilePrefix} ${rnd.int(100, 999)} ${rnd.int(1000, 9999)}` : '', PhoneAreaCode: '', PhoneCountryCode: '' },
    ];
    const persons: XeroRecord[] = [];
    if (person === undefined) {
      const n = rnd.int(0, 2);
      for (let i = 0; i < n; i++) {
        const p = i === 0 ? contactPerson : personName(rnd);
        persons.push({ FirstName: p.first, LastName: p.last, EmailAddress: `${slug(p.first)}.${slug(p.last)}@${domain}`, IncludeInEmails: i === 0 });
      }
    }
    const groups: XeroRecord[] = [];
    const salesTerms: Terms = rnd.weighted<Terms>([
      [{ day: 30, type: 'DAYSAFTERBILLDATE' }, 4],
      [{ day: 14, type: 'DAYSAFTERBILLDATE' }, 3],
      [{ day: 20, type: 'OFFOLLOWINGMONTH' }, 2],
      [{ day: 7, type: 'DAYSAFTERBILLDATE' }, 1],
    ]);
    const billTerms: Terms = rnd.weighted<Terms>([
      [{ day: 20, type: 'OFFOLLOWINGMONTH' }, 4],
      [{ day: 30, type: 'DAYSAFTERBILLDATE' }, 3],
      [{ day: 14, type: 'DAYSAFTERBILLDATE' }, 2],
      [{ day: 28, type: 'OFCURRENTMONTH' }, 1],
    ]);
    const ref: XeroRecord = { ContactID: id, Name: name };
    const status = 'ACTIVE';
    const updated = toMsDate(c.createdMs);
    const hasNumber = rnd.chance(0.6);
    const record: XeroRecord = {
      ContactID: id,
      ...(hasNumber ? { ContactNumber: `${c.customer ? 'C' : 'S'}${String(this.all.length + 1).padStart(5, '0')}`, AccountNumber: String(rnd.int(100000, 999999)) } : {}),
      ContactStatus: status,
      Name: name,
      FirstName: contactPerson.first,
      LastName: contactPerson.last,
      EmailAddress: person !== undefined ? `${slug(person.first)}.${slug(person.last)}@example.${profile.countryCode.toLowerCase()}` : `accounts@${domain}`,
      BankAccountDetails: c.supplier ? `${rnd.int(10, 99)}-${rnd.int(1000, 9999)}-${rnd.int(1000000, 9999999)}-00` : '',
      ...(person === undefined && !foreign ? { TaxNumber: profile.countryCode === 'AU' ? `${rnd.int(10, 99)} ${rnd.int(100, 999)} ${rnd.int(100, 999)} ${rnd.int(100, 999)}` : `${rnd.int(100, 999)}-${rnd.int(100, 999)}-${rnd.int(100, 999)}` } : {}),
      AccountsReceivableTaxType: foreign ? profile.taxRoles.export : profile.taxRoles.sales,
      AccountsPayableTaxType: foreign ? profile.taxRoles.purchasesFree : profile.taxRoles.purchases,
      Addresses: addresses,
      Phones: phones,
      UpdatedDateUTC: updated,
      ContactGroups: groups,
      IsSupplier: false,
      IsCustomer: false,
      DefaultCurrency: currency,
      ...(person === undefined && rnd.chance(0.5) ? { Website: `https://www.${domain}` } : {}),
      ...(category !== undefined && !category.stock ? { PurchasesDefaultAccountCode: category.accountCode } : {}),
      ...(c.customer ? { SalesDefaultAccountCode: '200' } : {}),
      ...(c.supplier
        ? { BatchPayments: { BankAccountNumber: `${rnd.int(10, 99)}${rnd.int(1000, 9999)}${rnd.int(1000000, 9999999)}`, BankAccountName: name.slice(0, 32), Details: 'Invoice payment', Code: '', Reference: '' } }
        : {}),
      Balances: {},
      PaymentTerms: {
        ...(c.supplier ? { Bills: { Day: billTerms.day, Type: billTerms.type } } : {}),
        ...(c.customer ? { Sales: { Day: salesTerms.day, Type: salesTerms.type } } : {}),
      },
      ContactPersons: persons,
      HasAttachments: false,
      SalesTrackingCategories: [],
      PurchasesTrackingCategories: [],
      HasValidationErrors: false,
    };
    const embed: XeroRecord = {
      ContactID: id,
      ContactStatus: status,
      Name: name,
      FirstName: contactPerson.first,
      LastName: contactPerson.last,
      EmailAddress: record['EmailAddress'],
      Addresses: addresses,
      Phones: phones,
      UpdatedDateUTC: updated,
      ContactGroups: groups,
      IsSupplier: false,
      IsCustomer: false,
      DefaultCurrency: currency,
      ContactPersons: persons,
      HasValidationErrors: false,
    };
    const info: ContactInfo = {
      id,
      name,
      currency,
      customer: c.customer,
      supplier: c.supplier,
      ...(category !== undefined ? { category } : {}),
      salesTerms,
      billTerms,
      // Lognormal-ish weights: a handful of contacts get much of the trade.
      // Exporters' biggest accounts tend to be overseas.
      weight: (c.anchor ? 6 : Math.exp(rnd.next() * 3.2)) * (foreign ? 1.5 : 1),
      createdMs: c.createdMs,
      activeFromMs: c.createdMs + DAY_MS,
      activeToMs: c.activeToMs ?? Infinity,
      archivedAtMs: c.archivedAtMs ?? Infinity,
      record,
      embed,
      ref,
      sold: false,
      bought: false,
    };
    this.all.push(info);
    return info;
  }

  #uniqueName(name: string): string {
    let candidate = name;
    for (let n = 2; this.#names.has(candidate); n++) candidate = `${name} (${n})`;
    this.#names.add(candidate);
    return candidate;
  }

  #index(): void {
    for (const c of this.all) {
      if (c === this.bank || c === this.taxOffice || c === this.payroll) continue;
      if (c.customer) this.#customers.push(c);
      if (c.supplier) this.#suppliers.push(c);
    }
    this.#customerCum = cumulative(this.#customers);
    this.#supplierCum = cumulative(this.#suppliers);
  }

  /** A customer active at `atMs`, big customers more often; throws if there is none. */
  customer(rnd: Random, atMs: number, filter?: (c: ContactInfo) => boolean): ContactInfo {
    return required(this.find('customer', rnd, atMs, filter));
  }

  /** A supplier active at `atMs`, big suppliers more often; throws if there is none. */
  supplier(rnd: Random, atMs: number, filter?: (c: ContactInfo) => boolean): ContactInfo {
    return required(this.find('supplier', rnd, atMs, filter));
  }

  /** A customer or supplier active at `atMs` and passing `filter`, or undefined if none is. */
  find(kind: 'customer' | 'supplier', rnd: Random, atMs: number, filter?: (c: ContactInfo) => boolean): ContactInfo | undefined {
    return kind === 'customer'
      ? pickActive(rnd, this.#customers, this.#customerCum, atMs, filter)
      : pickActive(rnd, this.#suppliers, this.#supplierCum, atMs, filter);
  }

  /**
   * Fixes the fields that depend on the whole history: IsCustomer/IsSupplier from the documents
   * raised, ContactStatus and UpdatedDateUTC from archiving. Call once, after every area is done.
   */
  finish(): void {
    for (const c of this.all) {
      const archived = c.archivedAtMs !== Infinity;
      for (const r of [c.record, c.embed]) {
        r['IsCustomer'] = c.sold;
        r['IsSupplier'] = c.bought;
        if (archived) {
          r['ContactStatus'] = 'ARCHIVED';
          r['UpdatedDateUTC'] = toMsDate(c.archivedAtMs);
        }
      }
    }
  }
}

function cumulative(list: readonly ContactInfo[]): Float64Array {
  const cum = new Float64Array(list.length);
  let total = 0;
  list.forEach((c, i) => {
    total += c.weight;
    cum[i] = total;
  });
  return cum;
}

function pickActive(
  rnd: Random,
  list: readonly ContactInfo[],
  cum: Float64Array,
  atMs: number,
  filter?: (c: ContactInfo) => boolean,
): ContactInfo | undefined {
  const total = cum[cum.length - 1] ?? 0;
  for (let attempt = 0; attempt < 24; attempt++) {
    const target = rnd.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cum[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    const c = list[lo];
    if (c !== undefined && atMs >= c.activeFromMs && atMs < c.activeToMs && (filter === undefined || filter(c))) return c;
  }
  // Rare with a loose filter: take the first eligible contact, if any.
  return list.find((c) => atMs >= c.activeFromMs && atMs < c.activeToMs && (filter === undefined || filter(c)));
}

function required(c: ContactInfo | undefined): ContactInfo {
  if (c === undefined) throw new RangeError('No active contact to pick');
  return c;
}

/** The due date Xero derives from an invoice date and payment terms (UTC midnights). */
export function dueDate(dateMs: number, terms: Terms): number {
  const d = new Date(dateMs);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const clampDay = (year: number, month: number, day: number): number =>
    Date.UTC(year, month, Math.min(day, new Date(Date.UTC(year, month + 1, 0)).getUTCDate()));
  switch (terms.type) {
    case 'DAYSAFTERBILLDATE':
      return dateMs + terms.day * DAY_MS;
    case 'DAYSAFTERBILLMONTH':
      return Date.UTC(y, m + 1, 0) + terms.day * DAY_MS;
    case 'OFCURRENTMONTH':
      return Math.max(dateMs, clampDay(y, m, terms.day));
    case 'OFFOLLOWINGMONTH':
      return clampDay(y, m + 1, terms.day);
  }
}
