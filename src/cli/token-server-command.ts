/**
 * `xero-sql token-server`: serves the token sidecar until SIGINT/SIGTERM, announcing itself with one
 * JSON line on stdout (`{"url","redirect","status"}`). Flags are those of XeroOauthTokenServer
 * (peers-lessons.md §1.3): `-p/--port`, `-n/--address`, `-r/--redirect`, `-o/--scopes`,
 * `-m/--refreshmins`; the app, the settings file and BaseURL come from the connection
 * (`--connection`, XERO_SQL_CONNECTION or a profile), and `--auth-token` (or
 * XERO_SQL_TOKEN_SERVER_AUTH_TOKEN) guards every endpoint but `/livez`.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { formatConnectionString, parseConnectionString } from '../connection/connection-string.js';
import { startSimulator, type Simulator } from '../simulator/index.js';
import { DEFAULT_ADDRESS, DEFAULT_PORT, DEFAULT_REFRESH_MINS, DEFAULT_TOKEN_SERVER_SCOPES, MAX_REFRESH_MINS, startTokenServer } from '../token-server/index.js';
import type { CliIo } from './commands.js';
import { globalFlags } from './commands.js';
import { resolveConnectionString } from './connection-source.js';

interface TokenServerFlags {
  port: number;
  address: string;
  redirect?: string;
  scopes: string[];
  refreshmins: number;
  authToken?: string;
}

/** Options of the root program and of the command that take a value (so a value is never mistaken for a flag). */
const TAKES_VALUE = new Set(['-c', '--connection', '-p', '--profile', '--port', '-n', '--address', '-r', '--redirect', '-o', '--scopes', '-m', '--refreshmins', '--auth-token']);

/**
 * The original's `-p` is the port, but the root program's `-p` is `--profile`, and commander lets
 * root options win anywhere on the line. After the word `token-server`, `-p` is rewritten to
 * `--port` so `xero-sql token-server -p 5001` works as it did; before it, `-p` stays `--profile`.
 */
export function normalizeTokenServerArgs(argv: readonly string[]): string[] {
  const out = [...argv];
  let i = 2;
  while (i < out.length) {
    const a = out[i] as string;
    if (a === '--') return out;
    if (!a.startsWith('-')) break;
    i += TAKES_VALUE.has(a) ? 2 : 1;
  }
  if (out[i] !== 'token-server') return out;
  for (let j = i + 1; j < out.length; j++) {
    const a = out[j] as string;
    if (a === '--') break;
    if (a === '-p') out[j] = '--port';
    else if (/^-p\d+$/.test(a)) out[j] = `--port=${a.slice(2)}`;
    else if (TAKES_VALUE.has(a)) j++;
  }
  return out;
}

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} must be a whole number, got "${value}".`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${name} must be between ${min} and ${max}, got ${n}.`);
    return n;
  };
}

/** `-o` may be repeated (the original's form) or hold a space- or comma-separated list. */
function collectScopes(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(/[\s,]+/).filter((s) => s !== '')];
}

export function registerTokenServerCommand(program: Command, io: CliIo): void {
  program
    .command('token-server')
    .description('Serve fresh Xero access tokens to local programs after one sign-in in a browser (GET /token)')
    .option('-p, --port <n>', 'port to listen on (0 = any free port)', integer('--port', 0, 65_535), DEFAULT_PORT)
    .option('-n, --address <address>', 'interface to listen on; anything but loopback requires --auth-token', DEFAULT_ADDRESS)
    .option('-r, --redirect <url>', 'redirect URI registered on the Xero app (default: http://localhost:<port>/code)')
    .option('-o, --scopes <scopes>', `scopes to ask for, space-separated or repeated (default: ${DEFAULT_TOKEN_SERVER_SCOPES.join(' ')})`, collectScopes, [])
    .option('-m, --refreshmins <minutes>', 'refresh an idle refresh token once it is this old (Xero expires them after 60 days unused)', integer('--refreshmins', 1, MAX_REFRESH_MINS), DEFAULT_REFRESH_MINS)
    .option('--auth-token <token>', 'require this bearer token on every endpoint but /livez (default: XERO_SQL_TOKEN_SERVER_AUTH_TOKEN)')
    .addHelpText(
      'after',
      `
The Xero app (OAuthClientId, OAuthClientSecret for a web app; none for PKCE), where the tokens are
kept (OAuthSettingsLocation, OAuthSettingsPassphrase) and BaseURL come from --connection; without
OAuthClientId the first page asks for the client id, secret and tenant id.

Examples:
  xero-sql -c "OAuthClientId=...;OAuthClientSecret=..." token-server      # then open http://127.0.0.1:5001/
  xero-sql token-server -p 5002 -o "offline_access accounting.invoices.read accounting.settings.read"
  XERO_SQL_TOKEN_SERVER_AUTH_TOKEN=$(openssl rand -hex 24) xero-sql token-server -n 0.0.0.0
  xero-sql --demo token-server                                             # against the built-in simulator
  curl -s http://127.0.0.1:5001/token                                      # {"accessToken":"...",...}`,
    )
    .action(async (flags: TokenServerFlags, cmd: Command) => {
      const global = globalFlags(cmd);
      let connection = resolveConnectionString(global, io.env);
      let simulator: Simulator | undefined;
      if (global.demo) {
        simulator = await startSimulator({ seed: 1 });
        connection = demoConnection(simulator, connection);
      }
      const authToken = flags.authToken ?? (io.env.XERO_SQL_TOKEN_SERVER_AUTH_TOKEN || undefined);
      try {
        const server = await startTokenServer({
          port: flags.port,
          address: flags.address,
          ...(flags.redirect !== undefined ? { redirect: flags.redirect } : {}),
          ...(flags.scopes.length > 0 ? { scopes: flags.scopes } : {}),
          refreshMins: flags.refreshmins,
          connection,
          ...(authToken !== undefined ? { authToken } : {}),
          env: io.env,
          log: (line) => io.stderr.write(`token-server: ${line}\n`),
        });
        if (simulator) {
          // The demo app knows http://localhost:5001/code; any other port's redirect is registered here.
          const app = simulator.appRegistry.find((a) => a.kind === 'confidential');
          if (app && !app.redirectUris.includes(server.redirect)) app.redirectUris.push(server.redirect);
          io.stderr.write(`Simulator at ${simulator.url}: sign in as ${simulator.demoUser.email} / ${simulator.demoUser.password}.\n`);
        }
        io.stdout.write(`${JSON.stringify({ url: server.url, redirect: server.redirect })}\n`);
        io.stderr.write(`xero-sql token server listening on ${server.url}. Open ${server.pagesUrl}/ to sign in; the app must have the redirect URI ${server.redirect}. Ctrl-C stops it.\n`);
        let stop = () => {};
        const stopped = new Promise<void>((resolve) => {
          stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        try {
          // Either a signal, or the server stopping itself (a grant lacking scopes: its error is the exit reason).
          await Promise.race([stopped, server.done]);
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          await server.close();
        }
        await server.done;
      } finally {
        await simulator?.close();
      }
    });
}

/** The built-in simulator's web app, tokens in memory; the user's --connection properties win. */
function demoConnection(sim: Simulator, user: string): string {
  const app = sim.appRegistry.find((a) => a.kind === 'confidential');
  if (!app?.clientSecret) throw new Error('the simulator has no confidential app');
  const merged: Record<string, string> = {
    AuthScheme: 'OAuth',
    OAuthClientId: app.clientId,
    OAuthClientSecret: app.clientSecret,
    BaseURL: sim.url,
    OAuthSettingsLocation: `memory://xero-sql-token-server-demo`,
  };
  for (const p of parseConnectionString(user)) {
    const existing = Object.keys(merged).find((k) => k.toLowerCase() === p.name.toLowerCase());
    if (existing !== undefined) delete merged[existing];
    merged[p.name] = p.value;
  }
  return formatConnectionString(merged);
}
