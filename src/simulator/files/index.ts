/**
 * The Files API of the simulator (`/files.xro/1.0`, xero-api-endpoints.md §3): its data
 * generator and its routes.
 *
 * Collections in `OrgData.files` (each record in the exact JSON a by-id GET returns):
 * - `Folders`: `{Name, FileCount, Email?, IsInbox, Id}`, the Inbox first, then in creation order.
 * - `Files`: `{Name, MimeType, Size, CreatedDateUtc, UpdatedDateUtc, User, Id, FolderId}`, in
 *   upload order.
 * - `Associations`: the full form `/Associations/{ObjectId}` returns, `{SendWithObject, Name,
 *   Size, CreatedDateUtc, AssociationDateUtc, FileId, ObjectId, ObjectType, ObjectGroup}`, in
 *   association order; `/Files/{id}/Associations` serves the last four fields only.
 *
 * `blobs` holds each file's bytes by file `Id`; their lengths are the files' `Size`.
 */
import type { ApiRouteDef } from '../api.js';
import type { Random } from '../data/random.js';
import type { ApiData, OrgData } from '../data/types.js';
import { buildFilesData } from './generate.js';
import { createFilesRoutes as filesRoutes } from './routes.js';

/** Generates this API's records for one organisation from its Accounting books. */
export function generateFilesData(org: OrgData, rnd: Random, scale: number): ApiData | undefined {
  return buildFilesData(org, rnd, scale);
}

/** Every GET route of this API. */
export function createFilesRoutes(): ApiRouteDef[] {
  return filesRoutes();
}
