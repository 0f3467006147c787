// A corrupt, truncated, tampered, foreign or future settings file is a clear XSQL_SETTINGS error,
// never an empty store, and is left exactly as it was (by read, update and a failed update alike).
import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { SettingsKey } from '../../src/auth/settings-crypto.js';
import type { SettingsKeySource } from '../../src/auth/settings-store.js';
import { XeroSqlError } from '../../src/errors.js';
import { SECRETS, SettingsSandbox, rejectsWith, sampleSettings } from '../helpers/settings-fixtures.js';

let box: SettingsSandbox;
beforeEach(async () => {
  box = await SettingsSandbox.create();
});
afterEach(async () => {
  await box.dispose();
});

const KINDS: ReadonlyArray<{ name: string; keys: SettingsKeySource }> = [
  { name: 'key file', keys: {} },
  { name: 'passphrase', keys: { passphrase: SECRETS.passphrase } },
];

async function saveWith(keys: SettingsKeySource): Promise<Buffer> {
  await box.open(keys).update(async () => ({ next: sampleSettings(), result: undefined }));
  return readFile(box.path);
}

/** Writes `bytes` as the settings file and checks that read and update both refuse it and leave it be. */
async function assertRefused(bytes: Buffer | string, keys: SettingsKeySource, pattern: RegExp): Promise<XeroSqlError> {
  await mkdir(join(box.path, '..'), { recursive: true });
  await writeFile(box.path, bytes);
  const before = await stat(box.path);
  const err = await rejectsWith(box.open(keys).read(), 'XSQL_SETTINGS', pattern);
  assert.ok(err.message.includes(box.path), 'the message names the file');
  let called = false;
  await rejectsWith(
    box.open(keys).update(async () => {
      called = true;
      return { next: sampleSettings(), result: undefined };
    }),
    'XSQL_SETTINGS',
    pattern,
  );
  assert.equal(called, false, 'update does not run its callback over an unreadable file');
  assert.deepEqual(await readFile(box.path), Buffer.from(bytes));
  const after = await stat(box.path);
  assert.equal(after.mtimeMs, before.mtimeMs);
  assert.equal(after.ino, before.ino);
  assert.deepEqual(await box.leftovers(), [], 'no temp file or lock left');
  return err;
}

/** The file with one base64 field's decoded bytes changed (first byte XOR 1), re-encoded. */
function flipField(bytes: Buffer, field: 'data' | 'tag' | 'iv'): Buffer {
  const envelope = JSON.parse(bytes.toString('utf8'));
  const raw = Buffer.from(envelope[field], 'base64');
  raw[raw.length - 1] = (raw[raw.length - 1] as number) ^ 1;
  envelope[field] = raw.toString('base64');
  return Buffer.from(JSON.stringify(envelope));
}

const TAMPERED = /was changed or damaged after it was written.*left as it is/;

for (const { name, keys } of KINDS) {
  describe(`settings file tampering (${name})`, () => {
    for (const field of ['data', 'tag', 'iv'] as const) {
      it(`detects one byte changed in ${field}`, async () => {
        await assertRefused(flipField(await saveWith(keys), field), keys, TAMPERED);
      });
    }

    it('detects an edited key id in the header (the header is authenticated)', async () => {
      const envelope = JSON.parse((await saveWith(keys)).toString('utf8'));
      envelope.key.keyId = `${envelope.key.keyId.slice(0, -1)}${envelope.key.keyId.endsWith('0') ? '1' : '0'}`;
      await assertRefused(Buffer.from(JSON.stringify(envelope)), keys, TAMPERED);
    });

    it('refuses the file with any single byte changed, anywhere', async () => {
      const good = await saveWith(keys);
      // XOR 1 turns a character into its neighbour and XOR 0x20 flips letter case (hex, base64,
      // names). With a passphrase, each changed salt character costs an scrypt, so there the salt
      // gets one change only (and a changed salt reads as a different passphrase, by design).
      const masks = name === 'key file' ? [0x01, 0x20] : [0x01];
      const salt = good.indexOf('"salt":"') + '"salt":"'.length;
      const skip = (i: number) => name === 'passphrase' && i > salt && i < good.indexOf('"', salt);
      const store = box.open(keys);
      for (let i = 0; i < good.length; i++) {
        if (skip(i)) continue;
        for (const mask of masks) {
          const bad = Buffer.from(good);
          bad[i] = (bad[i] as number) ^ mask;
          await writeFile(box.path, bad);
          const err = await store.read().then(
            () => undefined,
            (e: unknown) => e,
          );
          assert.ok(err instanceof XeroSqlError && err.code === 'XSQL_SETTINGS', `byte ${i} ^ ${mask} was accepted`);
        }
      }
    });

    it('refuses the file truncated at every length', async () => {
      const good = await saveWith(keys);
      const store = box.open(keys);
      for (let length = 0; length < good.length; length++) {
        await writeFile(box.path, good.subarray(0, length));
        await rejectsWith(store.read(), 'XSQL_SETTINGS', length === 0 ? /is empty/ : /is not valid JSON: it is truncated or damaged/);
      }
      await assertRefused(good.subarray(0, good.length >> 1), keys, /truncated or damaged/);
    });
  });
}

describe('settings files that are not ours, or not for this version', () => {
  it('refuses an empty file', async () => {
    await assertRefused('', {}, /is empty/);
  });

  it('refuses bytes that are not JSON', async () => {
    await assertRefused(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80, 0x81]), {}, /is not valid JSON/);
  });

  for (const json of ['{"hello":1}', '[1,2,3]', '"text"', 'null', '42', '{"format":"something-else","version":1}']) {
    it(`refuses foreign JSON ${json}`, async () => {
      await assertRefused(json, {}, /is not a xero-sql OAuth settings file/);
    });
  }

  it('refuses a file far too large to be settings', async () => {
    await assertRefused(Buffer.alloc(2 * 1024 * 1024, 0x20), {}, /is not a xero-sql OAuth settings file/);
  });

  it('refuses an envelope missing a field, naming it', async () => {
    const envelope = JSON.parse((await saveWith({})).toString('utf8'));
    delete envelope.tag;
    await assertRefused(JSON.stringify(envelope), {}, /is damaged \(its "tag" is missing or invalid\)/);
  });

  it('refuses a crafted scrypt cost instead of allocating it', async () => {
    const envelope = JSON.parse((await saveWith({ passphrase: SECRETS.passphrase })).toString('utf8'));
    envelope.key.N = 2 ** 30;
    await assertRefused(JSON.stringify(envelope), { passphrase: SECRETS.passphrase }, /its "key.N" is missing or invalid/);
  });

  it('says an envelope from a future version needs a newer xero-sql', async () => {
    const envelope = JSON.parse((await saveWith({})).toString('utf8'));
    envelope.version = 2;
    await assertRefused(JSON.stringify(envelope), {}, /written by a newer version of xero-sql \(settings version 2; this version reads 1\).*upgrade/);
  });

  it('says settings of a future version inside a valid envelope need a newer xero-sql', async () => {
    await saveWith({});
    const envelope = JSON.parse(await readFile(box.path, 'utf8'));
    const master = Buffer.from((await readFile(box.keyFile, 'utf8')).trim(), 'hex');
    const key = SettingsKey.fromKeyFile(master);
    assert.equal(key.keyId, envelope.key.keyId);
    await assertRefused(key.seal(JSON.stringify({ version: 2, accessToken: 'x' })), {}, /written by a newer version of xero-sql \(settings version 2/);
  });

  it('says authentic contents that are not valid settings are invalid, naming fields but no values', async () => {
    await saveWith({});
    const key = SettingsKey.fromKeyFile(Buffer.from((await readFile(box.keyFile, 'utf8')).trim(), 'hex'));
    const err = await assertRefused(key.seal(JSON.stringify({ version: 1, accessToken: 42, refreshToken: [SECRETS.refreshToken] })), {}, /decrypts, but its contents are not valid OAuth settings \(invalid fields accessToken, refreshToken\)/);
    assert.ok(!err.message.includes('42'));
  });

  it('never mistakes a bad file for an empty store', async () => {
    await mkdir(join(box.path, '..'), { recursive: true });
    await writeFile(box.path, '{}');
    await assert.rejects(box.open().read());
  });
});
