/**
 * The Files API of the simulator: its data generator and its routes.
 * (Wiring placeholder: the generator and the routes are being written.)
 */
import type { ApiRouteDef } from '../api.js';
import type { Random } from '../data/random.js';
import type { ApiData, OrgData } from '../data/types.js';

/** Generates this API's records for one organisation from its Accounting books. */
export function generateFilesData(_org: OrgData, _rnd: Random, _scale: number): ApiData | undefined {
  return undefined;
}

/** Every GET route of this API. */
export function createFilesRoutes(): ApiRouteDef[] {
  return [];
}
