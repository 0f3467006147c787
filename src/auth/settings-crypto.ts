/**
 * The settings file's envelope: AES-256-GCM over the settings JSON, wrapped in a small JSON
 * object that says how the key was obtained.
 *
 * ```json
 * { "format": "xero-sql-oauth-settings", "version": 1,
 *   "key": { "kind": "passphrase", "kdf": "scrypt", "salt": "<b64>", "N": 32768, "r": 8, "p": 1, "keyId": "<hex>" }
 *        | { "kind": "keyfile", "keyId": "<hex>" },
 *   "iv": "<b64, 12 bytes>", "tag": "<b64, 16 bytes>", "data": "<b64 ciphertext>" }
 * ```
 *
 * - The header (`format`, `version`, `key`) is the GCM additional authenticated data, so a header
 *   swapped or edited after writing fails authentication like edited ciphertext does.
 * - `keyId` is a short fingerprint of the key (HKDF of it, never the key), so a wrong key can be told
 *   apart from a damaged file: with the matching key, a failed tag means the file was changed.
 * - The AES key and the fingerprint are separate HKDF outputs of the master key (the key file's 32
 *   bytes, or scrypt of the passphrase), so no key is used for two purposes.
 * - Base64 must be canonical and unknown fields are refused, so any changed byte of the file is
 *   detected (the tests flip every byte).
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, scrypt } from 'node:crypto';
import { inspect } from 'node:util';

/** The `format` marker of a settings file. */
export const SETTINGS_FORMAT = 'xero-sql-oauth-settings';
/** The envelope version this code writes and reads. */
export const SETTINGS_FORMAT_VERSION = 1;

/** scrypt cost for new files: 32 MiB and about 0.1 s, once per process thanks to the cache below. */
const DEFAULT_SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
/**
 * Bound on the cost read from a file (128·N·r bytes of memory, p times over in time), so a crafted
 * file cannot make us allocate gigabytes or spin for minutes. 8 times the default.
 */
const MAX_SCRYPT_WORK = 256 * 1024 * 1024;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_BYTES = 8;

/** How the key of a settings file is obtained. */
export type KeyHeader =
  | {
      readonly kind: 'passphrase';
      readonly kdf: 'scrypt';
      readonly salt: string;
      readonly N: number;
      readonly r: number;
      readonly p: number;
      readonly keyId: string;
    }
  | { readonly kind: 'keyfile'; readonly keyId: string };

/**
 * A key ready to seal and open envelopes. The key bytes live in a private field, out of reach of
 * `util.inspect`, JSON and property enumeration.
 */
export class SettingsKey {
  readonly header: KeyHeader;
  readonly #aesKey: Buffer;

  private constructor(header: KeyHeader, aesKey: Buffer) {
    this.header = header;
    this.#aesKey = aesKey;
  }

  /** The key of a key file's 32 random bytes. */
  static fromKeyFile(master: Buffer): SettingsKey {
    const { aesKey, keyId } = splitMaster(master);
    return new SettingsKey({ kind: 'keyfile', keyId }, aesKey);
  }

  /**
   * The key of a passphrase with a salt and scrypt costs: those of an existing file's header, or a
   * fresh salt and the default costs for a new file.
   */
  static async fromPassphrase(passphrase: string, from?: Extract<KeyHeader, { kind: 'passphrase' }>): Promise<SettingsKey> {
    const salt = from ? Buffer.from(from.salt, 'base64') : randomBytes(SALT_BYTES);
    const cost = from ? { N: from.N, r: from.r, p: from.p } : DEFAULT_SCRYPT;
    const master = await deriveCached(passphrase, salt, cost);
    const { aesKey, keyId } = splitMaster(master);
    return new SettingsKey({ kind: 'passphrase', kdf: 'scrypt', salt: salt.toString('base64'), ...cost, keyId }, aesKey);
  }

  get keyId(): string {
    return this.header.keyId;
  }

  /** Encrypts `plaintext` into the text of a settings file. */
  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#aesKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(headerAad(this.header));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const envelope = {
      format: SETTINGS_FORMAT,
      version: SETTINGS_FORMAT_VERSION,
      key: canonicalHeader(this.header),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    // Compact, with no trailing newline: with no insignificant whitespace, every changed byte
    // changes the meaning and is detected, rather than some edits being harmless and some not.
    return JSON.stringify(envelope);
  }

  /**
   * Decrypts an envelope. `wrong-key` means this is not the key the file was written with;
   * `tampered` means it is, yet authentication failed, so the file changed after it was written.
   */
  open(envelope: Envelope): { readonly ok: true; readonly plaintext: string } | { readonly ok: false; readonly reason: 'wrong-key' | 'tampered' } {
    if (envelope.key.keyId === this.keyId) {
      const plaintext = this.#decrypt(envelope, envelope.key);
      return plaintext === undefined ? { ok: false, reason: 'tampered' } : { ok: true, plaintext };
    }
    // A different key id: either another key, or this key's file with its key id edited. Only the
    // latter authenticates once the header carries this key's id.
    const edited = this.#decrypt(envelope, { ...envelope.key, keyId: this.keyId });
    return { ok: false, reason: edited === undefined ? 'wrong-key' : 'tampered' };
  }

  #decrypt(envelope: Envelope, header: KeyHeader): string | undefined {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#aesKey, envelope.iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(headerAad(header));
      decipher.setAuthTag(envelope.tag);
      return Buffer.concat([decipher.update(envelope.data), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  [inspect.custom](): string {
    return `SettingsKey { kind: '${this.header.kind}', keyId: '${this.keyId}' }`;
  }

  toJSON(): KeyHeader {
    return this.header;
  }
}

/** A structurally valid envelope, its binary fields decoded. */
export interface Envelope {
  readonly key: KeyHeader;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly data: Buffer;
}

/** Why a file's text is not a usable envelope, before any key is involved. */
export type EnvelopeProblem =
  | { readonly kind: 'empty' }
  | { readonly kind: 'not-json' }
  | { readonly kind: 'foreign' }
  | { readonly kind: 'newer'; readonly version: number }
  | { readonly kind: 'damaged'; readonly field: string };

/** Parses a settings file's text into an {@link Envelope}, or says what is wrong with it. */
export function parseEnvelope(text: string): { readonly ok: true; readonly envelope: Envelope } | { readonly ok: false; readonly problem: EnvelopeProblem } {
  const fail = (problem: EnvelopeProblem) => ({ ok: false as const, problem });
  if (text.trim() === '') return fail({ kind: 'empty' });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail({ kind: 'not-json' });
  }
  if (!isRecord(value) || value.format !== SETTINGS_FORMAT) return fail({ kind: 'foreign' });
  const { version } = value;
  if (typeof version === 'number' && Number.isInteger(version) && version > SETTINGS_FORMAT_VERSION) return fail({ kind: 'newer', version });
  if (version !== SETTINGS_FORMAT_VERSION) return fail({ kind: 'damaged', field: 'version' });
  const unknown = Object.keys(value).find((k) => !['format', 'version', 'key', 'iv', 'tag', 'data'].includes(k));
  if (unknown !== undefined) return fail({ kind: 'damaged', field: unknown.slice(0, 40) });

  const key = parseKeyHeader(value.key);
  if (typeof key === 'string') return fail({ kind: 'damaged', field: key });
  const iv = canonicalBase64(value.iv, IV_BYTES, IV_BYTES);
  if (!iv) return fail({ kind: 'damaged', field: 'iv' });
  const tag = canonicalBase64(value.tag, TAG_BYTES, TAG_BYTES);
  if (!tag) return fail({ kind: 'damaged', field: 'tag' });
  const data = canonicalBase64(value.data, 1, Number.MAX_SAFE_INTEGER);
  if (!data) return fail({ kind: 'damaged', field: 'data' });
  return { ok: true, envelope: { key, iv, tag, data } };
}

/** The header, or the name of its first invalid field. */
function parseKeyHeader(value: unknown): KeyHeader | string {
  if (!isRecord(value)) return 'key';
  const keyId = value.keyId;
  if (typeof keyId !== 'string' || !new RegExp(`^[0-9a-f]{${KEY_ID_BYTES * 2}}$`).test(keyId)) return 'key.keyId';
  const allowed = (names: readonly string[]) => Object.keys(value).find((k) => !names.includes(k));
  if (value.kind === 'keyfile') {
    const extra = allowed(['kind', 'keyId']);
    return extra === undefined ? { kind: 'keyfile', keyId } : `key.${extra.slice(0, 40)}`;
  }
  if (value.kind !== 'passphrase') return 'key.kind';
  const extra = allowed(['kind', 'kdf', 'salt', 'N', 'r', 'p', 'keyId']);
  if (extra !== undefined) return `key.${extra.slice(0, 40)}`;
  if (value.kdf !== 'scrypt') return 'key.kdf';
  if (!canonicalBase64(value.salt, SALT_BYTES, 64)) return 'key.salt';
  const { N, r, p } = value;
  if (typeof N !== 'number' || !Number.isInteger(N) || N < 2 ** 14 || (N & (N - 1)) !== 0) return 'key.N';
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 1 || r > 32) return 'key.r';
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 16) return 'key.p';
  if (scryptMemory({ N, r }) * p > MAX_SCRYPT_WORK) return 'key.N';
  return { kind: 'passphrase', kdf: 'scrypt', salt: value.salt as string, N, r, p, keyId };
}

/** The header with its fields in a fixed order, so its bytes as AAD do not depend on who built it. */
function canonicalHeader(h: KeyHeader): KeyHeader {
  return h.kind === 'keyfile'
    ? { kind: h.kind, keyId: h.keyId }
    : { kind: h.kind, kdf: h.kdf, salt: h.salt, N: h.N, r: h.r, p: h.p, keyId: h.keyId };
}

function headerAad(h: KeyHeader): Buffer {
  return Buffer.from(JSON.stringify({ format: SETTINGS_FORMAT, version: SETTINGS_FORMAT_VERSION, key: canonicalHeader(h) }), 'utf8');
}

function splitMaster(master: Buffer): { aesKey: Buffer; keyId: string } {
  const derive = (info: string, length: number) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, length));
  return { aesKey: derive('xero-sql settings aes-256-gcm v1', 32), keyId: derive('xero-sql settings key id v1', KEY_ID_BYTES).toString('hex') };
}

/**
 * scrypt results by (passphrase, salt, costs), so reading and rewriting the same file in one
 * process pays the deliberate slowness once. Keyed by a hash so the map does not hold passphrases;
 * promises, so concurrent first reads share one derivation.
 */
const derived = new Map<string, Promise<Buffer>>();
const DERIVED_MAX = 16;

function deriveCached(passphrase: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const id = createHash('sha256').update(JSON.stringify([passphrase, salt.toString('base64'), cost.N, cost.r, cost.p])).digest('base64');
  const hit = derived.get(id);
  if (hit) return hit;
  const pending = new Promise<Buffer>((resolve, reject) => {
    scrypt(passphrase, salt, 32, { ...cost, maxmem: scryptMemory(cost) + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
  pending.catch(() => derived.delete(id));
  if (derived.size >= DERIVED_MAX) derived.delete(derived.keys().next().value as string);
  derived.set(id, pending);
  return pending;
}

function scryptMemory(cost: { N: number; r: number }): number {
  return 128 * cost.N * cost.r;
}

/** Decodes base64 of a length in bytes within [min, max], only if written canonically. */
function canonicalBase64(value: unknown, min: number, max: number): Buffer | undefined {
  if (typeof value !== 'string') return undefined;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.toString('base64') !== value || bytes.length < min || bytes.length > max) return undefined;
  return bytes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
