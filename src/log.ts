/**
 * The connection log (`Logfile`, `Verbosity`): one line per event, appended. It never contains a
 * token, secret, code or query string: callers pass only what is safe (URLs through
 * `describeUrl`, statuses, durations, counts).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes a log line at a verbosity level (1: requests and sign-in events; 2+: more detail). */
export type Logger = (level: number, message: string) => void;

/** A logger that does nothing. */
export const silentLogger: Logger = () => {};

/**
 * A logger appending to `logfile` for levels up to `verbosity`. Logging must never break a
 * query, so write errors are swallowed after the first is reported to standard error.
 */
export function createLogger(logfile: string | undefined, verbosity: number): Logger {
  if (logfile === undefined || verbosity <= 0) return silentLogger;
  let warned = false;
  let dirReady = false;
  return (level, message) => {
    if (level > verbosity) return;
    try {
      if (!dirReady) {
        mkdirSync(dirname(logfile), { recursive: true });
        dirReady = true;
      }
      appendFileSync(logfile, `${new Date().toISOString()} [${level}] ${message}\n`, { mode: 0o600 });
    } catch (err) {
      if (!warned) {
        warned = true;
        process.stderr.write(`xero-sql: cannot write the log file ${logfile}: ${(err as Error).message}\n`);
      }
    }
  };
}
