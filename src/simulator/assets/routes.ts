/**
 * The Assets API (`/assets.xro/1.0`) GET routes (xero-api-endpoints.md §4): camelCase bodies, no
 * envelope except the paged `/Assets` list.
 */
import type { ApiCall, ApiRouteDef } from '../api.js';
import type { XeroRecord } from '../data/types.js';
import { json, type SimResponse } from '../http.js';
import { listAssets } from './query.js';
import { fieldValidationError, notFound } from './responses.js';

/** Base path of the Assets API. */
export const ASSETS_BASE = '/assets.xro/1.0';

/** Every GET accepts `assets` or `assets.read`. */
const SCOPES = ['assets.read'];

/** Every Assets API GET route. */
export function createAssetsRoutes(): ApiRouteDef[] {
  const route = (path: string, handler: (call: ApiCall) => SimResponse): ApiRouteDef => ({ pattern: `${ASSETS_BASE}${path}`, scopes: SCOPES, handler });
  return [
    route('/Assets', (call) => {
      const typeNames = new Map(collection(call, 'AssetTypes').map((t) => [String(t['assetTypeId']), String(t['assetTypeName'])]));
      const result = listAssets(call.req, ASSETS_BASE, collection(call, 'Assets'), typeNames);
      return result.ok ? json(200, result.body) : fieldValidationError(result.problem.field, result.problem.value, result.problem.message);
    }),
    route('/Assets/:id', (call) => {
      const id = (call.req.params.id ?? '').toLowerCase();
      const asset = collection(call, 'Assets').find((a) => String(a['assetId']).toLowerCase() === id);
      return asset ? json(200, asset) : notFound(`No asset with id ${call.req.params.id ?? ''} exists`);
    }),
    route('/AssetTypes', (call) => json(200, collection(call, 'AssetTypes'))),
    route('/Settings', (call) => {
      const settings = collection(call, 'Settings')[0];
      return settings ? json(200, settings) : notFound('The organisation has no fixed asset settings');
    }),
  ];
}

function collection(call: ApiCall, name: 'Assets' | 'AssetTypes' | 'Settings'): readonly XeroRecord[] {
  return call.org.assets?.collections[name] ?? [];
}
