/**
 * The xero-sql Xero simulator: a local stand-in for Xero's identity and API hosts, with
 * deterministic demo organisations. `import { startSimulator } from 'xero-sql/simulator'`.
 */
export { startSimulator, type Simulator, type SimulatorInfo } from './server.js';
export { signInAsDemoPerson, type DemoPersonOptions } from './demo-person.js';
export type { SimulatorOptions, ResolvedSimulatorOptions } from './options.js';
export type { SimApp, SimAppKind, SimUser } from './apps.js';
export type { SimClock } from './clock.js';
export type { FaultController, FaultKind, FaultSettings } from './faults.js';
export type { RateLimiter, RateLimitSettings, RateLimitProblem } from './rate-limit.js';
export type { RequestLog, RequestLogEntry, RequestLogFilter } from './request-log.js';
export type { OrgData, XeroRecord } from './data/types.js';
