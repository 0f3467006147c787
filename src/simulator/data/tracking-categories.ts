/**
 * TrackingCategories: two categories (Region, Department) whose options tag line items. One option
 * of each is archived part-way through the books, so only older transactions carry it.
 */
import type { OrgProfile } from './profiles.js';
import type { Random } from './random.js';
import type { XeroRecord } from './types.js';

/** A tracking option as line items reference it. */
export interface TrackingOptionInfo {
  readonly id: string;
  readonly name: string;
  readonly categoryId: string;
  readonly categoryName: string;
  /** When it was archived; Infinity while active. */
  readonly archivedAtMs: number;
  /**
   * `{Name, Option, TrackingCategoryID, TrackingOptionID}`, the form in line items' `Tracking`
   * and journal lines' `TrackingCategories`. Shared by every line that uses the option.
   */
  readonly lineRef: XeroRecord;
}

/** One category with its options. */
export interface TrackingCategoryInfo {
  readonly id: string;
  readonly name: string;
  readonly options: readonly TrackingOptionInfo[];
}

/** Both categories and their records. */
export class Tracking {
  readonly categories: readonly TrackingCategoryInfo[];
  readonly records: XeroRecord[];

  constructor(profile: OrgProfile, rnd: Random, archivedAtMs: number) {
    const categories: TrackingCategoryInfo[] = [];
    const records: XeroRecord[] = [];
    for (const def of profile.tracking) {
      const categoryId = rnd.guid();
      const options: TrackingOptionInfo[] = def.options.map((name) => {
        const id = rnd.guid();
        return {
          id,
          name,
          categoryId,
          categoryName: def.name,
          archivedAtMs: name === def.archived ? archivedAtMs : Infinity,
          lineRef: { Name: def.name, Option: name, TrackingCategoryID: categoryId, TrackingOptionID: id },
        };
      });
      categories.push({ id: categoryId, name: def.name, options });
      records.push({
        Name: def.name,
        Status: 'ACTIVE',
        TrackingCategoryID: categoryId,
        Options: options.map((o) => ({
          TrackingOptionID: o.id,
          Name: o.name,
          Status: o.archivedAtMs === Infinity ? 'ACTIVE' : 'ARCHIVED',
        })),
      });
    }
    this.categories = categories;
    this.records = records;
  }

  /**
   * Tracking for a line created at `atMs`: a Region most of the time, a Department about half
   * the time, never an option archived by then.
   */
  pick(rnd: Random, atMs: number): XeroRecord[] {
    const tags: XeroRecord[] = [];
    for (const [index, category] of this.categories.entries()) {
      if (!rnd.chance(index === 0 ? 0.75 : 0.45)) continue;
      const option = rnd.pick(category.options);
      if (atMs < option.archivedAtMs) tags.push(option.lineRef);
    }
    return tags;
  }
}
