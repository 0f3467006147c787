// memory://<id> settings: shared by id within the process, serialised updates, frozen copies.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { openSettingsStore } from '../../src/auth/settings-store.js';
import { SECRETS, assertNoSecrets, rejectsWith, sampleSettings } from '../helpers/settings-fixtures.js';

/** A memory store with an id no other test uses (the map is process-wide). */
const open = (id: string) => openSettingsStore({ kind: 'memory', id }, {});

describe('memory settings store', () => {
  it('describes itself as memory://<id> and starts empty', async () => {
    const id = randomUUID();
    const store = open(id);
    assert.equal(store.description, `memory://${id}`);
    assert.equal(await store.read(), undefined);
  });

  it('shares settings between stores opened with the same id, and only those', async () => {
    const id = randomUUID();
    await open(id).update(async () => ({ next: sampleSettings(), result: undefined }));
    assert.deepEqual(await open(id).read(), sampleSettings());
    assert.equal(await open(randomUUID()).read(), undefined);
    await open(id).clear();
    assert.equal(await open(id).read(), undefined);
  });

  it('keeps a frozen copy: later changes to the object saved do not reach the store', async () => {
    const id = randomUUID();
    const mutable = { ...sampleSettings(), scopes: ['a'] };
    await open(id).update(async () => ({ next: mutable, result: undefined }));
    mutable.scopes.push('b');
    const read = await open(id).read();
    assert.deepEqual(read?.scopes, ['a']);
    assert.ok(read && Object.isFrozen(read) && Object.isFrozen(read.scopes));
    assertNoSecrets(read);
    assert.equal(read.refreshToken, SECRETS.refreshToken);
  });

  it('serialises concurrent updates: 50 concurrent increments end at 50', async () => {
    const id = randomUUID();
    const runs = Array.from({ length: 50 }, (_, i) =>
      open(id).update(async (current) => {
        const n = (current?.tokenTimestamp ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, i % 3));
        return { next: sampleSettings({ tokenTimestamp: n }), result: n };
      }),
    );
    assert.deepEqual((await Promise.all(runs)).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
    assert.equal((await open(id).read())?.tokenTimestamp, 50);
  });

  it('saves nothing when the callback returns no next value or throws, and stays usable', async () => {
    const id = randomUUID();
    await open(id).update(async () => ({ next: sampleSettings(), result: undefined }));
    assert.equal(await open(id).update(async () => ({ result: 'kept' })), 'kept');
    await assert.rejects(
      open(id).update(async () => {
        throw new Error('refresh failed');
      }),
      /refresh failed/,
    );
    assert.deepEqual(await open(id).read(), sampleSettings());
    assert.equal(await open(id).update(async () => ({ result: 'next' })), 'next');
  });

  it('refuses invalid settings as a file would', async () => {
    const id = randomUUID();
    await rejectsWith(open(id).update(async () => ({ next: { version: 2 } as never, result: 0 })), 'XSQL_SETTINGS', /memory:\/\/.*settings version 2/);
    assert.equal(await open(id).read(), undefined);
  });
});
