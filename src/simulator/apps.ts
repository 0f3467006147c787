/**
 * The OAuth apps and the person the simulator knows about. Ids and secrets derive from the seed
 * so a given seed always prints the same credentials.
 */
import { Random } from './data/random.js';

/** Xero's three app types that matter to a driver. */
export type SimAppKind = 'confidential' | 'pkce' | 'custom-connection';

/** A registered OAuth app. */
export interface SimApp {
  readonly kind: SimAppKind;
  readonly name: string;
  /** 32 upper-case hex characters, the shape of Xero's client ids. */
  readonly clientId: string;
  /** Absent for PKCE apps, which have no secret. */
  readonly clientSecret?: string;
  /** Exact-match redirect URIs (Xero allows no wildcards). Mutable so tests can register more. */
  readonly redirectUris: string[];
  /** Custom connections only: the one organisation the connection reaches. */
  readonly tenantId?: string;
  /** Custom connections only: the scopes the connection was granted. */
  readonly scopes?: readonly string[];
}

/** The demo person who logs in on the authorize pages. */
export interface SimUser {
  /** `xero_userid` claim. */
  readonly userId: string;
  readonly email: string;
  readonly password: string;
  readonly givenName: string;
  readonly familyName: string;
  /** `global_session_id` / `sid` of the person's session. */
  readonly globalSessionId: string;
}

/** Redirect URIs every confidential app has: the commercial driver's and the token sidecar's defaults. */
export const DEFAULT_REDIRECT_URIS = ['http://localhost:33333', 'http://localhost:5001/code'] as const;

/**
 * Every scope a custom connection is granted. Custom connections made since 29 April 2026 use
 * granular scopes (xero-platform-facts.md §3.5); the simulator grants both the broad and the granular
 * names so drivers written either way can be tested, plus the other APIs' scopes.
 */
export const CUSTOM_CONNECTION_SCOPES: readonly string[] = Object.freeze([
  'accounting.settings',
  'accounting.contacts',
  'accounting.attachments',
  'accounting.transactions',
  'accounting.invoices',
  'accounting.payments',
  'accounting.banktransactions',
  'accounting.manualjournals',
  'accounting.reports.read',
  'accounting.reports.aged.read',
  'accounting.reports.balancesheet.read',
  'accounting.reports.profitandloss.read',
  'accounting.reports.trialbalance.read',
  'accounting.reports.banksummary.read',
  'accounting.reports.budgetsummary.read',
  'accounting.reports.executivesummary.read',
  'accounting.budgets.read',
  'accounting.journals.read',
  'payroll.employees',
  'payroll.payruns',
  'payroll.payslip',
  'payroll.settings',
  'payroll.timesheets',
  'files',
  'assets',
  'projects',
  // Restricted at Xero (needs approval); granted here so /PaymentServices can be exercised.
  'paymentservices',
]);

/** Builds the three pre-registered apps and the demo user for a seed. */
export function createApps(
  seed: number,
  customConnectionTenantId: string,
  extraRedirectUris: readonly string[] = [],
): { apps: SimApp[]; user: SimUser } {
  const rnd = new Random(seed).fork('apps');
  const clientId = () => rnd.string(32, '0123456789ABCDEF');
  const secret = () => rnd.string(48, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');
  const apps: SimApp[] = [
    {
      kind: 'confidential',
      name: 'xero-sql demo (web app)',
      clientId: clientId(),
      clientSecret: secret(),
      redirectUris: [...DEFAULT_REDIRECT_URIS, ...extraRedirectUris],
    },
    {
      kind: 'pkce',
      name: 'xero-sql demo (PKCE)',
      clientId: clientId(),
      redirectUris: [...DEFAULT_REDIRECT_URIS, ...extraRedirectUris],
    },
    {
      kind: 'custom-connection',
      name: 'xero-sql demo (custom connection)',
      clientId: clientId(),
      clientSecret: secret(),
      redirectUris: [],
      tenantId: customConnectionTenantId,
      scopes: CUSTOM_CONNECTION_SCOPES,
    },
  ];
  const user: SimUser = {
    userId: rnd.guid(),
    email: 'demo@xero-sql.example',
    password: 'demo-password',
    givenName: 'Demo',
    familyName: 'User',
    globalSessionId: rnd.guid().replace(/-/g, ''),
  };
  return { apps, user };
}
