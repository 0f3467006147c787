/**
 * `xero-sql token-server`: a person signs in to Xero once in a browser, then any local program
 * GETs a fresh access token from `/token`. Compatible with XeroOauthTokenServer's flags and
 * endpoints (peers-lessons.md §1.3), built on the driver's auth engine.
 */
export { startTokenServer, type TokenServer } from './server.js';
export {
  DEFAULT_ADDRESS,
  DEFAULT_PORT,
  DEFAULT_REFRESH_MINS,
  DEFAULT_TOKEN_SERVER_SCOPES,
  MAX_REFRESH_MINS,
  MIN_AUTH_TOKEN_LENGTH,
  isLoopback,
  type TokenServerOptions,
} from './options.js';
export type { StatusReport, TokenReport, ServerState } from './token-service.js';
