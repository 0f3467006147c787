/**
 * Shapes a stored (full) record for a response: Xero's list summaries, `summaryOnly`, and unit
 * amounts rounded to 2 decimal places unless the caller opted in to 4 with `unitdp=4`.
 */
import type { Json, XeroRecord } from '../data/types.js';
import type { ListSummary } from './endpoints.js';

export interface Projection {
  readonly summary?: ListSummary | undefined;
  readonly summaryOnly: boolean;
  readonly unitdp4: boolean;
  /** Per-request reshaping of nested arrays declared by filters (archived options, budget periods). */
  readonly nested: readonly ((r: XeroRecord) => XeroRecord)[];
}

/**
 * Fields `summaryOnly=true` leaves out: the "computation-heavy" parts named by the spec's
 * parameter description (line items, payments and allocations, addresses and people). Xero does
 * not publish the exact list (UNCERTAIN).
 */
const HEAVY_FIELDS = [
  'LineItems',
  'Payments',
  'CreditNotes',
  'Prepayments',
  'Overpayments',
  'Attachments',
  'Addresses',
  'Phones',
  'ContactPersons',
  'ContactGroups',
  'Balances',
  'PaymentTerms',
  'BatchPayments',
  'BrandingTheme',
  'SalesTrackingCategories',
  'PurchasesTrackingCategories',
] as const;

/** Paths of unit amounts, which Xero rounds to 2 dp unless `unitdp=4`. */
const UNIT_AMOUNT_FIELDS = ['UnitAmount', 'UnitPrice'] as const;

export function projectRecord(record: XeroRecord, p: Projection): XeroRecord {
  let out = record;
  for (const reshape of p.nested) out = reshape(out);
  if (p.summary) {
    const changes: XeroRecord = {};
    for (const key of p.summary.emptyArrays) if (Array.isArray(out[key])) changes[key] = [];
    if (p.summary.contactSummary) {
      const contact = out.Contact;
      if (contact && typeof contact === 'object' && !Array.isArray(contact)) changes.Contact = contactSummary(contact);
    }
    out = { ...out, ...changes };
  }
  if (p.summaryOnly) {
    out = { ...out };
    for (const key of HEAVY_FIELDS) delete out[key];
    const contact = out.Contact;
    if (contact && typeof contact === 'object' && !Array.isArray(contact)) out.Contact = contactSummary(contact);
  }
  return p.unitdp4 ? out : roundUnitAmounts(out);
}

/** The contact as Xero lists it inside a summary document. */
function contactSummary(contact: XeroRecord): XeroRecord {
  return {
    ContactID: contact.ContactID ?? null,
    ...(contact.ContactNumber !== undefined ? { ContactNumber: contact.ContactNumber } : {}),
    Name: contact.Name ?? null,
    Addresses: [],
    Phones: [],
    ContactGroups: [],
    ContactPersons: [],
    HasValidationErrors: false,
  };
}

/** Rounds unit amounts with more than 2 decimals, copying only what changes. */
function roundUnitAmounts(record: XeroRecord): XeroRecord {
  let copy: XeroRecord | undefined;
  const lines = record.LineItems;
  if (Array.isArray(lines) && lines.some(hasFineUnitAmount)) {
    copy = { ...record, LineItems: lines.map((l) => (hasFineUnitAmount(l) ? round2(l as XeroRecord) : l)) };
  }
  for (const key of ['PurchaseDetails', 'SalesDetails'] as const) {
    const details = record[key];
    if (hasFineUnitAmount(details ?? null)) {
      copy = { ...(copy ?? record), [key]: round2(details as XeroRecord) };
    }
  }
  return copy ?? record;
}

function hasFineUnitAmount(value: Json): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return UNIT_AMOUNT_FIELDS.some((f) => {
    const n = value[f];
    return typeof n === 'number' && Math.abs(n * 100 - Math.round(n * 100)) > 1e-6;
  });
}

function round2(value: XeroRecord): XeroRecord {
  const out = { ...value };
  for (const f of UNIT_AMOUNT_FIELDS) {
    const n = out[f];
    if (typeof n === 'number') out[f] = Math.round((n + Number.EPSILON) * 100) / 100;
  }
  return out;
}
