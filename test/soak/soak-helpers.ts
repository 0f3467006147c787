/**
 * Shared pieces of the soak tests: a signed-in settings file on the simulator, forked workers, and
 * the collection of every token and secret seen so the outputs can be scanned for them.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { connect } from '../../src/index.js';
import { openSettingsStore } from '../../src/auth/settings-store.js';
import type { Simulator } from '../../src/simulator/index.js';
import { followAuthorizeUrl } from '../helpers/oauth-flow.js';

const WORKER = fileURLToPath(new URL('./soak-worker.ts', import.meta.url));
export const PASSPHRASE = 'soak-pass';

export interface Reply {
  ready?: true;
  ok?: boolean;
  code?: string;
  message?: string;
}

/** Signs the confidential app in (web flow) and saves the tokens to `file`; returns the connection string's credentials part. */
export async function signIn(sim: Simulator, file: string): Promise<string> {
  const web = sim.appRegistry.find((a) => a.kind === 'confidential')!;
  const creds = `AuthScheme=OAuth;OAuthClientId=${web.clientId};OAuthClientSecret=${web.clientSecret};BaseURL=${sim.url};OAuthSettingsLocation=${file};OAuthSettingsPassphrase=${PASSPHRASE}`;
  const first = await connect(`${creds};InitiateOAuth=OFF`, { onNotice: () => {} });
  const start = (await first.execute("EXEC GetOAuthAuthorizationURL @CallbackURL = 'http://localhost:5001/code'")).rows[0] as Record<string, string>;
  const code = (await followAuthorizeUrl(sim, start.URL as string)).searchParams.get('code') as string;
  await first.execute("EXEC GetOAuthAccessToken @Verifier = ?, @CallbackURL = 'http://localhost:5001/code'", [code]);
  await first.close();
  return creds;
}

/** A forked worker with its stdout/stderr collected into `output`. */
export interface Worker {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  output: string;
}

export function startWorker(connection: string, staleMs = 2000): Worker {
  const child = fork(WORKER, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, XERO_SQL_TEST_CONNECTION: connection, XERO_SQL_TEST_LOCK_STALE_MS: String(staleMs) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const worker: Worker = {
    child,
    output: '',
    ready: once(child, 'message').then(([m]) => {
      if ((m as Reply).ready !== true) throw new Error(`worker said ${JSON.stringify(m)}`);
    }),
  };
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (worker.output += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (worker.output += d));
  return worker;
}

/** Sends "go" (with the shared clock's time, when given) and waits for the reply. */
export async function go(worker: Worker, now?: number): Promise<Reply> {
  const reply = once(worker.child, 'message');
  worker.child.send(now === undefined ? 'go' : { go: true, now });
  return (await reply)[0] as Reply;
}

/** The tokens the settings file holds now (collected for the secrets scan). */
export async function savedTokens(file: string): Promise<string[]> {
  const settings = await openSettingsStore({ kind: 'file', path: file }, { passphrase: PASSPHRASE, env: {} }).read();
  return [settings?.accessToken, settings?.refreshToken].filter((t): t is string => typeof t === 'string' && t.length > 0);
}

/** Every secret of `secrets` found in `text` (shortened, so a hit does not print the secret itself). */
export function leaks(text: string, secrets: Iterable<string>): string[] {
  const hits: string[] = [];
  for (const s of secrets) if (s.length >= 8 && text.includes(s)) hits.push(`${s.slice(0, 4)}…(${s.length} chars)`);
  return hits;
}
