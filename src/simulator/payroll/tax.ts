/**
 * PAYG withholding and the superannuation guarantee rate, close enough to the ATO's to look
 * right on a payslip. Withholding uses the shape of the ATO's weekly formula (NAT 1004: `y = a·x −
 * b` on whole weekly dollars plus 99 cents, in brackets, then rounded to a dollar, fortnightly
 * doubled, monthly ×13/3); the coefficients approximate the 2024-25 scales. It is a stand-in,
 * not a tax calculator.
 */

/** `[weekly earnings below, a, b]` brackets; the last bracket has no upper bound. */
type Scale = readonly (readonly [number, number, number])[];

/** Scale 2: the tax-free threshold is claimed. */
const SCALE_TFT: Scale = [
  [361, 0, 0],
  [500, 0.16, 57.8462],
  [625, 0.26, 107.8462],
  [721, 0.18, 57.8462],
  [865, 0.189, 64.3365],
  [1282, 0.3227, 180.0385],
  [2596, 0.32, 176.5769],
  [3653, 0.39, 358.3077],
  [Infinity, 0.47, 650.6154],
];

/** Scale 1: no tax-free threshold. */
const SCALE_NO_TFT: Scale = [
  [150, 0.16, 0.16],
  [371, 0.2117, 7.755],
  [515, 0.189, -0.6702],
  [932, 0.3227, 68.2367],
  [1957, 0.32, 65.7202],
  [3111, 0.39, 202.7113],
  [Infinity, 0.47, 451.585],
];

/** Whole-dollar withholding on weekly earnings of `weeklyDollars`. */
function weekly(weeklyDollars: number, tft: boolean, help: boolean): number {
  const x = Math.floor(weeklyDollars) + 0.99;
  const scale = tft ? SCALE_TFT : SCALE_NO_TFT;
  const [, a, b] = scale.find(([below]) => x < below) ?? [0, 0, 0];
  let tax = Math.max(0, Math.round(a * x - b));
  // Study and training loans add a percentage of the whole income once it is above the
  // repayment threshold (about $1,050 a week in 2024-25); 2% stands in for the bracket table.
  if (help && x >= 1050) tax += Math.round(x * 0.02);
  return tax;
}

/**
 * Tax withheld, in cents (always whole dollars), from `taxableCents` earned in one pay period
 * of a calendar with `periodsPerYear` periods (26 fortnightly, 12 monthly).
 */
export function paygWithholdingCents(taxableCents: number, periodsPerYear: 26 | 12, tft: boolean, help: boolean): number {
  if (taxableCents <= 0) return 0;
  const dollars = taxableCents / 100;
  if (periodsPerYear === 26) return 2 * weekly(dollars / 2, tft, help) * 100;
  return Math.round((weekly((dollars * 3) / 13, tft, help) * 13) / 3) * 100;
}

/**
 * The superannuation guarantee rate, in basis points, for earnings paid on `paymentMs`
 * (10.5% from 1 July 2022, 11% from 2023, 11.5% from 2024, 12% from 1 July 2025).
 */
export function superGuaranteeBp(paymentMs: number): number {
  return SG_STEPS.find(([from]) => paymentMs >= from)?.[1] ?? 1000;
}

const SG_STEPS: readonly (readonly [number, number])[] = [
  [Date.UTC(2025, 6, 1), 1200],
  [Date.UTC(2024, 6, 1), 1150],
  [Date.UTC(2023, 6, 1), 1100],
  [Date.UTC(2022, 6, 1), 1050],
];
