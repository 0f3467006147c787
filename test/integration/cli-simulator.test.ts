/**
 * `xero-sql simulator` as a user runs it: a subprocess of bin/xero-sql.js (the compiled CLI;
 * `npm test` builds first).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/xero-sql.js', import.meta.url));

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('xero-sql simulator', () => {
  it('prints one JSON line with url, apps, tenants and user, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'simulator', '--port', '0', '--seed', '4'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const lines = createInterface({ input: child.stdout });
      const [first] = (await once(lines, 'line')) as [string];
      const info = JSON.parse(first);
      assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.deepEqual(info.apps.map((a: { kind: string }) => a.kind), ['confidential', 'pkce', 'custom-connection']);
      assert.equal(info.apps[1].clientSecret, undefined);
      assert.ok(info.apps[0].redirectUris.includes('http://localhost:33333'));
      assert.equal(info.tenants[0].tenantName, 'Demo Company (AU)');
      assert.ok(info.tenants.length >= 2);
      assert.ok(info.user.email && info.user.password);
      const discovery = await fetch(`${info.url}/.well-known/openid-configuration`);
      assert.equal(discovery.status, 200);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('gives the same tenants and client ids for the same seed', () => {
    const a = run(['simulator', '--seed', '9', '--request', '/api.xro/2.0/Organisation']);
    const b = run(['simulator', '--seed', '9', '--request', '/api.xro/2.0/Organisation']);
    assert.equal(a.status, 0, a.stderr);
    const orgA = JSON.parse(a.stdout).Organisations[0];
    const orgB = JSON.parse(b.stdout).Organisations[0];
    assert.equal(orgA.OrganisationID, orgB.OrganisationID);
    assert.equal(orgA.Name, 'Demo Company (AU)');
  });

  it('injects the faults it is started with', () => {
    const r = run(['simulator', '--error-rate', '1', '--request', '/api.xro/2.0/Organisation']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /GET \/api\.xro\/2\.0\/Organisation answered HTTP 50\d/);
  });

  it('rejects an unknown flag with usage exit code 2', () => {
    const r = run(['simulator', '--bogus']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown option '--bogus'/);
  });

  it('rejects a bad seed, scale or port, naming the flag', () => {
    for (const [args, pattern] of [
      [['--seed', 'abc'], /--seed must be a whole number/],
      [['--seed', '-1'], /--seed/],
      [['--scale', '0'], /--scale must be a number above 0/],
      [['--port', '70000'], /--port must be between 0 and 65535/],
      [['--error-rate', '1.5'], /--error-rate must be a share from 0 to 1/],
    ] as const) {
      const r = run(['simulator', ...args]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
    }
  });

  it('explains a port in use', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = run(['simulator', '--port', String(port)]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
      assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
    } finally {
      blocker.close();
    }
  });

  it('rejects a --request path that is not a path', () => {
    const r = run(['simulator', '--request', 'Organisation']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--request needs a path starting with "\/"/);
  });
});
