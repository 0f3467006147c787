/**
 * Checking and sealing {@link OAuthSettings} values as both stores hand them out: validated with
 * zod (what a file decrypts to is data from disk, not something to trust by its type), deeply
 * frozen (callers share one object per read), and with tokens hidden from `util.inspect` so a
 * logged settings object never shows a secret.
 */
import { inspect } from 'node:util';
import { z } from 'zod';
import type { OAuthSettings } from './settings.js';

const epochMs = z.number().int().nonnegative();

/**
 * One entry per {@link OAuthSettings} field. The mapped type makes the compiler fail here when a
 * field is added to or removed from the interface, so the schema cannot drift from it.
 */
const fields: { [K in keyof OAuthSettings]-?: z.ZodType } = {
  version: z.literal(1),
  clientId: z.string().optional(),
  issuer: z.string().optional(),
  accessToken: z.string().optional(),
  accessTokenExpiresAt: epochMs.optional(),
  refreshToken: z.string().optional(),
  refreshTokenIssuedAt: epochMs.optional(),
  tokenTimestamp: epochMs.optional(),
  scopes: z.array(z.string()).optional(),
  tenants: z
    .array(z.looseObject({ tenantId: z.string(), tenantName: z.string(), tenantType: z.string().optional() }))
    .optional(),
  codeHash: z.string().optional(),
};

/**
 * Loose rather than strict: a field written by a newer xero-sql of the same format version is
 * kept through a read-modify-write instead of being silently dropped.
 */
const settingsSchema = z.looseObject(fields);

/** Fields whose values are secrets: shown as `***` by `util.inspect`. */
const SECRET_FIELDS = ['accessToken', 'refreshToken'] as const;

/** The outcome of checking a value as OAuth settings. */
export type SettingsCheck =
  | { readonly ok: true; readonly settings: OAuthSettings }
  | { readonly ok: false; readonly problem: string; readonly newerVersion?: number };

/**
 * Checks `value` as version-1 OAuth settings and returns a frozen, inspect-safe copy. A problem
 * names the offending fields only: zod's own messages are not passed on, so no value (which may be
 * a token) can reach an error message.
 */
export function checkSettings(value: unknown): SettingsCheck {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const version = (value as { version?: unknown }).version;
    if (typeof version === 'number' && Number.isInteger(version) && version > 1) {
      return { ok: false, problem: `settings version ${version}`, newerVersion: version };
    }
  }
  const parsed = settingsSchema.safeParse(value);
  if (!parsed.success) {
    const where = [...new Set(parsed.error.issues.map((i) => (i.path.length > 0 ? i.path.join('.') : '(the whole value)')))];
    return { ok: false, problem: `invalid field${where.length > 1 ? 's' : ''} ${where.join(', ')}` };
  }
  return { ok: true, settings: sealSettings(parsed.data as OAuthSettings) };
}

/** A deep-frozen copy of `settings` whose `util.inspect` hides the tokens. */
export function sealSettings(settings: OAuthSettings): OAuthSettings {
  const copy = structuredClone(settings) as unknown as Record<string, unknown>;
  Object.defineProperty(copy, inspect.custom, {
    value: (_depth: number, options: object, show: typeof inspect) => {
      const shown: Record<string, unknown> = { ...copy };
      for (const key of SECRET_FIELDS) if (shown[key] !== undefined) shown[key] = '***';
      return show(shown, options);
    },
    enumerable: false,
  });
  return deepFreeze(copy) as unknown as OAuthSettings;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
