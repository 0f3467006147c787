// Many processes sharing one settings file: updates never lost, a process killed mid-update never
// leaves an undecryptable file or a lock that blocks others for good, and a process frozen while
// holding the lock cannot overwrite what the process that took its lock over saved.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, type TestContext } from 'node:test';
import { SettingsSandbox, SECRETS } from '../helpers/settings-fixtures.js';

const WORKER = fileURLToPath(new URL('../helpers/settings-worker.ts', import.meta.url));
/** Short, so a killed holder's lock is taken over quickly (proper-lockfile's minimum). */
const STALE_MS = 2_000;

interface WorkerRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly lines: ReadonlyArray<Record<string, unknown>>;
  readonly stderr: string;
}

/** A worker started; `next` resolves at its next stdout line, `done` when it exits. */
function startWorker(box: SettingsSandbox, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: {
      ...process.env,
      SETTINGS_PATH: box.path,
      SETTINGS_KEY_FILE: box.keyFile,
      SETTINGS_STALE_MS: String(STALE_MS),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  let buffered = '';
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      lines.push(JSON.parse(buffered.slice(0, nl)));
      buffered = buffered.slice(nl + 1);
      waiters.splice(0).forEach((wake) => wake());
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<WorkerRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, lines, stderr })));
  const waitFor = async (test: (line: Record<string, unknown>) => boolean) => {
    while (!lines.some(test)) await new Promise<void>((wake) => waiters.push(wake));
  };
  return { done, waitFor };
}

const runWorker = (box: SettingsSandbox, env: Record<string, string>) => startWorker(box, env).done;

/** What the settings file holds now (the counter), read as any other process would. */
async function counterIn(box: SettingsSandbox, keys = {}): Promise<number | undefined> {
  return (await box.open(keys).read())?.tokenTimestamp;
}

/** A sandbox removed when `t` ends (tests here run concurrently, so no shared before/after hooks). */
async function sandbox(t: TestContext): Promise<SettingsSandbox> {
  const box = await SettingsSandbox.create();
  t.after(() => box.dispose());
  return box;
}

describe('settings file shared by processes', () => {
  it('8 processes x 25 read-wait-write updates lose none (counter ends at 200)', async (t) => {
    const box = await sandbox(t);
    const runs = await Promise.all(
      Array.from({ length: 8 }, () =>
        runWorker(box, { SETTINGS_PASSPHRASE: SECRETS.passphrase, SETTINGS_ITERATIONS: '25', SETTINGS_DELAY_MS: '3' }),
      ),
    );
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    const saved = runs.flatMap((r) => r.lines.map((l) => l.saved as number)).sort((a, b) => a - b);
    assert.deepEqual(saved, Array.from({ length: 200 }, (_, i) => i + 1), 'every value saved exactly once');
    const settings = await box.open({ passphrase: SECRETS.passphrase }).read();
    assert.equal(settings?.tokenTimestamp, 200);
    assert.equal(settings?.refreshToken, 'rt-200');
    assert.deepEqual(await box.leftovers(), []);
  });
});

describe('a process killed or frozen while updating', { concurrency: true }, () => {
  const expectations = [
    { point: 'in-callback', after: 1, leftover: null },
    { point: 'before-rename', after: 1, leftover: /^oauth-settings\.json\.\d+\.[0-9a-f]+\.tmp$/ },
    { point: 'after-rename', after: 2, leftover: null },
  ] as const;

  for (const { point, after, leftover } of expectations) {
    it(`killed ${point}: the file decrypts to the previous or new value, and the next process gets the lock`, async (t) => {
      const box = await sandbox(t);
      const crashed = await runWorker(box, { SETTINGS_ITERATIONS: '2', SETTINGS_CRASH_AT: point });
      assert.equal(crashed.signal, 'SIGKILL', crashed.stderr);
      assert.deepEqual(crashed.lines, [{ pid: crashed.lines[0]?.pid, saved: 1 }]);

      assert.equal(await counterIn(box), after);
      const left = (await box.leftovers()).sort();
      assert.ok(left.includes('oauth-settings.json.lock'), 'the killed holder left its lock');
      if (leftover) assert.ok(left.some((n) => leftover.test(n)), `a temp file was left: ${left.join()}`);

      // The next process waits for the lock to go stale, takes it over, and continues the count.
      const next = await runWorker(box, { SETTINGS_ITERATIONS: '1', SETTINGS_LOCK_TIMEOUT_MS: '30000' });
      assert.equal(next.code, 0, next.stderr);
      assert.deepEqual(next.lines.map((l) => l.saved), [after + 1]);
      assert.equal(await counterIn(box), after + 1);
      assert.deepEqual(await readdir(join(box.path, '..')), ['oauth-settings.json'], 'temp file swept, lock released');
    });
  }

  it('frozen past the stale time: the process that took the lock over keeps its save', async (t) => {
    const box = await sandbox(t);
    assert.equal((await runWorker(box, { SETTINGS_ITERATIONS: '1' })).code, 0);

    // A takes the lock, reads 1, then freezes until told to wake (past the stale time).
    const wake = join(box.dir, 'wake');
    const frozen = startWorker(box, { SETTINGS_ITERATIONS: '1', SETTINGS_FREEZE_UNTIL: wake });
    await frozen.waitFor((l) => l.locked === true);
    // B waits for A's lock to go stale, takes it over and saves 2.
    const taker = await runWorker(box, { SETTINGS_ITERATIONS: '1', SETTINGS_LOCK_TIMEOUT_MS: '30000' });
    assert.equal(taker.code, 0, taker.stderr);
    assert.deepEqual(taker.lines.map((l) => l.saved), [2]);

    // A wakes, sees the file changed under it, and saves nothing rather than write its stale 2.
    await writeFile(wake, '');
    const woke = await frozen.done;
    assert.equal(woke.code, 3, woke.stderr);
    assert.deepEqual(woke.lines.at(-1), { error: 'XSQL_SETTINGS_LOCK' });
    const settings = await box.open().read();
    assert.equal(settings?.tokenTimestamp, 2);
    assert.equal(settings?.refreshToken, 'rt-2');
  });
});
