/**
 * Shared pieces of the settings-store tests: a fresh temp folder per test (never $HOME), stores
 * opened inside it, and sample settings whose secrets are easy to search for.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { OAuthSettings, SettingsStore } from '../../src/auth/settings.js';
import { openSettingsStore, type SettingsKeySource } from '../../src/auth/settings-store.js';
import { XeroSqlError } from '../../src/errors.js';

/** Secret values used in sample settings, so tests can check none of them leaks. */
export const SECRETS = {
  accessToken: 'AT-secret-eyJhbGciOiJSUzI1NiJ9.access',
  refreshToken: 'RT-secret-0123456789abcdef-refresh',
  passphrase: 'correct horse battery staple',
  otherPassphrase: 'Tr0ub4dor&3',
} as const;

/** Sample settings with every field set. */
export function sampleSettings(overrides: Partial<OAuthSettings> = {}): OAuthSettings {
  return {
    version: 1,
    clientId: 'client-123',
    issuer: 'https://identity.xero.com',
    accessToken: SECRETS.accessToken,
    accessTokenExpiresAt: 1_900_000_000_000,
    refreshToken: SECRETS.refreshToken,
    refreshTokenIssuedAt: 1_899_000_000_000,
    tokenTimestamp: 1_899_998_200_000,
    scopes: ['offline_access', 'accounting.transactions'],
    tenants: [{ tenantId: 't-1', tenantName: 'Demo Company (AU)', tenantType: 'ORGANISATION' }],
    ...overrides,
  };
}

/** A temp folder for one test, and stores opened in it. */
export class SettingsSandbox {
  private constructor(readonly dir: string) {}

  static async create(): Promise<SettingsSandbox> {
    return new SettingsSandbox(await mkdtemp(join(tmpdir(), 'xero-sql-settings-')));
  }

  /** The default settings file of this sandbox. */
  get path(): string {
    return join(this.dir, 'settings', 'oauth-settings.json');
  }

  /** The default key file of this sandbox. */
  get keyFile(): string {
    return join(this.dir, 'keys', 'settings.key');
  }

  /** A file store at `path` (default {@link path}) with the key file {@link keyFile} unless `keys` says otherwise. */
  open(keys: SettingsKeySource = {}, path = this.path): SettingsStore {
    return openSettingsStore({ kind: 'file', path }, { env: {}, keyFilePath: this.keyFile, lockTimeoutMs: 10_000, ...keys });
  }

  /** Names in the settings file's folder other than the settings file itself (temp files, lock folders). */
  async leftovers(path = this.path): Promise<string[]> {
    const dir = join(path, '..');
    const names = await readdir(dir).catch(() => [] as string[]);
    return names.filter((n) => join(dir, n) !== path);
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Asserts `promise` rejects with a XeroSqlError of `code` whose message matches `pattern`; returns it. */
export async function rejectsWith(promise: Promise<unknown>, code: string, pattern?: RegExp): Promise<XeroSqlError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof XeroSqlError, `expected a XeroSqlError ${code}, got ${inspect(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (pattern) assert.match(caught.message, pattern);
  assertNoSecrets(caught);
  return caught;
}

/** Asserts that no secret of {@link SECRETS} appears in the error's message or its `util.inspect`. */
export function assertNoSecrets(value: unknown): void {
  const shown = `${value instanceof Error ? value.message : ''}\n${inspect(value, { depth: 10, showHidden: true })}`;
  for (const [name, secret] of Object.entries(SECRETS)) assert.ok(!shown.includes(secret), `${name} appears in: ${shown}`);
}
