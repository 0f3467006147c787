import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { freePort } from '../helpers/ports.js';
import { listenForCallback } from '../../src/auth/loopback-callback.js';
import { XeroSqlError } from '../../src/errors.js';

describe('listenForCallback', () => {
  it('ignores a redirect with the wrong state and accepts the matching one', async () => {
    const port = await freePort();
    const cb = await listenForCallback(`http://127.0.0.1:${port}/callback`, 'good-state', 10_000);
    try {
      const forged = await fetch(`http://127.0.0.1:${port}/callback?code=evil&state=other`);
      assert.equal(forged.status, 400);
      assert.match(await forged.text(), /does not match/);
      const wrongPath = await fetch(`http://127.0.0.1:${port}/elsewhere?code=x&state=good-state`);
      assert.equal(wrongPath.status, 404);
      const ok = await fetch(`http://127.0.0.1:${port}/callback?code=the-code&state=good-state&scope=a%20b`);
      assert.equal(ok.status, 200);
      assert.deepEqual(await cb.result, { code: 'the-code', scope: 'a b' });
    } finally {
      await cb.close();
    }
  });

  it('reports a Deny as a cancelled sign-in', async () => {
    const port = await freePort();
    const cb = await listenForCallback(`http://127.0.0.1:${port}/`, 's', 10_000);
    try {
      await fetch(`http://127.0.0.1:${port}/?error=access_denied&state=s`);
      await assert.rejects(cb.result, (err: unknown) => err instanceof XeroSqlError && err.code === 'XSQL_AUTH_CANCELLED' && /access was denied/.test(err.message));
    } finally {
      await cb.close();
    }
  });

  it('times out with a clear error', async () => {
    const port = await freePort();
    const cb = await listenForCallback(`http://127.0.0.1:${port}/cb`, 's', 50);
    try {
      await assert.rejects(cb.result, /Sign-in timed out after 0 s/);
    } finally {
      await cb.close();
    }
  });

  it('explains a port in use and a non-loopback CallbackURL', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    try {
      await assert.rejects(listenForCallback(`http://127.0.0.1:${port}/`, 's', 1000), new RegExp(`port ${port} .* is in use`));
    } finally {
      blocker.close();
    }
    await assert.rejects(listenForCallback('https://app.example.com/callback', 's', 1000), /must be a loopback http URL/);
  });
});
