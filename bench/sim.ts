/**
 * The simulator as a separate process, and its `/__sim/...` admin routes (request log, latency,
 * rate limits). Benchmark only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

export interface SimInfo {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tenantId: string;
}

export interface RunningSim {
  readonly info: SimInfo;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

const BIN = fileURLToPath(new URL('../bin/xero-sql.js', import.meta.url));

/** Starts `xero-sql simulator` with the admin routes; resolves once it printed its JSON line. */
export async function startSim(args: { scale: number; seed?: number; timeScale?: number; dailyLimit?: number; latencyMs?: number }): Promise<RunningSim> {
  const argv = [BIN, 'simulator', '--admin', '--scale', String(args.scale), '--seed', String(args.seed ?? 1)];
  if (args.timeScale !== undefined) argv.push('--time-scale', String(args.timeScale));
  if (args.dailyLimit !== undefined) argv.push('--daily-limit', String(args.dailyLimit));
  if (args.latencyMs !== undefined) argv.push('--latency', String(args.latencyMs));
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before printing its info line`)));
  });
  const raw = JSON.parse(first) as { url: string; apps: { kind: string; clientId: string; clientSecret?: string }[]; tenants: { tenantId: string }[] };
  const app = raw.apps.find((a) => a.kind === 'custom-connection');
  if (!app?.clientSecret) throw new Error('the simulator printed no custom-connection app');
  const info: SimInfo = { url: raw.url, clientId: app.clientId, clientSecret: app.clientSecret, tenantId: raw.tenants[0]!.tenantId };
  return {
    info,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function admin(url: string, method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<any> {
  // A kept-alive socket the simulator has just closed fails the request: try again on a new one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await adminOnce(url, method, path, body);
    } catch (err) {
      if (attempt >= 3 || (err as { code?: string }).code === undefined) throw err;
    }
  }
}

async function adminOnce(url: string, method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<any> {
  const res = await request(`${url}${path}`, {
    method,
    reset: true,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

export interface LogEntry {
  readonly seq: number;
  readonly at: number;
  readonly path: string;
  readonly status: number;
  readonly query: Record<string, string>;
}

/** The request log's last sequence number (the mark to count calls from). */
export async function lastSeq(url: string): Promise<number> {
  return (await admin(url, 'GET', `/__sim/requests?afterSeq=${Number.MAX_SAFE_INTEGER}`)).lastSeq as number;
}

/** API calls (`/api.xro/...`) answered after `afterSeq`. */
export async function apiCalls(url: string, afterSeq: number): Promise<LogEntry[]> {
  const entries = (await admin(url, 'GET', `/__sim/requests?afterSeq=${afterSeq}`)).entries as LogEntry[];
  return entries.filter((e) => e.path.startsWith('/api.xro/'));
}

export async function clearLog(url: string): Promise<void> {
  await admin(url, 'DELETE', '/__sim/requests');
}

export async function setLatency(url: string, latencyMs: number): Promise<void> {
  await admin(url, 'PUT', '/__sim/faults', { latencyMs });
}

export async function setRateLimits(url: string, limits: { timeScale?: number; perDay?: number; perMinute?: number; concurrent?: number }): Promise<void> {
  await admin(url, 'PUT', '/__sim/rate-limits', limits);
  await admin(url, 'POST', '/__sim/rate-limits/reset');
}

export async function rateLimitState(url: string): Promise<{ rejected: number; settings: Record<string, number> }> {
  return admin(url, 'GET', '/__sim/rate-limits');
}
