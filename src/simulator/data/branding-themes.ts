/**
 * BrandingThemes: the invoice templates sales documents name in `BrandingThemeID`.
 */
import { toMsDate } from './msdate.js';
import type { OrgProfile } from './profiles.js';
import type { Random } from './random.js';
import type { XeroRecord } from './types.js';

/** A theme as the generator uses it. */
export interface ThemeInfo {
  readonly id: string;
  readonly name: string;
  readonly record: XeroRecord;
}

/** The BrandingThemes collection, in SortOrder. @param createdMs when the organisation was set up. */
export function createBrandingThemes(profile: OrgProfile, rnd: Random, createdMs: number): ThemeInfo[] {
  return profile.brandingThemes.map((name, index) => {
    const id = rnd.guid();
    return {
      id,
      name,
      record: {
        BrandingThemeID: id,
        Name: name,
        Type: 'INVOICE',
        SortOrder: index,
        CreatedDateUTC: toMsDate(createdMs + index * 7 * 86_400_000 + rnd.int(0, 3_600_000)),
      },
    };
  });
}

/** The theme a new sales document uses: mostly the standard one. */
export function pickTheme(themes: readonly ThemeInfo[], rnd: Random): ThemeInfo {
  const first = themes[0];
  if (first === undefined) throw new RangeError('The organisation has no branding themes');
  return rnd.chance(0.8) ? first : rnd.pick(themes);
}
