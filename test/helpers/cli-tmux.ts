/**
 * Driving the `xero-sql` shell in a real terminal: a detached tmux session of fixed size on a
 * private socket, keys sent with `send-keys`, the screen read with `capture-pane`, polling until
 * the expected text appears. Tests skip only when tmux is absent, and CI (`.ci/run` sets
 * XERO_SQL_REQUIRE_TMUX=1) turns that skip into a failure.
 *
 * Every tmux call is asynchronous (execFile): the test process may be serving the simulator the
 * shell talks to.
 */
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

function tmuxInstalled(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `false` when tmux is installed, else the skip reason; throws when CI requires tmux. */
export function tmuxSkip(): false | string {
  if (tmuxInstalled()) return false;
  if (process.env.XERO_SQL_REQUIRE_TMUX === '1') {
    throw new Error('tmux is missing but XERO_SQL_REQUIRE_TMUX=1: install it with apt-get install tmux');
  }
  return 'tmux not installed (apt-get install tmux to run the terminal tests of the shell)';
}

/** A shell-safe single-quoted word. */
function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * tmux reads an argument ending in ";" as the end of a command, even from argv; "\;" is a literal
 * semicolon there.
 */
function escapeArg(arg: string): string {
  return arg.endsWith(';') ? `${arg.slice(0, -1)}\\;` : arg;
}

/** What the session's shell prints when the program exits: `[xero-sql test: exit status N]`. */
const EXIT_MARK = '[xero-sql test: exit status ';

export interface TmuxOptions {
  /** Folder for the socket and config file. */
  readonly dir: string;
  readonly name: string;
  /** The program and its arguments. */
  readonly command: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly width?: number;
  readonly height?: number;
}

export class TmuxSession {
  readonly #socket: string;
  readonly #target: string;

  private constructor(socket: string, name: string) {
    this.#socket = socket;
    this.#target = name;
  }

  /** Starts a detached session running `command` (kept on screen after it exits, to read its status). */
  static async start(o: TmuxOptions): Promise<TmuxSession> {
    const socket = join(o.dir, `tmux-${o.name}.sock`);
    const config = join(o.dir, `tmux-${o.name}.conf`);
    writeFileSync(config, ['set -g remain-on-exit on', 'set -g history-limit 50000', 'set -g status off', ''].join('\n'));
    // The program runs through sh with its environment spelled out, so the tmux server's own
    // environment (which it copies from whoever starts it) cannot leak in.
    const envWords = Object.entries({ ...o.env, TERM: 'screen' })
      .filter((e): e is [string, string] => e[1] !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(e[0]))
      .map(([k, v]) => quote(`${k}=${v}`));
    // sh stays as the program's parent and prints its exit status: tmux sometimes leaves an
    // exited pane process unreaped (a zombie), so it cannot always say the status itself.
    const shell = `cd ${quote(o.cwd)} && env -i ${envWords.join(' ')} ${o.command.map(quote).join(' ')}; printf '\\n${EXIT_MARK}%s]\\n' "$?"`;
    await exec('tmux', ['-S', socket, '-f', config, 'new-session', '-d', '-s', o.name, '-x', String(o.width ?? 200), '-y', String(o.height ?? 50), shell]);
    return new TmuxSession(socket, o.name);
  }

  async #tmux(args: readonly string[]): Promise<string> {
    const { stdout } = await exec('tmux', ['-S', this.#socket, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  }

  /** Types text literally (no key names). */
  async type(text: string): Promise<void> {
    await this.#tmux(['send-keys', '-t', this.#target, '-l', escapeArg(text)]);
  }

  /** Sends keys by name: Enter, Tab, C-c, C-d, Up, ... */
  async keys(...keys: string[]): Promise<void> {
    await this.#tmux(['send-keys', '-t', this.#target, ...keys]);
  }

  /** Types a line and presses Enter. */
  async line(text: string): Promise<void> {
    await this.type(text);
    await this.keys('Enter');
  }

  /** The whole pane, scrollback included, wrapped lines joined. `escapes` keeps colour codes. */
  async capture(escapes = false): Promise<string> {
    return this.#tmux(['capture-pane', '-p', '-J', '-S', '-', ...(escapes ? ['-e'] : []), '-t', this.#target]);
  }

  /** A place in the output: later waits look only after it. */
  async mark(): Promise<number> {
    const lines = (await this.capture()).split('\n');
    let last = lines.length - 1;
    while (last > 0 && (lines[last] ?? '').trim() === '') last--;
    return last;
  }

  /** The output from line `from` on. */
  async since(from: number, escapes = false): Promise<string> {
    return (await this.capture(escapes)).split('\n').slice(from).join('\n');
  }

  /**
   * Polls the screen (from `from` on) until `pattern` appears; resolves to that text. Fails with
   * the screen in the message after `timeoutMs`.
   */
  async waitFor(pattern: RegExp | string, from = 0, timeoutMs = 20_000): Promise<string> {
    const test = (text: string) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
    const deadline = Date.now() + timeoutMs;
    let text = '';
    for (;;) {
      text = await this.since(from);
      if (test(text)) return text;
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(pattern)} in the terminal:\n${text.replace(/\n+$/, '')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Whether the program has exited, and its exit status (128 + n when signal n ended it). */
  async status(): Promise<{ exited: boolean; code?: number }> {
    const m = new RegExp(`${EXIT_MARK.replace(/[[\]]/g, '\\$&')}(\\d+)\\]`).exec(await this.capture());
    return m ? { exited: true, code: Number(m[1]) } : { exited: false };
  }

  /** Waits for the program to exit; resolves to its exit status. */
  async waitForExit(timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.status();
      if (s.code !== undefined) return s.code;
      if (Date.now() > deadline) throw new Error(`the program did not exit within ${timeoutMs} ms:\n${await this.capture()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Ends the session and its tmux server. */
  async kill(): Promise<void> {
    await this.#tmux(['kill-server']).catch(() => {});
  }
}
