/**
 * Turns a connection string into validated, frozen {@link ConnectionOptions}. This is the one
 * place that knows which properties exist, their defaults and allowed values (from
 * properties.ts); each value is checked with zod and every error names the property, says what
 * is allowed, and never shows a secret.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { z } from 'zod';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { parseConnectionString } from './connection-string.js';
import {
  IGNORED_PROPERTIES,
  OTHER_OPTIONS,
  PROPERTIES,
  UNSUPPORTED_PROPERTIES,
  type PropertyDef,
  type SchemaName,
} from './properties.js';

/** Where OAuth values are kept between connections. */
export type SettingsLocation =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'memory'; readonly id: string };

/** Validated connection options. Secret fields are non-enumerable and hidden from `util.inspect`. */
export interface ConnectionOptions {
  readonly authScheme: 'OAuth' | 'PKCE' | 'OAuthClient';
  readonly initiateOAuth: 'OFF' | 'GETANDREFRESH' | 'REFRESH';
  readonly oauthClientId?: string;
  readonly oauthClientSecret?: string;
  readonly oauthAccessToken?: string;
  readonly oauthRefreshToken?: string;
  readonly oauthVerifier?: string;
  readonly oauthSettingsPassphrase?: string;
  /** A running `xero-sql token-server` to take access tokens from, without a trailing slash. */
  readonly tokenServerUrl?: string;
  readonly tokenServerAuthToken?: string;
  readonly settingsLocation: SettingsLocation;
  /** True when OAuthSettingsLocation was given (the OAuth procedures then also save what they get). */
  readonly settingsLocationGiven: boolean;
  readonly callbackUrl: string;
  readonly scopes: readonly string[];
  readonly tenant?: string;
  readonly schema: SchemaName;
  /** Origin standing in for every Xero host, without a trailing slash. */
  readonly baseUrl?: string;
  /** Milliseconds; 0 means no timeout. */
  readonly timeoutMs: number;
  /** -1 means no limit. */
  readonly maxRows: number;
  /** Most API calls of a fan-out (one request per parent record); 0: no limit. */
  readonly fanOutLimit: number;
  readonly retryWaitTimeMs: number;
  readonly retryDailyLimit: boolean;
  readonly includeArchived: boolean;
  readonly readonly: boolean;
  readonly verbosity: number;
  readonly logfile?: string;
  readonly maximumRequestRetries: number;
  /** Properties given that xero-sql accepts but ignores (commercial-driver compatibility). */
  readonly ignoredProperties: readonly string[];
}

const SECRET_FIELDS = ['oauthClientSecret', 'oauthAccessToken', 'oauthRefreshToken', 'oauthVerifier', 'oauthSettingsPassphrase', 'tokenServerAuthToken'] as const;

/** Parses and validates a connection string. Throws `XSQL_CONN_STRING` or `XSQL_CONN_OPTION`. */
export function resolveConnectionOptions(text: string, env: NodeJS.ProcessEnv = process.env): ConnectionOptions {
  const given = new Map<string, string>();
  const ignored: string[] = [];
  for (const { name, value } of parseConnectionString(text)) {
    const def = findProperty(PROPERTIES, name);
    if (def) {
      // `Name=` with nothing after it means "not set", as in ODBC connection strings.
      if (value !== '') given.set(def.name, value);
      continue;
    }
    const ignoredName = IGNORED_PROPERTIES.find((p) => p.toLowerCase() === name.toLowerCase());
    if (ignoredName) {
      ignored.push(ignoredName);
      continue;
    }
    const unsupported = Object.keys(UNSUPPORTED_PROPERTIES).find((p) => p.toLowerCase() === name.toLowerCase());
    if (unsupported) throw optionError(`${unsupported} is not supported: ${UNSUPPORTED_PROPERTIES[unsupported]}`);
    const suggestion = closest(name, [...PROPERTIES.map((p) => p.name), ...IGNORED_PROPERTIES]);
    throw optionError(`Unknown connection property "${name}".${suggestion ? ` Did you mean ${suggestion}?` : ''} See the README for the property list.`);
  }

  const value = <T>(name: string): T | undefined => {
    const def = findProperty(PROPERTIES, name) as PropertyDef;
    const raw = given.get(def.name) ?? def.default;
    return raw === undefined ? undefined : (convert(def, raw) as T);
  };

  const other = parseOther(given.get('Other'));
  const authScheme = value<ConnectionOptions['authScheme']>('AuthScheme')!;
  const settingsRaw = given.get('OAuthSettingsLocation');
  const options: ConnectionOptions = {
    authScheme,
    initiateOAuth: value('InitiateOAuth')!,
    ...optional('oauthClientId', value<string>('OAuthClientId')),
    ...optional('oauthClientSecret', value<string>('OAuthClientSecret')),
    ...optional('oauthAccessToken', value<string>('OAuthAccessToken')),
    ...optional('oauthRefreshToken', value<string>('OAuthRefreshToken')),
    ...optional('oauthVerifier', value<string>('OAuthVerifier')),
    ...optional('oauthSettingsPassphrase', value<string>('OAuthSettingsPassphrase')),
    ...optional('tokenServerUrl', value<string>('TokenServerURL')?.replace(/\/+$/, '')),
    ...optional('tokenServerAuthToken', value<string>('TokenServerAuthToken')),
    settingsLocation: resolveSettingsLocation(settingsRaw, env),
    settingsLocationGiven: settingsRaw !== undefined,
    callbackUrl: value<string>('CallbackURL')!,
    scopes: Object.freeze(value<string>('Scope')!.split(/\s+/).filter((s) => s !== '')),
    ...optional('tenant', value<string>('Tenant')),
    schema: value('Schema')!,
    ...optional('baseUrl', value<string>('BaseURL')?.replace(/\/+$/, '')),
    timeoutMs: value<number>('Timeout')! * 1000,
    maxRows: value('MaxRows')!,
    fanOutLimit: value('FanOutLimit')!,
    retryWaitTimeMs: value('RetryWaitTime')!,
    retryDailyLimit: value('RetryDailyLimit')!,
    includeArchived: value('IncludeArchived')!,
    readonly: value('Readonly')!,
    verbosity: value('Verbosity')!,
    ...optional('logfile', value<string>('Logfile')),
    maximumRequestRetries: other.MaximumRequestRetries as number,
    ignoredProperties: Object.freeze(ignored),
  };

  if (authScheme === 'PKCE' && options.oauthClientSecret !== undefined) {
    throw optionError('AuthScheme=PKCE apps have no client secret: remove OAuthClientSecret, or use AuthScheme=OAuth for an app with a secret.');
  }
  if (options.scopes.length === 0) throw optionError('Scope is empty: give at least one scope, or leave Scope out for the default list.');
  if (options.tokenServerUrl !== undefined) checkTokenServerUse(options);
  else if (options.tokenServerAuthToken !== undefined) throw optionError('TokenServerAuthToken is set without TokenServerURL: give the token server\'s URL too, or remove TokenServerAuthToken.');
  return protect(options);
}

/** Replaces the values of secret-looking properties in a connection string with `***`. */
export function redactConnectionString(text: string): string {
  return text.replace(
    /((?:^|;)\s*([A-Za-z][A-Za-z0-9_.]*)\s*=\s*)('(?:[^']|'')*'|"(?:[^"]|"")*"|\{(?:[^}]|\}\})*\}|[^;]*)/g,
    (whole, prefix: string, name: string) => (isSecretName(name) ? `${prefix}***` : whole),
  );
}

function isSecretName(name: string): boolean {
  const def = findProperty(PROPERTIES, name);
  if (def) return def.kind === 'secret';
  return /secret|token|verifier|passphrase|password|rtk|key/i.test(name);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
}

function findProperty(list: readonly PropertyDef[], name: string): PropertyDef | undefined {
  const lower = name.toLowerCase();
  return list.find((p) => p.name.toLowerCase() === lower);
}

/** Reads one property's text as its kind, with a message naming the property and what is allowed. */
function convert(def: PropertyDef, raw: string): unknown {
  const schema = schemaFor(def);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const shown = def.kind === 'secret' ? '' : ` "${raw.length > 60 ? `${raw.slice(0, 60)}…` : raw}"`;
  throw optionError(`Invalid value${shown} for ${def.name}: ${allowedText(def)}`);
}

function schemaFor(def: PropertyDef): z.ZodType<unknown> {
  switch (def.kind) {
    case 'enum': {
      const values = def.values ?? [];
      return z.string().transform((v, ctx) => {
        const match = values.find((x) => x.toLowerCase() === v.trim().toLowerCase());
        if (match === undefined) ctx.addIssue({ code: 'custom', message: 'not allowed' });
        return match ?? z.NEVER;
      });
    }
    case 'boolean':
      return z.string().transform((v, ctx) => {
        const t = v.trim().toLowerCase();
        if (['true', 'yes', '1', 'on'].includes(t)) return true;
        if (['false', 'no', '0', 'off'].includes(t)) return false;
        ctx.addIssue({ code: 'custom', message: 'not a boolean' });
        return z.NEVER;
      });
    case 'integer':
      return z
        .string()
        .trim()
        .regex(/^-?\d+$/)
        .transform(Number)
        .pipe(z.number().int().min(def.min ?? Number.MIN_SAFE_INTEGER).max(def.max ?? Number.MAX_SAFE_INTEGER));
    case 'url':
      return z
        .string()
        .trim()
        .pipe(z.url({ protocol: /^https?$/ }));
    case 'string':
    case 'secret':
      return z.string().trim().min(1);
  }
}

function allowedText(def: PropertyDef): string {
  switch (def.kind) {
    case 'enum':
      return `allowed values are ${(def.values ?? []).join(', ')}.`;
    case 'boolean':
      return 'use true or false.';
    case 'integer':
      return `use a whole number from ${def.min} to ${def.max}.`;
    case 'url':
      return 'use an http:// or https:// URL.';
    default:
      return 'the value may not be empty.';
  }
}

/** Parses `Other` (itself `name=value;...`) into the advanced options with their defaults. */
function parseOther(text: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const given = new Map<string, string>();
  if (text !== undefined) {
    for (const { name, value } of parseConnectionString(text)) {
      const def = findProperty(OTHER_OPTIONS, name);
      if (!def) {
        const suggestion = closest(name, OTHER_OPTIONS.map((o) => o.name));
        throw optionError(`Unknown option "${name}" in Other.${suggestion ? ` Did you mean ${suggestion}?` : ''} Known: ${OTHER_OPTIONS.map((o) => o.name).join(', ')}.`);
      }
      given.set(def.name, value);
    }
  }
  for (const def of OTHER_OPTIONS) {
    const raw = given.get(def.name) ?? def.default;
    if (raw !== undefined) out[def.name] = convert(def, raw);
  }
  return out;
}

/**
 * `memory://<id>` or a file path; by default `oauth-settings.json` in the user's config folder
 * (XDG_CONFIG_HOME or ~/.config on Linux, ~/Library/Application Support on macOS, %APPDATA% on
 * Windows), under `xero-sql/`.
 */
function resolveSettingsLocation(raw: string | undefined, env: NodeJS.ProcessEnv): SettingsLocation {
  if (raw !== undefined) {
    const trimmed = raw.trim();
    if (/^memory:\/\//i.test(trimmed)) {
      const id = trimmed.slice('memory://'.length);
      if (id === '') throw optionError('OAuthSettingsLocation=memory:// needs an id after it, e.g. memory://main.');
      return Object.freeze({ kind: 'memory', id });
    }
    if (trimmed === '') throw optionError('OAuthSettingsLocation is empty: give a file path or memory://<id>.');
    return Object.freeze({ kind: 'file', path: trimmed.replace(/^~(?=$|[/\\])/, () => env.HOME ?? homedir()) });
  }
  return Object.freeze({ kind: 'file', path: join(configDir(env), 'xero-sql', 'oauth-settings.json') });
}

/** The user's configuration folder. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  if (process.platform === 'darwin') return join(env.HOME ?? homedir(), 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), '.config');
}

/** Freezes the options with secrets non-enumerable and hidden from inspect/JSON. */
function protect(options: ConnectionOptions): ConnectionOptions {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(options)) {
    const secret = (SECRET_FIELDS as readonly string[]).includes(key);
    Object.defineProperty(out, key, { value: v, enumerable: !secret, writable: false, configurable: false });
  }
  Object.defineProperty(out, inspect.custom, {
    value: () => {
      const shown: Record<string, unknown> = { ...out };
      for (const key of SECRET_FIELDS) if ((options as unknown as Record<string, unknown>)[key] !== undefined) shown[key] = '***';
      return shown;
    },
    enumerable: false,
  });
  return Object.freeze(out) as unknown as ConnectionOptions;
}

/**
 * TokenServerURL replaces the sign-in: the server owns the grant. Properties that would make this
 * connection sign in or refresh on its own contradict that, so they are refused rather than one
 * of the two being silently ignored.
 */
function checkTokenServerUse(o: ConnectionOptions): void {
  const clash =
    o.initiateOAuth !== 'OFF' ? `InitiateOAuth=${o.initiateOAuth}` : o.authScheme === 'OAuthClient' ? 'AuthScheme=OAuthClient' : o.oauthAccessToken !== undefined ? 'OAuthAccessToken' : undefined;
  if (clash !== undefined) {
    throw optionError(`TokenServerURL takes access tokens from a running xero-sql token-server, which signs in and refreshes for this connection: remove ${clash}, or remove TokenServerURL.`);
  }
}

function optionError(message: string): XeroSqlError {
  return new XeroSqlError(ErrorCode.ConnectionOption, message);
}

/** The candidate nearest to `name` by edit distance, if close enough to be a likely typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const target = name.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(target, c.toLowerCase());
    if (!best || d < best.d) best = { name: c, d };
  }
  return best && best.d <= Math.max(2, Math.floor(target.length / 3)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] as number;
}
