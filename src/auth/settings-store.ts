/**
 * Opens the {@link SettingsStore} for a connection's OAuthSettingsLocation: an encrypted file
 * (AES-256-GCM, key from a passphrase or a per-user key file) or `memory://<id>`.
 */
import { join } from 'node:path';
import { configDir, type SettingsLocation } from '../connection/options.js';
import type { SettingsStore } from './settings.js';
import { FileSettingsStore, type SettingsKeyChoice } from './file-settings-store.js';
import { MemorySettingsStore } from './memory-settings-store.js';

/** Where the settings file's key comes from, and how its lock behaves. */
export interface SettingsKeySource {
  /** The OAuthSettingsPassphrase connection property; wins over everything else. */
  readonly passphrase?: string;
  /** Environment for XERO_SQL_SETTINGS_KEY and the config folder; defaults to `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Key file used when no passphrase is given; defaults to `<configDir>/xero-sql/settings.key`. */
  readonly keyFilePath?: string;
  /** How long `update`/`clear` wait for another process's lock before `XSQL_SETTINGS_LOCK`; default 120 s. */
  readonly lockTimeoutMs?: number;
  /**
   * After how long without a heartbeat a lock counts as left by a killed process and is taken
   * over; default 20 s, minimum 2 s. A live holder refreshes its lock every quarter of this.
   */
  readonly lockStaleMs?: number;
}

const DEFAULT_LOCK_TIMEOUT_MS = 120_000;
/**
 * Long enough that a holder whose event loop is blocked for a while (a large synchronous query
 * on another connection) keeps its lock; short enough that a killed holder delays others briefly.
 */
const DEFAULT_LOCK_STALE_MS = 20_000;
/** proper-lockfile's own floor. */
const MIN_LOCK_STALE_MS = 2_000;

/** The store for `location`, with the key chosen as {@link SettingsKeySource} describes. */
export function openSettingsStore(location: SettingsLocation, keys: SettingsKeySource): SettingsStore {
  if (location.kind === 'memory') return new MemorySettingsStore(location.id);
  const env = keys.env ?? process.env;
  return new FileSettingsStore(location.path, chooseKey(keys, env), {
    timeoutMs: Math.max(0, keys.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS),
    staleMs: Math.max(MIN_LOCK_STALE_MS, keys.lockStaleMs ?? DEFAULT_LOCK_STALE_MS),
  });
}

/** The connection's passphrase, else XERO_SQL_SETTINGS_KEY, else the key file. Empty counts as unset. */
function chooseKey(keys: SettingsKeySource, env: NodeJS.ProcessEnv): SettingsKeyChoice {
  if (keys.passphrase) return { kind: 'passphrase', passphrase: keys.passphrase, origin: 'OAuthSettingsPassphrase' };
  const fromEnv = env.XERO_SQL_SETTINGS_KEY;
  if (fromEnv) return { kind: 'passphrase', passphrase: fromEnv, origin: 'XERO_SQL_SETTINGS_KEY' };
  return { kind: 'keyfile', path: keys.keyFilePath ?? join(configDir(env), 'xero-sql', 'settings.key') };
}
