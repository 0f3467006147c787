/**
 * The official SDK (`xero-node`, a dev dependency used only here) pointed at the simulator: the
 * token is set directly with `setTokenSet` (client credentials from the simulator's identity
 * endpoint) and the Accounting API's `basePath` is the simulator's. Pages `getInvoices` the way
 * its README shows: page 1, 2, ... until a page comes back short.
 */
import { XeroClient } from 'xero-node';
import type { SimInfo } from '../sim.js';
import { token } from './raw.js';

export async function open(sim: SimInfo): Promise<XeroClient> {
  const xero = new XeroClient({ clientId: sim.clientId, clientSecret: sim.clientSecret, grantType: 'client_credentials' });
  xero.setTokenSet({ access_token: await token(sim), token_type: 'Bearer', expires_in: 1800 });
  xero.accountingApi.basePath = `${sim.url}/api.xro/2.0`;
  return xero;
}

/** Every invoice, page by page; resolves to the invoices and the line rows they make. */
export async function pullInvoices(xero: XeroClient, tenantId: string, pageSize = 1000): Promise<{ records: number; rows: number; pages: number }> {
  let records = 0;
  let rows = 0;
  let pages = 0;
  for (let page = 1; ; page++) {
    const res = await xero.accountingApi.getInvoices(tenantId, undefined, undefined, undefined, undefined, undefined, undefined, undefined, page, undefined, undefined, 4, undefined, pageSize);
    const invoices = res.body.invoices ?? [];
    pages++;
    records += invoices.length;
    for (const inv of invoices) rows += Math.max(1, inv.lineItems?.length ?? 0);
    if (invoices.length < pageSize) break;
  }
  return { records, rows, pages };
}
