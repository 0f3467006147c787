/**
 * The encrypted settings file: the {@link SettingsStore} that processes on one machine (or a
 * headless machine the file was copied to) share.
 *
 * - `read` takes no lock: writes replace the file by rename, so a reader sees a whole old or whole
 *   new file.
 * - `update` takes the lock, re-reads, runs the callback (which may refresh over HTTP), and writes
 *   its result atomically before releasing, so the rotated refresh token is on disk before the
 *   caller gets the new access token.
 * - A file that cannot be decrypted and checked is an `XSQL_SETTINGS` error saying why and how to
 *   fix it; it is never treated as empty and never overwritten.
 */
import { inspect } from 'node:util';
import { dirname, resolve } from 'node:path';
import { ErrorCode, XeroSqlError } from '../errors.js';
import type { OAuthSettings, SettingsStore, SettingsUpdate } from './settings.js';
import { parseEnvelope, SettingsKey, type Envelope, type EnvelopeProblem, type KeyHeader } from './settings-crypto.js';
import { ensurePrivateDir, errorCode, readSmallFile, removeDurably, replaceFileAtomically, sweepOrphanTemps } from './settings-files.js';
import { loadOrCreateKeyFile, readKeyFile } from './settings-key-file.js';
import { withSettingsLock, type LockTiming } from './settings-lock.js';
import { checkSettings } from './settings-values.js';

/** Where the key comes from, already resolved (passphrase first, then the key file). */
export type SettingsKeyChoice =
  | { readonly kind: 'passphrase'; readonly passphrase: string; readonly origin: 'OAuthSettingsPassphrase' | 'XERO_SQL_SETTINGS_KEY' }
  | { readonly kind: 'keyfile'; readonly path: string };

/** A settings file is a few kilobytes; anything much larger is not one. */
const MAX_FILE_BYTES = 1024 * 1024;

/** What a settings file held, and the key that opened it (reused to write it back). */
interface Opened {
  readonly settings: OAuthSettings;
  readonly key: SettingsKey;
}

/** The settings store over an encrypted file. Secrets live in private fields, out of `inspect`'s sight. */
export class FileSettingsStore implements SettingsStore {
  readonly description: string;
  readonly #path: string;
  readonly #keys: SettingsKeyChoice;
  readonly #timing: LockTiming;
  /** The passphrase key (fresh salt) for creating a file, derived once per store. */
  #newPassphraseKey: Promise<SettingsKey> | undefined;

  constructor(path: string, keys: SettingsKeyChoice, timing: LockTiming) {
    this.#path = resolve(path);
    this.description = this.#path;
    this.#keys = keys;
    this.#timing = timing;
  }

  async read(): Promise<OAuthSettings | undefined> {
    const bytes = await this.#readBytes();
    return bytes === undefined ? undefined : (await this.#open(bytes)).settings;
  }

  async update<T>(fn: (current: OAuthSettings | undefined) => Promise<SettingsUpdate<T>>): Promise<T> {
    await this.#ensureDir();
    return withSettingsLock(this.#path, this.#timing, async (lock) => {
      const before = await this.#readBytes();
      const opened = before === undefined ? undefined : await this.#open(before);
      const { next, result } = await fn(opened?.settings);
      if (next === undefined) return result;

      const checked = checkSettings(next);
      if (!checked.ok) {
        throw settingsError(`Refusing to save OAuth settings to ${this.#path}: ${checked.problem}. This is a bug in xero-sql; the file was not changed.`);
      }
      const key = opened?.key ?? (await this.#keyForNewFile());
      const text = key.seal(JSON.stringify(checked.settings));
      // Under a healthy lock nobody else writes; if the file changed, this process stalled past the
      // stale time and another took the lock over and saved newer values, which must not be lost.
      if (!sameBytes(await this.#readBytes(), before)) {
        lock.takenOver();
        throw new XeroSqlError(
          ErrorCode.SettingsLock,
          `Lost the lock on the OAuth settings file ${this.#path} while updating it: the file was changed meanwhile, most likely by another process that took the lock over after this one was paused for over ${Math.round(this.#timing.staleMs / 1000)} s. The new values were not saved over the newer ones; try again.`,
        );
      }
      try {
        await replaceFileAtomically(this.#path, text);
      } catch (err) {
        throw settingsError(
          `Could not save the OAuth settings to ${this.#path} (${errorCode(err) ?? 'error'}): check that the folder is writable and the disk is not full. The file was not changed.`,
          err,
        );
      }
      await sweepOrphanTemps(this.#path);
      return result;
    });
  }

  /**
   * Deletes the file: the sign-out, and the way out of a file written with a lost key or damaged.
   * A file that is not a xero-sql settings file at all is refused rather than deleted, in case
   * OAuthSettingsLocation points at something else by mistake.
   */
  async clear(): Promise<void> {
    await this.#ensureDir();
    await withSettingsLock(this.#path, this.#timing, async () => {
      const bytes = await this.#readBytes();
      if (bytes === undefined) return;
      const parsed = parseEnvelope(bytes.toString('utf8'));
      if (!parsed.ok && parsed.problem.kind !== 'damaged' && parsed.problem.kind !== 'newer') throw this.#problemError(parsed.problem);
      try {
        await removeDurably(this.#path);
      } catch (err) {
        throw settingsError(`Could not delete the OAuth settings file ${this.#path} (${errorCode(err) ?? 'error'}): check the folder's permissions.`, err);
      }
    });
  }

  [inspect.custom](): string {
    return `FileSettingsStore { ${this.#path}, key: ${this.#keys.kind === 'keyfile' ? `key file ${this.#keys.path}` : `passphrase from ${this.#keys.origin}`} }`;
  }

  async #ensureDir(): Promise<void> {
    try {
      await ensurePrivateDir(dirname(this.#path));
    } catch (err) {
      throw settingsError(`Could not create the folder of the OAuth settings file ${this.#path} (${errorCode(err) ?? 'error'}): check OAuthSettingsLocation and the folder's permissions.`, err);
    }
  }

  async #readBytes(): Promise<Buffer | undefined> {
    try {
      return await readSmallFile(this.#path, MAX_FILE_BYTES);
    } catch (err) {
      if (errorCode(err) === 'EFBIG') throw this.#problemError({ kind: 'foreign' });
      throw settingsError(`The OAuth settings file ${this.#path} cannot be read (${errorCode(err) ?? 'error'}): check that it is a file you can read.`, err);
    }
  }

  /** Decrypts and checks a file's bytes, or throws the error that says what is wrong. */
  async #open(bytes: Buffer): Promise<Opened> {
    const parsed = parseEnvelope(bytes.toString('utf8'));
    if (!parsed.ok) throw this.#problemError(parsed.problem);
    const envelope: Envelope = parsed.envelope;
    const key = await this.#keyFor(envelope.key);
    const opened = key.open(envelope);
    if (!opened.ok) throw opened.reason === 'tampered' ? this.#tamperedError() : this.#wrongKeyError(envelope.key, key);

    let value: unknown;
    try {
      value = JSON.parse(opened.plaintext);
    } catch {
      value = undefined;
    }
    const checked = checkSettings(value);
    if (checked.ok) return { settings: checked.settings, key };
    if (checked.newerVersion !== undefined) throw this.#problemError({ kind: 'newer', version: checked.newerVersion });
    throw settingsError(
      `The OAuth settings file ${this.#path} decrypts, but its contents are not valid OAuth settings (${checked.problem}). It has been left as it is: delete it and sign in again.`,
    );
  }

  /** The key to open a file with the given header, or the error saying which key the file needs. */
  async #keyFor(header: KeyHeader): Promise<SettingsKey> {
    const keys = this.#keys;
    if (header.kind === 'passphrase') {
      if (keys.kind === 'passphrase') return SettingsKey.fromPassphrase(keys.passphrase, header);
      throw settingsError(
        `The OAuth settings file ${this.#path} is encrypted with a passphrase: set OAuthSettingsPassphrase or XERO_SQL_SETTINGS_KEY to the passphrase it was written with.`,
      );
    }
    if (keys.kind === 'passphrase') {
      throw settingsError(
        `The OAuth settings file ${this.#path} is encrypted with a key file, not a passphrase, but a passphrase is set (${keys.origin}). Remove the passphrase to use the key file, or delete the settings file and sign in again to re-create it with the passphrase.`,
      );
    }
    const master = await readKeyFile(keys.path);
    if (master === undefined) {
      throw settingsError(
        `The OAuth settings file ${this.#path} is encrypted with the key file ${keys.path}, which does not exist: copy that key file too from the machine that wrote the settings, or re-create the settings by signing in again.`,
      );
    }
    return SettingsKey.fromKeyFile(master);
  }

  async #keyForNewFile(): Promise<SettingsKey> {
    const keys = this.#keys;
    if (keys.kind === 'keyfile') return SettingsKey.fromKeyFile(await loadOrCreateKeyFile(keys.path));
    this.#newPassphraseKey ??= SettingsKey.fromPassphrase(keys.passphrase);
    return this.#newPassphraseKey;
  }

  #wrongKeyError(header: KeyHeader, key: SettingsKey): XeroSqlError {
    const keys = this.#keys;
    if (keys.kind === 'passphrase') {
      return settingsError(
        `The OAuth settings file ${this.#path} was written with a different passphrase than the one in ${keys.origin}. Set the passphrase it was written with, or delete the file and sign in again.`,
      );
    }
    return settingsError(
      `The OAuth settings file ${this.#path} is encrypted with a different key file than ${keys.path} (the file needs key id ${header.keyId}; this key file's id is ${key.keyId}): copy the key file from the machine that wrote the settings to ${keys.path}, or re-create the settings by signing in again.`,
    );
  }

  #tamperedError(): XeroSqlError {
    return settingsError(
      `The OAuth settings file ${this.#path} was changed or damaged after it was written (its contents fail authentication with the right key); it has been left as it is. Restore it from a copy, or delete it and sign in again.`,
    );
  }

  #problemError(problem: EnvelopeProblem): XeroSqlError {
    const path = this.#path;
    const leftAsIs = 'It has been left as it is';
    switch (problem.kind) {
      case 'empty':
        return settingsError(`The OAuth settings file ${path} is empty. ${leftAsIs}: delete it and sign in again, or point OAuthSettingsLocation at another file.`);
      case 'not-json':
        return settingsError(
          `The OAuth settings file ${path} is not valid JSON: it is truncated or damaged, or not a xero-sql settings file. ${leftAsIs}: restore it from a copy, or move it away and sign in again.`,
        );
      case 'foreign':
        return settingsError(
          `The file ${path} is not a xero-sql OAuth settings file. ${leftAsIs}: point OAuthSettingsLocation at another file, or move this one away and sign in again.`,
        );
      case 'newer':
        return settingsError(
          `The OAuth settings file ${path} was written by a newer version of xero-sql (settings version ${problem.version}; this version reads 1). ${leftAsIs}: upgrade xero-sql, or use another OAuthSettingsLocation.`,
        );
      case 'damaged':
        return settingsError(
          `The OAuth settings file ${path} is damaged (its "${problem.field}" is missing or invalid). ${leftAsIs}: restore it from a copy, or delete it and sign in again.`,
        );
    }
  }
}

function settingsError(message: string, cause?: unknown): XeroSqlError {
  return new XeroSqlError(ErrorCode.Settings, message, cause === undefined ? undefined : { cause });
}

function sameBytes(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.equals(b);
}
