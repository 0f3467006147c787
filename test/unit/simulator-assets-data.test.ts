/**
 * The Assets API's generated register adds up, for both organisations: each asset's book
 * depreciation is recomputed here from its cost, method, rate and dates (independently of the
 * generator's month-by-month code), book values and disposal gains follow from it, asset types
 * post to the right real accounts, and the settings agree with the register.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bookDepreciation } from '../../src/simulator/assets/depreciation.js';
import { generateAssetsData } from '../../src/simulator/assets/index.js';
import { DEFAULT_AS_OF_MS, generateOrganisations } from '../../src/simulator/data/generate.js';
import { Random } from '../../src/simulator/data/random.js';
import type { OrgData, XeroRecord } from '../../src/simulator/data/types.js';

const DAY = 86_400_000;
const orgs = generateOrganisations({ seed: 4, scale: 1, asOfMs: DEFAULT_AS_OF_MS });
const ASSET_DATE = /^\d{4}-\d{2}-\d{2}T00:00:00$/;
const day = (text: unknown): number => Date.parse(`${String(text).slice(0, 10)}T00:00:00Z`);
const cents = (v: unknown): number => Math.round(Number(v) * 100);
const obj = (v: unknown): XeroRecord => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as XeroRecord) : {});

/** Whole months from the month of `startMs` through the last month that ends on or before `throughMs`. */
function fullMonths(startMs: number, throughMs: number): number {
  const s = new Date(startMs);
  const t = new Date(throughMs + DAY);
  return (t.getUTCFullYear() - s.getUTCFullYear()) * 12 + t.getUTCMonth() - s.getUTCMonth();
}

/**
 * The expected accumulated depreciation in cents, from the textbook formulas: straight line is
 * cost × rate × (days / 365) or × (months / 12); diminishing value compounds the book value
 * month by month. Returns the tolerance the generator's per-month rounding allows.
 */
function expectedDepreciation(asset: XeroRecord, throughMs: number): { cents: number; tolerance: number } {
  const setting = obj(asset['bookDepreciationSetting']);
  const cost = cents(asset['purchasePrice']);
  const rate = Number(setting['depreciationRate']) / 100;
  const start = day(asset['purchaseDate']);
  const months = Math.max(0, fullMonths(start, throughMs)) + 1;
  if (throughMs < start) return { cents: 0, tolerance: 0 };
  if (setting['depreciationMethod'] === 'StraightLine') {
    const fraction = setting['averagingMethod'] === 'ActualDays' ? ((throughMs - start) / DAY + 1) / 365 : fullMonths(start, throughMs) / 12;
    return { cents: Math.min(cost, cost * rate * fraction), tolerance: months * 0.5 + 1 };
  }
  assert.equal(setting['depreciationMethod'], 'DiminishingValue100');
  assert.equal(setting['averagingMethod'], 'ActualDays');
  // Continuous-in-month compounding: each month's days are charged on the book value at its start.
  let book = cost;
  for (let m = new Date(start).getUTCMonth(), y = new Date(start).getUTCFullYear(); Date.UTC(y, m, 1) <= throughMs; m++) {
    const from = Math.max(start, Date.UTC(y, m, 1));
    const to = Math.min(throughMs, Date.UTC(y, m + 1, 0));
    book -= book * rate * (((to - from) / DAY + 1) / 365);
  }
  return { cents: cost - book, tolerance: months * 0.5 + 1 };
}

describe('bookDepreciation', () => {
  const base = { costCents: 1_000_000, residualCents: 0, startMs: Date.UTC(2025, 0, 1) };
  it('charges a year of straight line at the rate, by days or by whole months', () => {
    const byDays = bookDepreciation({ ...base, method: 'StraightLine', averaging: 'ActualDays', ratePercent: 20 }, Date.UTC(2025, 11, 31), 0);
    assert.ok(Math.abs(byDays.currentCents - 200_000) <= 6, `${byDays.currentCents}`);
    const byMonths = bookDepreciation({ ...base, method: 'StraightLine', averaging: 'FullMonth', ratePercent: 20 }, Date.UTC(2025, 11, 31), 0);
    assert.equal(byMonths.currentCents, 12 * 16_667);
    // FullMonth: a month cut short by a disposal is not charged.
    const cut = bookDepreciation({ ...base, method: 'StraightLine', averaging: 'FullMonth', ratePercent: 20 }, Date.UTC(2025, 11, 15), 0);
    assert.equal(cut.currentCents, 11 * 16_667);
  });

  it('compounds diminishing value and scales it by the 150/200 multipliers', () => {
    const dv = bookDepreciation({ ...base, method: 'DiminishingValue100', averaging: 'FullMonth', ratePercent: 40 }, Date.UTC(2025, 11, 31), 0).currentCents;
    const compounded = 1_000_000 * (1 - (1 - 0.4 / 12) ** 12);
    assert.ok(Math.abs(dv - compounded) <= 6, `${dv} vs ${compounded}`);
    const dv200 = bookDepreciation({ ...base, method: 'DiminishingValue200', averaging: 'FullMonth', ratePercent: 20 }, Date.UTC(2025, 11, 31), 0).currentCents;
    assert.equal(dv200, dv);
  });

  it('splits at the register start, stops at the residual value and handles the special methods', () => {
    const split = bookDepreciation({ ...base, method: 'StraightLine', averaging: 'FullMonth', ratePercent: 20 }, Date.UTC(2025, 11, 31), Date.UTC(2025, 6, 1));
    assert.deepEqual(split, { priorCents: 6 * 16_667, currentCents: 6 * 16_667 });
    const floored = bookDepreciation({ ...base, residualCents: 900_000, method: 'StraightLine', averaging: 'FullMonth', ratePercent: 50 }, Date.UTC(2027, 0, 31), 0);
    assert.equal(floored.currentCents, 100_000);
    assert.deepEqual(bookDepreciation({ ...base, method: 'NoDepreciation', averaging: 'FullMonth', ratePercent: 50 }, Date.UTC(2027, 0, 31), 0), { priorCents: 0, currentCents: 0 });
    assert.equal(bookDepreciation({ ...base, method: 'FullDepreciation', averaging: 'FullMonth', ratePercent: 0 }, Date.UTC(2025, 0, 31), 0).currentCents, 1_000_000);
    assert.deepEqual(bookDepreciation({ ...base, method: 'StraightLine', averaging: 'ActualDays', ratePercent: 20 }, Date.UTC(2024, 0, 1), 0), { priorCents: 0, currentCents: 0 });
  });
});

for (const org of orgs) {
  describe(`Assets data of ${org.tenantName}`, () => {
    const assets = org.assets?.collections['Assets'] ?? [];
    const types = org.assets?.collections['AssetTypes'] ?? [];
    const settings = org.assets?.collections['Settings']?.[0] ?? {};
    const registerStart = day(settings['assetStartDate']);
    const lastRun = day(settings['lastDepreciationDate']);

    it('has 15-25 assets across the three statuses and the settings that number them', () => {
      assert.ok(assets.length >= 15 && assets.length <= 25, `${assets.length} assets`);
      for (const status of ['Draft', 'Registered', 'Disposed']) assert.ok(assets.some((a) => a['assetStatus'] === status), `no ${status} asset`);
      const numbers = assets.map((a) => String(a['assetNumber']));
      assert.deepEqual(numbers, numbers.map((_, i) => `${String(settings['assetNumberPrefix'])}${String(i + 1).padStart(4, '0')}`));
      assert.equal(settings['assetNumberSequence'], String(assets.length + 1).padStart(4, '0'));
      assert.equal(new Set(assets.map((a) => a['assetName'])).size, assets.length, 'asset names are unique');
    });

    it('dates everything as the examples do, on or before "today"', () => {
      for (const a of assets) {
        for (const field of ['purchaseDate', 'disposalDate', 'warrantyExpiryDate']) if (field in a) assert.match(String(a[field]), ASSET_DATE);
        assert.match(String(obj(a['bookDepreciationDetail'])['depreciationStartDate']), ASSET_DATE);
        assert.ok(day(a['purchaseDate']) < org.asOfMs);
        if (a['assetStatus'] === 'Disposed') assert.ok(day(a['disposalDate']) > day(a['purchaseDate']) && day(a['disposalDate']) <= org.asOfMs);
        else assert.ok(!('disposalDate' in a));
      }
      for (const field of ['assetStartDate', 'lastDepreciationDate']) assert.match(String(settings[field]), ASSET_DATE);
      assert.equal(new Date(registerStart).getUTCDate(), 1, 'the register starts on the first of a month');
      assert.equal(new Date(lastRun + DAY).getUTCDate(), 1, 'depreciation was last run at a month end');
      assert.ok(lastRun < org.asOfMs && org.asOfMs - lastRun <= 62 * DAY);
    });

    it('computes book depreciation, book values and disposal gains consistently', () => {
      let checked = 0;
      for (const a of assets) {
        const detail = obj(a['bookDepreciationDetail']);
        const prior = cents(detail['priorAccumDepreciationAmount']);
        const current = cents(detail['currentAccumDepreciationAmount']);
        const cost = cents(a['purchasePrice']);
        const label = `${String(a['assetNumber'])} ${String(a['assetName'])}`;
        assert.equal(obj(a['bookDepreciationSetting'])['depreciableObjectId'], a['assetId']);
        if (a['assetStatus'] === 'Draft') {
          assert.equal(prior + current, 0, `${label}: drafts are not depreciated`);
          assert.equal(cents(a['accountingBookValue']), cost);
          continue;
        }
        const through = a['assetStatus'] === 'Disposed' ? day(a['disposalDate']) : lastRun;
        const expected = expectedDepreciation(a, through);
        assert.ok(Math.abs(prior + current - expected.cents) <= expected.tolerance, `${label}: ${prior + current} cents, expected ${expected.cents.toFixed(1)}`);
        // Only months before the register started are prior depreciation.
        if (day(a['purchaseDate']) >= registerStart) assert.equal(prior, 0, `${label}: bought after the register started`);
        else if (fullMonths(day(a['purchaseDate']), registerStart - DAY) >= 1) assert.ok(prior > 0, `${label}: bought before the register started`);
        const book = cost - prior - current;
        assert.ok(book >= 0);
        if (a['assetStatus'] === 'Registered') {
          assert.equal(cents(a['accountingBookValue']), book, `${label}: book value`);
          assert.equal(cents(a['disposalPrice']), 0);
        } else {
          // Proceeds = book value at disposal + gain or loss + capital gain.
          const gain = cents(detail['currentGainLoss']) + cents(detail['currentCapitalGain']);
          assert.equal(cents(a['disposalPrice']) - book, gain, `${label}: disposal gain`);
          assert.equal(cents(detail['currentCapitalGain']), Math.max(0, cents(a['disposalPrice']) - cost));
          assert.equal(cents(a['accountingBookValue']), 0);
        }
        checked++;
      }
      assert.ok(checked >= 10);
      assert.ok(assets.some((a) => cents(obj(a['bookDepreciationDetail'])['priorAccumDepreciationAmount']) > 0), 'some asset predates the register');
    });

    it('binds asset types to the real fixed-asset, contra and depreciation accounts', () => {
      const accounts = new Map(org.accounting.collections.Accounts.map((a) => [a['AccountID'], a]));
      assert.ok(types.length >= 2);
      for (const t of types) {
        const fixed = accounts.get(t['fixedAssetAccountId']);
        const contra = accounts.get(t['accumulatedDepreciationAccountId']);
        const expense = accounts.get(t['depreciationExpenseAccountId']);
        assert.equal(fixed?.['Type'], 'FIXED', String(t['assetTypeName']));
        assert.doesNotMatch(String(fixed?.['Name']), /accumulated/i);
        assert.equal(contra?.['Name'], `Less Accumulated Depreciation on ${String(fixed?.['Name'])}`);
        assert.equal(expense?.['Type'], 'DEPRECIATN');
        const used = assets.filter((a) => a['assetTypeId'] === t['assetTypeId']);
        assert.ok(used.length > 0, `${String(t['assetTypeName'])} has assets`);
        const locked = used.filter((a) => cents(obj(a['bookDepreciationDetail'])['priorAccumDepreciationAmount']) + cents(obj(a['bookDepreciationDetail'])['currentAccumDepreciationAmount']) > 0);
        assert.equal(t['locks'], locked.length);
        // Each asset follows its type's depreciation settings.
        for (const a of used) {
          const own = obj(a['bookDepreciationSetting']);
          const typeSetting = obj(t['bookDepreciationSetting']);
          for (const key of ['depreciationMethod', 'averagingMethod', 'depreciationRate']) assert.equal(own[key], typeSetting[key]);
        }
      }
      for (const key of ['defaultGainOnDisposalAccountId', 'defaultLossOnDisposalAccountId', 'defaultCapitalGainOnDisposalAccountId']) {
        assert.ok(accounts.has(settings[key]), `${key} is an account of the organisation`);
      }
      assert.equal(accounts.get(settings['defaultGainOnDisposalAccountId'])?.['Class'], 'REVENUE');
      assert.equal(accounts.get(settings['defaultLossOnDisposalAccountId'])?.['Class'], 'EXPENSE');
    });
  });
}

describe('Assets data generation', () => {
  const org = orgs[1] as OrgData;
  it('is deterministic for a seed, differs between seeds and grows with the scale', () => {
    const once = generateAssetsData(org, new Random(5), 1);
    assert.deepEqual(generateAssetsData(org, new Random(5), 1), once);
    assert.notDeepEqual(generateAssetsData(org, new Random(6), 1), once);
    assert.equal(generateAssetsData(org, new Random(5), 5)?.collections['Assets']?.length, 100);
  });
});
