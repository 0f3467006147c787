/**
 * Word lists the generator draws names from. Invented; any resemblance to a real business is
 * accidental.
 */
import type { Random } from './random.js';

const FIRST_NAMES = [
  'Olivia', 'Jack', 'Charlotte', 'Noah', 'Amelia', 'William', 'Isla', 'Oliver', 'Mia', 'Leo',
  'Ava', 'Henry', 'Grace', 'Lucas', 'Chloe', 'Thomas', 'Zoe', 'James', 'Ruby', 'Harrison',
  'Sophie', 'Hugo', 'Ella', 'Archie', 'Matilda', 'Lachlan', 'Harper', 'Ethan', 'Aria', 'Mason',
  'Freya', 'Liam', 'Evie', 'Samuel', 'Hannah', 'Daniel', 'Willow', 'Max', 'Emily', 'Isaac',
  'Priya', 'Arjun', 'Mei', 'Wei', 'Yuki', 'Hiro', 'Aroha', 'Tama', 'Mere', 'Nikau',
  'Fatima', 'Omar', 'Sofia', 'Mateo', 'Elena', 'Luca', 'Anika', 'Ravi', 'Layla', 'Kai',
] as const;

const LAST_NAMES = [
  'Smith', 'Jones', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Johnson', 'White', 'Martin', 'Anderson',
  'Thompson', 'Nguyen', 'Thomas', 'Walker', 'Harris', 'Lee', 'Ryan', 'Robinson', 'Kelly', 'King',
  'Davis', 'Wright', 'Evans', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Patel',
  'Khan', 'Lewis', 'James', 'Phillips', 'Mitchell', 'Campbell', 'Baker', 'Young', 'Morris', 'Cooper',
  'Singh', 'Chen', 'Wang', 'Li', 'Zhang', 'Tanaka', 'Sato', 'Kim', 'Park', 'Murphy',
  "O'Brien", 'MacDonald', 'Stewart', 'Reid', 'Fraser', 'Henare', 'Parata', 'Ngata', 'Tipene', 'Rossi',
  'Russo', 'Muller', 'Schmidt', 'Dubois', 'Moreau', 'Garcia', 'Lopez', 'Silva', 'Costa', 'Novak',
  'Kowalski', 'Jensen', 'Larsen', 'Berg', 'Hughes', 'Edwards', 'Turner', 'Collins', 'Bell', 'Ward',
] as const;

/** First words of company names. */
export const COMPANY_WORDS = [
  'Acacia', 'Harbour', 'Summit', 'Coastal', 'Ironbark', 'Bluegum', 'Southern', 'Northern', 'Pacific', 'Redwood',
  'Silverfern', 'Kauri', 'Totara', 'Riverside', 'Highland', 'Meridian', 'Horizon', 'Granite', 'Cobalt', 'Amber',
  'Lighthouse', 'Bayside', 'Westfield', 'Eastgate', 'Sunrise', 'Evergreen', 'Wattle', 'Boulder', 'Copper', 'Falcon',
  'Pioneer', 'Orchard', 'Quarry', 'Saltwater', 'Tasman', 'Coral', 'Juniper', 'Maple', 'Cedar', 'Willow',
  'Aurora', 'Beacon', 'Compass', 'Crescent', 'Delta', 'Ember', 'Frontier', 'Glacier', 'Keystone', 'Lagoon',
  'Marlin', 'Nimbus', 'Opal', 'Pinnacle', 'Quartz', 'Rosella', 'Sapphire', 'Tidal', 'Urban', 'Vista',
] as const;

/** Last words of company names (before the legal suffix). */
export const COMPANY_NOUNS = [
  'Traders', 'Holdings', 'Group', 'Partners', 'Studio', 'Works', 'Supplies', 'Logistics', 'Consulting', 'Design',
  'Builders', 'Outfitters', 'Foods', 'Imports', 'Exports', 'Media', 'Systems', 'Solutions', 'Ventures', 'Collective',
  'Hospitality', 'Health', 'Labs', 'Motors', 'Electrical', 'Plumbing', 'Landscaping', 'Printing', 'Interiors', 'Fitness',
  'Cafe', 'Bakery', 'Brewing', 'Dental', 'Legal', 'Realty', 'Marine', 'Timber', 'Textiles', 'Architects',
] as const;

const STREET_NAMES = [
  'George', 'King', 'Queen', 'Victoria', 'Elizabeth', 'Collins', 'Bourke', 'Pitt', 'Lambton', 'Cuba',
  'Ponsonby', 'High', 'Church', 'Station', 'Park', 'Hill', 'Beach', 'Marine', 'Harbour', 'Mill',
  'Albert', 'Edward', 'William', 'Charlotte', 'Grey', 'Wakefield', 'Willis', 'Karangahape', 'Oxford', 'Ocean',
] as const;

const STREET_TYPES = ['Street', 'Road', 'Avenue', 'Lane', 'Parade', 'Terrace', 'Place', 'Drive'] as const;

/** A person's first and last name. */
export function personName(rnd: Random): { first: string; last: string } {
  return { first: rnd.pick(FIRST_NAMES), last: rnd.pick(LAST_NAMES) };
}

/** `12 Harbour Street`, optionally with a unit or level prefix. */
export function streetLine(rnd: Random): string {
  const unit = rnd.chance(0.2) ? `Level ${rnd.int(1, 12)}, ` : rnd.chance(0.15) ? `Unit ${rnd.int(1, 40)}/` : '';
  return `${unit}${rnd.int(1, 480)} ${rnd.pick(STREET_NAMES)} ${rnd.pick(STREET_TYPES)}`;
}

/** A lower-case e-mail-safe slug of a name ("O'Brien & Sons" -> "obriensons"). */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}
