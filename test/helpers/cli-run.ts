/**
 * Runs the compiled `xero-sql` command (bin/xero-sql.js → dist/cli/main.js) as a subprocess, the
 * way a person or a script does. Always asynchronous (`spawn`, never `spawnSync`): a test may be
 * serving an in-process simulator that the child talks to, and a synchronous spawn would stop the
 * event loop that answers it.
 *
 * Each {@link CliSandbox} is a temporary home: HOME, XDG_CONFIG_HOME, XERO_SQL_CONFIG and
 * XERO_SQL_HISTORY point into it, and no XERO_SQL_* variable of the developer's shell leaks in.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'xero-sql.js');
export const DIST_MAIN = join(ROOT, 'dist', 'cli', 'main.js');

/** Throws a clear error when the CLI has not been compiled (`npm test` builds first). */
export function assertBuilt(): void {
  if (!existsSync(DIST_MAIN)) {
    throw new Error(`${DIST_MAIN} is missing: the CLI tests run the compiled command. Run \`npm run build\` first (\`npm test\` does).`);
  }
}

export interface CliResult {
  /** Exit code, or null when the process was killed by a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Text written to standard input (then closed). Without it stdin is an empty pipe. */
  readonly stdin?: string;
  /** Extra environment; `undefined` removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Kill the process and fail after this long (default 60 s). */
  readonly timeoutMs?: number;
}

/** Environment variables of the surrounding shell that must not steer the CLI under test. */
const LEAKY = /^(XERO_SQL_|XDG_CONFIG_HOME$|APPDATA$|NO_COLOR$|FORCE_COLOR$)/;

/** A temporary home for CLI runs; `cleanup()` removes it. */
export class CliSandbox {
  readonly dir: string;
  readonly home: string;
  readonly configFile: string;
  readonly historyFile: string;

  constructor(prefix = 'xero-sql-cli-') {
    assertBuilt();
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.home = join(this.dir, 'home');
    mkdirSync(this.home, { recursive: true });
    this.configFile = join(this.dir, 'config.json');
    this.historyFile = join(this.dir, 'history');
  }

  /** The environment every run gets (before `RunOptions.env`). */
  env(extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!LEAKY.test(k) && v !== undefined) env[k] = v;
    env.HOME = this.home;
    env.XDG_CONFIG_HOME = join(this.home, '.config');
    env.XERO_SQL_CONFIG = this.configFile;
    env.XERO_SQL_HISTORY = this.historyFile;
    for (const [k, v] of Object.entries(extra)) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    return env;
  }

  /** Runs `xero-sql ...args`; rejects (after killing it) when it outlives the timeout. */
  run(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
    return runNode([BIN, ...args], { ...options, env: this.env(options.env), cwd: options.cwd ?? this.dir });
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function runNode(args: readonly string[], o: { stdin?: string; env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number }): Promise<CliResult> {
  const timeoutMs = o.timeoutMs ?? 60_000;
  const child = spawn(process.execPath, [...args], { cwd: o.cwd, env: o.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  child.stdin.on('error', () => {}); // the CLI may exit before reading its input
  child.stdin.end(o.stdin ?? '');
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  try {
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
    if (timedOut) {
      throw new Error(`xero-sql ${args.slice(1).join(' ')} did not finish within ${timeoutMs} ms.\nstdout: ${stdout}\nstderr: ${stderr}`);
    }
    return { code, signal, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

/** What `xero-sql simulator` prints on its first line. */
export interface SimulatorLine {
  readonly url: string;
  readonly apps: { kind: 'confidential' | 'pkce' | 'custom-connection'; clientId: string; clientSecret?: string; redirectUris: string[] }[];
  readonly tenants: { tenantId: string; tenantName: string }[];
  readonly user: { email: string; password: string };
}

export interface ExternalSimulator {
  readonly info: SimulatorLine;
  /** A connection string for the custom connection (client credentials, Demo Company (AU)). */
  readonly customConnection: string;
  stop(): Promise<void>;
}

/** Starts `xero-sql simulator --port 0 ...extraArgs` in its own process and reads its JSON line. */
export async function startExternalSimulator(extraArgs: readonly string[] = [], timeoutMs = 30_000): Promise<ExternalSimulator> {
  assertBuilt();
  const child = spawn(process.execPath, [BIN, 'simulator', '--port', '0', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`xero-sql simulator exited (${String(code)}) before announcing itself: ${stderr}`);
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`xero-sql simulator did not announce itself within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
  });
  let info: SimulatorLine;
  try {
    const [first] = (await Promise.race([once(lines, 'line'), exited, timeout])) as [string];
    info = JSON.parse(first) as SimulatorLine;
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  } finally {
    clearTimeout(timer);
  }
  exited.catch(() => {});
  const cc = info.apps.find((a) => a.kind === 'custom-connection');
  if (!cc?.clientSecret) throw new Error('the simulator announced no custom connection app');
  return {
    info,
    customConnection: `AuthScheme=OAuthClient;OAuthClientId=${cc.clientId};OAuthClientSecret=${cc.clientSecret};BaseURL=${info.url}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(t);
    },
  };
}

/** A JWT (three base64url parts, the first a JSON header): what an access token looks like. */
export const JWT_PATTERN = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/;

/** A JavaScript stack frame, as printed by an uncaught error. */
export const STACK_FRAME = /^\s+at .*:\d+:\d+\)?$/m;
