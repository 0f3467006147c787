/**
 * Where a connection's queries get their rows: the XeroClient for API tables (paged, by id),
 * `/connections` for Tenants, and the catalog for system tables. Implements the executor's
 * {@link ExecutionSource}, resolving the connection's tenant once per query.
 */
import { systemTables, toRows, type Catalog, type SystemTable } from '../catalog/index.js';
import type { TableDef } from '../catalog/table-def.js';
import type { SchemaName } from './properties.js';
import type { SavedTenant } from '../auth/settings.js';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { fetchOne, fetchPages } from '../http/paging.js';
import type { XeroClient } from '../http/xero-client.js';
import { proceduresOf } from '../procedures/registry.js';
import type { ExecutionSource, FetchedPage } from '../sql/executor.js';
import type { RequestPlan } from '../sql/plan.js';
import type { PlannerCatalog } from '../sql/planner.js';

/** The catalog as the planner sees it, for one schema. */
export function plannerCatalog(catalog: Catalog, schema: SchemaName): PlannerCatalog {
  return {
    find: (s, name) => catalog.find(s as SchemaName, name),
    suggest: (s, name) => catalog.suggest(s as SchemaName, name),
    systemTables: systemTables(catalog, schema, proceduresOf(schema)).map((t) => t.name),
  };
}

export interface QuerySourceDeps {
  readonly catalog: Catalog;
  readonly schema: SchemaName;
  readonly client: XeroClient;
  /** The connection's organisation. */
  readonly tenant: () => Promise<SavedTenant>;
  /** Every organisation the sign-in reaches. */
  readonly tenants: () => Promise<SavedTenant[]>;
}

/** A fresh source per query (it caches the tenant and system tables for that query only). */
export function createQuerySource(deps: QuerySourceDeps): ExecutionSource {
  let system: SystemTable[] | undefined;
  let tenant: Promise<SavedTenant> | undefined;
  const currentTenant = () => (tenant ??= deps.tenant());
  const systemTable = (name: string) => {
    system ??= systemTables(deps.catalog, deps.schema, proceduresOf(deps.schema));
    const found = system.find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (!found) throw new XeroSqlError(ErrorCode.UnknownTable, `Unknown system table ${name}.`);
    return found;
  };
  return {
    table(schema, name) {
      const def = deps.catalog.find(schema as SchemaName, name);
      if (!def) throw new XeroSqlError(ErrorCode.UnknownTable, `Unknown table ${name}.`);
      return def;
    },
    async *pages(request: RequestPlan, signal?: AbortSignal, sequential?: boolean): AsyncIterable<FetchedPage> {
      const tenantId = request.tenantId ?? (await currentTenant()).tenantId;
      const common = {
        path: request.path,
        ...(request.envelope ? { envelope: request.envelope } : {}),
        query: request.query,
        headers: request.headers,
        tenantId,
      };
      if (request.kind === 'byId') {
        yield { records: await fetchOne(deps.client, { ...common, ...(signal ? { signal } : {}) }), tenantId, page: 1, pageCount: 1 };
        return;
      }
      for await (const page of fetchPages(deps.client, { ...common, paging: request.paging }, { concurrency: sequential ? 1 : 5, ...(signal ? { signal } : {}) })) {
        yield { records: page.records, tenantId, page: page.page, ...(page.pageCount !== undefined ? { pageCount: page.pageCount } : {}) };
      }
    },
    toRows: (def: TableDef, records, ctx, only) => toRows(def, records, ctx, only),
    systemTable(name) {
      const t = systemTable(name);
      return { columns: t.columns.map((c) => ({ name: c.name, type: c.type })), rows: t.rows };
    },
    async tenantRows(def: TableDef) {
      const all = await deps.tenants();
      // Listing tenants must work when the connection has not picked one yet (several
      // connected, no Tenant property): that is how people find the ids.
      const active = await currentTenant().catch(() => undefined);
      const records = all.map((t) => ({ ...t, isActive: t.tenantId === active?.tenantId }));
      return toRows(def, records, { tenantId: active?.tenantId ?? '' });
    },
  };
}

