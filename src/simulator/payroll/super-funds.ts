/**
 * Super funds (`/Superfunds`): two regulated funds (known by their USI) and one self-managed fund
 * (SMSF, known by ABN, bank account and electronic service address), and the register of
 * regulated fund products (`/SuperfundProducts`) that a fund's USI is looked up in. Names,
 * USIs and ABNs are invented; the ABNs carry a valid ABN check digit pair.
 */
import { toMsDate } from '../data/msdate.js';
import type { Random } from '../data/random.js';
import type { XeroRecord } from '../data/types.js';

/** The funds and the product register. */
export interface SuperFunds {
  readonly funds: XeroRecord[];
  readonly products: XeroRecord[];
  /** The regulated funds' ids, the default fund first. */
  readonly regulatedIds: readonly string[];
  /** The self-managed fund, and the family it belongs to (one employee of that name is its member). */
  readonly smsfId: string;
  readonly smsfFamily: string;
}

/** The family whose self-managed fund one employee pays into. */
const SMSF_FAMILY = 'Nguyen';

/** Invented regulated products: name and USI. The first two are the organisation's funds. */
const PRODUCTS: readonly (readonly [string, string])[] = [
  ['Harbourside Industry Super', 'HIS0100AU'],
  ['Ironbark Retirement Fund - Accumulation', 'IRF0001AU'],
  ['Ironbark Retirement Fund - Pension', 'IRF0002AU'],
  ['Southern Cross Master Trust', 'SCM0450AU'],
  ['Wattle Workers Super', 'WWS0007AU'],
  ['Coastal Hospitality Super', 'CHS0321AU'],
  ['Meridian Personal Super Plan', 'MPS1200AU'],
];

/** Creates the funds as they were set up at `setupMs`. */
export function createSuperFunds(rnd: Random, setupMs: number): SuperFunds {
  const products = PRODUCTS.map(([name, usi]) => ({ USI: usi, ABN: abn(rnd), ProductName: name }));
  const regulated = products.slice(0, 2).map((p, i) => ({
    SuperFundID: rnd.guid(),
    Name: p.ProductName,
    Type: 'REGULATED',
    USI: p.USI,
    ABN: p.ABN,
    EmployerNumber: String(rnd.int(1_000_000, 9_999_999)),
    UpdatedDateUTC: toMsDate(setupMs + i * 600_000 + rnd.int(0, 60_000)),
  }));
  const smsf: XeroRecord = {
    SuperFundID: rnd.guid(),
    Name: `${SMSF_FAMILY} Family Super Fund`,
    Type: 'SMSF',
    ABN: abn(rnd),
    BSB: rnd.string(6, '0123456789'),
    AccountNumber: rnd.string(9, '0123456789'),
    AccountName: `${SMSF_FAMILY} Family Super Fund`,
    ElectronicServiceAddress: 'SMSFDATAFLOW',
    UpdatedDateUTC: toMsDate(setupMs + 1_800_000 + rnd.int(0, 60_000)),
  };
  return {
    funds: [...regulated, smsf],
    products,
    regulatedIds: regulated.map((f) => f.SuperFundID),
    smsfId: String(smsf.SuperFundID),
    smsfFamily: SMSF_FAMILY,
  };
}

/** Weights of the ABN check (ato.gov.au "Format of the ABN"). */
const ABN_WEIGHTS = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19] as const;

/** True when an 11-digit ABN passes the ATO's check: weighted sum, first digit less one, divisible by 89. */
export function isValidAbn(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += (Number(value[i]) - (i === 0 ? 1 : 0)) * (ABN_WEIGHTS[i] as number);
  return sum % 89 === 0;
}

/** A random valid ABN: nine random digits, then the two leading digits that make the check pass. */
function abn(rnd: Random): string {
  for (;;) {
    const tail = rnd.string(9, '0123456789');
    for (let lead = 10; lead <= 99; lead++) {
      const candidate = `${lead}${tail}`;
      if (isValidAbn(candidate)) return candidate;
    }
  }
}
