/**
 * How Xero writes numbers and dates inside report cells and titles. Every format here is taken
 * from the example responses in xero_accounting.yaml (`/Reports/*`) and from captured API
 * Explorer responses; the report that uses each one is named in its comment.
 */
import type { Json } from '../../data/types.js';
import { toYmd } from './dates.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

function monthName(month: number): string {
  return MONTHS[month - 1] ?? '';
}

function shortMonth(month: number): string {
  return monthName(month).slice(0, 3);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Integer cents of a stored amount. Stored amounts are already rounded to cents, so scaling and
 * rounding recovers the exact integer (no float sums ever reach a report).
 */
export function toCents(value: Json | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 100) : 0;
}

/** A money cell: plain digits, two decimals, leading `-` when negative, no grouping (`-1850.00`). */
export function formatMoney(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${pad2(abs % 100)}`;
}

/** A ratio as Xero's percentage cell: one decimal and a `%` (`-21.8%`, `100.0%`). */
export function formatPercent(ratio: number): string {
  const text = (ratio * 100).toFixed(1);
  return `${text === '-0.0' ? '0.0' : text}%`;
}

/** A plain decimal with two places (`442.50`), as the Executive Summary's day counts. */
export function formatDecimal(value: number): string {
  const text = value.toFixed(2);
  return text === '-0.00' ? '0.00' : text;
}

/** `30 April 2019`: ReportDate and the "As at" / "From ... to" titles. */
export function formatLongDate(day: number): string {
  const d = toYmd(day);
  return `${d.day} ${monthName(d.month)} ${d.year}`;
}

/** `30 Apr 2019`: Balance Sheet column headers. */
export function formatColumnDate(day: number): string {
  const d = toYmd(day);
  return `${d.day} ${shortMonth(d.month)} ${d.year}`;
}

/** `31 Oct 19`: Profit and Loss column headers (two-digit year). */
export function formatShortYearDate(day: number): string {
  const d = toYmd(day);
  return `${d.day} ${shortMonth(d.month)} ${pad2(d.year % 100)}`;
}

/** `November 2019`: Budget Summary and Executive Summary titles. */
export function formatMonthYear(day: number): string {
  const d = toYmd(day);
  return `${monthName(d.month)} ${d.year}`;
}

/** `Nov 2019`: Executive Summary column headers. */
export function formatShortMonthYear(day: number): string {
  const d = toYmd(day);
  return `${shortMonth(d.month)} ${d.year}`;
}

/** `Jan-20`: Budget Summary column headers. */
export function formatBudgetPeriod(day: number): string {
  const d = toYmd(day);
  return `${shortMonth(d.month)}-${pad2(d.year % 100)}`;
}

/** `4/30/2019`: the fromDate/toDate attributes of earnings rows (US order, no padding). */
export function formatAttributeDate(day: number): string {
  const d = toYmd(day);
  return `${d.month}/${d.day}/${d.year}`;
}

/** `2018-10-09T00:00:00`: dates in the aged reports' rows. */
export function formatIsoDateTime(day: number): string {
  const d = toYmd(day);
  return `${d.year}-${pad2(d.month)}-${pad2(d.day)}T00:00:00`;
}
