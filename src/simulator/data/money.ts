/**
 * Money arithmetic for the generator. Every amount is held in integer cents (quantities in
 * hundredths, unit prices in ten-thousandths, rates in basis points) so that sums are exact, and
 * only turned into a JSON number at the edge, where `cents / 100` is the closest double to the
 * two-decimal value and prints as it (12.34, never 12.340000000000002).
 */

/** A JSON amount from integer cents. */
export function amount(cents: number): number {
  return cents / 100;
}

/** Integer cents of a JSON amount (the inverse of {@link amount}, tolerant of float noise). */
export function toCents(value: number): number {
  return Math.round(value * 100);
}

/**
 * `Quantity × UnitAmount × (1 − DiscountRate/100)` rounded to cents, as Xero computes LineAmount.
 * Inputs: quantity in hundredths, unit amount in ten-thousandths, discount in basis points.
 * Callers keep `qty100 × unit10000` below 9e11 so the product stays an exact double.
 */
export function lineAmountCents(qty100: number, unit10000: number, discountBp: number): number {
  const product = qty100 * unit10000 * (10_000 - discountBp);
  return Math.round(product / 100_000_000);
}

/**
 * Tax on one line, rounded per line as Xero does by default. For tax-inclusive lines the tax is
 * the part of the amount that is tax: `amount × rate / (1 + rate)`.
 */
export function taxCents(lineCents: number, rateBp: number, inclusive: boolean): number {
  if (rateBp === 0) return 0;
  return inclusive
    ? Math.round((lineCents * rateBp) / (10_000 + rateBp))
    : Math.round((lineCents * rateBp) / 10_000);
}

/**
 * Base-currency cents of a foreign amount. Xero's `CurrencyRate` is units of the foreign currency
 * per unit of the base currency, so base = foreign / rate.
 */
export function toBaseCents(cents: number, rate: number): number {
  return rate === 1 ? cents : Math.round(cents / rate);
}
