/**
 * Browser sessions of the authorize pages: a cookie that remembers the person logged in, so a
 * second authorize in the same browser goes straight to consent, as at login.xero.com.
 */
import { cookies, type SimRequest } from '../http.js';
import { randomToken } from './secrets.js';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'xero_sim_session';

/** One browser's session; `userId` is set once the person has logged in. */
export interface BrowserSession {
  readonly id: string;
  userId?: string;
  /** When the person logged in: the tokens' `auth_time`. */
  authTimeMs?: number;
}

export class BrowserSessions {
  readonly #byId = new Map<string, BrowserSession>();

  /** The session the request's cookie names, if it is one of ours. */
  fromRequest(req: SimRequest): BrowserSession | undefined {
    const id = cookies(req).get(SESSION_COOKIE);
    return id === undefined ? undefined : this.#byId.get(id);
  }

  /** Starts an anonymous session. */
  create(): BrowserSession {
    const session: BrowserSession = { id: randomToken() };
    this.#byId.set(session.id, session);
    return session;
  }
}

/** The `Set-Cookie` value for a session: not readable by scripts, not sent on cross-site posts. */
export function sessionCookie(session: BrowserSession): string {
  return `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Lax`;
}
