/**
 * Issue 3's concurrency promise: 8 processes share one settings file through forced expiries;
 * exactly one refresh grant per rotation reaches Xero, none gets invalid_grant, all get a token.
 */
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { connect } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { SimApp } from '../../src/simulator/apps.js';
import { followAuthorizeUrl } from '../helpers/oauth-flow.js';

const WORKERS = 8;
const ROTATIONS = 3;
const WORKER = fileURLToPath(new URL('../helpers/refresh-worker.ts', import.meta.url));

type Reply = { ready?: true; ok?: boolean; code?: string; message?: string };

describe('8 processes sharing one settings file', () => {
  let sim: Simulator;
  let dir: string;
  const children: ChildProcess[] = [];

  before(async () => {
    sim = await startSimulator({ seed: 41 });
    dir = mkdtempSync(join(tmpdir(), 'xero-sql-shared-'));
  });
  after(async () => {
    for (const c of children) c.kill('SIGKILL');
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refresh once per rotation, never invalid_grant, every process served', async () => {
    const web = sim.appRegistry.find((a) => a.kind === 'confidential') as SimApp;
    const file = join(dir, 'shared.json');
    const creds = `AuthScheme=OAuth;OAuthClientId=${web.clientId};OAuthClientSecret=${web.clientSecret};BaseURL=${sim.url};OAuthSettingsLocation=${file};OAuthSettingsPassphrase=shared-pass`;

    // Sign in once (web flow), saving to the shared file.
    const first = await connect(`${creds};InitiateOAuth=OFF`, { onNotice: () => {} });
    const start = (await first.execute("EXEC GetOAuthAuthorizationURL @CallbackURL = 'http://localhost:5001/code'")).rows[0] as Record<string, string>;
    const code = (await followAuthorizeUrl(sim, start.URL as string)).searchParams.get('code') as string;
    await first.execute("EXEC GetOAuthAccessToken @Verifier = ?, @CallbackURL = 'http://localhost:5001/code'", [code]);

    for (let i = 0; i < WORKERS; i++) {
      const child = fork(WORKER, [], {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, XERO_SQL_TEST_CONNECTION: `${creds};InitiateOAuth=REFRESH` },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      children.push(child);
    }
    await Promise.all(children.map(async (c) => assert.deepEqual((await once(c, 'message'))[0], { ready: true })));

    const round = async () =>
      Promise.all(
        children.map(async (c) => {
          const reply = once(c, 'message');
          c.send('go');
          return (await reply)[0] as Reply;
        }),
      );

    // Warm-up: everyone reads the saved token; no refresh needed.
    const refreshes = () => sim.requests.count({ path: '/connect/token', detail: 'refresh_token:ok' });
    const refused = () => sim.requests.count({ path: '/connect/token', detail: 'refresh_token:invalid_grant' });
    for (const r of await round()) assert.equal(r.ok, true, r.message);
    assert.equal(refreshes(), 0);

    for (let rotation = 1; rotation <= ROTATIONS; rotation++) {
      sim.clock.advance(31 * 60_000); // every access token is now expired at Xero
      const replies = await round();
      for (const r of replies) assert.equal(r.ok, true, `rotation ${rotation}: ${r.code} ${r.message}`);
      assert.equal(refreshes(), rotation, `exactly one refresh grant in rotation ${rotation}`);
    }
    assert.equal(refused(), 0, 'no process ever sent a stale refresh token');
    for (const c of children) c.send('stop');
  });
});
