/**
 * The Organisation record (`GET /Organisation`, a one-element `Organisations` array).
 */
import { toMsDate } from './msdate.js';
import type { OrgProfile } from './profiles.js';
import type { Random } from './random.js';
import type { XeroRecord } from './types.js';

/**
 * The organisation's record. @param organisationId the tenant id (Xero's tenantId for an
 * organisation is its OrganisationID); @param lockDateMs the end-of-year lock date.
 */
export function organisationRecord(
  profile: OrgProfile,
  rnd: Random,
  organisationId: string,
  createdMs: number,
  lockDateMs: number,
): XeroRecord {
  const place = profile.places[0];
  return {
    OrganisationID: organisationId,
    APIKey: rnd.string(30),
    Name: profile.name,
    LegalName: profile.legalName,
    PaysTax: true,
    Version: profile.version,
    OrganisationType: 'COMPANY',
    BaseCurrency: profile.baseCurrency,
    CountryCode: profile.countryCode,
    IsDemoCompany: profile.isDemoCompany,
    OrganisationStatus: 'ACTIVE',
    RegistrationNumber: profile.registrationNumber,
    TaxNumber: profile.taxNumber,
    FinancialYearEndDay: profile.fyEndDay,
    FinancialYearEndMonth: profile.fyEndMonth,
    SalesTaxBasis: profile.salesTaxBasis,
    SalesTaxPeriod: profile.salesTaxPeriod,
    DefaultSalesTax: 'Tax Exclusive',
    DefaultPurchasesTax: 'Tax Inclusive',
    EndOfYearLockDate: toMsDate(lockDateMs),
    CreatedDateUTC: toMsDate(createdMs),
    OrganisationEntityType: 'COMPANY',
    Timezone: profile.timezone,
    ShortCode: `!${rnd.string(5, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`,
    Edition: 'BUSINESS',
    Class: profile.organisationClass,
    LineOfBusiness: profile.lineOfBusiness,
    Addresses:
      place === undefined
        ? []
        : [
            { AddressType: 'STREET', AddressLine1: `${rnd.int(1, 200)} Harbour Street`, City: place.city, Region: place.region, PostalCode: place.postalCode, Country: place.country },
            { AddressType: 'POBOX', AddressLine1: `PO Box ${rnd.int(100, 9999)}`, City: place.city, Region: place.region, PostalCode: place.postalCode, Country: place.country },
          ],
    Phones: [{ PhoneType: 'OFFICE', PhoneNumber: `${rnd.int(2000, 9999)} ${rnd.int(1000, 9999)}`, PhoneAreaCode: profile.areaCodes[0]?.slice(1) ?? '', PhoneCountryCode: profile.phoneCountryCode }],
    ExternalLinks: [{ LinkType: 'Website', Url: `https://www.${profile.domain}` }],
    PaymentTerms: { Bills: { Day: 20, Type: 'OFFOLLOWINGMONTH' }, Sales: { Day: 30, Type: 'DAYSAFTERBILLDATE' } },
  };
}
