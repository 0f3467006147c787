/**
 * The Projects API of the simulator (`/projects.xro/2.0`, xero-api-endpoints.md §5): its data
 * generator and its routes.
 *
 * Collections in `OrgData.projects` (each record in the exact JSON a by-id GET returns):
 * - `Projects`: in creation order; each for a real customer contact, its totals added up from its
 *   tasks (see totals.ts).
 * - `Tasks`: every project's tasks, grouped by project.
 * - `TimeEntries`: every project's time entries, grouped by project, oldest first.
 * - `ProjectsUsers`: `{userId, name, email}` of the organisation's Users.
 * - `TimeEntryInvoices`: `{timeEntryId, invoiceId}` for each `INVOICED` entry, naming the real
 *   Accounting sales invoice it was billed on. Not served as such: a time entry's JSON has no
 *   invoice field, but `/Time?invoiceId=` filters by it.
 *
 * No blobs.
 */
import type { ApiRouteDef } from '../api.js';
import type { Random } from '../data/random.js';
import type { ApiData, OrgData } from '../data/types.js';
import { buildProjectsData } from './generate.js';
import { createProjectsRoutes as projectsRoutes } from './routes.js';

/** Generates this API's records for one organisation from its Accounting books. */
export function generateProjectsData(org: OrgData, rnd: Random, scale: number): ApiData | undefined {
  return buildProjectsData(org, rnd, scale);
}

/** Every GET route of this API. */
export function createProjectsRoutes(): ApiRouteDef[] {
  return projectsRoutes();
}
