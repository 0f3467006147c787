/**
 * `xero-sql token-server` as a command, run in-process through `main()` with captured streams: the
 * original's flags (`-p` is the port after the command word, though the root program's `-p` is
 * `--profile`), the JSON line it announces itself with, a clean exit on SIGTERM, and usage errors
 * with exit code 2.
 */
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { CliIo } from '../../src/cli/commands.js';
import { main } from '../../src/cli/main.js';
import { normalizeTokenServerArgs } from '../../src/cli/token-server-command.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startTokenServer } from '../../src/token-server/index.js';
import { appConnection, simApp, waitFor } from '../helpers/token-server-fixture.js';

/** Runs the CLI in this process; `out` and `err` fill as it writes. */
function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const captured = { out: '', err: '' };
  stdout.on('data', (d: Buffer) => (captured.out += d.toString()));
  stderr.on('data', (d: Buffer) => (captured.err += d.toString()));
  const io: CliIo = {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: Readable.from([]) as unknown as NodeJS.ReadStream,
    env: { XERO_SQL_CONFIG: '/nonexistent/xero-sql-config.json', ...env },
  };
  return { captured, code: main(['node', 'xero-sql', ...args], io) };
}

describe('xero-sql token-server', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ seed: 74 });
  });
  after(async () => {
    await sim.close();
  });

  it('reads -p after the command word as the port, and --profile before it', () => {
    const n = (args: string[]) => normalizeTokenServerArgs(['node', 'xero-sql', ...args]).slice(2);
    assert.deepEqual(n(['token-server', '-p', '6001']), ['token-server', '--port', '6001']);
    assert.deepEqual(n(['token-server', '-p6001', '-n', '127.0.0.1']), ['token-server', '--port=6001', '-n', '127.0.0.1']);
    assert.deepEqual(n(['-p', 'work', 'token-server', '-m', '100', '-p', '0']), ['-p', 'work', 'token-server', '-m', '100', '--port', '0']);
    assert.deepEqual(n(['-c', 'token-server', 'query', '-p', 'x']), ['-c', 'token-server', 'query', '-p', 'x'], 'only the token-server command');
    assert.deepEqual(n(['token-server', '--auth-token', '-p', '-p', '1']), ['token-server', '--auth-token', '-p', '--port', '1'], 'an option\'s value is left alone');
  });

  it('serves with the original\'s short flags, prints one JSON line, and exits 0 on SIGTERM', async () => {
    const app = simApp(sim, 'confidential');
    const signals = process.listenerCount('SIGTERM');
    const run = cli(['token-server', '-p', '0', '-n', '127.0.0.1', '-o', 'offline_access', '-o', 'accounting.settings.read accounting.contacts.read', '-m', '100', '--connection', appConnection(sim, app, 'OAuthSettingsLocation=memory://cli')]);
    const early = run.code.then((code) => {
      throw new Error(`the command exited (${code}) before announcing itself: ${run.captured.err}`);
    });
    await Promise.race([waitFor(() => run.captured.out.includes('\n'), 10_000, 'the JSON line'), early]);
    const announced = JSON.parse(run.captured.out) as { url: string; redirect: string };
    const port = Number(new URL(announced.url).port);
    assert.ok(port > 0 && port !== 5001, 'listening on the free port asked for with -p 0 (not a profile called "0")');
    assert.equal(announced.redirect, `http://localhost:${port}/code`);
    const status = (await (await fetch(`${announced.url}/status`)).json()) as { scopes: string[]; status: string; clientId: string };
    assert.deepEqual(status.scopes, ['offline_access', 'accounting.settings.read', 'accounting.contacts.read']);
    assert.equal(status.status, 'signed-out');
    assert.equal(status.clientId, app.clientId);

    assert.equal(process.listenerCount('SIGTERM'), signals + 1, 'the command waits for SIGTERM');
    process.emit('SIGTERM');
    assert.equal(await run.code, 0, run.captured.err);
    assert.equal(process.listenerCount('SIGTERM'), signals, 'and stops listening for it');
    await assert.rejects(fetch(`${announced.url}/livez`), 'the server is closed');
    assert.match(run.captured.err, /xero-sql token server listening on http:\/\/127\.0\.0\.1:\d+/);
    assert.ok(!run.captured.err.includes(app.clientSecret as string), 'the client secret is not printed');
  });

  for (const [args, env, pattern] of [
    [['token-server', '-n', '0.0.0.0'], {}, /0\.0\.0\.0, which is not a loopback address, without an auth token/],
    [['token-server', '-m', '0'], {}, /--refreshmins must be between 1 and 86400/],
    [['token-server', '-p', '70000'], {}, /--port must be between 0 and 65535/],
    [['token-server', '--auth-token', 'short', '-p', '0'], {}, /authToken: at least 16 characters/],
    [['token-server', '-n', '0.0.0.0', '-p', '0'], { XERO_SQL_TOKEN_SERVER_AUTH_TOKEN: 'tiny' }, /authToken: at least 16 characters/],
    [['token-server', '-p', '0', '-c', 'AuthScheme=OAuthClient'], {}, /custom connection/],
    [['token-server', '--bogus'], {}, /unknown option '--bogus'/],
  ] as const) {
    it(`exits 2 for ${args.slice(1).join(' ')}${Object.keys(env).length ? ' (with the environment variable)' : ''}`, async () => {
      const run = cli(args, env);
      const code = await run.code;
      assert.equal(code, 2, run.captured.err);
      assert.match(run.captured.err, pattern);
      assert.equal(run.captured.out, '');
    });
  }

  it('says when the port is taken (XSQL_TOKEN_SERVER_START, exit 1)', async () => {
    const first = await startTokenServer({ port: 0 });
    try {
      await assert.rejects(startTokenServer({ port: first.port }), (err: Error & { code?: string }) => err.code === 'XSQL_TOKEN_SERVER_START' && new RegExp(`Port ${first.port} on 127\\.0\\.0\\.1 is already in use`).test(err.message));
      const run = cli(['token-server', '-p', String(first.port)]);
      assert.equal(await run.code, 1);
      assert.match(run.captured.err, /already in use/);
    } finally {
      await first.close();
    }
  });
});
