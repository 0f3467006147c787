/**
 * Users: the people with a login to the organisation. They approve documents (history records
 * name them) and submit expense claims; a later payroll will pay some of them as staff.
 */
import { slug } from './names.js';
import { toMsDate } from './msdate.js';
import type { OrgProfile } from './profiles.js';
import type { Random } from './random.js';
import type { XeroRecord } from './types.js';

/** A user as the generator uses it. */
export interface UserInfo {
  readonly id: string;
  readonly fullName: string;
  readonly role: string;
  /** The Users record; receipts and expense claims embed this same object. */
  readonly record: XeroRecord;
}

/**
 * The Users collection. @param createdMs when the organisation was set up; users join a few
 * days apart after it.
 */
export function createUsers(profile: OrgProfile, rnd: Random, createdMs: number): UserInfo[] {
  return profile.users.map((u, index) => {
    const id = rnd.guid();
    const record: XeroRecord = {
      UserID: id,
      EmailAddress: `${slug(u.first)}.${slug(u.last)}@${profile.domain}`,
      FirstName: u.first,
      LastName: u.last,
      UpdatedDateUTC: toMsDate(createdMs + index * 3 * 86_400_000 + rnd.int(0, 3_600_000)),
      IsSubscriber: u.subscriber,
      OrganisationRole: u.role,
    };
    return { id, fullName: `${u.first} ${u.last}`, role: u.role, record };
  });
}
