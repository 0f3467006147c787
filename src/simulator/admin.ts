/**
 * `/__sim/...`: controls for tests and benchmarks running the simulator in another process. Only
 * served when the simulator starts with `--admin` (or `admin: true`); they are not part of Xero.
 */
import { z } from 'zod';
import type { SimApp } from './apps.js';
import type { SimClock } from './clock.js';
import { FAULT_KINDS, faultSettingsSchema, type FaultController } from './faults.js';
import { json, type Route, type SimRequest, type SimResponse } from './http.js';
import type { Identity } from './identity/types.js';
import type { RateLimiter } from './rate-limit.js';
import type { RequestLog } from './request-log.js';

export interface AdminDeps {
  readonly info: () => unknown;
  readonly clock: SimClock;
  readonly faults: FaultController;
  readonly rateLimiter: RateLimiter;
  readonly requests: RequestLog;
  readonly identity: Identity;
  readonly apps: readonly SimApp[];
}

const clockChange = z.union([
  z.object({ advanceMs: z.number().finite() }).strict(),
  z.object({ set: z.number().finite() }).strict(),
]);
const faultQueue = z.object({ kind: z.enum(FAULT_KINDS), count: z.number().int().min(1).max(10_000).default(1) }).strict();
const rateLimitChange = z
  .object({
    concurrent: z.number().int().positive(),
    perMinute: z.number().int().positive(),
    perDay: z.number().int().positive(),
    appPerMinute: z.number().int().positive(),
    timeScale: z.number().positive(),
  })
  .partial()
  .strict();
const redirectUri = z.object({ uri: z.url() }).strict();
const disconnect = z.object({ clientId: z.string().optional() }).strict();

function parseBody<T>(req: SimRequest, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; response: SimResponse } {
  let raw: unknown = {};
  if (req.body.length > 0) {
    try {
      raw = JSON.parse(req.body.toString('utf8'));
    } catch {
      return { ok: false, response: json(400, { error: 'The body must be JSON.' }) };
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    return { ok: false, response: json(400, { error: 'Invalid admin request.', issues }) };
  }
  return { ok: true, value: parsed.data };
}

export function createAdminRoutes(deps: AdminDeps): Route[] {
  return [
    { method: 'GET', pattern: '/__sim/info', handler: () => json(200, deps.info()) },
    {
      method: 'GET',
      pattern: '/__sim/requests',
      handler: (req) => {
        const after = Number(req.query.get('afterSeq') ?? '0');
        return json(200, { lastSeq: deps.requests.lastSeq, entries: deps.requests.find({ afterSeq: Number.isFinite(after) ? after : 0 }) });
      },
    },
    { method: 'DELETE', pattern: '/__sim/requests', handler: () => (deps.requests.clear(), { status: 204 }) },
    {
      method: 'GET',
      pattern: '/__sim/clock',
      handler: () => json(200, { now: deps.clock.now(), offsetMs: deps.clock.offsetMs }),
    },
    {
      method: 'POST',
      pattern: '/__sim/clock',
      handler: (req) => {
        const body = parseBody(req, clockChange);
        if (!body.ok) return body.response;
        if ('advanceMs' in body.value) deps.clock.advance(body.value.advanceMs);
        else deps.clock.set(body.value.set);
        return json(200, { now: deps.clock.now(), offsetMs: deps.clock.offsetMs });
      },
    },
    {
      method: 'GET',
      pattern: '/__sim/faults',
      handler: () => json(200, { settings: deps.faults.settings, queued: deps.faults.queued, injected: deps.faults.injectedCount }),
    },
    {
      method: 'PUT',
      pattern: '/__sim/faults',
      handler: (req) => {
        const body = parseBody(req, faultSettingsSchema.partial());
        if (!body.ok) return body.response;
        return json(200, { settings: deps.faults.update(body.value) });
      },
    },
    {
      method: 'DELETE',
      pattern: '/__sim/faults',
      handler: () => (deps.faults.reset(), json(200, { settings: deps.faults.settings })),
    },
    {
      method: 'POST',
      pattern: '/__sim/faults/queue',
      handler: (req) => {
        const body = parseBody(req, faultQueue);
        if (!body.ok) return body.response;
        deps.faults.queue(body.value.kind, body.value.count);
        return json(200, { queued: deps.faults.queued });
      },
    },
    {
      method: 'GET',
      pattern: '/__sim/rate-limits',
      handler: () => json(200, { settings: deps.rateLimiter.settings, rejected: deps.rateLimiter.rejectedCount }),
    },
    {
      method: 'PUT',
      pattern: '/__sim/rate-limits',
      handler: (req) => {
        const body = parseBody(req, rateLimitChange);
        if (!body.ok) return body.response;
        return json(200, { settings: deps.rateLimiter.update(body.value) });
      },
    },
    {
      method: 'POST',
      pattern: '/__sim/rate-limits/reset',
      handler: () => (deps.rateLimiter.reset(), json(200, { settings: deps.rateLimiter.settings })),
    },
    {
      method: 'POST',
      pattern: '/__sim/disconnect',
      handler: (req) => {
        const body = parseBody(req, disconnect);
        if (!body.ok) return body.response;
        return json(200, { removed: deps.identity.disconnectAll(body.value.clientId) });
      },
    },
    {
      method: 'POST',
      pattern: '/__sim/apps/:clientId/redirect-uris',
      handler: (req) => {
        const app = deps.apps.find((a) => a.clientId === req.params.clientId);
        if (!app || app.kind === 'custom-connection') return json(404, { error: 'No such auth-code app.' });
        const body = parseBody(req, redirectUri);
        if (!body.ok) return body.response;
        if (!app.redirectUris.includes(body.value.uri)) app.redirectUris.push(body.value.uri);
        return json(200, { redirectUris: app.redirectUris });
      },
    },
  ];
}
