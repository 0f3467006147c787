/**
 * Issue 9, "Nothing lost" / concurrency (npm run test:soak): 16 processes and a token server share
 * one settings file through ROTATIONS forced expiries (the simulator's clock moves 31 minutes, so
 * every access token has expired at Xero). In every rotation each process makes a call and the token
 * server serves /token (half the rotations the server goes first, half the processes); exactly one
 * refresh grant reaches Xero per rotation (every process and the server on the simulator's clock, as
 * processes on one machine share one wall clock), none is refused (invalid_grant), every caller is served,
 * and no token or secret appears in any process's output or the server's log.
 * (test/integration/auth-shared-settings.test.ts is the 8-process, 3-rotation version in npm test.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { TokenServer } from '../../src/token-server/index.js';
import { startOnSimulator } from '../helpers/token-server-fixture.js';
import { PASSPHRASE, go, leaks, savedTokens, signIn, startWorker, type Worker } from './soak-helpers.js';

const PROCESSES = 16;
const ROTATIONS = Number(process.env.XERO_SQL_SOAK_ROTATIONS ?? 20);

describe(`${PROCESSES} processes and a token server sharing one settings file, ${ROTATIONS} rotations`, () => {
  let sim: Simulator;
  let dir: string;
  let server: TokenServer | undefined;
  const workers: Worker[] = [];
  const serverLog: string[] = [];
  before(async () => {
    sim = await startSimulator({ seed: 98 });
    dir = mkdtempSync(join(tmpdir(), 'xero-sql-soak-'));
  });
  after(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await server?.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('one refresh per rotation, zero invalid_grant, every caller served, nothing leaked', async () => {
    const file = join(dir, 'shared.json');
    const creds = await signIn(sim, file);
    const web = sim.appRegistry.find((a) => a.kind === 'confidential')!;
    const secrets = new Set<string>([web.clientSecret as string, PASSPHRASE, ...(await savedTokens(file))]);
    const common = `OAuthClientId=${web.clientId};OAuthClientSecret=${web.clientSecret};BaseURL=${sim.url};OAuthSettingsLocation=${file};OAuthSettingsPassphrase=${PASSPHRASE}`;
    server = await startOnSimulator(sim, { connection: common, scopes: 'offline_access accounting.transactions accounting.settings accounting.contacts' }, serverLog);
    const serverToken = async () => {
      const res = await fetch(`${server!.url}/token`);
      const body = (await res.json()) as { accessToken?: string; error?: string };
      assert.equal(res.status, 200, `the token server: ${body.error}`);
      secrets.add(body.accessToken as string);
      return body.accessToken as string;
    };

    for (let i = 0; i < PROCESSES; i++) workers.push(startWorker(`${creds};InitiateOAuth=REFRESH;Tenant=Demo Company (AU)`, 20_000));
    await Promise.all(workers.map((w) => w.ready));
    const refreshes = () => sim.requests.count({ path: '/connect/token', detail: 'refresh_token:ok' });
    const refused = () => sim.requests.count({ path: '/connect/token', detail: 'refresh_token:invalid_grant' });

    for (const r of await Promise.all(workers.map((w) => go(w, sim.clock.now())))) assert.equal(r.ok, true, r.message);
    await serverToken();
    assert.equal(refreshes(), 0, 'warm-up: the saved token serves everyone');

    for (let rotation = 1; rotation <= ROTATIONS; rotation++) {
      sim.clock.advance(31 * 60_000);
      const processes = () => Promise.all(workers.map((w) => go(w, sim.clock.now())));
      // Alternate who meets the expired token first; in odd rotations everyone goes at once.
      const replies = rotation % 4 === 0 ? (await serverToken(), await processes()) : rotation % 4 === 2 ? await processes() : (await Promise.all([processes(), serverToken()]))[0];
      if (rotation % 4 === 2) await serverToken();
      for (const r of replies) assert.equal(r.ok, true, `rotation ${rotation}: ${r.code} ${r.message}`);
      assert.equal(refreshes(), rotation, `exactly one refresh grant in rotation ${rotation}`);
      (await savedTokens(file)).forEach((t) => secrets.add(t));
    }
    assert.equal(refused(), 0, 'no process ever sent a stale refresh token');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    for (const w of workers) w.child.send('stop');
    await Promise.all(workers.map((w) => new Promise((resolve) => (w.child.exitCode !== null ? resolve(undefined) : w.child.once('exit', resolve)))));
    const output = [...workers.map((w) => w.output), ...serverLog].join('\n');
    assert.deepEqual(leaks(output, secrets), [], 'no token or secret in any output');
    console.log(`# shared settings: ${PROCESSES} processes + 1 token server, ${ROTATIONS} rotations, ${refreshes()} refreshes, ${refused()} invalid_grant, ${secrets.size} secrets scanned for`);
  });
});
