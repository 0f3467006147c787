/**
 * Xero's hosts, or one origin standing in for all of them (`BaseURL`, e.g. the simulator), with
 * Xero's own paths (xero-platform-facts.md §1).
 */

export interface XeroEndpoints {
  /** Identity origin: the `issuer` the tokens belong to. */
  readonly issuer: string;
  readonly authorize: string;
  readonly token: string;
  readonly revocation: string;
  readonly connections: string;
  /** Origin of the API hosts (`/api.xro/2.0`, `/payroll.xro/1.0`, ...). */
  readonly api: string;
}

const XERO: XeroEndpoints = Object.freeze({
  issuer: 'https://identity.xero.com',
  authorize: 'https://login.xero.com/identity/connect/authorize',
  token: 'https://identity.xero.com/connect/token',
  revocation: 'https://identity.xero.com/connect/revocation',
  connections: 'https://api.xero.com/connections',
  api: 'https://api.xero.com',
});

/** Xero's endpoints, or all of them on `baseUrl`. */
export function xeroEndpoints(baseUrl?: string): XeroEndpoints {
  if (baseUrl === undefined) return XERO;
  return Object.freeze({
    issuer: baseUrl,
    authorize: `${baseUrl}/identity/connect/authorize`,
    token: `${baseUrl}/connect/token`,
    revocation: `${baseUrl}/connect/revocation`,
    connections: `${baseUrl}/connections`,
    api: baseUrl,
  });
}
