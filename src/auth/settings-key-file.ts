/**
 * The per-user key file that encrypts the settings when no passphrase is given: 32 random bytes
 * as 64 hex characters, mode 0600, in a 0700 folder. Created on first save; processes racing to
 * create it all end up with the winner's key.
 */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { createFileExclusively, ensurePrivateDir, errorCode, readSmallFile } from './settings-files.js';

const KEY_BYTES = 32;
const KEY_TEXT = /^[0-9a-f]{64}$/i;

/**
 * The key in the key file at `path`, or undefined when there is no such file.
 *
 * A key file other users can read is refused (as ssh refuses such a private key): it would make the
 * encryption worthless against them, and silently accepting it hides that. The message says the
 * one command that fixes it. Windows has no such mode bits, so there the check is skipped.
 */
export async function readKeyFile(path: string): Promise<Buffer | undefined> {
  let bytes: Buffer | undefined;
  try {
    bytes = await readSmallFile(path, 1024);
  } catch (err) {
    throw new XeroSqlError(
      ErrorCode.Settings,
      `The settings key file ${path} cannot be read (${errorCode(err) ?? 'error'}): check that it is a file you can read.`,
      { cause: err },
    );
  }
  if (bytes === undefined) return undefined;
  const text = bytes.toString('utf8').trim();
  if (!KEY_TEXT.test(text)) {
    throw new XeroSqlError(
      ErrorCode.Settings,
      `The settings key file ${path} is not a xero-sql key file (it should hold 64 hexadecimal characters). It has been left as it is: restore the key file you copied, or move it away to have a new one created (saved settings encrypted with the old key then need a new sign-in).`,
    );
  }
  if (process.platform !== 'win32') {
    const mode = (await stat(path)).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new XeroSqlError(
        ErrorCode.Settings,
        `The settings key file ${path} can be read by other users (mode ${mode.toString(8).padStart(4, '0')}), so it does not protect the saved tokens from them: run chmod 600 "${path}".`,
      );
    }
  }
  return Buffer.from(text, 'hex');
}

/** The key in the key file at `path`, creating the file (and its 0700 folder) if there is none. */
export async function loadOrCreateKeyFile(path: string): Promise<Buffer> {
  const existing = await readKeyFile(path);
  if (existing) return existing;
  const key = randomBytes(KEY_BYTES);
  let created: boolean;
  try {
    await ensurePrivateDir(dirname(path));
    created = await createFileExclusively(path, `${key.toString('hex')}\n`);
  } catch (err) {
    throw new XeroSqlError(
      ErrorCode.Settings,
      `Could not create the settings key file ${path} (${errorCode(err) ?? 'error'}): check that its folder is writable, or set OAuthSettingsPassphrase (or XERO_SQL_SETTINGS_KEY) to encrypt with a passphrase instead.`,
      { cause: err },
    );
  }
  if (created) return key;
  // Another process created it first: use its key so both write files the other can read.
  const winner = await readKeyFile(path);
  if (!winner) throw new XeroSqlError(ErrorCode.Settings, `The settings key file ${path} disappeared while it was being created: try again.`);
  return winner;
}
