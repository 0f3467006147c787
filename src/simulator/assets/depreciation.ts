/**
 * Book depreciation of one asset, computed month by month the way Xero's fixed-asset register
 * runs it: each month's charge is rounded to the cent, and the asset is never depreciated below
 * its residual value.
 *
 * - Straight line: `(cost - residual) × rate × fraction` each month.
 * - Diminishing value: `book value × rate × multiplier × fraction`, where the multiplier is 1, 1.5
 *   or 2 for DiminishingValue100/150/200.
 * - Averaging `ActualDays`: the fraction is the days depreciated in the month over 365;
 *   `FullMonth`: a month counts as 1/12 in full, from the month of purchase, and a final month cut
 *   short (by a disposal) does not count.
 * - `FullDepreciation` writes the asset off in its first month; `NoDepreciation` never charges.
 *
 * UNCERTAIN: Xero documents the methods' names, not its rounding or day-count conventions; the
 * figures follow the textbook definitions above.
 */
import { DAY_MS } from '../data/msdate.js';

export const DEPRECIATION_METHODS = [
  'NoDepreciation',
  'StraightLine',
  'DiminishingValue100',
  'DiminishingValue150',
  'DiminishingValue200',
  'FullDepreciation',
] as const;
export type DepreciationMethod = (typeof DEPRECIATION_METHODS)[number];
export type AveragingMethod = 'FullMonth' | 'ActualDays';

/** What decides an asset's depreciation. Amounts are in cents. */
export interface DepreciationTerms {
  readonly method: DepreciationMethod;
  readonly averaging: AveragingMethod;
  /** Annual rate in percent (25 means 25% a year). */
  readonly ratePercent: number;
  readonly costCents: number;
  readonly residualCents: number;
  /** The first day depreciated (a UTC midnight). */
  readonly startMs: number;
}

/** Accumulated depreciation, split at the day the register started. */
export interface DepreciationSplit {
  /** Charged for months before the register's start (`priorAccumDepreciationAmount`). */
  readonly priorCents: number;
  /** Charged from the register's start on (`currentAccumDepreciationAmount`). */
  readonly currentCents: number;
}

const DV_MULTIPLIER: Partial<Record<DepreciationMethod, number>> = {
  DiminishingValue100: 1,
  DiminishingValue150: 1.5,
  DiminishingValue200: 2,
};

/**
 * Depreciation from `terms.startMs` through `throughMs` (inclusive, a UTC midnight). Months
 * starting before `registerStartMs` (the first of a month) are prior depreciation.
 */
export function bookDepreciation(terms: DepreciationTerms, throughMs: number, registerStartMs: number): DepreciationSplit {
  let prior = 0;
  let current = 0;
  const limit = Math.max(0, terms.costCents - terms.residualCents);
  if (terms.method === 'NoDepreciation' || throughMs < terms.startMs || limit === 0) return { priorCents: 0, currentCents: 0 };
  const start = new Date(terms.startMs);
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth(); ; m++) {
    const monthStart = Date.UTC(y, m, 1);
    if (monthStart > throughMs) break;
    const monthEnd = Date.UTC(y, m + 1, 0);
    const from = Math.max(monthStart, terms.startMs);
    const to = Math.min(monthEnd, throughMs);
    const charged = prior + current;
    const charge = Math.min(limit - charged, monthCharge(terms, charged, from, to, to === monthEnd));
    if (charge > 0) {
      if (monthStart < registerStartMs) prior += charge;
      else current += charge;
    }
    if (prior + current >= limit) break;
  }
  return { priorCents: prior, currentCents: current };
}

/** One month's charge in cents, before the residual-value cap. */
function monthCharge(terms: DepreciationTerms, chargedCents: number, fromMs: number, toMs: number, wholeMonthEnd: boolean): number {
  if (terms.method === 'FullDepreciation') return terms.costCents;
  const fraction = terms.averaging === 'FullMonth' ? (wholeMonthEnd ? 1 / 12 : 0) : ((toMs - fromMs) / DAY_MS + 1) / 365;
  const rate = terms.ratePercent / 100;
  const multiplier = DV_MULTIPLIER[terms.method];
  const base = multiplier === undefined ? terms.costCents - terms.residualCents : (terms.costCents - chargedCents) * multiplier;
  return Math.round(base * rate * fraction);
}
