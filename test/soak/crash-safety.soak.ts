/**
 * Issue 9, "Nothing lost" / crash safety (npm run test:soak): KILLS processes with SIGKILL at
 * random points while they refresh and save, KILLS times. Before each kill every access token has
 * expired at Xero (the simulator's clock moves 31 minutes), so the worker's call makes it take the
 * lock, refresh at Xero, save, and go on; it is killed 0-RANGE ms (1.2 s) after being told to go, which
 * lands before, during and after the refresh and the save. After every kill the settings file must
 * decrypt to a valid token set, and a fresh process-like connection on it must work (refreshing
 * with the saved token if the killed one never saved its new one: Xero's 30-minute grace period).
 * Workers, the outputs of every worker and the verifying connection's errors are scanned for the
 * tokens and secrets seen (none may appear).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { Random } from '../../src/simulator/data/random.js';
import { go, leaks, savedTokens, signIn, startWorker, type Worker } from './soak-helpers.js';

const KILLS = Number(process.env.XERO_SQL_SOAK_KILLS ?? 100);
const RANGE = Number(process.env.XERO_SQL_SOAK_KILL_RANGE_MS ?? 1200);
const SEED = Number(process.env.XERO_SQL_SOAK_SEED ?? 1909);

describe(`crash safety: ${KILLS} processes SIGKILLed while refreshing and saving`, () => {
  let sim: Simulator;
  let dir: string;
  const workers: Worker[] = [];
  before(async () => {
    // 100 ms on every identity and API call, so kills land inside the refresh's HTTP call too.
    sim = await startSimulator({ seed: 97, faults: { latencyMs: 100 } });
    dir = mkdtempSync(join(tmpdir(), 'xero-sql-crash-'));
  });
  after(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the settings file always decrypts to a working token set', async () => {
    const file = join(dir, 'settings.json');
    const creds = await signIn(sim, file);
    const connection = `${creds};InitiateOAuth=REFRESH;Tenant=Demo Company (AU)`;
    const web = sim.appRegistry.find((a) => a.kind === 'confidential')!;
    const secrets = new Set<string>([web.clientSecret as string, 'soak-pass', ...(await savedTokens(file))]);
    const rnd = new Random(SEED);
    const outputs: string[] = [];
    let killedMidRefresh = 0;
    let completedBeforeKill = 0;
    // Two workers start while one is being killed: process start-up (tsx) is the slow part.
    let next = startWorker(connection);
    workers.push(next);
    for (let i = 1; i <= KILLS; i++) {
      const worker = next;
      next = startWorker(connection);
      workers.push(next);
      await worker.ready;
      sim.clock.advance(31 * 60_000); // every access token has expired at Xero
      const refreshesBefore = sim.requests.count({ path: '/connect/token', detail: 'refresh_token:ok' });
      const delay = rnd.int(0, RANGE);
      let replied = false;
      void go(worker).then(() => (replied = true), () => {});
      await sleep(delay);
      worker.child.kill('SIGKILL');
      await new Promise((resolve) => (worker.child.exitCode !== null || worker.child.signalCode !== null ? resolve(undefined) : worker.child.once('exit', resolve)));
      if (replied) completedBeforeKill++;
      else if (sim.requests.count({ path: '/connect/token', detail: 'refresh_token:ok' }) > refreshesBefore) killedMidRefresh++;
      outputs.push(worker.output);

      // The file decrypts to a valid token set (read() validates it) ...
      const tokens = await savedTokens(file);
      assert.equal(tokens.length, 2, `kill ${i} (after ${delay} ms): the file holds an access and a refresh token`);
      tokens.forEach((t) => secrets.add(t));
      assert.equal(statSync(file).mode & 0o777, 0o600, 'the settings file stays 0600');
      // ... that still works: a new connection on it reaches Xero (refreshing if it must).
      const check = await connect(connection, { onNotice: (m) => outputs.push(m), settingsLockStaleMs: 2000 });
      try {
        const tenants = await check.tenants().catch((e: Error) => {
          outputs.push(e.message);
          throw new Error(`kill ${i} (after ${delay} ms): the saved tokens do not work: ${(e as { code?: string }).code}`);
        });
        assert.ok(tenants.length >= 1);
      } finally {
        await check.close();
      }
      (await savedTokens(file)).forEach((t) => secrets.add(t));
    }
    next.child.kill('SIGKILL');
    assert.equal(sim.requests.count({ path: '/connect/token', detail: 'refresh_token:invalid_grant' }), 0, 'no refresh token was ever refused');
    assert.deepEqual(leaks(outputs.join('\n'), secrets), [], 'no token or secret in any output');
    // The kills landed at different points: some mid-refresh (Xero answered, the process died), some after it completed.
    console.log(`# crash safety: ${KILLS} kills, ${killedMidRefresh} after Xero rotated the token, ${completedBeforeKill} after the call completed; ${secrets.size} secrets scanned for`);
    assert.ok(killedMidRefresh + completedBeforeKill > 0 && killedMidRefresh + completedBeforeKill < KILLS, 'kills landed before, during and after refreshes');
  });
});
