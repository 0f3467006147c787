/**
 * Where the CLI's connection comes from: `--connection`, else `XERO_SQL_CONNECTION`, else a named
 * profile in the config file (`--profile`, else the file's default). `--demo` starts the simulator
 * in this process, signs the demo person in through a real OAuth flow (no browser), and connects
 * to "Demo Company (AU)"; properties given with `--connection` still apply on top.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type ConnectOptions, type Connection } from '../connection/connection.js';
import { formatConnectionString, parseConnectionString } from '../connection/connection-string.js';
import { configDir } from '../connection/options.js';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { signInAsDemoPerson, startSimulator, type Simulator } from '../simulator/index.js';

/** Options every command takes. */
export interface GlobalFlags {
  readonly connection?: string;
  readonly profile?: string;
  readonly demo?: boolean;
  readonly verbose?: boolean;
}

/** An open connection, and what to close with it. */
export interface OpenedConnection {
  readonly conn: Connection;
  /** The in-process simulator of `--demo`. */
  readonly simulator?: Simulator;
  close(): Promise<void>;
}

/** The config file: `{ "defaultProfile": "work", "profiles": { "work": "InitiateOAuth=..." } }`. */
export function configFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.XERO_SQL_CONFIG ?? join(configDir(env), 'xero-sql', 'config.json');
}

/** The connection string the flags, environment and config file say to use. */
export function resolveConnectionString(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): string {
  if (flags.connection !== undefined) return flags.connection;
  if (flags.profile === undefined && env.XERO_SQL_CONNECTION !== undefined) return env.XERO_SQL_CONNECTION;
  const file = configFile(env);
  let config: { defaultProfile?: unknown; profiles?: Record<string, unknown> } | undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      if (flags.profile !== undefined) throw new XeroSqlError(ErrorCode.Usage, `No profile ${flags.profile}: the config file ${file} does not exist.`);
      return '';
    }
    throw new XeroSqlError(ErrorCode.Usage, `Cannot read the config file ${file}: ${(err as Error).message}`);
  }
  try {
    config = JSON.parse(text) as typeof config;
  } catch (err) {
    throw new XeroSqlError(ErrorCode.Usage, `The config file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const name = flags.profile ?? (typeof config?.defaultProfile === 'string' ? config.defaultProfile : undefined);
  if (name === undefined) return '';
  const value = config?.profiles?.[name];
  if (typeof value !== 'string') {
    const known = Object.keys(config?.profiles ?? {});
    throw new XeroSqlError(ErrorCode.Usage, `No profile "${name}" in ${file}.${known.length ? ` Profiles: ${known.join(', ')}.` : ''}`);
  }
  return value;
}

/** `base` with the properties of `overrides` put in (replacing any of the same name, in any case). */
export function mergeConnectionStrings(base: string, overrides: string): string {
  const merged: Record<string, string> = {};
  for (const p of [...parseConnectionString(base), ...parseConnectionString(overrides)]) {
    const existing = Object.keys(merged).find((k) => k.toLowerCase() === p.name.toLowerCase());
    if (existing !== undefined) delete merged[existing];
    merged[p.name] = p.value;
  }
  return formatConnectionString(merged);
}

/** Opens the connection the flags describe. */
export async function openConnection(flags: GlobalFlags, options: ConnectOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<OpenedConnection> {
  const text = resolveConnectionString(flags, env);
  if (!flags.demo) {
    const conn = await connect(text, { env, ...options });
    return { conn, close: () => conn.close() };
  }
  const simulator = await startSimulator({ seed: 1 });
  try {
    // The user's properties win over the demo's (e.g. Schema=, Tenant=).
    const conn = await connect(mergeConnectionStrings(await signInToDemo(simulator), text), { env, ...options });
    return {
      conn,
      simulator,
      close: async () => {
        await conn.close();
        await simulator.close();
      },
    };
  } catch (err) {
    await simulator.close();
    throw err;
  }
}

/**
 * Runs the web flow against the simulator: the authorization URL from the connection's own
 * procedure, the demo person's login and consent, the code exchange saved to a memory store.
 * Returns the connection string that uses those tokens.
 */
async function signInToDemo(sim: Simulator): Promise<string> {
  const app = sim.appRegistry.find((a) => a.kind === 'confidential');
  if (!app?.clientSecret) throw new Error('the simulator has no confidential app');
  const callback = 'http://localhost:5001/code';
  const store = `memory://xero-sql-demo-${sim.url.replace(/\W/g, '')}`;
  const creds = `AuthScheme=OAuth;OAuthClientId=${app.clientId};OAuthClientSecret=${app.clientSecret};BaseURL=${sim.url};OAuthSettingsLocation=${store}`;
  const setup = await connect(`${creds};InitiateOAuth=OFF`, { onNotice: () => {} });
  try {
    const start = await setup.execute('EXEC GetOAuthAuthorizationURL @CallbackURL = ?', [callback]);
    const landed = await signInAsDemoPerson(String(start.rows[0]?.URL), { email: sim.demoUser.email, password: sim.demoUser.password });
    const code = landed.searchParams.get('code');
    if (!code) throw new XeroSqlError(ErrorCode.AuthCancelled, 'The demo sign-in did not return a code.');
    await setup.execute('EXEC GetOAuthAccessToken @Verifier = ?, @CallbackURL = ?', [code, callback]);
  } finally {
    await setup.close();
  }
  return `${creds};InitiateOAuth=REFRESH;Tenant=Demo Company (AU)`;
}
