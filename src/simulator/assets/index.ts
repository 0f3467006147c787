/**
 * The Assets API of the simulator (`/assets.xro/1.0`, xero-api-endpoints.md §4): its data
 * generator and its routes.
 *
 * Collections in `OrgData.assets` (each record in the exact JSON a by-id GET returns):
 * - `Assets`: the fixed-asset register, in asset-number (purchase) order, every status; the list
 *   endpoint serves them without `metaData`.
 * - `AssetTypes`: the asset types, bound to the organisation's fixed-asset, accumulated
 *   depreciation and depreciation expense accounts.
 * - `Settings`: one record, the register's settings.
 *
 * No blobs.
 */
import type { ApiRouteDef } from '../api.js';
import type { Random } from '../data/random.js';
import type { ApiData, OrgData } from '../data/types.js';
import { buildAssetsData } from './generate.js';
import { createAssetsRoutes as assetsRoutes } from './routes.js';

/** Generates this API's records for one organisation from its Accounting books. */
export function generateAssetsData(org: OrgData, rnd: Random, scale: number): ApiData | undefined {
  return buildAssetsData(org, rnd, scale);
}

/** Every GET route of this API. */
export function createAssetsRoutes(): ApiRouteDef[] {
  return assetsRoutes();
}
