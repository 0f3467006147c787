/**
 * `xero-sql simulator`: runs the local Xero stand-in until SIGINT/SIGTERM, announcing itself with
 * one JSON line on stdout (url, apps, tenants, demo user) that scripts can read.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { startSimulator, type Simulator } from '../simulator/index.js';

interface SimulatorFlags {
  host: string;
  port: number;
  seed: number;
  scale: number;
  latency: number;
  timeScale: number;
  dailyLimit?: number;
  admin: boolean;
  request?: string;
  errorRate: number;
  resetRate: number;
  truncateRate: number;
  rateLimitRate: number;
  spikeRate: number;
}

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} must be a whole number, got "${value}".`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${name} must be between ${min} and ${max}, got ${n}.`);
    return n;
  };
}

function share(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`${name} must be a share from 0 to 1 (0.2 = 20% of calls), got "${value}".`);
    return n;
  };
}

function positiveNumber(name: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a number above 0, got "${value}".`);
    if (n > max) throw new InvalidArgumentError(`${name} must be at most ${max}, got ${n}.`);
    return n;
  };
}

export function registerSimulatorCommand(program: Command): void {
  program
    .command('simulator')
    .description('Run the local Xero simulator (identity + Accounting API) with demo organisations')
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0 = any free port)', integer('--port', 0, 65535), 0)
    .option('--seed <n>', 'data seed: same seed, same data and ids', integer('--seed', 0, 0xffffffff), 1)
    .option('--scale <n>', 'data size: 1 = hundreds of invoices, 100 = about 100,000', positiveNumber('--scale', 1000), 1)
    .option('--latency <ms>', 'delay added to every Xero call', integer('--latency', 0, 600_000), 0)
    .option('--time-scale <k>', 'shorten rate-limit windows k times (60: a minute lasts a second)', positiveNumber('--time-scale', 1_000_000), 1)
    .option('--daily-limit <n>', 'API calls per organisation per day (Xero: 5000)', integer('--daily-limit', 1, 100_000_000))
    .option('--admin', 'serve the /__sim/... control routes (faults, clock, request log)', false)
    .option('--error-rate <share>', 'share of API calls answered with a 5xx', share('--error-rate'), 0)
    .option('--reset-rate <share>', 'share of API calls whose connection is dropped', share('--reset-rate'), 0)
    .option('--truncate-rate <share>', 'share of API calls whose body is cut short', share('--truncate-rate'), 0)
    .option('--rate-limit-rate <share>', 'share of API calls answered 429 regardless of use', share('--rate-limit-rate'), 0)
    .option('--spike-rate <share>', 'share of API calls delayed by an extra 2 s', share('--spike-rate'), 0)
    .option('--request <path>', 'make one GET to this path with the custom connection, print the JSON and exit')
    .addHelpText(
      'after',
      `
Examples:
  xero-sql simulator                          # serve on a free port, print {"url",...}
  xero-sql simulator --port 4010 --admin      # fixed port, with /__sim control routes
  xero-sql simulator --scale 100 --seed 7     # about 100,000 invoices
  xero-sql simulator --error-rate 0.1 --reset-rate 0.05   # a flaky Xero
  xero-sql simulator --request /api.xro/2.0/Organisation`,
    )
    .action(async (flags: SimulatorFlags) => {
      const sim = await startSimulator({
        host: flags.host,
        port: flags.port,
        seed: flags.seed,
        scale: flags.scale,
        latencyMs: flags.latency,
        timeScale: flags.timeScale,
        ...(flags.dailyLimit !== undefined ? { dailyLimit: flags.dailyLimit } : {}),
        admin: flags.admin,
        faults: {
          errorRate: flags.errorRate,
          resetRate: flags.resetRate,
          truncateRate: flags.truncateRate,
          rateLimitRate: flags.rateLimitRate,
          spikeRate: flags.spikeRate,
        },
      });
      if (flags.request !== undefined) {
        try {
          process.stdout.write(`${await requestOnce(sim, flags.request)}\n`);
        } finally {
          await sim.close();
        }
        return;
      }
      process.stdout.write(`${JSON.stringify(sim.info())}\n`);
      if (process.stderr.isTTY) {
        process.stderr.write(`Xero simulator listening on ${sim.url} (seed ${flags.seed}, scale ${flags.scale}). Ctrl-C stops it.\n`);
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sim.close();
    });
}

/**
 * Gets a token with the custom connection (client credentials, as a headless integration would)
 * and makes one GET, returning the response body pretty-printed.
 */
async function requestOnce(sim: Simulator, path: string): Promise<string> {
  if (!path.startsWith('/')) {
    throw new XeroSqlError(ErrorCode.Usage, `--request needs a path starting with "/", such as /api.xro/2.0/Organisation; got "${path}".`);
  }
  const app = sim.appRegistry.find((a) => a.kind === 'custom-connection');
  if (!app?.clientSecret) throw new Error('the simulator has no custom connection app');
  const tokenResponse = await fetch(`${sim.url}/connect/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const token = (await tokenResponse.json()) as { access_token?: string };
  if (!token.access_token) throw new XeroSqlError(ErrorCode.Http, `The simulator refused the token request (HTTP ${tokenResponse.status}).`);
  const response = await fetch(`${sim.url}${path}`, {
    headers: { authorization: `Bearer ${token.access_token}`, accept: 'application/json' },
  });
  const body = await response.text();
  if (!response.ok) {
    throw new XeroSqlError(ErrorCode.Http, `GET ${path} answered HTTP ${response.status}: ${body.slice(0, 500)}`);
  }
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
