/**
 * The OAuth state machine behind the token endpoint: authorization codes, refresh-token families
 * with rotation and grace, and the scopes each person has consented to per app. Codes and refresh
 * tokens are stored under their digests. Every time check takes `nowMs` from the caller, who reads
 * the simulator clock.
 */
import { digest, randomToken } from './secrets.js';
import { mergeScopes } from './scopes.js';

/** A code "may only be exchanged once and expires 5 minutes after issuance" (xero-platform-facts.md §2). */
export const CODE_LIFETIME_MS = 5 * 60_000;
/** A rotated-out refresh token keeps working for 30 minutes after its first rotation (§3.4). */
export const REFRESH_GRACE_MS = 30 * 60_000;
/** Unused refresh tokens expire after 60 days (§3.4). */
export const REFRESH_UNUSED_LIFETIME_MS = 60 * 24 * 60 * 60_000;

/** What a person approved on the consent page, carried by the code to the token endpoint. */
export interface CodeGrant {
  readonly clientId: string;
  /** Must be presented again, identical, at the token endpoint. */
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly userId: string;
  readonly authEventId: string;
  /** When the person logged in (the `auth_time` claim). */
  readonly authTimeMs: number;
  readonly nonce?: string;
  readonly codeChallenge?: string;
}

/** Everything issued from one code exchange: the refresh tokens that descend from it share this. */
export interface TokenFamily {
  readonly id: string;
  readonly clientId: string;
  readonly userId: string;
  readonly scopes: readonly string[];
  readonly authEventId: string;
  readonly authTimeMs: number;
  revoked: boolean;
}

interface CodeRecord {
  readonly grant: CodeGrant;
  readonly issuedMs: number;
  consumed: boolean;
  /** The family started by exchanging this code, revoked if the code is replayed. */
  family?: TokenFamily;
}

interface RefreshRecord {
  readonly key: string;
  readonly family: TokenFamily;
  readonly issuedMs: number;
  /** When a newer refresh token of the family was first issued; starts the grace period. */
  rotatedMs?: number;
}

/** Outcome of presenting a code. The code is spent either way once it was found. */
export type CodeRedemption =
  | { readonly ok: true; readonly grant: CodeGrant }
  | { readonly ok: false; readonly reason: 'unknown' | 'reused' | 'expired' };

/** Outcome of presenting a refresh token. */
export type RefreshRedemption =
  | { readonly ok: true; readonly family: TokenFamily; readonly refreshToken: string }
  | { readonly ok: false; readonly reason: 'unknown' | 'wrong-client' | 'revoked' | 'rotated' | 'expired' };

export class GrantStore {
  readonly #codes = new Map<string, CodeRecord>();
  readonly #refresh = new Map<string, RefreshRecord>();
  readonly #families = new Map<string, RefreshRecord[]>();
  readonly #familiesByPair = new Map<string, TokenFamily[]>();
  readonly #consents = new Map<string, readonly string[]>();

  /**
   * Adds `scopes` to what the person has consented to for the app and returns the whole set:
   * "each new pass through the flow adds scopes to those already consented" (§2).
   */
  consent(userId: string, clientId: string, scopes: readonly string[]): readonly string[] {
    const key = pairKey(userId, clientId);
    const merged = mergeScopes(this.#consents.get(key) ?? [], scopes);
    this.#consents.set(key, merged);
    return merged;
  }

  /** Issues a single-use code. */
  issueCode(grant: CodeGrant, nowMs: number): string {
    const code = randomToken();
    this.#codes.set(digest(code), { grant, issuedMs: nowMs, consumed: false });
    return code;
  }

  /**
   * Spends a code. Like IdentityServer, the code is consumed as soon as it is found, so a failed
   * exchange (wrong redirect_uri, wrong verifier, other client) cannot be retried with the same
   * code either. Replaying a spent code revokes the refresh tokens issued from it (RFC 6749
   * §4.1.2: "SHOULD revoke"); access tokens, being self-contained JWTs, live out their 30 minutes.
   */
  redeemCode(code: string, nowMs: number): CodeRedemption {
    const record = this.#codes.get(digest(code));
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.consumed) {
      if (record.family) record.family.revoked = true;
      return { ok: false, reason: 'reused' };
    }
    record.consumed = true;
    if (nowMs - record.issuedMs >= CODE_LIFETIME_MS) return { ok: false, reason: 'expired' };
    return { ok: true, grant: record.grant };
  }

  /** Starts a refresh-token family for a code just exchanged and returns its first refresh token. */
  startFamily(code: string, grant: CodeGrant, nowMs: number): string {
    const family: TokenFamily = {
      id: randomToken(12),
      clientId: grant.clientId,
      userId: grant.userId,
      scopes: grant.scopes,
      authEventId: grant.authEventId,
      authTimeMs: grant.authTimeMs,
      revoked: false,
    };
    const codeRecord = this.#codes.get(digest(code));
    if (codeRecord) codeRecord.family = family;
    this.#families.set(family.id, []);
    const key = pairKey(family.userId, family.clientId);
    this.#familiesByPair.set(key, [...(this.#familiesByPair.get(key) ?? []), family]);
    return this.#issueRefresh(family, nowMs);
  }

  /**
   * Spends a refresh token: on success returns a new refresh token of the same family. A token
   * stays usable for {@link REFRESH_GRACE_MS} after a newer one was first issued, "as many times as
   * needed" (§3.4), and every use returns a fresh pair; after that only the newest works. A token
   * never rotated out expires {@link REFRESH_UNUSED_LIFETIME_MS} after issue.
   */
  redeemRefresh(token: string, clientId: string, nowMs: number): RefreshRedemption {
    const record = this.#refresh.get(digest(token));
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.family.clientId !== clientId) return { ok: false, reason: 'wrong-client' };
    if (record.family.revoked) return { ok: false, reason: 'revoked' };
    if (record.rotatedMs !== undefined) {
      if (nowMs - record.rotatedMs >= REFRESH_GRACE_MS) return { ok: false, reason: 'rotated' };
    } else if (nowMs - record.issuedMs >= REFRESH_UNUSED_LIFETIME_MS) {
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, family: record.family, refreshToken: this.#issueRefresh(record.family, nowMs) };
  }

  /** The family a refresh token belongs to, whatever its state (for revocation). */
  familyOf(token: string): TokenFamily | undefined {
    return this.#refresh.get(digest(token))?.family;
  }

  /**
   * Revokes every refresh token the person holds for the app and forgets their consent, as when
   * the app is disconnected or a token revoked: "all granted scopes, and all connected tenants
   * being removed" (§3.6).
   */
  forgetPair(userId: string, clientId: string): void {
    const key = pairKey(userId, clientId);
    for (const family of this.#familiesByPair.get(key) ?? []) {
      family.revoked = true;
      for (const r of this.#families.get(family.id) ?? []) this.#refresh.delete(r.key);
      this.#families.delete(family.id);
    }
    this.#familiesByPair.delete(key);
    this.#consents.delete(key);
  }

  #issueRefresh(family: TokenFamily, nowMs: number): string {
    const token = randomToken();
    const key = digest(token);
    const live: RefreshRecord[] = [];
    for (const r of this.#families.get(family.id) ?? []) {
      r.rotatedMs ??= nowMs;
      // Past its grace a rotated-out token can never work again: drop it so long runs stay small.
      if (nowMs - r.rotatedMs >= REFRESH_GRACE_MS) this.#refresh.delete(r.key);
      else live.push(r);
    }
    const record: RefreshRecord = { key, family, issuedMs: nowMs };
    live.push(record);
    this.#families.set(family.id, live);
    this.#refresh.set(key, record);
    return token;
  }
}

function pairKey(userId: string, clientId: string): string {
  return `${userId}\n${clientId}`;
}
