/**
 * Picks the organisation a connection works on from those its grant reaches (`GET /connections`):
 * by id or by name (`Tenant` property), or the only one. Never silently picks one of several
 * (DESIGN.md §4 "Multiple organisations").
 */
import type { SavedTenant } from '../auth/settings.js';
import { ErrorCode, XeroSqlError } from '../errors.js';

export function resolveTenant(tenants: readonly SavedTenant[], wanted: string | undefined): SavedTenant {
  const list = () => tenants.map((t) => `  ${t.tenantName} (${t.tenantId})`).join('\n');
  if (tenants.length === 0) {
    throw new XeroSqlError(
      ErrorCode.Tenant,
      'No Xero organisation is connected to this sign-in. Sign in again and choose at least one organisation on the consent page.',
    );
  }
  if (wanted === undefined) {
    if (tenants.length === 1) return tenants[0] as SavedTenant;
    throw new XeroSqlError(
      ErrorCode.Tenant,
      `${tenants.length} organisations are connected; say which one with the Tenant property (its name or id):\n${list()}`,
    );
  }
  const key = wanted.trim().toLowerCase();
  const byId = tenants.find((t) => t.tenantId.toLowerCase() === key);
  if (byId) return byId;
  const byName = tenants.filter((t) => t.tenantName.toLowerCase() === key);
  if (byName.length === 1) return byName[0] as SavedTenant;
  if (byName.length > 1) {
    throw new XeroSqlError(
      ErrorCode.Tenant,
      `Tenant "${wanted}" names ${byName.length} connected organisations; use the tenant id instead:\n${byName.map((t) => `  ${t.tenantName} (${t.tenantId})`).join('\n')}`,
    );
  }
  throw new XeroSqlError(ErrorCode.Tenant, `No connected organisation is called or has the id "${wanted}". Connected organisations:\n${list()}`);
}
