/**
 * The two simulated organisations, described as data: country, currency, tax scheme, places,
 * products and how big they are at `scale: 1`. Everything country-specific lives here so the
 * area generators stay country-neutral.
 */

/**
 * What a tax rate is for, independent of country. Each profile maps the roles to its own Xero
 * tax types (AU `OUTPUT`, NZ `OUTPUT2`, ...).
 */
export type TaxRole =
  | 'sales'
  | 'purchases'
  | 'salesFree'
  | 'purchasesFree'
  | 'excluded'
  | 'capital'
  | 'export'
  | 'imports'
  | 'inputTaxed';

/** One row of a country's tax-rate table. */
export interface TaxRateDef {
  readonly taxType: string;
  readonly name: string;
  /** Rate in basis points (1000 = 10%). */
  readonly rateBp: number;
  readonly reportTaxType: string;
  /** Which account classes may use it, as Xero's `CanApplyTo*` flags express. */
  readonly appliesTo: 'income' | 'expense' | 'any';
}

/** A town with its region and postcode. */
export interface Place {
  readonly city: string;
  readonly region: string;
  readonly postalCode: string;
  readonly country: string;
}

/** A currency the organisation trades in. */
export interface CurrencyDef {
  readonly code: string;
  readonly description: string;
  /** Long-run mean of Xero's CurrencyRate: units of this currency per unit of base currency. */
  readonly perBase: number;
  /** Relative share of foreign-currency trade in this currency (0 for the base currency). */
  readonly share: number;
}

/** A bank account in the chart of accounts. */
export interface BankAccountDef {
  readonly code: string;
  readonly name: string;
  readonly number: string;
  readonly currency: string;
}

/** A product or service the organisation sells (an Item). */
export interface ProductDef {
  readonly name: string;
  readonly code: string;
  /** Sales price in the base currency. */
  readonly price: number;
  /** Purchase cost; absent for services, which are only sold. */
  readonly cost?: number;
  /** Tracked inventory: purchases go to the inventory asset, sales post cost of goods sold. */
  readonly tracked?: boolean;
}

/** A person with a login to the organisation. */
export interface UserDef {
  readonly first: string;
  readonly last: string;
  readonly role: 'READONLY' | 'INVOICEONLY' | 'STANDARD' | 'FINANCIALADVISER';
  readonly subscriber: boolean;
}

/** A tracking category and its options; `archived` is retired part-way through the books. */
export interface TrackingDef {
  readonly name: string;
  readonly options: readonly string[];
  readonly archived: string;
}

/** Everything that makes one simulated organisation what it is. */
export interface OrgProfile {
  /** Short key used to label random streams (`org:AU`); changing it changes every id. */
  readonly key: string;
  readonly name: string;
  readonly legalName: string;
  readonly countryCode: string;
  readonly baseCurrency: string;
  readonly version: 'AU' | 'NZ';
  readonly timezone: string;
  readonly fyEndDay: number;
  readonly fyEndMonth: number;
  readonly salesTaxBasis: string;
  readonly salesTaxPeriod: string;
  readonly organisationClass: string;
  readonly isDemoCompany: boolean;
  readonly lineOfBusiness: string;
  readonly registrationNumber: string;
  readonly taxNumber: string;
  readonly companySuffix: string;
  readonly domain: string;
  readonly places: readonly Place[];
  readonly phoneCountryCode: string;
  readonly areaCodes: readonly string[];
  readonly mobilePrefix: string;
  readonly taxRates: readonly TaxRateDef[];
  readonly taxRoles: { readonly [R in TaxRole]: string };
  /** Base currency first. */
  readonly currencies: readonly CurrencyDef[];
  /** Share of customers (and suppliers) who trade in a foreign currency. */
  readonly foreignShare: number;
  /** Where foreign contacts live, per currency. */
  readonly foreignPlaces: { readonly [currency: string]: Place };
  readonly bankAccounts: readonly BankAccountDef[];
  readonly products: readonly ProductDef[];
  readonly users: readonly UserDef[];
  readonly brandingThemes: readonly string[];
  /** Contact groups; a `deleted` group was removed and has no members left. */
  readonly contactGroups: readonly {
    readonly name: string;
    readonly audience: 'customers' | 'suppliers';
    readonly deleted?: boolean;
  }[];
  readonly tracking: readonly [TrackingDef, TrackingDef];
  /** Names of accounts that differ by country, by account code. */
  readonly accountNames: { readonly [code: string]: string };
  /** Contacts for the tax office and the bank (bank fees, interest, tax payments). */
  readonly taxOffice: string;
  readonly bankName: string;
  /** Invoices (sales and bills) at `scale: 1`; every other count is derived from it. */
  readonly invoicesAtScale1: number;
}

const AU: OrgProfile = {
  key: 'AU',
  name: 'Demo Company (AU)',
  legalName: 'Demo Company (AU) Pty Ltd',
  countryCode: 'AU',
  baseCurrency: 'AUD',
  version: 'AU',
  timezone: 'AUSEASTERNSTANDARDTIME',
  fyEndDay: 30,
  fyEndMonth: 6,
  salesTaxBasis: 'ACCRUALS',
  salesTaxPeriod: 'QUARTERLY1',
  organisationClass: 'DEMO',
  isDemoCompany: true,
  lineOfBusiness: 'Office furniture and workplace services',
  registrationNumber: '123 456 789',
  taxNumber: '12 345 678 901',
  companySuffix: 'Pty Ltd',
  domain: 'democompany.com.au',
  places: [
    { city: 'Sydney', region: 'NSW', postalCode: '2000', country: 'Australia' },
    { city: 'Parramatta', region: 'NSW', postalCode: '2150', country: 'Australia' },
    { city: 'Newcastle', region: 'NSW', postalCode: '2300', country: 'Australia' },
    { city: 'Melbourne', region: 'VIC', postalCode: '3000', country: 'Australia' },
    { city: 'Geelong', region: 'VIC', postalCode: '3220', country: 'Australia' },
    { city: 'Brisbane', region: 'QLD', postalCode: '4000', country: 'Australia' },
    { city: 'Gold Coast', region: 'QLD', postalCode: '4217', country: 'Australia' },
    { city: 'Perth', region: 'WA', postalCode: '6000', country: 'Australia' },
    { city: 'Adelaide', region: 'SA', postalCode: '5000', country: 'Australia' },
    { city: 'Hobart', region: 'TAS', postalCode: '7000', country: 'Australia' },
    { city: 'Canberra', region: 'ACT', postalCode: '2600', country: 'Australia' },
    { city: 'Darwin', region: 'NT', postalCode: '0800', country: 'Australia' },
  ],
  phoneCountryCode: '61',
  areaCodes: ['02', '03', '07', '08'],
  mobilePrefix: '04',
  taxRates: [
    { taxType: 'OUTPUT', name: 'GST on Income', rateBp: 1000, reportTaxType: 'OUTPUT', appliesTo: 'income' },
    { taxType: 'INPUT', name: 'GST on Expenses', rateBp: 1000, reportTaxType: 'INPUT', appliesTo: 'expense' },
    { taxType: 'CAPEXINPUT', name: 'GST on Capital', rateBp: 1000, reportTaxType: 'CAPITALEXINPUT', appliesTo: 'expense' },
    { taxType: 'EXEMPTOUTPUT', name: 'GST Free Income', rateBp: 0, reportTaxType: 'EXEMPTOUTPUT', appliesTo: 'income' },
    { taxType: 'EXEMPTEXPENSES', name: 'GST Free Expenses', rateBp: 0, reportTaxType: 'EXEMPTEXPENSES', appliesTo: 'expense' },
    { taxType: 'EXEMPTCAPITAL', name: 'GST Free Capital', rateBp: 0, reportTaxType: 'EXEMPTCAPITAL', appliesTo: 'expense' },
    { taxType: 'EXEMPTEXPORT', name: 'GST Free Exports', rateBp: 0, reportTaxType: 'EXEMPTEXPORT', appliesTo: 'income' },
    { taxType: 'INPUTTAXED', name: 'Input Taxed', rateBp: 0, reportTaxType: 'INPUTTAXED', appliesTo: 'any' },
    { taxType: 'BASEXCLUDED', name: 'BAS Excluded', rateBp: 0, reportTaxType: 'BASEXCLUDED', appliesTo: 'any' },
    { taxType: 'GSTONIMPORTS', name: 'GST on Imports', rateBp: 0, reportTaxType: 'GSTONIMPORTS', appliesTo: 'expense' },
    { taxType: 'GSTONCAPIMPORTS', name: 'GST on Capital Imports', rateBp: 0, reportTaxType: 'GSTONCAPIMPORTS', appliesTo: 'expense' },
  ],
  taxRoles: {
    sales: 'OUTPUT',
    purchases: 'INPUT',
    salesFree: 'EXEMPTOUTPUT',
    purchasesFree: 'EXEMPTEXPENSES',
    excluded: 'BASEXCLUDED',
    capital: 'CAPEXINPUT',
    export: 'EXEMPTEXPORT',
    imports: 'GSTONIMPORTS',
    inputTaxed: 'INPUTTAXED',
  },
  currencies: [{ code: 'AUD', description: 'Australian Dollar', perBase: 1, share: 0 }],
  foreignShare: 0,
  foreignPlaces: {},
  bankAccounts: [
    { code: '090', name: 'Business Bank Account', number: '062001 12345678', currency: 'AUD' },
    { code: '091', name: 'Business Savings Account', number: '062001 87654321', currency: 'AUD' },
  ],
  products: [
    { name: 'Ergonomic Office Chair', code: 'CHAIR-ERG', price: 449, cost: 210, tracked: true },
    { name: 'Standing Desk 1500mm', code: 'DESK-1500', price: 899, cost: 430, tracked: true },
    { name: 'Monitor Arm (dual)', code: 'ARM-DUAL', price: 189, cost: 72, tracked: true },
    { name: 'Desk Lamp LED', code: 'LAMP-LED', price: 79.95, cost: 31.5, tracked: true },
    { name: 'Filing Cabinet 3 Drawer', code: 'FILE-3D', price: 329, cost: 150 },
    { name: 'Whiteboard 1200 x 900', code: 'WB-1200', price: 145, cost: 61 },
    { name: 'Acoustic Screen Panel', code: 'ACOUSTIC', price: 265, cost: 118 },
    { name: 'Meeting Table 8 Seat', code: 'TABLE-8', price: 1390, cost: 690 },
    { name: 'Keyboard and Mouse Set', code: 'KB-SET', price: 89, cost: 38.2 },
    { name: 'Cable Management Kit', code: 'CABLE-KIT', price: 34.5, cost: 12.75 },
    { name: 'Workplace Assessment', code: 'SVC-ASSESS', price: 350 },
    { name: 'Installation (per hour)', code: 'SVC-INSTALL', price: 95 },
    { name: 'Office Fit-out Design (per hour)', code: 'SVC-DESIGN', price: 165 },
    { name: 'Furniture Removal', code: 'SVC-REMOVE', price: 280 },
    { name: 'Annual Maintenance Plan', code: 'SVC-MAINT', price: 1200 },
  ],
  users: [
    { first: 'Ari', last: 'Hartley', role: 'FINANCIALADVISER', subscriber: true },
    { first: 'Mei', last: 'Tanaka', role: 'STANDARD', subscriber: false },
    { first: 'Lachlan', last: 'Reid', role: 'STANDARD', subscriber: false },
    { first: 'Priya', last: 'Nair', role: 'INVOICEONLY', subscriber: false },
    { first: 'Tom', last: 'Fletcher', role: 'READONLY', subscriber: false },
  ],
  brandingThemes: ['Standard', 'Special Projects', 'Very orange invoice!'],
  contactGroups: [
    { name: 'VIP Customers', audience: 'customers' },
    { name: 'Trade Customers', audience: 'customers' },
    { name: 'Preferred Suppliers', audience: 'suppliers' },
    { name: 'Old Suppliers (2019)', audience: 'suppliers', deleted: true },
  ],
  tracking: [
    { name: 'Region', options: ['Eastside', 'Westside', 'North', 'South'], archived: 'South' },
    { name: 'Department', options: ['Sales', 'Installations', 'Design', 'Administration'], archived: 'Design' },
  ],
  accountNames: {
    '478': 'Superannuation',
    '825': 'PAYG Withholdings Payable',
    '826': 'Superannuation Payable',
  },
  taxOffice: 'Australian Taxation Office',
  bankName: 'Commonwealth Trading Bank',
  invoicesAtScale1: 800,
};

const NZ: OrgProfile = {
  key: 'NZ',
  name: 'Kiwi Exports Ltd',
  legalName: 'Kiwi Exports Limited',
  countryCode: 'NZ',
  baseCurrency: 'NZD',
  version: 'NZ',
  timezone: 'NEWZEALANDSTANDARDTIME',
  fyEndDay: 31,
  fyEndMonth: 3,
  salesTaxBasis: 'INVOICE',
  salesTaxPeriod: 'TWOMONTHS',
  organisationClass: 'PREMIUM',
  isDemoCompany: false,
  lineOfBusiness: 'Export of New Zealand food and wool products',
  registrationNumber: '6543210',
  taxNumber: '123-456-789',
  companySuffix: 'Ltd',
  domain: 'kiwiexports.co.nz',
  places: [
    { city: 'Auckland', region: 'Auckland', postalCode: '1010', country: 'New Zealand' },
    { city: 'Wellington', region: 'Wellington', postalCode: '6011', country: 'New Zealand' },
    { city: 'Christchurch', region: 'Canterbury', postalCode: '8011', country: 'New Zealand' },
    { city: 'Hamilton', region: 'Waikato', postalCode: '3204', country: 'New Zealand' },
    { city: 'Tauranga', region: 'Bay of Plenty', postalCode: '3110', country: 'New Zealand' },
    { city: 'Dunedin', region: 'Otago', postalCode: '9016', country: 'New Zealand' },
    { city: 'Nelson', region: 'Nelson', postalCode: '7010', country: 'New Zealand' },
    { city: 'Napier', region: "Hawke's Bay", postalCode: '4110', country: 'New Zealand' },
  ],
  phoneCountryCode: '64',
  areaCodes: ['03', '04', '06', '07', '09'],
  mobilePrefix: '021',
  taxRates: [
    { taxType: 'OUTPUT2', name: '15% GST on Income', rateBp: 1500, reportTaxType: 'OUTPUT', appliesTo: 'income' },
    { taxType: 'INPUT2', name: '15% GST on Expenses', rateBp: 1500, reportTaxType: 'INPUT', appliesTo: 'expense' },
    { taxType: 'ZERORATED', name: 'Zero Rated', rateBp: 0, reportTaxType: 'OUTPUT', appliesTo: 'income' },
    { taxType: 'GSTONIMPORTS', name: 'GST on Imports', rateBp: 0, reportTaxType: 'GSTONIMPORTS', appliesTo: 'expense' },
    { taxType: 'NONE', name: 'No GST', rateBp: 0, reportTaxType: 'NONE', appliesTo: 'any' },
  ],
  taxRoles: {
    sales: 'OUTPUT2',
    purchases: 'INPUT2',
    salesFree: 'ZERORATED',
    purchasesFree: 'NONE',
    excluded: 'NONE',
    capital: 'INPUT2',
    export: 'ZERORATED',
    imports: 'GSTONIMPORTS',
    inputTaxed: 'NONE',
  },
  currencies: [
    { code: 'NZD', description: 'New Zealand Dollar', perBase: 1, share: 0 },
    { code: 'AUD', description: 'Australian Dollar', perBase: 0.912, share: 30 },
    { code: 'USD', description: 'United States Dollar', perBase: 0.596, share: 40 },
    { code: 'GBP', description: 'Great British Pound', perBase: 0.468, share: 15 },
    { code: 'EUR', description: 'Euro', perBase: 0.551, share: 15 },
  ],
  foreignShare: 0.5,
  foreignPlaces: {
    AUD: { city: 'Sydney', region: 'NSW', postalCode: '2000', country: 'Australia' },
    USD: { city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'United States' },
    GBP: { city: 'London', region: '', postalCode: 'EC1A 1BB', country: 'United Kingdom' },
    EUR: { city: 'Hamburg', region: '', postalCode: '20095', country: 'Germany' },
  },
  bankAccounts: [
    { code: '090', name: 'Business Bank Account', number: '12-3456-0123456-00', currency: 'NZD' },
    { code: '091', name: 'Business Savings Account', number: '12-3456-0123456-01', currency: 'NZD' },
    { code: '092', name: 'USD Trading Account', number: '12-3456-0123456-50', currency: 'USD' },
  ],
  products: [
    { name: 'Manuka Honey UMF10+ 500g', code: 'HONEY-500', price: 42, cost: 19.5, tracked: true },
    { name: 'Manuka Honey UMF15+ 250g', code: 'HONEY-250', price: 58, cost: 27, tracked: true },
    { name: 'Merino Wool Throw', code: 'MERINO-THR', price: 189, cost: 88, tracked: true },
    { name: 'Possum Merino Beanie', code: 'BEANIE', price: 49, cost: 18.4 },
    { name: 'Pinot Noir (case of 12)', code: 'WINE-PN12', price: 348, cost: 204 },
    { name: 'Sauvignon Blanc (case of 12)', code: 'WINE-SB12', price: 228, cost: 126 },
    { name: 'Green Kiwifruit Tray', code: 'KIWI-TRAY', price: 36, cost: 21 },
    { name: 'Freight Handling', code: 'SVC-FREIGHT', price: 120 },
    { name: 'Export Documentation', code: 'SVC-EXPDOC', price: 85 },
  ],
  users: [
    { first: 'Aroha', last: 'Ngata', role: 'FINANCIALADVISER', subscriber: true },
    { first: 'Liam', last: "O'Connor", role: 'STANDARD', subscriber: false },
    { first: 'Sophie', last: 'Walker', role: 'STANDARD', subscriber: false },
    { first: 'Hemi', last: 'Parata', role: 'READONLY', subscriber: false },
  ],
  brandingThemes: ['Standard', 'Export Invoice'],
  contactGroups: [
    { name: 'Export Customers', audience: 'customers' },
    { name: 'Key Accounts', audience: 'customers' },
    { name: 'Growers', audience: 'suppliers' },
    { name: 'Trade Fair Leads', audience: 'customers', deleted: true },
  ],
  tracking: [
    { name: 'Region', options: ['Auckland', 'Wellington', 'Christchurch', 'Export', 'Hamilton'], archived: 'Hamilton' },
    { name: 'Department', options: ['Sales', 'Warehouse', 'Administration'], archived: 'Administration' },
  ],
  accountNames: {
    '478': 'KiwiSaver Employer Contributions',
    '825': 'PAYE Payable',
    '826': 'KiwiSaver Payable',
  },
  taxOffice: 'Inland Revenue',
  bankName: 'Tasman Bank',
  invoicesAtScale1: 200,
};

/** The foreign currencies of a profile with their shares, for weighted picks. */
export function foreignCurrencyWeights(profile: OrgProfile): (readonly [string, number])[] {
  return profile.currencies.filter((c) => c.share > 0).map((c) => [c.code, c.share] as const);
}

/** The organisations the simulator serves, in the order `generateOrganisations` returns them. */
export const ORG_PROFILES: readonly OrgProfile[] = [AU, NZ];
