/**
 * The settings file's lock: exclusive across processes (proper-lockfile's `<file>.lock` folder)
 * and within this process (proper-lockfile is not re-entrant, so two stores on one file in one
 * process must queue here rather than wait on each other's lock folder).
 *
 * A holder keeps the lock folder's mtime fresh while it works (so a long refresh call is not taken
 * for a dead holder); a holder killed outright stops doing so, and after `staleMs` the next process
 * takes the lock over. A live process whose event loop stalls for longer than that can be taken
 * over too, and may not learn of it in time (proper-lockfile notices on its next heartbeat), so
 * writers compare the file with what they read before replacing it and report a takeover through
 * {@link HeldLock.takenOver}.
 */
import { resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { createKeyedMutex } from './settings-mutex.js';
import { errorCode } from './settings-files.js';

/** How long to wait for the lock, and when a holder that stopped refreshing it counts as dead. */
export interface LockTiming {
  readonly timeoutMs: number;
  readonly staleMs: number;
}

/** The lock while it is held. */
export interface HeldLock {
  /**
   * Says another process has taken the lock over (the file changed under it). The lock is then not
   * released at the end: the lock folder is the new holder's, and removing it would let a third
   * process in beside it. proper-lockfile drops its own record on its next heartbeat.
   */
  takenOver(): void;
}

const inProcess = createKeyedMutex();

/** Runs `fn` holding the lock of the file at `path` (which need not exist; its folder must). */
export async function withSettingsLock<T>(path: string, timing: LockTiming, fn: (lock: HeldLock) => Promise<T>): Promise<T> {
  const target = resolve(path);
  const deadline = Date.now() + timing.timeoutMs;
  return inProcess(target, async () => {
    let lost = false;
    const release = await acquire(target, timing, deadline);
    try {
      return await fn({ takenOver: () => (lost = true) });
    } finally {
      // A failure to remove the lock folder only delays the next process until the lock is stale.
      if (!lost) await release().catch(() => undefined);
    }
  });
}

async function acquire(target: string, timing: LockTiming, deadline: number): Promise<() => Promise<void>> {
  let pause = 5;
  for (;;) {
    try {
      return await lockfile.lock(target, {
        realpath: false,
        stale: timing.staleMs,
        update: Math.max(1000, Math.floor(timing.staleMs / 4)),
        retries: 0,
        // proper-lockfile's default throws from a timer, killing the process. A takeover is instead
        // caught where it matters, by the writer's compare-before-replace.
        onCompromised: () => undefined,
      });
    } catch (err) {
      if (errorCode(err) !== 'ELOCKED') {
        throw new XeroSqlError(
          ErrorCode.SettingsLock,
          `Could not lock the OAuth settings file ${target}: creating ${target}.lock failed (${errorCode(err) ?? 'error'}). Check that the folder is writable.`,
          { cause: err },
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new XeroSqlError(
          ErrorCode.SettingsLock,
          `Could not lock the OAuth settings file ${target} within ${duration(timing.timeoutMs)}: another process holds ${target}.lock. If no xero-sql process is running, the lock is left from one that was killed and is taken over once it is ${duration(timing.staleMs)} old; if it persists, delete ${target}.lock.`,
        );
      }
      // Jittered, growing pauses: waiters do not retry in lockstep, and a long wait polls gently.
      await new Promise((done) => setTimeout(done, Math.min(left, pause * (0.5 + Math.random()))));
      pause = Math.min(pause * 1.5, 200);
    }
  }
}

function duration(ms: number): string {
  return ms < 10_000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
