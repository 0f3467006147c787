/**
 * What every area generator of one organisation shares: its profile, time frame, reference data
 * (chart, tax rates, tracking, contacts, items, users, themes), the record store and the ledger.
 */
import type { Books } from './books.js';
import type { Chart } from './chart-of-accounts.js';
import type { ContactDirectory } from './contacts.js';
import type { FxRates } from './currencies.js';
import type { History } from './history.js';
import type { ItemInfo } from './items.js';
import type { Ledger } from './journals.js';
import type { OrgProfile } from './profiles.js';
import type { Random } from './random.js';
import type { TaxTable } from './tax-rates.js';
import type { ThemeInfo } from './branding-themes.js';
import type { Tracking } from './tracking-categories.js';
import type { UserInfo } from './users.js';

/** One organisation's generation state. */
export interface OrgContext {
  readonly profile: OrgProfile;
  /** The organisation's root stream; areas fork their own from it. */
  readonly rnd: Random;
  readonly scale: number;
  /** "Today" of the books (a UTC midnight); nothing happens at or after it. */
  readonly asOfMs: number;
  /** First day of the books: two years before `asOfMs`. */
  readonly startMs: number;
  readonly orgCreatedMs: number;
  readonly books: Books;
  readonly ledger: Ledger;
  readonly chart: Chart;
  readonly taxes: TaxTable;
  readonly fx: FxRates;
  readonly tracking: Tracking;
  readonly users: readonly UserInfo[];
  readonly themes: readonly ThemeInfo[];
  readonly contacts: ContactDirectory;
  readonly items: readonly ItemInfo[];
  readonly history: History;
}

/** `base × scale` rounded, but at least `min` so small scales still show every case. */
export function scaled(scale: number, base: number, min: number): number {
  return Math.max(min, Math.round(base * scale));
}
