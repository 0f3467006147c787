/**
 * The organisation's fixed-asset types. Each type posts to real accounts of the organisation's
 * chart: the fixed-asset account it is capitalised to, the "Less Accumulated Depreciation on ..."
 * contra account, and the depreciation expense account.
 */
import type { Random } from '../data/random.js';
import type { XeroRecord } from '../data/types.js';
import type { AveragingMethod, DepreciationMethod } from './depreciation.js';

/** What a type is and what its assets look like. */
export interface AssetTypePlan {
  readonly name: string;
  /** The fixed-asset account it capitalises to, by name. */
  readonly accountName: string;
  readonly method: DepreciationMethod;
  readonly averaging: AveragingMethod;
  readonly ratePercent: number;
  /** Typical assets: name and price range in whole currency units. */
  readonly examples: readonly (readonly [string, number, number])[];
  /** Whether its assets carry serial numbers and warranties. */
  readonly serialised: boolean;
}

const TYPE_PLANS: readonly AssetTypePlan[] = [
  {
    name: 'Computer Equipment',
    accountName: 'Computer Equipment',
    method: 'DiminishingValue100',
    averaging: 'ActualDays',
    ratePercent: 40,
    examples: [
      ['MacBook Pro 14-inch', 2800, 4200],
      ['Dell Latitude laptop', 1600, 2600],
      ['Dell OptiPlex desktop', 1200, 1900],
      ['Synology NAS server', 1500, 3200],
      ['HP LaserJet printer', 600, 1400],
      ['Network switch', 700, 1800],
      ['iPad Air', 900, 1300],
    ],
    serialised: true,
  },
  {
    name: 'Office Equipment',
    accountName: 'Office Equipment',
    method: 'StraightLine',
    averaging: 'ActualDays',
    ratePercent: 20,
    examples: [
      ['Canon multifunction copier', 4500, 9000],
      ['Phone system', 1800, 4200],
      ['Espresso machine', 1200, 3500],
      ['Meeting room projector', 900, 2400],
      ['Security camera system', 1500, 4800],
    ],
    serialised: true,
  },
  {
    name: 'Furniture and Fittings',
    // The chart has no furniture account; furniture is capitalised with office equipment.
    accountName: 'Office Equipment',
    method: 'StraightLine',
    averaging: 'FullMonth',
    ratePercent: 10,
    examples: [
      ['Boardroom table', 1800, 5200],
      ['Ergonomic chairs (6)', 2400, 4800],
      ['Reception desk', 2200, 6000],
      ['Standing desks (4)', 2600, 5600],
      ['Storage shelving', 600, 1800],
    ],
    serialised: false,
  },
];

/** An asset type: its record and the plan its assets are made from. */
export interface AssetTypeInfo {
  readonly id: string;
  readonly plan: AssetTypePlan;
  readonly record: XeroRecord;
}

/** The asset types, each bound to accounts of `accounts` (the org's chart). */
export function createAssetTypes(accounts: readonly XeroRecord[], rnd: Random): AssetTypeInfo[] {
  const chart = new ChartLookup(accounts);
  return TYPE_PLANS.map((plan) => {
    const id = rnd.guid();
    const fixed = chart.fixedAsset(plan.accountName);
    const record: XeroRecord = {
      assetTypeId: id,
      assetTypeName: plan.name,
      fixedAssetAccountId: idOf(fixed),
      depreciationExpenseAccountId: idOf(chart.depreciationExpense()),
      accumulatedDepreciationAccountId: idOf(chart.accumulatedDepreciation(fixed)),
      bookDepreciationSetting: {
        depreciableObjectId: id,
        depreciableObjectType: 'AssetType',
        bookEffectiveDateOfChangeId: rnd.guid(),
        depreciationMethod: plan.method,
        averagingMethod: plan.averaging,
        depreciationRate: plan.ratePercent,
        // Every example in xero_assets.yaml pairs a rate with "None" (UNCERTAIN: "Rate" may be
        // what the service writes for rate-based settings).
        depreciationCalculationMethod: 'None',
      },
      taxDepreciationSettings: [],
      locks: 0,
      lockPrivateUseAccount: false,
    };
    return { id, plan, record };
  });
}

/** Finds the accounts asset types and settings post to, falling back when a chart lacks one. */
export class ChartLookup {
  readonly #accounts: readonly XeroRecord[];

  constructor(accounts: readonly XeroRecord[]) {
    this.#accounts = accounts.filter((a) => a['Status'] === 'ACTIVE');
  }

  /** The FIXED account named `name`, else the first fixed-asset (not contra) account, else any asset account. */
  fixedAsset(name: string): XeroRecord | undefined {
    const fixed = this.#accounts.filter((a) => a['Type'] === 'FIXED' && !isContra(a));
    return fixed.find((a) => a['Name'] === name) ?? fixed[0] ?? this.#accounts.find((a) => a['Class'] === 'ASSET');
  }

  /** "Less Accumulated Depreciation on <fixed account>", else any accumulated-depreciation account, else the asset account itself. */
  accumulatedDepreciation(fixed: XeroRecord | undefined): XeroRecord | undefined {
    const contra = this.#accounts.filter(isContra);
    return contra.find((a) => a['Name'] === `Less Accumulated Depreciation on ${String(fixed?.['Name'])}`) ?? contra[0] ?? fixed;
  }

  /** The DEPRECIATN account, else an expense account about depreciation, else the first expense account. */
  depreciationExpense(): XeroRecord | undefined {
    const expenses = this.#accounts.filter((a) => a['Type'] === 'EXPENSE' || a['Type'] === 'OVERHEADS');
    return this.#accounts.find((a) => a['Type'] === 'DEPRECIATN') ?? expenses.find((a) => /depreciation/i.test(String(a['Name']))) ?? expenses[0];
  }

  /** A revenue account for gains on disposal: other income first, then any revenue but sales. */
  gainAccount(): XeroRecord | undefined {
    const revenue = this.#accounts.filter((a) => a['Class'] === 'REVENUE');
    return revenue.find((a) => a['Type'] === 'OTHERINCOME') ?? revenue.find((a) => /other/i.test(String(a['Name']))) ?? revenue[0];
  }

  /** An expense account for losses on disposal: general expenses if there is one. */
  lossAccount(): XeroRecord | undefined {
    const expenses = this.#accounts.filter((a) => a['Class'] === 'EXPENSE' && a['Type'] !== 'DEPRECIATN');
    return expenses.find((a) => /general/i.test(String(a['Name']))) ?? expenses[0];
  }
}

function isContra(account: XeroRecord): boolean {
  return /accumulated depreciation/i.test(String(account['Name']));
}

/** An account's id; the all-zero GUID when the chart has no account to offer (never at our orgs). */
function idOf(account: XeroRecord | undefined): string {
  return String(account?.['AccountID'] ?? '00000000-0000-0000-0000-000000000000');
}
