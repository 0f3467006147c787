/**
 * TaxRates: the country's Xero tax types (AU GST, NZ GST 15%) as records, plus the lookup the
 * line-item builder uses to tax a line.
 */
import type { OrgProfile, TaxRole } from './profiles.js';
import type { XeroRecord } from './types.js';

/** A tax type as the generator uses it. */
export interface TaxInfo {
  readonly taxType: string;
  readonly name: string;
  /** Rate in basis points (1000 = 10%). */
  readonly rateBp: number;
}

/** The organisation's tax rates by tax type and by role. */
export class TaxTable {
  readonly #byType = new Map<string, TaxInfo>();
  readonly #profile: OrgProfile;
  /** The TaxRates collection, in the order Xero lists a new organisation's rates. */
  readonly records: XeroRecord[] = [];

  constructor(profile: OrgProfile) {
    this.#profile = profile;
    for (const def of profile.taxRates) {
      this.#byType.set(def.taxType, { taxType: def.taxType, name: def.name, rateBp: def.rateBp });
      const rate = def.rateBp / 100;
      this.records.push({
        Name: def.name,
        TaxType: def.taxType,
        ReportTaxType: def.reportTaxType,
        CanApplyToAssets: true,
        CanApplyToEquity: true,
        CanApplyToExpenses: def.appliesTo !== 'income',
        CanApplyToLiabilities: true,
        CanApplyToRevenue: def.appliesTo !== 'expense',
        DisplayTaxRate: rate,
        EffectiveRate: rate,
        Status: 'ACTIVE',
        TaxComponents: [{ Name: 'GST', Rate: rate, IsCompound: false, IsNonRecoverable: false }],
      });
    }
  }

  /** The tax type with this code; throws for a code the country does not have. */
  get(taxType: string): TaxInfo {
    const info = this.#byType.get(taxType);
    if (info === undefined) throw new RangeError(`No tax type ${taxType} in ${this.#profile.countryCode}`);
    return info;
  }

  /** The country's tax type for a role (AU `sales` is `OUTPUT`, NZ's is `OUTPUT2`). */
  role(role: TaxRole): TaxInfo {
    return this.get(this.#profile.taxRoles[role]);
  }
}
