/**
 * The simulator's HTTP server: one origin standing in for login.xero.com, identity.xero.com and
 * api.xero.com, with Xero's own paths.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { createAccountingRoutes } from './accounting/routes.js';
import { createAdminRoutes } from './admin.js';
import { createAssetsRoutes } from './assets/index.js';
import { createFilesRoutes } from './files/index.js';
import { createPayrollRoutes } from './payroll/index.js';
import { createProjectsRoutes } from './projects/index.js';
import { createApiRoutes } from './api.js';
import { createApps, type SimApp, type SimUser } from './apps.js';
import { SimClock } from './clock.js';
import { DEFAULT_AS_OF_MS, generateOrganisations } from './data/generate.js';
import type { OrgData } from './data/types.js';
import { FaultController, type FaultDecision } from './faults.js';
import { text, type SimRequest, type SimResponse } from './http.js';
import { createIdentity } from './identity/index.js';
import type { Identity } from './identity/types.js';
import { simulatorOptionsSchema, type ResolvedSimulatorOptions, type SimulatorOptions } from './options.js';
import { RateLimiter } from './rate-limit.js';
import { RequestLog } from './request-log.js';
import { Router } from './router.js';

/** The facts a client needs, printed as one JSON line by `xero-sql simulator`. */
export interface SimulatorInfo {
  readonly url: string;
  readonly apps: readonly {
    readonly kind: SimApp['kind'];
    readonly clientId: string;
    readonly clientSecret?: string;
    readonly redirectUris: readonly string[];
  }[];
  readonly tenants: readonly { readonly tenantId: string; readonly tenantName: string }[];
  readonly user: { readonly email: string; readonly password: string };
}

/** A running simulator. */
export interface Simulator extends SimulatorInfo {
  /** The options it runs with, defaults applied. */
  readonly options: ResolvedSimulatorOptions;
  /** Simulated time: advance it to expire tokens or roll rate-limit windows. */
  readonly clock: SimClock;
  /** Fault injection controls. */
  readonly faults: FaultController;
  /** Rate-limit state and settings. */
  readonly rateLimits: RateLimiter;
  /** Every request answered, for counting API calls. */
  readonly requests: RequestLog;
  /** The organisations' books, exactly as served. */
  readonly orgs: readonly OrgData[];
  /** The identity service (connections, disconnect). */
  readonly identity: Identity;
  /** The registered apps (full objects; tests may add redirect URIs). */
  readonly appRegistry: readonly SimApp[];
  readonly demoUser: SimUser;
  /** The same facts `xero-sql simulator` prints. */
  info(): SimulatorInfo;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Starts a simulator. Rejects with a {@link XeroSqlError} (`XSQL_CONFIG` for a bad option,
 * `XSQL_SIMULATOR_START` when the port cannot be used).
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const parsed = simulatorOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
    throw new XeroSqlError(ErrorCode.Config, `Invalid simulator options: ${issues}`, { cause: parsed.error });
  }
  const opts = parsed.data;

  const clock = new SimClock();
  const asOfMs = opts.asOf ? Date.parse(`${opts.asOf}T00:00:00Z`) : DEFAULT_AS_OF_MS;
  if (!Number.isFinite(asOfMs)) {
    throw new XeroSqlError(ErrorCode.Config, `Invalid simulator options: asOf: ${opts.asOf} is not a calendar date`);
  }
  const orgs = generateOrganisations({ seed: opts.seed, scale: opts.scale, asOfMs });
  const firstOrg = orgs[0];
  if (!firstOrg) throw new Error('the data generator produced no organisations');
  const { apps, user } = createApps(opts.seed, firstOrg.tenantId, opts.extraRedirectUris);
  const faults = new FaultController(opts.seed, { latencyMs: opts.latencyMs, ...opts.faults });
  const rateLimits = new RateLimiter(clock, { perDay: opts.dailyLimit, timeScale: opts.timeScale });
  const requests = new RequestLog();
  const identity = createIdentity({
    seed: opts.seed,
    clock,
    apps,
    user,
    tenants: orgs.map((o) => ({ tenantId: o.tenantId, tenantName: o.tenantName, tenantType: o.tenantType, createdAtMs: o.createdAtMs })),
    appLimiter: rateLimits,
  });

  let url = '';
  const info = (): SimulatorInfo => ({
    url,
    apps: apps.map((a) => ({
      kind: a.kind,
      clientId: a.clientId,
      ...(a.clientSecret ? { clientSecret: a.clientSecret } : {}),
      redirectUris: [...a.redirectUris],
    })),
    tenants: orgs.map((o) => ({ tenantId: o.tenantId, tenantName: o.tenantName })),
    user: { email: user.email, password: user.password },
  });

  const router = new Router();
  for (const route of identity.routes) router.add(route, 'identity');
  const orgMap = new Map(orgs.map((o) => [o.tenantId, o]));
  const apiRoutes = [...createAccountingRoutes(), ...createPayrollRoutes(), ...createFilesRoutes(), ...createAssetsRoutes(), ...createProjectsRoutes()];
  for (const route of createApiRoutes(apiRoutes, { identity, orgs: orgMap, apps, rateLimiter: rateLimits, faults, clock })) {
    router.add(route, 'api');
  }
  if (opts.admin) {
    for (const route of createAdminRoutes({ info, clock, faults, rateLimiter: rateLimits, requests, identity, apps })) {
      router.add(route, 'admin');
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in the simulator itself: answer 500 rather than hang the client, and say why on stderr.
      process.stderr.write(`xero-sql simulator: internal error on ${req.method} ${req.url}: ${String((err as Error)?.stack ?? err)}\n`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Simulator internal error');
    });
  });
  // Longer than any client's idle timeout (undici's 4 s, the driver's 10 s), so a client always
  // closes an idle connection first: a server closing it just as a client reuses it is a
  // spurious "socket hang up" for that client.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const seq = requests.nextSeq();
    const at = clock.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const target = new URL(req.url ?? '/', 'http://simulator.invalid');
    const path = decodePath(target.pathname);
    const log = (status: number, extra: { tenantId?: string; fault?: string; detail?: string } = {}) =>
      requests.record({
        seq,
        at,
        method,
        path,
        query: Object.fromEntries(target.searchParams),
        status,
        ...extra,
        durationMs: performance.now() - started,
      });

    const body = await readBody(req);
    if (body === undefined) {
      res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('Request body too large');
      log(413);
      return;
    }
    const match = router.match(method === 'HEAD' ? 'GET' : method, path);
    if (!match.found) {
      const response = text(match.methodNotAllowed ? 405 : 404, match.methodNotAllowed ? 'Method not allowed' : "The resource you're looking for cannot be found");
      send(res, response);
      log(response.status);
      return;
    }

    const fault: FaultDecision | undefined = match.kind === 'admin' ? undefined : faults.decide(match.kind === 'identity');
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      log(0, { fault: 'reset' });
      return;
    }
    if (fault?.kind === 'error' || fault?.kind === 'ratelimit') {
      await faults.delay(undefined);
      const response: SimResponse =
        fault.kind === 'error'
          ? text(fault.status ?? 503, fault.status === 503 ? 'Service Unavailable' : 'An error occurred in Xero. Please try again.')
          : {
              status: 429,
              headers: {
                'X-Rate-Limit-Problem': 'minute',
                'Retry-After': String(faults.settings.retryAfterSeconds),
                'content-type': 'text/plain; charset=utf-8',
              },
              body: '',
            };
      send(res, response);
      log(response.status, { fault: fault.kind });
      return;
    }
    // API routes add their latency themselves, inside the tenant's concurrency slot.
    if (match.kind === 'identity') await faults.delay(fault);

    const origin = `http://${req.headers.host ?? new URL(url).host}`;
    const simReq: SimRequest = {
      method,
      path,
      query: target.searchParams,
      headers: req.headers,
      body,
      params: match.params,
      origin,
      ...(fault ? { fault } : {}),
    };
    const response = await match.route.handler(simReq);
    const extra = {
      ...(response.tenantId ? { tenantId: response.tenantId } : {}),
      ...(response.logDetail ? { detail: response.logDetail } : {}),
      ...(fault ? { fault: fault.kind } : {}),
    };
    if (fault?.kind === 'truncate' && response.body !== undefined && Buffer.byteLength(response.body) > 1) {
      const full = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body);
      res.writeHead(response.status, { ...response.headers, 'content-length': String(full.length) });
      res.write(full.subarray(0, Math.floor(full.length / 2)), () => res.destroy());
      log(response.status, extra);
      return;
    }
    send(res, response, method === 'HEAD');
    log(response.status, extra);
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        new XeroSqlError(
          ErrorCode.SimulatorStart,
          err.code === 'EADDRINUSE'
            ? `Cannot start the simulator: port ${opts.port} on ${opts.host} is already in use. Choose another with --port, or --port 0 for any free port.`
            : err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND'
              ? `Cannot start the simulator: ${opts.host} is not an address of this machine. Use --host 127.0.0.1.`
              : err.code === 'EACCES'
                ? `Cannot start the simulator: not allowed to listen on port ${opts.port}. Use a port above 1023, or --port 0.`
                : `Cannot start the simulator on ${opts.host}:${opts.port}: ${err.message}`,
          { cause: err },
        ),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(opts.port, opts.host);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;

  let closing: Promise<void> | undefined;
  const simulator: Simulator = {
    ...info(),
    options: opts,
    clock,
    faults,
    rateLimits,
    requests,
    orgs,
    identity,
    appRegistry: apps,
    demoUser: user,
    info,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
  return simulator;
}

function send(res: ServerResponse, response: SimResponse, headOnly = false): void {
  const body = response.body ?? '';
  const length = Buffer.byteLength(body);
  res.writeHead(response.status, { ...response.headers, 'content-length': String(length) });
  res.end(headOnly ? undefined : body);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function decodePath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}
