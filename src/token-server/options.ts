/**
 * The token server's options, checked with zod. The flags and defaults are those of the original
 * XeroOauthTokenServer (peers-lessons.md §1.3: `-p 5001`, `-n 127.0.0.1`,
 * `-r http://localhost:5001/code`, `-o offline_access accounting.transactions
 * accounting.reports.read`, `-m 72000`), plus ours: the connection string and the auth token.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import { ErrorCode, XeroSqlError } from '../errors.js';

export const DEFAULT_PORT = 5001;
export const DEFAULT_ADDRESS = '127.0.0.1';
/** The original's default scopes. `offline_access` is always added: without it there is nothing to refresh. */
export const DEFAULT_TOKEN_SERVER_SCOPES: readonly string[] = Object.freeze(['offline_access', 'accounting.transactions', 'accounting.reports.read']);
/** The original's default assumed refresh-token lifetime: 50 days, inside Xero's 60. */
export const DEFAULT_REFRESH_MINS = 72_000;
/** Xero's unused refresh tokens expire after 60 days (xero-platform-facts.md §3.4); keeping one alive longer is impossible. */
export const MAX_REFRESH_MINS = 86_400;
/** Short enough to guess by trial is too short for something that hands out Xero access. */
export const MIN_AUTH_TOKEN_LENGTH = 16;

/** Options of {@link startTokenServer}. */
export interface TokenServerOptions {
  /** Port to listen on; 0 picks a free one. Default 5001. */
  readonly port?: number;
  /** Interface to listen on. Default 127.0.0.1; anything but loopback requires `authToken`. */
  readonly address?: string;
  /** The redirect URI registered on the Xero app. Default `http://localhost:<port>/code`. */
  readonly redirect?: string;
  /** Scopes to ask for: a space- or comma-separated string, or a list. */
  readonly scopes?: string | readonly string[];
  /** Refresh an idle refresh token once it is this many minutes old. Default 72000 (50 days). */
  readonly refreshMins?: number;
  /**
   * A connection string for what is not a flag: OAuthClientId and OAuthClientSecret (else the
   * person gives them on the first page), OAuthSettingsLocation and OAuthSettingsPassphrase (where
   * the tokens are kept), BaseURL, Tenant, Timeout, Logfile.
   */
  readonly connection?: string;
  /** When set, every endpoint but `/livez` requires it as a bearer token (or the browser cookie it buys). */
  readonly authToken?: string;
  /** How often to check whether the refresh token needs keeping alive, in ms. Default 60000. */
  readonly keepAliveIntervalMs?: number;
  /** Environment (XERO_SQL_SETTINGS_KEY, config folder). Default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Clock, epoch ms (tests pass the simulator's). Default `Date.now`. */
  readonly now?: () => number;
  /** One line per request and event; never a token, secret, code or query string. Default: silent. */
  readonly log?: (line: string) => void;
}

/** The options with defaults applied (the redirect is settled once the port is known). */
export interface ResolvedTokenServerOptions {
  readonly port: number;
  readonly address: string;
  readonly redirect?: string;
  readonly scopes: readonly string[];
  readonly refreshMins: number;
  readonly connection: string;
  readonly authToken?: string;
  readonly keepAliveIntervalMs: number;
}

const scopeList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (typeof v === 'string' ? [v] : v).flatMap((s) => s.split(/[\s,]+/)).filter((s) => s !== ''));

const schema = z.strictObject({
  port: z.number().int().min(0).max(65_535).default(DEFAULT_PORT),
  address: z.string().trim().min(1).default(DEFAULT_ADDRESS),
  redirect: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  scopes: scopeList.optional(),
  refreshMins: z
    .number()
    .int()
    .min(1)
    .max(MAX_REFRESH_MINS, { error: `at most ${MAX_REFRESH_MINS} (60 days: Xero expires refresh tokens unused for longer)` })
    .default(DEFAULT_REFRESH_MINS),
  connection: z.string().default(''),
  authToken: z.string().min(MIN_AUTH_TOKEN_LENGTH, { error: `at least ${MIN_AUTH_TOKEN_LENGTH} characters` }).optional(),
  keepAliveIntervalMs: z.number().int().min(10).max(3_600_000).default(60_000),
});

/** Checks the options. Throws `XSQL_CONFIG` naming each bad option (never an auth token's value). */
export function resolveTokenServerOptions(options: TokenServerOptions): ResolvedTokenServerOptions {
  const { env: _env, now: _now, log: _log, ...data } = options;
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    throw new XeroSqlError(ErrorCode.Config, `Invalid token server options: ${issues}.`);
  }
  const o = parsed.data;
  const given = o.scopes ?? [...DEFAULT_TOKEN_SERVER_SCOPES];
  if (given.length === 0) throw new XeroSqlError(ErrorCode.Config, 'Invalid token server options: scopes: give at least one scope.');
  // Without offline_access Xero issues no refresh token, and a token server could serve for 30 minutes only.
  const scopes = Object.freeze([...new Set(['offline_access', ...given])]);
  if (o.authToken === undefined && !isLoopback(o.address)) {
    throw new XeroSqlError(
      ErrorCode.Config,
      `The token server would listen on ${o.address}, which is not a loopback address, without an auth token: anyone who can reach it could take Xero access tokens. Set --auth-token (or XERO_SQL_TOKEN_SERVER_AUTH_TOKEN) to a long random value, or listen on 127.0.0.1.`,
    );
  }
  return Object.freeze({
    port: o.port,
    address: o.address,
    ...(o.redirect !== undefined ? { redirect: o.redirect } : {}),
    scopes,
    refreshMins: o.refreshMins,
    connection: o.connection,
    ...(o.authToken !== undefined ? { authToken: o.authToken } : {}),
    keepAliveIntervalMs: o.keepAliveIntervalMs,
  });
}

/**
 * True for addresses only this machine can reach: `localhost`, 127.0.0.0/8 and ::1 (also as an
 * IPv4-mapped address). Any other name could resolve anywhere, so it does not count.
 */
export function isLoopback(address: string): boolean {
  const a = address.trim().replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (a === 'localhost') return true;
  if (isIPv4(a)) return a.startsWith('127.');
  if (isIPv6(a)) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
    if (mapped) return (mapped[1] ?? '').startsWith('127.');
    return /^(0{0,4}:){2,7}0{0,3}1$/.test(a) || a === '::1';
  }
  return false;
}
