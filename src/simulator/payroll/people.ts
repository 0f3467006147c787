/**
 * The personal details of invented Australian employees: names with a matching gender and title,
 * a home address, phone numbers, a tax file number that passes the ATO's check, and bank
 * accounts. Any resemblance to a real person is accidental.
 */
import { slug, streetLine } from '../data/names.js';
import type { Random } from '../data/random.js';
import type { XeroRecord } from '../data/types.js';

const FEMALE = ['Olivia', 'Charlotte', 'Amelia', 'Isla', 'Mia', 'Ava', 'Grace', 'Chloe', 'Zoe', 'Ruby', 'Sophie', 'Ella', 'Matilda', 'Harper', 'Priya', 'Mei', 'Aroha', 'Fatima', 'Elena', 'Layla'] as const;
const MALE = ['Jack', 'Noah', 'William', 'Oliver', 'Leo', 'Henry', 'Lucas', 'Thomas', 'James', 'Harrison', 'Hugo', 'Archie', 'Lachlan', 'Ethan', 'Mason', 'Arjun', 'Wei', 'Omar', 'Mateo', 'Ravi'] as const;
const LAST = ['Smith', 'Jones', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Nguyen', 'Walker', 'Harris', 'Lee', 'Ryan', 'Kelly', 'King', 'Wright', 'Evans', 'Clarke', 'Patel', 'Khan', 'Mitchell', 'Campbell', 'Singh', 'Chen', 'Murphy', "O'Brien", 'Stewart', 'Rossi', 'Garcia', 'Silva', 'Novak', 'Jensen'] as const;

/** Suburbs by state, with their postcodes. */
const PLACES = [
  ['Surry Hills', 'NSW', '2010'],
  ['Parramatta', 'NSW', '2150'],
  ['Chatswood', 'NSW', '2067'],
  ['Newtown', 'NSW', '2042'],
  ['Marrickville', 'NSW', '2204'],
  ['Bondi', 'NSW', '2026'],
  ['Fitzroy', 'VIC', '3065'],
  ['Richmond', 'VIC', '3121'],
  ['Paddington', 'QLD', '4064'],
  ['Fremantle', 'WA', '6160'],
  ['Glenelg', 'SA', '5045'],
  ['Braddon', 'ACT', '2612'],
] as const;

/** Who someone is, before employment details. */
export interface Person {
  readonly first: string;
  readonly middle?: string;
  readonly last: string;
  readonly gender: 'F' | 'M';
  readonly title: string;
}

/** A person with a gender-matching first name and title (and a middle name for some). */
export function person(rnd: Random): Person {
  const gender = rnd.chance(0.5) ? 'F' : 'M';
  const names = gender === 'F' ? FEMALE : MALE;
  const first = rnd.pick(names);
  const middle = rnd.chance(0.4) ? rnd.pick(names) : undefined;
  const title = gender === 'F' ? rnd.pick(['Ms', 'Ms', 'Mrs', 'Miss', 'Dr']) : rnd.pick(['Mr', 'Mr', 'Mr', 'Dr']);
  return { first, ...(middle !== undefined && middle !== first ? { middle } : {}), last: rnd.pick(LAST), gender, title };
}

/** `first.last@<domain>`, made unique by a number when the address is taken. */
export function emailFor(p: Person, domain: string, taken: Set<string>): string {
  const base = `${slug(p.first)}.${slug(p.last)}`;
  let email = `${base}@${domain}`;
  for (let n = 2; taken.has(email); n++) email = `${base}${n}@${domain}`;
  taken.add(email);
  return email;
}

/** A home address in one of a few suburbs; Xero writes the country in capitals. */
export function homeAddress(rnd: Random): XeroRecord {
  const [city, region, postcode] = rnd.pick(PLACES);
  return { AddressLine1: streetLine(rnd), City: city, Region: region, PostalCode: postcode, Country: 'AUSTRALIA' };
}

/** A landline (`02 9123 4567`) for the state's area code. */
export function landline(rnd: Random): string {
  return `0${rnd.pick(['2', '3', '7', '8'])} ${rnd.int(8000, 9999)} ${rnd.string(4, '0123456789')}`;
}

/** A mobile number (`0412 345 678`). */
export function mobile(rnd: Random): string {
  return `04${rnd.string(2, '0123456789')} ${rnd.string(3, '0123456789')} ${rnd.string(3, '0123456789')}`;
}

/** Weights of the tax file number check: the weighted digit sum is a multiple of 11. */
const TFN_WEIGHTS = [1, 4, 3, 7, 5, 8, 6, 9, 10] as const;

/** True when a 9-digit TFN passes the check. */
export function isValidTfn(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(value[i]) * (TFN_WEIGHTS[i] as number);
  return sum % 11 === 0;
}

/** A random TFN that passes the check (the last digit, weight 10, is solved for; retried when none fits). */
export function taxFileNumber(rnd: Random): string {
  for (;;) {
    const head = rnd.string(8, '0123456789');
    for (let last = 0; last <= 9; last++) {
      const candidate = `${head}${last}`;
      if (isValidTfn(candidate)) return candidate;
    }
  }
}

/** BSBs of a few (real-format, invented) branches. */
const BSBS = ['062000', '063010', '082001', '032002', '012003', '633000', '484799'] as const;

/**
 * The employee's bank accounts: one that takes the remainder of the net pay, and for some a
 * second one that takes a fixed amount first.
 */
export function bankAccounts(rnd: Random, p: Person): XeroRecord[] {
  const name = `${p.first} ${p.last}`;
  const account = (): XeroRecord => ({ AccountName: name, BSB: rnd.pick(BSBS), AccountNumber: rnd.string(rnd.int(8, 9), '0123456789') });
  const main = { StatementText: 'Salary', ...account(), Remainder: true };
  if (!rnd.chance(0.3)) return [main];
  return [{ StatementText: 'Savings', ...account(), Remainder: false, Amount: rnd.pick([50, 100, 150, 200]) }, main];
}
