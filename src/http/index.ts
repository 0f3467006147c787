/**
 * The http layer as the executor uses it: {@link XeroClient} for every API read, the paging
 * strategies over it, the rate limiter (share one between clients of the same Xero app), and
 * the error type API failures carry.
 */
export { XeroClient, type ApiRequest, type ApiResponse, type ClientEvent, type ClientEventBase, type XeroClientOptions } from './xero-client.js';
export { fetchPages, fetchOne, type ApiGetter, type OneSpec, type Page, type PageOptions, type PageSpec } from './paging.js';
export { RateLimiter, XERO_LIMITS, type LimitName, type LimiterWait, type Permit, type RateLimits, type RemainingLimits } from './rate-limiter.js';
export { XeroApiError, type ApiErrorDetails } from './api-error.js';
export type { Backoff, Sleep } from './retry.js';
export type { TokenSource } from './authorized.js';
