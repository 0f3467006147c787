/**
 * ContactGroups: named groups of customers or suppliers. Members list the group in their
 * `ContactGroups`; the group lists its members in `Contacts`. A deleted group keeps no members.
 */
import type { ContactInfo } from './contacts.js';
import type { OrgProfile } from './profiles.js';
import type { Random } from './random.js';
import type { XeroRecord } from './types.js';

/**
 * The ContactGroups collection; also fills each member's `ContactGroups`. Returns the records with
 * their creation instants. @param createdMs when the organisation set its groups up.
 */
export function createContactGroups(
  profile: OrgProfile,
  rnd: Random,
  contacts: readonly ContactInfo[],
  createdMs: number,
): { record: XeroRecord; id: string; createdMs: number }[] {
  return profile.contactGroups.map((def, index) => {
    const id = rnd.guid();
    const status = def.deleted === true ? 'DELETED' : 'ACTIVE';
    const summary: XeroRecord = { ContactGroupID: id, Name: def.name, Status: status, Contacts: [] };
    const members: XeroRecord[] = [];
    if (def.deleted !== true) {
      for (const c of contacts) {
        const fits = def.audience === 'customers' ? c.customer : c.supplier;
        if (fits && rnd.chance(0.2)) {
          members.push(c.ref);
          (c.record['ContactGroups'] as XeroRecord[]).push(summary);
        }
      }
    }
    return {
      id,
      createdMs: createdMs + index * 86_400_000,
      record: { ContactGroupID: id, Name: def.name, Status: status, Contacts: members },
    };
  });
}
