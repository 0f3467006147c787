/**
 * Accounts: a Xero-style standard chart (the codes and system accounts a new AU or NZ
 * organisation starts with), the organisation's bank accounts, and one archived account.
 */
import { toMsDate } from './msdate.js';
import type { OrgProfile, TaxRole } from './profiles.js';
import type { Random } from './random.js';
import type { XeroRecord } from './types.js';

/** An account as the generator uses it. */
export interface AccountInfo {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  /** Xero account Type (`BANK`, `REVENUE`, `CURRLIAB`, ...). */
  readonly type: string;
  /** Xero account Class (`ASSET`, `LIABILITY`, `EQUITY`, `REVENUE`, `EXPENSE`). */
  readonly accountClass: string;
  readonly taxType: string;
  /** Bank accounts: the account's currency; otherwise the base currency. */
  readonly currency: string;
  readonly record: XeroRecord;
  /** `{AccountID, Code, Name}`, the form payments and bank transactions embed. */
  readonly summary: XeroRecord;
}

/** Xero's system-account names the generator posts to. */
export type SystemAccountName =
  | 'DEBTORS'
  | 'CREDITORS'
  | 'GST'
  | 'UNPAIDEXPCLM'
  | 'REALISEDCURRENCYGAIN'
  | 'RETAINEDEARNINGS'
  | 'HISTORICAL'
  | 'ROUNDING';

interface AccountRow {
  readonly code: string;
  readonly name: string;
  readonly type: string;
  readonly tax: TaxRole;
  readonly system?: string;
  readonly description?: string;
  readonly expenseClaims?: boolean;
  readonly archived?: boolean;
}

// Codes and names follow Xero's default AU/NZ chart so users recognise them.
const CHART: readonly AccountRow[] = [
  { code: '200', name: 'Sales', type: 'REVENUE', tax: 'sales', description: 'Income from any normal business activity' },
  { code: '260', name: 'Other Revenue', type: 'REVENUE', tax: 'sales', description: 'Any other income that does not relate to normal business activities and is not recurring' },
  { code: '270', name: 'Interest Income', type: 'REVENUE', tax: 'inputTaxed', description: 'Interest income' },
  { code: '310', name: 'Cost of Goods Sold', type: 'DIRECTCOSTS', tax: 'purchases', description: 'Cost of goods sold by the business' },
  { code: '400', name: 'Advertising', type: 'EXPENSE', tax: 'purchases', expenseClaims: true },
  { code: '404', name: 'Bank Fees', type: 'EXPENSE', tax: 'purchasesFree' },
  { code: '408', name: 'Cleaning', type: 'EXPENSE', tax: 'purchases', expenseClaims: true },
  { code: '412', name: 'Consulting & Accounting', type: 'EXPENSE', tax: 'purchases', expenseClaims: true },
  { code: '416', name: 'Depreciation', type: 'DEPRECIATN', tax: 'excluded' },
  { code: '420', name: 'Entertainment', type: 'EXPENSE', tax: 'excluded', expenseClaims: true },
  { code: '425', name: 'Freight & Courier', type: 'EXPENSE', tax: 'purchases', expenseClaims: true },
  { code: '429', name: 'General Expenses', type: 'EXPENSE', tax: 'purchases', expenseClaims: true },
  { code: '433', name: 'Insurance', type: 'EXPENSE', tax: 'purchases' },
  { code: '437', name: 'Interest Expense', type: 'EXPENSE', tax: 'inputTaxed' },
  { code: '441', name: 'Legal expenses', type: 'EXPENSE', tax: 'purchases' },
  { code: '445', name: 'Light, Power, Heating', type: 'EXPENSE', tax: 'purchases' },
  { code: '449', name: 'Motor Vehicle Expenses', type: 'EXPENSE', tax: 'purchases', expenseClaims: true },
  { code: '453', name: 'Office Expenses', type: 'EXPENSE', tax: 'purchases', expenseClaims: true },
  { code: '455', name: 'Postage (old)', type: 'EXPENSE', tax: 'purchases', archived: true },
  { code: '461', name: 'Printing & Stationery', type: 'EXPENSE', tax: 'purchases', expenseClaims: true },
  { code: '469', name: 'Rent', type: 'EXPENSE', tax: 'purchases' },
  { code: '473', name: 'Repairs and Maintenance', type: 'EXPENSE', tax: 'purchases', expenseClaims: true },
  { code: '477', name: 'Wages and Salaries', type: 'EXPENSE', tax: 'excluded' },
  { code: '478', name: 'Superannuation', type: 'EXPENSE', tax: 'excluded' },
  { code: '485', name: 'Subscriptions', type: 'EXPENSE', tax: 'purchases', expenseClaims: true },
  { code: '489', name: 'Telephone & Internet', type: 'EXPENSE', tax: 'purchases', expenseClaims: true },
  { code: '493', name: 'Travel - National', type: 'EXPENSE', tax: 'purchases', expenseClaims: true },
  { code: '494', name: 'Travel - International', type: 'EXPENSE', tax: 'purchasesFree', expenseClaims: true },
  { code: '497', name: 'Bank Revaluations', type: 'EXPENSE', tax: 'excluded', system: 'BANKCURRENCYGAIN' },
  { code: '498', name: 'Unrealised Currency Gains', type: 'EXPENSE', tax: 'excluded', system: 'UNREALISEDCURRENCYGAIN' },
  { code: '499', name: 'Realised Currency Gains', type: 'EXPENSE', tax: 'excluded', system: 'REALISEDCURRENCYGAIN' },
  { code: '505', name: 'Income Tax Expense', type: 'EXPENSE', tax: 'excluded' },
  { code: '610', name: 'Accounts Receivable', type: 'CURRENT', tax: 'excluded', system: 'DEBTORS', description: 'Outstanding invoices the company has issued out to the client but has not yet received in cash at balance date.' },
  { code: '620', name: 'Prepayments', type: 'CURRENT', tax: 'excluded' },
  { code: '630', name: 'Inventory', type: 'INVENTORY', tax: 'excluded', description: 'Value of tracked inventory items for resale.' },
  { code: '710', name: 'Office Equipment', type: 'FIXED', tax: 'capital' },
  { code: '711', name: 'Less Accumulated Depreciation on Office Equipment', type: 'FIXED', tax: 'excluded' },
  { code: '720', name: 'Computer Equipment', type: 'FIXED', tax: 'capital' },
  { code: '721', name: 'Less Accumulated Depreciation on Computer Equipment', type: 'FIXED', tax: 'excluded' },
  { code: '800', name: 'Accounts Payable', type: 'CURRLIAB', tax: 'excluded', system: 'CREDITORS', description: 'Outstanding invoices the company has received from suppliers but has not yet paid at balance date' },
  { code: '801', name: 'Unpaid Expense Claims', type: 'CURRLIAB', tax: 'excluded', system: 'UNPAIDEXPCLM' },
  { code: '804', name: 'Wages Payable - Payroll', type: 'CURRLIAB', tax: 'excluded', system: 'WAGEPAYABLES' },
  { code: '820', name: 'GST', type: 'CURRLIAB', tax: 'excluded', system: 'GST' },
  { code: '825', name: 'PAYG Withholdings Payable', type: 'CURRLIAB', tax: 'excluded' },
  { code: '826', name: 'Superannuation Payable', type: 'CURRLIAB', tax: 'excluded' },
  { code: '830', name: 'Income Tax Payable', type: 'CURRLIAB', tax: 'excluded' },
  { code: '840', name: 'Historical Adjustment', type: 'CURRLIAB', tax: 'excluded', system: 'HISTORICAL' },
  { code: '850', name: 'Suspense', type: 'CURRLIAB', tax: 'excluded' },
  { code: '860', name: 'Rounding', type: 'CURRLIAB', tax: 'excluded', system: 'ROUNDING' },
  { code: '877', name: 'Tracking Transfers', type: 'CURRLIAB', tax: 'excluded', system: 'TRACKINGTRANSFERS' },
  { code: '880', name: 'Owner A Drawings', type: 'EQUITY', tax: 'excluded' },
  { code: '881', name: 'Owner A Funds Introduced', type: 'EQUITY', tax: 'excluded' },
  { code: '900', name: 'Loan', type: 'TERMLIAB', tax: 'excluded' },
  { code: '960', name: 'Retained Earnings', type: 'EQUITY', tax: 'excluded', system: 'RETAINEDEARNINGS' },
  { code: '970', name: 'Owner A Share Capital', type: 'EQUITY', tax: 'excluded' },
];

/**
 * Xero's account class of each account type (`AccountType` enum in xero_accounting.yaml, plus the
 * AU payroll types Xero returns in practice). Shared with the report builders.
 */
export const CLASS_OF_TYPE: { readonly [type: string]: 'ASSET' | 'LIABILITY' | 'EQUITY' | 'REVENUE' | 'EXPENSE' } = {
  BANK: 'ASSET',
  CURRENT: 'ASSET',
  FIXED: 'ASSET',
  INVENTORY: 'ASSET',
  NONCURRENT: 'ASSET',
  PREPAYMENT: 'ASSET',
  CURRLIAB: 'LIABILITY',
  LIABILITY: 'LIABILITY',
  TERMLIAB: 'LIABILITY',
  PAYG: 'LIABILITY',
  PAYGLIABILITY: 'LIABILITY',
  SUPERANNUATIONLIABILITY: 'LIABILITY',
  WAGESPAYABLELIABILITY: 'LIABILITY',
  EQUITY: 'EQUITY',
  REVENUE: 'REVENUE',
  SALES: 'REVENUE',
  OTHERINCOME: 'REVENUE',
  EXPENSE: 'EXPENSE',
  OVERHEADS: 'EXPENSE',
  DIRECTCOSTS: 'EXPENSE',
  DEPRECIATN: 'EXPENSE',
  WAGESEXPENSE: 'EXPENSE',
  SUPERANNUATIONEXPENSE: 'EXPENSE',
};

/** The organisation's accounts with lookups by code and by system role. */
export class Chart {
  readonly #byCode = new Map<string, AccountInfo>();
  readonly #bySystem = new Map<string, AccountInfo>();
  /** Accounts in creation order (bank accounts first, then the chart by code). */
  readonly accounts: AccountInfo[] = [];
  readonly banks: AccountInfo[] = [];

  /**
   * @param createdMs when the organisation set up its chart; accounts are stamped a second apart.
   * @param archivedAtMs when the one archived account was retired.
   */
  constructor(profile: OrgProfile, rnd: Random, createdMs: number, archivedAtMs: number) {
    const excluded = profile.taxRoles.excluded;
    let at = createdMs;
    for (const bank of profile.bankAccounts) {
      const info = this.#add(rnd, {
        code: bank.code,
        name: bank.name,
        type: 'BANK',
        taxType: excluded,
        currency: bank.currency,
        updatedMs: (at += 1000),
        extra: { BankAccountNumber: bank.number, BankAccountType: 'BANK', CurrencyCode: bank.currency },
      });
      this.banks.push(info);
    }
    for (const row of CHART) {
      this.#add(rnd, {
        code: row.code,
        name: profile.accountNames[row.code] ?? row.name,
        type: row.type,
        taxType: profile.taxRoles[row.tax],
        currency: profile.baseCurrency,
        updatedMs: row.archived === true ? archivedAtMs : (at += 1000),
        status: row.archived === true ? 'ARCHIVED' : 'ACTIVE',
        system: row.system,
        description: row.description,
        expenseClaims: row.expenseClaims === true,
      });
    }
  }

  #add(
    rnd: Random,
    a: {
      code: string;
      name: string;
      type: string;
      taxType: string;
      currency: string;
      updatedMs: number;
      status?: string;
      system?: string | undefined;
      description?: string | undefined;
      expenseClaims?: boolean;
      extra?: XeroRecord;
    },
  ): AccountInfo {
    const id = rnd.guid();
    const accountClass = CLASS_OF_TYPE[a.type];
    if (accountClass === undefined) throw new RangeError(`Unknown account type ${a.type}`);
    const record: XeroRecord = {
      AccountID: id,
      Code: a.code,
      Name: a.name,
      Status: a.status ?? 'ACTIVE',
      Type: a.type,
      TaxType: a.taxType,
      Class: accountClass,
      EnablePaymentsToAccount: false,
      ShowInExpenseClaims: a.expenseClaims === true,
      ...a.extra,
      ...(a.system !== undefined ? { SystemAccount: a.system } : {}),
      ...(a.description !== undefined ? { Description: a.description } : {}),
      HasAttachments: false,
      UpdatedDateUTC: toMsDate(a.updatedMs),
      AddToWatchlist: a.type === 'BANK' || a.code === '200',
    };
    const info: AccountInfo = {
      id,
      code: a.code,
      name: a.name,
      type: a.type,
      accountClass,
      taxType: a.taxType,
      currency: a.currency,
      record,
      summary: { AccountID: id, Code: a.code, Name: a.name },
    };
    this.#byCode.set(a.code, info);
    if (a.system !== undefined) this.#bySystem.set(a.system, info);
    this.accounts.push(info);
    return info;
  }

  /** The account with this code; throws if the chart has none. */
  code(code: string): AccountInfo {
    const info = this.#byCode.get(code);
    if (info === undefined) throw new RangeError(`No account with code ${code}`);
    return info;
  }

  /** The account playing a Xero system role (`DEBTORS`, `GST`, ...). */
  system(name: SystemAccountName): AccountInfo {
    const info = this.#bySystem.get(name);
    if (info === undefined) throw new RangeError(`No system account ${name}`);
    return info;
  }

  /** Accounts that appear on the profit and loss (revenue and expense classes), active only. */
  profitAndLoss(): AccountInfo[] {
    return this.accounts.filter(
      (a) => (a.accountClass === 'REVENUE' || a.accountClass === 'EXPENSE') && a.record['Status'] === 'ACTIVE',
    );
  }
}
