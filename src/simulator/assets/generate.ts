/**
 * The Assets API's data for one organisation: asset types bound to its chart of accounts, a
 * fixed-asset register across the three statuses, and the register's settings.
 *
 * The register started on the first day of the financial year in which the books begin
 * (`assetStartDate`) and depreciation has been run to the end of the month before "today"
 * (`lastDepreciationDate`). An asset bought before the register started carries the depreciation
 * of the months before it as `priorAccumDepreciationAmount`; what was charged since is
 * `currentAccumDepreciationAmount`, and `accountingBookValue` is what remains of the cost. Drafts
 * are recent purchases not yet registered, so nothing has been charged on them. Disposed assets
 * were depreciated up to their disposal and show the gain or loss it made.
 */
import { DAY_MS } from '../data/msdate.js';
import type { Random } from '../data/random.js';
import type { ApiData, OrgData, XeroRecord } from '../data/types.js';
import { type AssetTypeInfo, ChartLookup, createAssetTypes } from './asset-types.js';
import { assetDate } from './dates.js';
import { bookDepreciation, type DepreciationSplit } from './depreciation.js';

/** Assets at `scale: 1`, and at least this many so every status and type appears. */
const ASSETS_AT_SCALE_1 = 20;
const MIN_ASSETS = 15;
export const ASSET_NUMBER_PREFIX = 'FA-';

type Status = 'Draft' | 'Registered' | 'Disposed';

/** An asset before its number is known (numbers follow purchase order). */
interface AssetPlan {
  readonly id: string;
  readonly type: AssetTypeInfo;
  readonly name: string;
  readonly status: Status;
  readonly purchaseMs: number;
  readonly costCents: number;
  readonly disposalMs?: number;
  /** Fraction of the book value at disposal the asset fetched (0 for a write-off). */
  readonly disposalRatio?: number;
  readonly serialNumber?: string;
  readonly warrantyMs?: number;
  readonly changeId: string;
}

/**
 * Builds the Assets API collections for `org`: `Assets`, `AssetTypes` and `Settings` (see
 * index.ts).
 */
export function buildAssetsData(org: OrgData, rnd: Random, scale: number): ApiData {
  const accounts = org.accounting.collections.Accounts;
  const types = createAssetTypes(accounts, rnd.fork('types'));
  const registerStartMs = financialYearStart(org, org.asOfMs - 730 * DAY_MS);
  const asOf = new Date(org.asOfMs);
  // Depreciation is run after each month ends: the last run covered the month before "today".
  const lastRunMs = Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth(), 0);

  const count = Math.max(MIN_ASSETS, Math.round(ASSETS_AT_SCALE_1 * scale));
  const plans = planAssets(org, rnd.fork('register'), types, count);
  const assets: XeroRecord[] = [];
  const locks = new Map<string, number>();
  plans.forEach((plan, index) => {
    const number = `${ASSET_NUMBER_PREFIX}${String(index + 1).padStart(4, '0')}`;
    const record = assetRecord(plan, number, registerStartMs, lastRunMs);
    const detail = record['bookDepreciationDetail'] as XeroRecord;
    if (Number(detail['priorAccumDepreciationAmount']) + Number(detail['currentAccumDepreciationAmount']) > 0) {
      locks.set(plan.type.id, (locks.get(plan.type.id) ?? 0) + 1);
    }
    assets.push(record);
  });
  for (const type of types) {
    // "All asset types that have accumulated depreciation for any assets that use them are deemed 'locked'."
    type.record['locks'] = locks.get(type.id) ?? 0;
  }

  const chart = new ChartLookup(accounts);
  const gain = chart.gainAccount();
  const settings: XeroRecord = {
    assetNumberPrefix: ASSET_NUMBER_PREFIX,
    // The next number to be issued.
    assetNumberSequence: String(plans.length + 1).padStart(4, '0'),
    assetStartDate: assetDate(registerStartMs),
    lastDepreciationDate: assetDate(lastRunMs),
    defaultGainOnDisposalAccountId: String(gain?.['AccountID']),
    defaultLossOnDisposalAccountId: String(chart.lossAccount()?.['AccountID']),
    defaultCapitalGainOnDisposalAccountId: String(gain?.['AccountID']),
    optInForTax: false,
  };
  return { collections: { Assets: assets, AssetTypes: types.map((t) => t.record), Settings: [settings] }, blobs: new Map() };
}

/** Chooses each asset's type, status and dates, sorted by purchase date. */
function planAssets(org: OrgData, rnd: Random, types: readonly AssetTypeInfo[], count: number): AssetPlan[] {
  const plans: (Omit<AssetPlan, 'name'> & { readonly base: string })[] = [];
  // Each type works through its examples in a shuffled cycle, so repeats come only once all were used.
  const cycles = types.map((t) => shuffled(rnd, t.plan.examples));
  // The first three cover every status, so each status filter has something to list.
  const first: Status[] = ['Registered', 'Draft', 'Disposed'];
  for (let i = 0; i < count; i++) {
    const status = first[i] ?? rnd.weighted<Status>([['Registered', 13], ['Draft', 3], ['Disposed', 4]]);
    const typeIndex = i % types.length;
    const type = types[typeIndex] as AssetTypeInfo;
    const cycle = cycles[typeIndex] ?? [];
    const [base, low, high] = cycle[Math.floor(i / types.length) % cycle.length] ?? ['Asset', 500, 1000];
    // Drafts were bought recently and await registration; disposed assets were held a while first.
    const purchaseMs =
      status === 'Draft'
        ? org.asOfMs - rnd.int(3, 75) * DAY_MS
        : status === 'Disposed'
          ? org.asOfMs - rnd.int(420, 1800) * DAY_MS
          : org.asOfMs - rnd.int(20, 1800) * DAY_MS;
    const disposalMs = status === 'Disposed' ? Math.min(purchaseMs + rnd.int(200, 1200) * DAY_MS, org.asOfMs - rnd.int(1, 60) * DAY_MS) : undefined;
    plans.push({
      id: rnd.guid(),
      type,
      base,
      status,
      purchaseMs,
      costCents: rnd.int(low * 100, high * 100),
      ...(disposalMs !== undefined ? { disposalMs, disposalRatio: rnd.chance(0.2) ? 0 : rnd.int(40, 130) / 100 } : {}),
      ...(type.plan.serialised && rnd.chance(0.75) ? { serialNumber: rnd.string(12) } : {}),
      ...(type.plan.serialised && rnd.chance(0.6) ? { warrantyMs: purchaseMs + rnd.int(1, 3) * 365 * DAY_MS } : {}),
      changeId: rnd.guid(),
    });
  }
  plans.sort((a, b) => a.purchaseMs - b.purchaseMs || a.id.localeCompare(b.id));
  // Named in purchase order: the second copier bought is "... #2".
  const seen = new Map<string, number>();
  return plans.map(({ base, ...plan }) => {
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { ...plan, name: n === 1 ? base : `${base} #${n}` };
  });
}

function shuffled<T>(rnd: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rnd.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The asset as `/Assets/{id}` returns it. */
function assetRecord(plan: AssetPlan, number: string, registerStartMs: number, lastRunMs: number): XeroRecord {
  const setting = plan.type.record['bookDepreciationSetting'] as XeroRecord;
  const terms = {
    method: plan.type.plan.method,
    averaging: plan.type.plan.averaging,
    ratePercent: plan.type.plan.ratePercent,
    costCents: plan.costCents,
    residualCents: 0,
    startMs: plan.purchaseMs,
  };
  // Drafts are not depreciated; disposed assets up to the day of disposal.
  const split: DepreciationSplit =
    plan.status === 'Draft'
      ? { priorCents: 0, currentCents: 0 }
      : bookDepreciation(terms, plan.disposalMs ?? lastRunMs, registerStartMs);
  const bookCents = plan.costCents - split.priorCents - split.currentCents;
  const disposalCents = plan.disposalRatio !== undefined ? Math.round(bookCents * plan.disposalRatio) : 0;
  // Proceeds above cost are a capital gain; up to cost they recover (or fall short of) book value.
  const capitalGainCents = Math.max(0, disposalCents - plan.costCents);
  const gainLossCents = plan.status === 'Disposed' ? Math.min(disposalCents, plan.costCents) - bookCents : 0;
  const depreciated = split.priorCents + split.currentCents > 0;
  return {
    assetId: plan.id,
    assetName: plan.name,
    assetTypeId: plan.type.id,
    assetNumber: number,
    purchaseDate: assetDate(plan.purchaseMs),
    purchasePrice: plan.costCents / 100,
    ...(plan.disposalMs !== undefined ? { disposalDate: assetDate(plan.disposalMs) } : {}),
    disposalPrice: disposalCents / 100,
    assetStatus: plan.status,
    ...(plan.warrantyMs !== undefined ? { warrantyExpiryDate: assetDate(plan.warrantyMs) } : {}),
    ...(plan.serialNumber !== undefined ? { serialNumber: plan.serialNumber } : {}),
    trackingItems: [],
    bookDepreciationSetting: {
      depreciableObjectId: plan.id,
      depreciableObjectType: 'Asset',
      bookEffectiveDateOfChangeId: plan.changeId,
      depreciationMethod: setting['depreciationMethod'] ?? null,
      averagingMethod: setting['averagingMethod'] ?? null,
      depreciationRate: setting['depreciationRate'] ?? null,
      depreciationCalculationMethod: setting['depreciationCalculationMethod'] ?? null,
    },
    bookDepreciationDetail: {
      depreciationStartDate: assetDate(plan.purchaseMs),
      priorAccumDepreciationAmount: split.priorCents / 100,
      currentAccumDepreciationAmount: split.currentCents / 100,
      currentCapitalGain: capitalGainCents / 100,
      currentGainLoss: gainLossCents / 100,
    },
    taxDepreciationSettings: [],
    taxDepreciationDetails: [],
    // A disposed asset cannot go back to draft; drafts can be deleted. UNCERTAIN: the spec does not
    // define canRollback or isDeleteEnabledForDate beyond their names and examples.
    canRollback: plan.status !== 'Disposed',
    metaData: { bookDepreciationDetailsCanChange: !depreciated, taxDepreciationDetailsCanChange: !depreciated },
    // A disposed asset is off the books. UNCERTAIN: the spec has no disposed example.
    accountingBookValue: plan.status === 'Disposed' ? 0 : bookCents / 100,
    taxValues: [],
    isDeleteEnabledForDate: plan.status === 'Draft',
  };
}

/** The first day of the organisation's financial year containing `ms`. */
function financialYearStart(org: OrgData, ms: number): number {
  const month = Number(org.accounting.organisation['FinancialYearEndMonth'] ?? 12);
  const day = Number(org.accounting.organisation['FinancialYearEndDay'] ?? 31);
  const year = new Date(ms).getUTCFullYear();
  // The day after this calendar year's year end, or the previous year's if that is still ahead.
  const start = Date.UTC(year, month - 1, day) + DAY_MS;
  return start <= ms ? start : Date.UTC(year - 1, month - 1, day) + DAY_MS;
}
