/**
 * A child process for the settings-store process tests. It opens the file store described by its
 * environment and performs SETTINGS_ITERATIONS updates, each reading a counter (`tokenTimestamp`),
 * waiting SETTINGS_DELAY_MS as an HTTP refresh would, and saving counter+1 with a "rotated"
 * refresh token. Prints one JSON line per saved value.
 *
 * SETTINGS_CRASH_AT makes the last update SIGKILL this process part-way:
 * - `in-callback`: after the lock is taken and the file re-read, before anything is written;
 * - `before-rename`: the temp file is written and fsynced, the rename has not happened;
 * - `after-rename`: the new file is in place, the lock not yet released.
 * The two rename points are reached by wrapping fs/promises' rename, so the store runs unmodified.
 *
 * SETTINGS_FREEZE_UNTIL (a file path) makes every update's callback print `{"locked":true}` and then
 * block the event loop until that file exists, as a process frozen while holding the lock (so its
 * lock goes stale). An update that fails prints `{"error":"<code>"}` and the process exits with
 * status 3.
 */
import { existsSync, writeSync } from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSettingsStore } from '../../src/auth/settings-store.js';
import { XeroSqlError } from '../../src/errors.js';

const env = process.env;
const path = required('SETTINGS_PATH');
const iterations = Number(env.SETTINGS_ITERATIONS ?? '1');
const delayMs = Number(env.SETTINGS_DELAY_MS ?? '0');
const crashAt = env.SETTINGS_CRASH_AT ?? '';
const freezeUntil = env.SETTINGS_FREEZE_UNTIL;

const store = openSettingsStore(
  { kind: 'file', path },
  {
    ...(env.SETTINGS_PASSPHRASE ? { passphrase: env.SETTINGS_PASSPHRASE } : {}),
    env: {},
    keyFilePath: required('SETTINGS_KEY_FILE'),
    lockTimeoutMs: Number(env.SETTINGS_LOCK_TIMEOUT_MS ?? '60000'),
    lockStaleMs: Number(env.SETTINGS_STALE_MS ?? '2000'),
  },
);

let crashing = false;
if (crashAt === 'before-rename' || crashAt === 'after-rename') {
  const rename = fsp.rename;
  fsp.rename = async (from, to) => {
    if (crashing && crashAt === 'before-rename') process.kill(process.pid, 'SIGKILL');
    await rename(from, to);
    if (crashing && crashAt === 'after-rename') process.kill(process.pid, 'SIGKILL');
  };
  syncBuiltinESMExports();
}

for (let i = 0; i < iterations; i++) {
  crashing = crashAt !== '' && i === iterations - 1;
  let saved: number;
  try {
    saved = await store.update(async (current) => {
      if (crashing && crashAt === 'in-callback') process.kill(process.pid, 'SIGKILL');
      const counter = (current?.tokenTimestamp ?? 0) + 1;
      if (freezeUntil) {
        print({ locked: true });
        // Synchronous sleeps: no timer runs meanwhile, so the lock's heartbeat stops as if frozen.
        while (!existsSync(freezeUntil)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      }
      if (delayMs > 0) await sleep(delayMs);
      return { next: { version: 1, accessToken: `at-${counter}`, refreshToken: `rt-${counter}`, tokenTimestamp: counter }, result: counter };
    });
  } catch (err) {
    print({ error: err instanceof XeroSqlError ? err.code : String(err) });
    process.exit(3);
  }
  print({ pid: process.pid, saved });
}

/** Synchronous, so the parent sees the line even if this process is frozen or killed right after. */
function print(value: object): void {
  writeSync(1, `${JSON.stringify(value)}\n`);
}

function required(name: string): string {
  const value = env[name];
  if (!value) throw new Error(`settings-worker: ${name} is required`);
  return value;
}
