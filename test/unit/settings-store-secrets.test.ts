// No token, passphrase or key in the file's plain text, in any error, or in any inspect output.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { SettingsKey } from '../../src/auth/settings-crypto.js';
import { openSettingsStore } from '../../src/auth/settings-store.js';
import { XeroSqlError } from '../../src/errors.js';
import { SECRETS, SettingsSandbox, assertNoSecrets, sampleSettings } from '../helpers/settings-fixtures.js';

let box: SettingsSandbox;
beforeEach(async () => {
  box = await SettingsSandbox.create();
});
afterEach(async () => {
  await box.dispose();
});

const save = (keys = {}) => box.open(keys).update(async () => ({ next: sampleSettings(), result: undefined }));

describe('settings store secrets', () => {
  it('stores no token or passphrase in plain text', async () => {
    await save({ passphrase: SECRETS.passphrase });
    const text = await readFile(box.path, 'utf8');
    for (const secret of Object.values(SECRETS)) assert.ok(!text.includes(secret));
    assert.ok(!text.includes(Buffer.from(SECRETS.refreshToken).toString('base64').slice(0, 12)));
  });

  it('keeps the passphrase and key out of the stores and keys as inspected', async () => {
    const stores = [
      box.open({ passphrase: SECRETS.passphrase }),
      openSettingsStore({ kind: 'file', path: box.path }, { env: { XERO_SQL_SETTINGS_KEY: SECRETS.passphrase } }),
      openSettingsStore({ kind: 'memory', id: 'secrets' }, { passphrase: SECRETS.passphrase }),
    ];
    for (const store of stores) {
      assertNoSecrets(store);
      assert.ok(!JSON.stringify(store).includes(SECRETS.passphrase));
    }
    const key = await SettingsKey.fromPassphrase(SECRETS.passphrase);
    const master = Buffer.alloc(32, 7);
    const fromFile = SettingsKey.fromKeyFile(master);
    for (const k of [key, fromFile]) {
      const shown = `${inspect(k, { showHidden: true, depth: 5 })} ${JSON.stringify(k)} ${Object.keys(k).join()}`;
      assert.ok(!shown.includes(SECRETS.passphrase) && !shown.includes(master.toString('hex')) && !shown.includes(master.toString('base64')), shown);
    }
  });

  it('puts no secret in any error the store raises', async () => {
    const errors: unknown[] = [];
    const collect = (p: Promise<unknown>) => p.then(() => assert.fail('expected an error'), (e: unknown) => errors.push(e));

    await save({ passphrase: SECRETS.passphrase });
    await collect(box.open().read());
    await collect(box.open({ passphrase: SECRETS.otherPassphrase }).read());
    const good = await readFile(box.path);
    const tampered = Buffer.from(good);
    tampered[tampered.length - 3] = (tampered[tampered.length - 3] as number) ^ 1;
    await writeFile(box.path, tampered);
    await collect(box.open({ passphrase: SECRETS.passphrase }).read());
    await writeFile(box.path, good);
    await collect(box.open({ passphrase: SECRETS.passphrase }).update(async () => ({ next: { ...sampleSettings(), tokenTimestamp: SECRETS.accessToken } as never, result: 0 })));
    await collect(box.open({ passphrase: SECRETS.passphrase }).update(async () => ({ next: { ...sampleSettings(), version: SECRETS.refreshToken } as never, result: 0 })));

    await box.open().clear();
    await save();
    await collect(box.open({ passphrase: SECRETS.passphrase }).read());
    await collect(box.open({ keyFilePath: `${box.dir}/missing.key` }).read());

    assert.equal(errors.length, 7);
    for (const err of errors) {
      assert.ok(err instanceof XeroSqlError, inspect(err));
      assertNoSecrets(err);
      assert.ok(!inspect(err, { showHidden: true, depth: 10 }).includes((await readFile(box.keyFile, 'utf8')).trim()), 'no key file contents');
    }
  });
});
