// The encrypted settings file: round trips with each kind of key, the key file's creation and
// modes, which key a file needs, update/clear semantics, atomic writes and the in-process lock.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { configDir } from '../../src/connection/options.js';
import { loadOrCreateKeyFile } from '../../src/auth/settings-key-file.js';
import { openSettingsStore } from '../../src/auth/settings-store.js';
import { SECRETS, SettingsSandbox, assertNoSecrets, rejectsWith, sampleSettings } from '../helpers/settings-fixtures.js';

const posix = process.platform !== 'win32';
const mode = async (path: string) => (await stat(path)).mode & 0o777;

let box: SettingsSandbox;
beforeEach(async () => {
  box = await SettingsSandbox.create();
});
afterEach(async () => {
  await box.dispose();
});

/** Saves `settings` through `update` and returns what the callback saw. */
async function save(store = box.open(), settings = sampleSettings()) {
  return store.update(async (current) => ({ next: settings, result: current }));
}

describe('file settings store: round trips', () => {
  it('reads nothing before the first save, and creates nothing by reading', async () => {
    assert.equal(await box.open().read(), undefined);
    assert.deepEqual(await box.leftovers(), []);
    await assert.rejects(stat(box.keyFile), { code: 'ENOENT' });
  });

  it('round-trips with the OAuthSettingsPassphrase', async () => {
    await save(box.open({ passphrase: SECRETS.passphrase }));
    assert.deepEqual(await box.open({ passphrase: SECRETS.passphrase }).read(), sampleSettings());
    const envelope = JSON.parse(await readFile(box.path, 'utf8'));
    assert.equal(envelope.format, 'xero-sql-oauth-settings');
    assert.equal(envelope.key.kind, 'passphrase');
    assert.deepEqual([envelope.key.kdf, envelope.key.N, envelope.key.r, envelope.key.p], ['scrypt', 32768, 8, 1]);
    await assert.rejects(stat(box.keyFile), { code: 'ENOENT' }, 'no key file with a passphrase');
  });

  it('round-trips with XERO_SQL_SETTINGS_KEY, which is the same passphrase as the property', async () => {
    await save(box.open({ env: { XERO_SQL_SETTINGS_KEY: SECRETS.passphrase } }));
    assert.deepEqual(await box.open({ env: { XERO_SQL_SETTINGS_KEY: SECRETS.passphrase } }).read(), sampleSettings());
    assert.deepEqual(await box.open({ passphrase: SECRETS.passphrase }).read(), sampleSettings());
  });

  it('lets the passphrase property win over XERO_SQL_SETTINGS_KEY', async () => {
    await save(box.open({ passphrase: SECRETS.passphrase, env: { XERO_SQL_SETTINGS_KEY: SECRETS.otherPassphrase } }));
    assert.deepEqual(await box.open({ passphrase: SECRETS.passphrase }).read(), sampleSettings());
    await rejectsWith(box.open({ env: { XERO_SQL_SETTINGS_KEY: SECRETS.otherPassphrase } }).read(), 'XSQL_SETTINGS', /different passphrase than the one in XERO_SQL_SETTINGS_KEY/);
  });

  it('round-trips with a key file, created 0600 in a 0700 folder on first save and reused after', async () => {
    await save();
    const key = await readFile(box.keyFile, 'utf8');
    assert.match(key, /^[0-9a-f]{64}\n$/);
    if (posix) {
      assert.equal(await mode(box.keyFile), 0o600);
      assert.equal(await mode(join(box.keyFile, '..')), 0o700);
    }
    assert.deepEqual(await box.open().read(), sampleSettings());
    await save(box.open(), sampleSettings({ accessToken: 'second' }));
    assert.equal(await readFile(box.keyFile, 'utf8'), key, 'the key file is not replaced');
    assert.equal((await box.open().read())?.accessToken, 'second');
    assert.equal(JSON.parse(await readFile(box.path, 'utf8')).key.kind, 'keyfile');
  });

  it('puts the key file in <configDir>/xero-sql/settings.key by default', async () => {
    const env = { HOME: box.dir, XDG_CONFIG_HOME: join(box.dir, 'config'), APPDATA: join(box.dir, 'appdata') };
    await save(openSettingsStore({ kind: 'file', path: box.path }, { env }));
    assert.match(await readFile(join(configDir(env), 'xero-sql', 'settings.key'), 'utf8'), /^[0-9a-f]{64}\n$/);
  });

  it('gives processes racing to create the key file the same key', async () => {
    const keys = await Promise.all(Array.from({ length: 20 }, () => loadOrCreateKeyFile(box.keyFile)));
    for (const key of keys) assert.ok(key.equals(keys[0] as Buffer));
    // Two settings files created at once with one key file can each be read by the other's store.
    const other = join(box.dir, 'other', 'settings.json');
    const fresh = join(box.dir, 'keys2', 'k.key');
    await Promise.all([save(box.open({ keyFilePath: fresh })), save(box.open({ keyFilePath: fresh }, other))]);
    assert.deepEqual(await box.open({ keyFilePath: fresh }, other).read(), sampleSettings());
    assert.deepEqual(await box.open({ keyFilePath: fresh }).read(), sampleSettings());
    assert.deepEqual((await box.leftovers(fresh)).sort(), [], 'no temp files beside the key file');
  });

  it('writes the settings file 0600 and creates its folder 0700', { skip: !posix && 'no POSIX modes on Windows' }, async () => {
    await save();
    assert.equal(await mode(box.path), 0o600);
    assert.equal(await mode(join(box.path, '..')), 0o700);
  });

  it('is portable: the file and its key file copied elsewhere still open', async () => {
    await save();
    const elsewhere = join(box.dir, 'headless');
    await mkdir(elsewhere, { mode: 0o700 });
    await copyFile(box.path, join(elsewhere, 'oauth-settings.json'));
    await copyFile(box.keyFile, join(elsewhere, 'settings.key'));
    const copied = box.open({ keyFilePath: join(elsewhere, 'settings.key') }, join(elsewhere, 'oauth-settings.json'));
    assert.deepEqual(await copied.read(), sampleSettings());

    await save(box.open({ passphrase: SECRETS.passphrase }, join(box.dir, 'p.json')));
    await copyFile(join(box.dir, 'p.json'), join(elsewhere, 'p.json'));
    assert.deepEqual(await box.open({ passphrase: SECRETS.passphrase, keyFilePath: join(elsewhere, 'none.key') }, join(elsewhere, 'p.json')).read(), sampleSettings());
  });

  it('hands out frozen settings whose inspect output hides the tokens', async () => {
    await save();
    const read = await box.open().read();
    assert.ok(read && Object.isFrozen(read) && Object.isFrozen(read.scopes) && Object.isFrozen(read.tenants?.[0]));
    assertNoSecrets(read);
    assert.equal(read.accessToken, SECRETS.accessToken);
    assert.equal(JSON.parse(JSON.stringify(read)).refreshToken, SECRETS.refreshToken, 'JSON keeps the values');
  });

  it('keeps fields it does not know through a read-modify-write', async () => {
    await save(box.open(), { ...sampleSettings(), futureField: 'kept' } as never);
    await box.open().update(async (current) => ({ next: { ...current!, accessToken: 'next' }, result: undefined }));
    assert.equal(((await box.open().read()) as unknown as Record<string, unknown>).futureField, 'kept');
  });
});

describe('file settings store: which key a file needs', () => {
  it('says a passphrase file needs the passphrase when none is given', async () => {
    await save(box.open({ passphrase: SECRETS.passphrase }));
    await rejectsWith(box.open().read(), 'XSQL_SETTINGS', /encrypted with a passphrase: set OAuthSettingsPassphrase or XERO_SQL_SETTINGS_KEY/);
  });

  it('says the passphrase is wrong', async () => {
    await save(box.open({ passphrase: SECRETS.passphrase }));
    const err = await rejectsWith(box.open({ passphrase: SECRETS.otherPassphrase }).read(), 'XSQL_SETTINGS', /different passphrase than the one in OAuthSettingsPassphrase/);
    assert.ok(err.message.includes(box.path));
  });

  it('says a key-file file was made with a different key file', async () => {
    await save();
    const other = join(box.dir, 'other.key');
    await loadOrCreateKeyFile(other);
    await rejectsWith(box.open({ keyFilePath: other }).read(), 'XSQL_SETTINGS', new RegExp(`different key file than ${escape(other)}.*copy the key file`));
  });

  it('says a key-file file needs its key file copied too when it is missing', async () => {
    await save();
    const missing = join(box.dir, 'nowhere', 'settings.key');
    await rejectsWith(box.open({ keyFilePath: missing }).read(), 'XSQL_SETTINGS', new RegExp(`encrypted with the key file ${escape(missing)}, which does not exist: copy that key file too`));
    await assert.rejects(stat(missing), { code: 'ENOENT' }, 'reading does not create a key that could not match');
  });

  it('says a key-file file cannot be opened with a passphrase', async () => {
    await save();
    await rejectsWith(box.open({ passphrase: SECRETS.passphrase }).read(), 'XSQL_SETTINGS', /encrypted with a key file, not a passphrase, but a passphrase is set \(OAuthSettingsPassphrase\)/);
  });

  it('refuses a key file other users can read, saying how to fix it', { skip: !posix && 'no POSIX modes on Windows' }, async () => {
    await save();
    const { chmod } = await import('node:fs/promises');
    await chmod(box.keyFile, 0o644);
    await rejectsWith(box.open().read(), 'XSQL_SETTINGS', /can be read by other users \(mode 0644\).*chmod 600/);
    await chmod(box.keyFile, 0o600);
    assert.deepEqual(await box.open().read(), sampleSettings());
  });

  it('refuses a key file that is not one, and leaves it as it is', async () => {
    await mkdir(join(box.keyFile, '..'), { recursive: true });
    await writeFile(box.keyFile, 'not a key\n', { mode: 0o600 });
    await rejectsWith(save(), 'XSQL_SETTINGS', /is not a xero-sql key file/);
    assert.equal(await readFile(box.keyFile, 'utf8'), 'not a key\n');
    await assert.rejects(stat(box.path), { code: 'ENOENT' });
  });
});

describe('file settings store: update and clear', () => {
  it('leaves the file untouched when the callback returns no next value', async () => {
    await save();
    const bytes = await readFile(box.path);
    const before = await stat(box.path);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const result = await box.open().update(async (current) => ({ result: current?.refreshToken }));
    assert.equal(result, SECRETS.refreshToken);
    const after = await stat(box.path);
    assert.deepEqual(await readFile(box.path), bytes);
    assert.equal(after.mtimeMs, before.mtimeMs);
    assert.equal(after.ino, before.ino, 'not even replaced by an identical file');
    assert.deepEqual(await box.leftovers(), []);
  });

  it('passes the re-read current value to the callback and returns its result', async () => {
    await save();
    const seen = await box.open().update(async (current) => ({ next: sampleSettings({ accessToken: 'new' }), result: current }));
    assert.deepEqual(seen, sampleSettings());
    assert.equal((await box.open().read())?.accessToken, 'new');
  });

  it('leaves no temp files or lock behind after a successful update', async () => {
    await save();
    await save();
    assert.deepEqual(await box.leftovers(), []);
  });

  it('writes nothing and releases the lock when the callback throws', async () => {
    await save();
    const bytes = await readFile(box.path);
    await assert.rejects(
      box.open().update(async () => {
        throw new Error('refresh failed');
      }),
      /refresh failed/,
    );
    assert.deepEqual(await readFile(box.path), bytes);
    assert.deepEqual(await box.leftovers(), []);
    // The lock is free: an update with no patience at all gets it at once.
    assert.equal(await box.open({ lockTimeoutMs: 0 }).update(async () => ({ result: 'free' })), 'free');
  });

  it('refuses to save values that are not valid settings, leaving the file as it was', async () => {
    await save();
    const bytes = await readFile(box.path);
    const bad = { ...sampleSettings(), accessTokenExpiresAt: 'soon' } as never;
    const err = await rejectsWith(box.open().update(async () => ({ next: bad, result: 0 })), 'XSQL_SETTINGS', /Refusing to save OAuth settings.*accessTokenExpiresAt/);
    assert.ok(!err.message.includes('soon'));
    assert.deepEqual(await readFile(box.path), bytes);
    assert.deepEqual(await box.leftovers(), []);
  });

  it('cleans up temp files left by a writer killed before its rename', async () => {
    await save();
    const orphan = `${box.path}.99999.0123456789ab.tmp`;
    await writeFile(orphan, 'half');
    await save();
    assert.deepEqual(await box.leftovers(), []);
  });

  it('serialises concurrent updates in one process, across store instances', async () => {
    const stores = [box.open(), box.open(), box.open({ lockTimeoutMs: 60_000 })];
    const increments = Array.from({ length: 50 }, (_, i) =>
      (stores[i % stores.length] as (typeof stores)[number]).update(async (current) => {
        const n = (current?.tokenTimestamp ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, 1));
        return { next: sampleSettings({ tokenTimestamp: n }), result: n };
      }),
    );
    const results = await Promise.all(increments);
    assert.deepEqual([...results].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
    assert.equal((await box.open().read())?.tokenTimestamp, 50);
  });

  it('times out with XSQL_SETTINGS_LOCK naming the file when another process holds the lock', async () => {
    await save();
    await mkdir(`${box.path}.lock`);
    const err = await rejectsWith(box.open({ lockTimeoutMs: 300 }).update(async () => ({ result: 0 })), 'XSQL_SETTINGS_LOCK', /within 300 ms: another process holds/);
    assert.ok(err.message.includes(box.path));
  });

  it('takes over a lock left by a killed process once it is stale', async () => {
    await save();
    await mkdir(`${box.path}.lock`);
    const old = new Date(Date.now() - 60_000);
    await utimes(`${box.path}.lock`, old, old);
    assert.equal(await box.open({ lockStaleMs: 2_000, lockTimeoutMs: 5_000 }).update(async () => ({ result: 'mine' })), 'mine');
    assert.deepEqual(await box.leftovers(), []);
  });

  it('clears the file under the lock, and clearing nothing is fine', async () => {
    await box.open().clear();
    await save();
    await box.open().clear();
    await assert.rejects(stat(box.path), { code: 'ENOENT' });
    assert.equal(await box.open().read(), undefined);
    assert.deepEqual(await box.leftovers(), []);
  });

  it('clears a settings file it cannot decrypt (the way out of a lost key)', async () => {
    await save(box.open({ passphrase: SECRETS.passphrase }));
    await box.open().clear();
    await assert.rejects(stat(box.path), { code: 'ENOENT' });
  });

  it('refuses to clear a file that is not a settings file at all', async () => {
    await mkdir(join(box.path, '..'), { recursive: true });
    await writeFile(box.path, '{"important":"data"}');
    await rejectsWith(box.open().clear(), 'XSQL_SETTINGS', /is not a xero-sql OAuth settings file/);
    assert.equal(await readFile(box.path, 'utf8'), '{"important":"data"}');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
